"""Sign-ups keep coming while PostgreSQL restarts, Redis goes away and workers die.

Real processes throughout: gunicorn serving the app, Celery workers with beat, PostgreSQL and
Redis themselves stopped and started again (with the commands this machine starts them with),
and a local SMTP server that receives every email. What must hold: whoever was told "signed"
is in the database and gets their email; whoever was not got a clean answer, never a 500.
"""

import itertools
import logging
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection

from campaigns.documents import services
from campaigns.documents.models import LetterDocument
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from cosign import redis as cosign_redis
from cosign.outbox.models import Entry
from tests.factories import make_open_campaign, make_user
from tests.pdfs import document_bytes, reading_order
from tests.services.conftest import LOG_DIR, ROOT, _service_env, stop_worker, wait_until
from tests.smtp import SMTPServer, free_port

logging.getLogger("httpx").setLevel(logging.WARNING)  # it logs every request

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# How this machine starts its servers; a test that stops one always starts it again.
POSTGRES_VERSION = (
    next(Path("/etc/postgresql").iterdir()).name if Path("/etc/postgresql").exists() else ""
)
PG_CTL = ["pg_ctlcluster", "--skip-systemctl-redirect", POSTGRES_VERSION, "main"]
POSTGRES_START = [*PG_CTL, "start"]
POSTGRES_STOP = [*PG_CTL, "stop", "-m", "fast"]
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
    "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
    "--logfile", "/var/log/redis/ci.log",
]  # fmt: skip
REDIS_STOP = ["redis-cli", "-p", "6379", "shutdown", "nosave"]


def run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=60)


def start_redis() -> None:
    run(REDIS_START)
    wait_until(redis_answers, timeout=30, what="Redis to start")
    # This test process's own pooled connections died with the old server.
    cosign_redis.connection().connection_pool.disconnect()


def postgres_answers() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def redis_answers() -> bool:
    ping = subprocess.run(["redis-cli", "-p", "6379", "ping"], capture_output=True, check=False)
    return ping.stdout.strip() == b"PONG"


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def env(media_root, smtp, queue):
    """Web server and workers: the test database, this test's queue, the local SMTP server,
    one client per X-Forwarded-For address, sweepers that run every second, and retries that
    pause a few seconds at most (production: up to a minute)."""
    return {
        **_service_env(media=media_root),
        "CELERY_QUEUE": queue,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_HOPS": "1",
        # Persistent connections, as in production: they must survive a database restart.
        "DATABASE_CONN_MAX_AGE": "60",
        "OUTBOX_SWEEP_EVERY_SECONDS": "1",
        "OUTBOX_SWEEP_AFTER_SECONDS": "2",
        # An email whose sending met the outage is tried again within seconds, not minutes.
        "OUTBOX_RETRY_SECONDS": "2",
        "OUTBOX_LEASE_SECONDS": "10",
        # A chunk renders in about a second; a rendering still for 5 s lost its worker.
        "DOCUMENT_LEASE_SECONDS": "5",
        "DOCUMENT_SWEEP_EVERY_SECONDS": "1",
        # What a database restart delayed is retried within seconds of its end, not a minute.
        # Each pause is drawn from 0 to this: the 12 retries of a task must still outlast a
        # restart of several seconds, however short each pause happens to be.
        "TASK_RETRY_BACKOFF_MAX_SECONDS": "10",
    }


@dataclass
class Web:
    url: str
    process: subprocess.Popen[bytes]

    def ready(self) -> str:
        wait_until(lambda: _answers(self.url), timeout=30, what="gunicorn to start")
        return self.url


@pytest.fixture
def web_starting(env):
    """gunicorn serving the app (2 processes × 4 threads), as it is served in production;
    started, not yet waited for: a test starts its worker meanwhile, then asks `ready()`."""
    port = free_port()
    LOG_DIR.mkdir(exist_ok=True)
    log = LOG_DIR / "faults-gunicorn.log"
    with log.open("ab") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cosign.wsgi:application", "--workers", "2",
             "--threads", "4", "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        yield Web(f"http://127.0.0.1:{port}", process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=2).status_code in (200, 503)
    except httpx.HTTPError:
        return False


@dataclass
class Answer:
    email: str
    status: int  # 0: no HTTP answer at all
    at: float
    retry_after: str = ""
    body: str = ""


@dataclass
class SignUpLoad:
    """Threads that each fill in the individual sign-up form, over and over, each from
    addresses of its own, and note every answer."""

    url: str
    slug: str
    threads: int = 6
    pause: float = 0.0  # between one thread's sign-ups
    address: str = ""  # every request from this one address, not from addresses of its own
    prefix: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    answers: list[Answer] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _numbers: itertools.count = field(default_factory=itertools.count)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __enter__(self) -> "SignUpLoad":
        self._running = [threading.Thread(target=self._run, args=(i,)) for i in range(self.threads)]
        for thread in self._running:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        for thread in self._running:
            thread.join(timeout=60)

    def _run(self, thread_number: int) -> None:
        sign_url = f"{self.url}/letters/{self.slug}/sign/"
        with httpx.Client(timeout=30) as client:
            token = None
            # The form may meet the outage itself (a 503 page, no token): a signer reloads.
            while token is None and not self.stopping.is_set():
                try:
                    form = client.get(sign_url, params={"kind": "individual"})
                    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
                except httpx.HTTPError:
                    pass
                if token is None:
                    self.stopping.wait(0.5)
            while token is not None and not self.stopping.is_set():
                n = next(self._numbers)
                email = f"{self.prefix}-{n}@example.org"
                data = {
                    "csrfmiddlewaretoken": token.group(1), "kind": "individual", "version": 1,
                    "signer_name": f"Load Signer {n}", "email": email, "city": "Oakland",
                    "state": "CA", "affiliation": "Teacher", "show_name": "on",
                }  # fmt: skip
                address = self.address or f"10.{thread_number}.{n // 250 % 250}.{n % 250}"
                headers = {"X-Forwarded-For": address}
                try:
                    response = client.post(sign_url, data=data, headers=headers)
                    answer = Answer(
                        email, response.status_code, time.monotonic(),
                        response.headers.get("Retry-After", ""),
                        response.text if response.status_code >= 400 else "",
                    )  # fmt: skip
                except httpx.HTTPError:
                    answer = Answer(email, 0, time.monotonic())
                with self._lock:
                    self.answers.append(answer)
                self.stopping.wait(self.pause)

    def signed(self, after: float = 0) -> list[Answer]:
        with self._lock:
            return [a for a in self.answers if a.status == 302 and a.at > after]

    def statuses(self) -> Counter[int]:
        with self._lock:
            return Counter(a.status for a in self.answers)


def open_letter():
    campaign = make_open_campaign(
        make_user("organizer@example.org"), allows_individuals=True, requires_approval=False
    )
    return campaign


def stored_emails(campaign) -> set[str]:
    connection.close()  # this process's connection did not survive the restart either
    return set(Signature.objects.filter(campaign=campaign).values_list("contact__email", flat=True))


def confirmations_received(smtp) -> set[str]:
    return {
        str(message["To"])
        for message in smtp.mailbox.messages
        if "confirm" in str(message["Subject"]).lower()
    }


def test_a_postgresql_restart_under_sign_up_load_loses_no_signature(
    env, web_starting, smtp, workers, queue
):
    campaign = open_letter()
    workers(env, log_name="faults-postgres", queue=queue, beat=True)
    web = web_starting.ready()

    with SignUpLoad(web, campaign.slug) as load:
        wait_until(lambda: len(load.signed()) >= 20, what="sign-ups before the restart")
        try:
            run(POSTGRES_STOP)
            time.sleep(2)  # down for a while, as in a real restart or failover
        finally:
            run(POSTGRES_START)
        wait_until(postgres_answers, timeout=30, what="PostgreSQL to start")
        back = time.monotonic()
        wait_until(lambda: len(load.signed(after=back)) >= 20, what="the app to recover")

    statuses = load.statuses()
    unavailable = [a for a in load.answers if a.status == 503]
    assert set(statuses) <= {302, 503}, statuses  # no 500, no dropped connection
    assert unavailable, f"no request met the restart: {statuses}"
    assert all(a.retry_after == "30" and "back in a moment" in a.body for a in unavailable)

    told_signed = {a.email for a in load.signed()}
    assert told_signed - stored_emails(campaign) == set()  # signatures lost: none
    wait_until(
        lambda: told_signed <= confirmations_received(smtp),
        timeout=90,
        what="a confirmation email for every sign-up",
    )
    print(f"\nPostgreSQL restart under load: {dict(statuses)}; lost 0 of {len(told_signed)}")


def test_with_redis_stopped_sign_ups_are_stored_counted_and_mailed_once_it_is_back(
    env, web_starting, smtp, workers, queue
):
    campaign = open_letter()
    worker = workers(env, log_name="faults-redis", queue=queue, beat=True)
    web = web_starting.ready()
    count_url = f"{web}/letters/{campaign.slug}/count.json"

    with SignUpLoad(web, campaign.slug) as load:
        wait_until(lambda: len(load.signed()) >= 10, what="sign-ups before Redis stops")
    before = {a.email for a in load.signed()}
    wait_until(lambda: before <= confirmations_received(smtp), timeout=60, what="their emails")
    worker.wait_until_idle()

    try:
        run(REDIS_STOP)
        wait_until(lambda: not redis_answers(), timeout=10, what="Redis to stop")
        with SignUpLoad(web, campaign.slug) as outage:
            wait_until(lambda: len(outage.signed()) >= 20, what="sign-ups with Redis down")
        during = {a.email for a in outage.signed()}
        assert set(outage.statuses()) == {302}, outage.statuses()
        assert during <= stored_emails(campaign)
        # Their emails wait in the database.
        assert Entry.objects.filter(
            kind="signatures.confirmation_email", sent_at=None
        ).count() >= len(during)

        # The count is read from the database meanwhile.
        live = httpx.get(count_url, timeout=10)
        assert live.status_code == 200
        assert live.json()["count"] == counts.tally_from_database(campaign.pk).total
        assert not confirmations_received(smtp) & during
    finally:
        start_redis()

    wait_until(
        lambda: during <= confirmations_received(smtp),
        timeout=90,
        what="the waiting confirmation emails to go out; waiting: "
        f"{list(Entry.objects.filter(sent_at=None).values())}",
    )
    wait_until(
        lambda: not Entry.objects.filter(sent_at=None).exists(),
        timeout=30,
        what="no side effect still waiting",
    )
    mailed = Counter(
        str(m["To"]) for m in smtp.mailbox.messages if "confirm" in str(m["Subject"]).lower()
    )
    assert all(mailed[email] == 1 for email in before | during), mailed.most_common(3)
    print(f"\nRedis outage: {len(during)} sign-ups stored and mailed after it; lost 0")


def test_a_worker_killed_mid_render_under_load_is_relieved_and_the_pdf_completes(
    env, web_starting, workers, queue
):
    campaign = open_letter()
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status="approved", verification="email",
 name=f"Render Fault {n:05d}",
                sort_name=f"render fault {n:05d}", list_group=Signature.Group.INDIVIDUALS,
                city="Oakland", state="CA",
            )
            for n in range(3000)
        ]
    )  # fmt: skip
    first = workers(env, log_name="faults-render-killed", queue=queue, beat=True)
    web = web_starting.ready()

    # A steady trickle: the one worker also sends every confirmation email.
    with SignUpLoad(web, campaign.slug, threads=2, pause=0.25):
        document = services.document_request(campaign=campaign)
        wait_until(
            lambda: LetterDocument.objects.filter(
                pk=document.pk, status="rendering", chunks_done__gte=1
            ).exists(),
            timeout=90,
            what="the rendering to be under way",
        )
        stop_worker(first, kill=True)  # SIGKILL mid-render: its tasks die with it
        document.refresh_from_db()
        assert document.status == "rendering"
        assert document.chunks_done < document.chunks_total

        workers(env, log_name="faults-render-relief", queue=queue, beat=True)
        wait_until(
            lambda: LetterDocument.objects.get(pk=document.pk).status in ("ready", "failed"),
            timeout=180,
            what="the rendering to finish",
        )

    document.refresh_from_db()
    assert document.status == "ready", document.error
    names = [
        line.split(",")[0]
        for line in reading_order(document_bytes(document))
        if line.startswith("Render Fault ")
    ]
    assert len(names) == len(set(names)) == 3000
    relief_log = Path(LOG_DIR / "faults-render-relief.log").read_text()
    assert "campaigns.documents.tasks.sweep_documents" in relief_log


def test_a_burst_from_one_address_is_throttled_while_other_signers_go_on(
    env, web_starting, workers, queue
):
    campaign = open_letter()
    workers(env, log_name="faults-burst", queue=queue)
    web = web_starting.ready()

    burst = SignUpLoad(web, campaign.slug, threads=2, address="203.0.113.7")
    others = SignUpLoad(web, campaign.slug, threads=2, pause=0.05)
    with burst, others:
        wait_until(
            lambda: burst.statuses()[429] >= 50 and len(others.signed()) >= 10,
            what="the burst to be throttled while ten others signed",
        )

    limit, _window = settings.RATE_LIMITS["sign"]
    assert burst.statuses() == {302: limit, 429: burst.statuses()[429]}
    assert all("Please wait a few minutes" in a.body for a in burst.answers if a.status == 429)
    assert set(others.statuses()) == {302} and len(others.signed()) >= 10
