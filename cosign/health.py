"""/healthz: can this deployment reach its database, Redis and a Celery worker?"""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from cosign import redis as cosign_redis
from cosign.celery import app as celery_app


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis() -> str:
    if not cosign_redis.configured():
        return "not configured (tasks run in-process)"
    cosign_redis.connection().ping()
    return "ok"


def _worker() -> str:
    if celery_app.conf.task_always_eager:
        return "in-process"
    # The first answer is enough: waiting out the timeout for every worker's would make each
    # check take a whole second, and a probe that slow is no probe.
    answers = celery_app.control.ping(timeout=1.0, limit=1)
    if not answers:
        raise RuntimeError("no Celery worker answered within 1 s")
    return "ok (a worker answered)"


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks, healthy = {}, True
    for name, check in (("database", _database), ("redis", _redis), ("worker", _worker)):
        try:
            checks[name] = check()
        except Exception as error:  # any failure is the answer, not a crash
            checks[name] = f"failing: {error.__class__.__name__}: {error}"
            healthy = False
    response = JsonResponse({"status": "ok" if healthy else "failing", "checks": checks})
    response.status_code = 200 if healthy else 503
    response["Cache-Control"] = "no-store"
    return response
