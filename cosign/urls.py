from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from cosign.health import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("campaigns.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
