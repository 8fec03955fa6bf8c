from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from cosign.health import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("campaigns.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", RedirectView.as_view(url=static_url("favicon.svg"), permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
