from typing import Any

from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

INVALID = "The request is not valid: see `errors`, by field."
THROTTLED = (
    "Too many requests: this token (or, without one, this address) may try again in {wait} "
    "seconds, as Retry-After says. The limits are per minute."
)
NOT_FOUND = "Nothing here. The API starts at /api/v1/; its documentation is at /api/docs/."


@csrf_exempt  # nothing here to forge: any method is answered 404 (or sent on to the slash)
def not_found(request: HttpRequest, rest: str = "") -> HttpResponsePermanentRedirect | JsonResponse:
    """Under /api/, a wrong address is answered in JSON too. A missing final slash (OSDI's
    clients leave it out) is added, keeping the method and body (308)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            response = HttpResponsePermanentRedirect(request.path + "/")
            response.status_code = 308
            return response
    return JsonResponse({"detail": NOT_FOUND}, status=404)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's answer, in one shape: `detail` always, and a bad request's `errors` by field."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"detail": INVALID, "errors": response.data}
    if response is not None and isinstance(exc, Throttled):
        response.data = {"detail": THROTTLED.format(wait=response.get("Retry-After", "a few"))}
    return response
