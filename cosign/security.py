"""The Content-Security-Policy every page is served with.

No inline script or style anywhere (the pages load cosign.js and cosign.css from our origin),
so the policy needs neither `unsafe-inline` nor nonces. Framing is refused except where a view
says otherwise (the embeddable widget).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def content_security_policy(*, frame_ancestors: str = "'none'") -> str:
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",  # data: for the TOTP QR code
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


POLICY = content_security_policy()


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = POLICY
        return response
