from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve

NOT_FOUND = "Nothing here. The API starts at /api/v1/; its documentation is at /api/docs/."


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
