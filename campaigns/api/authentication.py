from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from campaigns.api import services
from campaigns.api.models import ApiToken

HEADER = "OSDI-API-Token"


class ApiTokenAuthentication(BaseAuthentication):
    """A token in OSDI's header, or as `Authorization: Bearer`. No token: anonymous, who sees
    what the public pages show. A wrong or revoked one: 401, never a silent downgrade."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        secret = request.META.get("HTTP_OSDI_API_TOKEN", "").strip()
        if not secret:
            scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
            if scheme.lower() != "bearer":
                return None
            secret = credentials.strip()
        token = services.token_for_secret(secret) if secret else None
        if token is None:
            raise AuthenticationFailed("This API token is unknown or has been revoked.")
        services.token_used(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token, as the schema and its documentation page describe it."""

    target_class = ApiTokenAuthentication
    name = ["osdiToken", "bearer"]

    def get_security_definition(self, auto_schema: Any) -> list[dict[str, str]]:
        return [
            {"type": "apiKey", "in": "header", "name": HEADER},
            {"type": "http", "scheme": "bearer"},
        ]
