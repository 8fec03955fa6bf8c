from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from campaigns.api.views import errors, offices, pages, petitions, signatures

app_name = "api"

petition_patterns = [
    path("", petitions.petition, name="petition"),
    path("signatures/", signatures.signatures, name="signature_list"),
    path("signatures/<int:pk>/", signatures.signature, name="signature_detail"),
    path("offices/", offices.offices, name="offices"),
    path(
        "record_signature_helper/",
        signatures.record_signature_helper,
        name="record_signature_helper",
    ),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", petitions.entry_point, name="entry_point"),
    path("api/v1/petitions/", petitions.petitions, name="petitions"),
    path("api/v1/petitions/<slug:slug>/", include(petition_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^api/(?P<rest>[\s\S]*)\Z", errors.not_found, name="not_found"),
    path("accounts/api-tokens/", pages.tokens, name="tokens"),
    path("accounts/api-tokens/new/", pages.token_new, name="token_new"),
    path("accounts/api-tokens/<int:pk>/revoke/", pages.token_revoke, name="token_revoke"),
]
