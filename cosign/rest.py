"""Django REST Framework's and drf-spectacular's settings, for the API (campaigns/api), kept out
of settings.py as beat's schedule is. Classes are named by their dotted path: cosign imports
nothing of campaigns.

The API speaks OSDI's HAL+JSON; there is no browsable API (its inline script breaks the CSP):
/api/docs/ is served instead, from the sidecar's static files (no CDN)."""

from typing import Any

FRAMEWORK: dict[str, Any] = {
    "DEFAULT_RENDERER_CLASSES": [
        "campaigns.api.renderers.HalJsonRenderer", "rest_framework.renderers.JSONRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["campaigns.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_THROTTLE_CLASSES": ["campaigns.api.throttles.ApiRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "campaigns.api.views.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,  # the Accept header chooses HAL+JSON or JSON
}  # fmt: skip


def spectacular(site_name: str) -> dict[str, Any]:
    return {
        "TITLE": f"{site_name} API", "VERSION": "1", "SERVE_INCLUDE_SCHEMA": False,
        "DESCRIPTION": "Open letters as OSDI petitions, their signatures, and the "
        "record-signature helper. Send a token in the `OSDI-API-Token` header (or "
        "`Authorization: Bearer`).",
        "SWAGGER_UI_DIST": "SIDECAR", "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
        "COMPONENT_SPLIT_REQUEST": True,
        "ENUM_NAME_OVERRIDES": {
            "PetitionStatusEnum": "campaigns.letters.models.Campaign.Status",
            "SignatureStatusEnum": "campaigns.signatures.models.Signature.Status",
            "OfficeStatusEnum": "campaigns.circulation.models.OfficeTarget.Status",
        },
    }  # fmt: skip
