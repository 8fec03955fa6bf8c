"""A real Celery worker process for the services suite, on the test database and Redis."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import boto3
import pytest
import redis

from cosign import queues, storage
from cosign.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "test-output"
# Every process of the services suite keeps its files in one S3 store (moto's server, below)
# and nowhere else, as machines that share no disk would. Filled in by `s3_store`.
S3_ENV: dict[str, str] = {}
S3_PORTS = range(5100, 5200)
S3_BUCKET = "cosign-test"


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    name: str
    outbox: Path
    log: Path

    def emails(self) -> list[EmailMessage]:
        return [
            message_from_bytes(path.read_bytes(), policy=policy.default)  # type: ignore[misc]
            for path in sorted(self.outbox.glob("*.eml"))
        ]

    def wait_for_emails(self, count: int, timeout: float = 30) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.emails()
            if len(found) >= count:
                return found
            time.sleep(0.1)
        raise AssertionError(
            f"expected {count} emails from the worker, found {len(self.emails())}; "
            f"worker log:\n{self.log.read_text()[-3000:]}"
        )

    def wait_until_idle(self, timeout: float = 30) -> None:
        """Until the worker runs, holds and schedules nothing: a task still reading the
        database when a test ends would deadlock with the flush that cleans up after it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            inspect = celery_app.control.inspect([self.name], timeout=1.0)
            busy = [inspect.active(), inspect.reserved(), inspect.scheduled()]
            if all(not tasks for state in busy for tasks in (state or {}).values()):
                return
            time.sleep(0.2)
        raise AssertionError(f"the worker was still busy after {timeout} s")

    def clear_outbox(self) -> None:
        for path in self.outbox.glob("*.eml"):
            path.unlink()


def _database_url_for(test_database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{test_database}"))


def _service_env(outbox: Path | None = None, media: Path | None = None) -> dict[str, str]:
    """The environment of a process that must use pytest's test database and S3 store."""
    from django.db import connection

    env = {
        **os.environ,
        **S3_ENV,
        "DATABASE_URL": _database_url_for(connection.settings_dict["NAME"]),
        # No idle connections left behind: pytest drops the test database at the end.
        "DATABASE_CONN_MAX_AGE": "0",
        "WEBHOOKS_ALLOW_LOOPBACK": "1",
    }
    if media is not None:
        env["MEDIA_ROOT"] = str(media)
    if outbox is not None:
        env["EMAIL_OUTBOX_DIR"] = str(outbox)
        env.pop("EMAIL_HOST", None)
    return env


def _free_port(ports: range) -> int:
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1} for the S3 server")


@pytest.fixture(scope="session", autouse=True)
def s3_store():
    """moto's S3 server on loopback, with an empty bucket: the store every services test and
    every process it starts keeps its files in."""
    LOG_DIR.mkdir(exist_ok=True)
    port = _free_port(S3_PORTS)
    log = LOG_DIR / "moto-server.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    S3_ENV.update(
        STORAGE_URL=f"s3://{S3_BUCKET}?endpoint_url={endpoint}&region=us-east-1",
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",  # moto takes any
        # boto3 must not look for an instance role on the network.
        AWS_EC2_METADATA_DISABLED="true",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moto_server exited:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("moto_server did not start within 30 s") from None
                time.sleep(0.1)
        # This process's boto3 finds the credentials where the workers' does.
        os.environ.update({key: value for key, value in S3_ENV.items() if key != "STORAGE_URL"})
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket=S3_BUCKET
        )
        yield _s3_storages_entry()
    finally:
        process.terminate()
        process.wait(timeout=15)


def _s3_storages_entry() -> dict[str, object]:
    """The STORAGES entry this process uses: what cosign/storage.py makes of STORAGE_URL."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STORAGE_URL", S3_ENV["STORAGE_URL"])
        patch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
        return storage.default_storage()


@pytest.fixture(autouse=True)
def _files_in_s3(settings, s3_store):
    settings.STORAGES = {**settings.STORAGES, "default": s3_store}


@pytest.fixture(scope="session")
def asgi_server(django_db_setup, s3_store):
    """uvicorn serving cosign.asgi, as the live count stream is served in production."""
    LOG_DIR.mkdir(exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = LOG_DIR / "uvicorn.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "cosign.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--no-access-log"],
            cwd=ROOT, env={**_service_env(), "ALLOWED_HOSTS": "127.0.0.1", "STREAM_HEARTBEAT_SECONDS": "1"},
            stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"uvicorn exited:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start within 30 s") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory, media_root, s3_store):
    """Start `celery worker` as its own process, pointed at pytest's test database."""
    LOG_DIR.mkdir(exist_ok=True)
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    outbox = tmp_path_factory.mktemp("worker-outbox")
    log = LOG_DIR / "celery-worker.log"
    env = _service_env(outbox, media_root)
    celery_app.control.purge()  # nothing queued by an earlier run may reach this database
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cosign", "worker", "--loglevel=INFO",
             "--concurrency=2", "--hostname", name, "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    worker = Worker(process, name.replace("%h", os.uname().nodename), outbox, log)
    try:
        _wait_until_ready(worker, log_offset=0)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_worker(
    env: dict[str, str], *, log_name: str, queue: str, beat: bool = False, only: str | None = None
) -> Worker:
    """A worker of its own (one task at a time, in its own process group: a SIGKILL leaves
    nothing behind) on its own queues (named after `queue`: cosign/queues.py), so that no
    other test's worker takes its tasks; all of them, or `only` the one of that kind of work."""
    LOG_DIR.mkdir(exist_ok=True)
    name = f"{log_name}-{uuid.uuid4().hex[:8]}@%h"
    log = LOG_DIR / f"{log_name}.log"
    # On RabbitMQ the solo pool stalls up to 2 s between tasks now and then (its loop polls
    # the socket while a message's frames wait half-read: celery/celery#3978); one pool
    # process, in the worker's process group, goes down with it just the same.
    pool = ["-P", "prefork", "-c", "1"] if broker_is_rabbitmq() else ["-P", "solo"]
    command = [
        sys.executable, "-m", "celery", "-A", "cosign", "worker", "--loglevel=INFO", *pool,
        "--hostname", name, "--without-mingle", "--without-gossip",
    ]  # fmt: skip
    if only is not None:
        command += ["-Q", queues.queue_name(only, queue)]
    if beat:
        command += ["--beat", "--schedule", str(LOG_DIR / f"{name[:-3]}-beat-schedule")]
    log_offset = log.stat().st_size if log.exists() else 0  # the log is appended to
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**env, "CELERY_QUEUE": queue},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: beat goes down with it
        )
    worker = Worker(process, name.replace("%h", os.uname().nodename), Path(), log)
    try:
        _wait_until_ready(worker, log_offset=log_offset)
    except BaseException:
        stop_worker(worker, kill=True)
        raise
    return worker


def stop_worker(worker: Worker, *, kill: bool = False) -> None:
    """Stop it (SIGTERM: a warm shutdown), or kill it and its beat at once (SIGKILL)."""
    if worker.process.poll() is not None:
        return
    if kill:
        os.killpg(worker.process.pid, signal.SIGKILL)
    else:
        worker.process.terminate()
    try:
        worker.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait()


@pytest.fixture(autouse=True)
def _worker_idle_before_cleanup(request):
    yield
    if "celery_worker" in request.fixturenames:
        request.getfixturevalue("celery_worker").wait_until_idle()


def _wait_until_ready(worker: Worker, *, log_offset: int, timeout: float = 60) -> None:
    """Until the worker answers a ping. It is asked as soon as its log says it is ready (read
    every 50 ms), and once a second in any case: pings alone would find it up to a second
    late, since each one unanswered waits out its timeout."""
    deadline = time.monotonic() + timeout
    ready_line = f"{worker.name} ready.".encode()
    next_ping = time.monotonic() + 1.0
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError(f"the Celery worker exited:\n{worker.log.read_text()[-3000:]}")
        with worker.log.open("rb") as log:
            log.seek(log_offset)
            says_ready = ready_line in log.read()
        if says_ready or time.monotonic() >= next_ping:
            try:
                if celery_app.control.ping(destination=[worker.name], timeout=1.0):
                    return
            except (redis.ConnectionError, ConnectionError):  # a broker since restarted
                continue
            next_ping = time.monotonic() + 1.0
        else:
            time.sleep(0.05)
    raise RuntimeError(f"the Celery worker did not answer within {timeout} s")


@pytest.fixture
def queue():
    """Queues of this test's own (one per kind of work, named after this one): what the test
    queues, only its workers take."""
    name = f"test-queue-{uuid.uuid4().hex[:8]}"
    default = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = name
    yield name
    celery_app.conf.task_default_queue = default
    with celery_app.connection_for_write() as connection:
        for declared in queues.declared(name):
            declared.bind(connection.default_channel).delete()


def queued(queue: str) -> int:
    """Tasks waiting in this test's queues, on whichever broker."""
    with celery_app.connection_for_write() as connection:
        return sum(
            declared.bind(connection.default_channel).queue_declare()[1]
            for declared in queues.declared(queue)
        )


def drop_queued(queue: str) -> None:
    """Lose what waits in the queues, as a broker restarted without persistence does."""
    with celery_app.connection_for_write() as connection:
        for declared in queues.declared(queue):
            declared.bind(connection.default_channel).purge()


def broker_is_rabbitmq() -> bool:
    return celery_app.conf.broker_url.startswith("amqp")


@pytest.fixture
def workers():
    started = []

    def start(*args, **kwargs):
        worker = start_worker(*args, **kwargs)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        stop_worker(worker)


def wait_until(predicate, timeout: float = 60, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s for {what}")
