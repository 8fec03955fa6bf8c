import os
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import uvicorn
from django.db import transaction
from django.test import override_settings

from accounts.models import User
from cosign.asgi import application
from cosign.celery import app as celery_app
from tests.factories import make_campaign, make_legislator, make_senator, make_user
from tests.receiver import Receiver
from tests.smtp import SMTPServer

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SERVICES_HOWTO = (
    "needs PostgreSQL and Redis: run `make test-services`, or set "
    "DATABASE_URL=postgres://postgres@127.0.0.1:5432/cosign and "
    "REDIS_URL=redis://127.0.0.1:6379/13"
)


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def services_problem() -> str | None:
    """Why the services suite cannot run here, or None when it can."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        return SERVICES_HOWTO
    if not _reachable(database_url, 5432):
        return f"PostgreSQL at {urlsplit(database_url).netloc} is not answering; {SERVICES_HOWTO}"
    if not _reachable(redis_url, 6379):
        return f"Redis at {urlsplit(redis_url).netloc} is not answering; {SERVICES_HOWTO}"
    return None


def pytest_configure(config: pytest.Config) -> None:
    """Parallel workers (pytest-xdist) each have a test database of their own, which
    pytest-django names test_<name>_gw0, _gw1, ...; each gets a Redis database of its own too,
    the ones after REDIS_URL's, so that one worker's counters and rate limits are not another's
    and its clean-up between tests deletes only its own keys."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not settings.REDIS_URL:
        return
    url = urlsplit(settings.REDIS_URL)
    database = int(url.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    if database > 15:
        raise pytest.UsageError(f"{worker} would need Redis database {database}; use fewer workers")
    settings.REDIS_URL = url._replace(path=f"/{database}").geturl()
    settings.CACHES["default"]["LOCATION"] = settings.REDIS_URL
    os.environ["REDIS_URL"] = settings.REDIS_URL  # for any process a test starts


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("COSIGN_E2E") != "1":
        for item in items:
            if item.get_closest_marker("e2e"):
                item.add_marker(pytest.mark.skip(reason="the browser suite runs with `make e2e`"))
    problem = services_problem()
    if problem is None:
        return
    services_items = [item for item in items if item.get_closest_marker("services")]
    if services_items and os.environ.get("COSIGN_REQUIRE_SERVICES") == "1":
        raise pytest.UsageError(
            f"COSIGN_REQUIRE_SERVICES=1 but {len(services_items)} services tests would skip: "
            f"{problem}"
        )
    for item in services_items:
        item.add_marker(pytest.mark.skip(reason=problem))


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request: pytest.FixtureRequest):
    """Ordinary tests run Celery tasks in-process (still only after commit); services tests
    hand them to a real worker through Redis."""
    eager = request.node.get_closest_marker("services") is None
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = eager
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(scope="session")
def media_root(tmp_path_factory):
    """Uploaded and rendered files, shared with the services suite's worker process."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _isolated_media(request, settings, media_root, tmp_path):
    """Each test its own folder: on SQLite a rolled-back test's ids come round again, and a
    file it left under one (a document's footers) must not be the next test's. A services test
    shares the folder its worker processes were started with."""
    if request.node.get_closest_marker("services") is not None:
        settings.MEDIA_ROOT = media_root
    elif "rows_for_the_module" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("module_media")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    """The files of a module's shared rows (rows_for_the_module), for its tests to read."""
    return tmp_path_factory.mktemp("module-media")


@pytest.fixture(autouse=True)
def _webhooks_to_loopback(settings):
    """Webhook receivers in tests are servers on 127.0.0.1."""
    settings.WEBHOOKS_ALLOW_LOOPBACK = True


@pytest.fixture(autouse=True)
def _isolated_outbox(settings, tmp_path):
    settings.EMAIL_OUTBOX_DIR = tmp_path / "outbox"


def _forget_cached_state() -> None:
    from django.core.cache import cache

    from campaigns.signatures.counts import forget_documents, forget_rebuild_requests
    from cosign import redis as cosign_redis

    forget_documents()
    forget_rebuild_requests()
    if cosign_redis.configured():
        # Not cache.clear(): that is FLUSHDB, which would also empty the Celery broker's queues.
        connection = cosign_redis.connection()
        for key in connection.scan_iter("cosign:*", count=1000):
            connection.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    _forget_cached_state()
    yield
    _forget_cached_state()


@pytest.fixture(scope="module")
def rows_for_the_module(django_db_setup, django_db_blocker, module_media):
    """For a module whose many tests read the same rows: a fixture that asks for this one makes
    them once, in a transaction that every test's own (a savepoint) sits inside, and they are
    rolled back after the module's last test — what setUpTestData does for a Django TestCase."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=module_media, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture
def alice(db):
    """Alice organizes letters; her email is verified."""
    return make_user("alice@example.org", name="Alice Organizer")


@pytest.fixture
def bob(db):
    return make_user("bob@example.org", name="Bob Editor")


@pytest.fixture
def carol(db):
    return make_user("carol@example.org", name="Carol Viewer")


@pytest.fixture
def mallory(db):
    """Mallory has an account but is on nobody's team."""
    return make_user("mallory@example.org", name="Mallory Outsider")


@pytest.fixture
def draft(alice):
    """Alice's draft letter, ready to publish."""
    return make_campaign(alice)


@pytest.fixture
def lofgren(db):
    """Rep. Zoe Lofgren, whose staff write from mail.house.gov."""
    return make_legislator()


@pytest.fixture
def sanders(db):
    """Sen. Bernie Sanders, whose staff write from sanders.senate.gov."""
    return make_senator()


@pytest.fixture
def staff_client(client):
    """A client signed in as a superuser of the admin."""
    client.force_login(User.objects.create_superuser("admin@example.org", "pw"))
    return client


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback that Django sends to; its mailbox. (The services suite's
    fault tests start their own, for processes of their own.)"""
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    yield server.mailbox
    server.stop()


@pytest.fixture
def asgi_server(settings):
    """uvicorn serving the app from a thread of this process, on the test database."""
    settings.REDIS_URL = ""
    config = uvicorn.Config(
        application, host="127.0.0.1", port=0, lifespan="off", log_level="warning",
        timeout_graceful_shutdown=5,
    )  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture
def receiver():
    """A webhook receiver on loopback: it records each request and answers as told."""
    server = Receiver()
    yield server
    server.release.set()
    server.stop()
