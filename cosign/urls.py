from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import URLPattern, URLResolver, include, path

from cosign.health import healthz


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico whatever the page says. (Resolved per request: the
    static files' manifest exists only once collectstatic has run.)"""
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


# The admin's own login form would take a staff password alone: no second factor, no verified
# address, no limit on failed attempts. Staff sign in through allauth like everyone else.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("campaigns.letters.urls")),
    path("", include("campaigns.signatures.urls")),
    path("", include("campaigns.documents.urls")),
    path("", include("campaigns.delivery.urls")),
    path("", include("campaigns.circulation.urls")),
    path("", include("campaigns.webhooks.urls")),
    path("", include("campaigns.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
]

handler500 = "cosign.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
