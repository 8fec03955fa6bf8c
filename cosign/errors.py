"""What a visitor sees when the database is down (a clean 503 that says to try again soon) or
the server fails (500): a page, or under /api/ JSON, as every other answer of the API is."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Where the answers are JSON (cosign/urls.py mounts the API there).
JSON_PREFIX = "/api/"

# What Django raises when the database restarts, is unreachable or drops a connection.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Answers a request the database could not serve with 503 and Retry-After, not a 500.

    Nothing is half-done: the request's transaction failed as a whole. Django reconnects on the
    next request (CONN_HEALTH_CHECKS), so the app recovers by itself once the database is back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        if request.path.startswith(JSON_PREFIX):
            detail = "The service is briefly unavailable; try again in a minute."
            response: HttpResponse = JsonResponse({"detail": detail}, status=503)
        else:
            # Rendered without the request: its context (the user, the session) needs the
            # database.
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: the site's page, or JSON for the API."""
    if request.path.startswith(JSON_PREFIX):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)
