from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from campaigns.api.models import ApiToken
from campaigns.signatures import ratelimit


class ApiRateThrottle(SimpleRateThrottle):
    """Requests per token, or per client address without one (API_RATE_LIMITS), counted in
    the cache: Redis in production, so every web process counts alike."""

    scope = "anonymous"

    def get_rate(self) -> str:
        return str(settings.API_RATE_LIMITS[self.scope])

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = "token" if isinstance(request.auth, ApiToken) else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str:
        token = request.auth
        who = f"token-{token.pk}" if isinstance(token, ApiToken) else ratelimit.ip_hash(request)
        return f"cosign:api-throttle:{self.scope}:{who}"
