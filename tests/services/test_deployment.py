"""Cosign as deploy/ runs it: nginx, from deploy/nginx/cosign.conf, in front of gunicorn's four
sync workers and of uvicorn. Slow clients and open live-count streams must not take the site
down: a sync worker reads one request at a time, so without nginx eight clients that trickle
their headers, or four open streams, stopped /healthz answering."""

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from django.conf import settings

from campaigns.signatures.models import Signature
from tests.events import events
from tests.factories import make_open_campaign, make_user
from tests.services.conftest import LOG_DIR, ROOT, _service_env, wait_until
from tests.smtp import free_port

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

SITE_CONF = ROOT / "deploy" / "nginx" / "cosign.conf"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")

# What Debian's /etc/nginx/nginx.conf puts around a site, with every path in a folder of the
# test's own: the compiled-in ones (/var/lib/nginx, /run/nginx.pid) belong to a system nginx.
MAIN_CONF = """\
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/cosign.conf;
}}
"""

SLOW_CLIENTS = 50
OPEN_STREAMS = 200
GUNICORN_WORKERS = 4


def site_conf(*, port: int, web: str, stream: str, static_root: Path) -> str:
    """deploy/nginx/cosign.conf with this machine's addresses in place of production's."""
    text = SITE_CONF.read_text()
    for line, replacement in {
        "listen 80;": f"listen 127.0.0.1:{port};",
        "listen [::]:80;": "",
        "server 127.0.0.1:8000;": f"server {web};",
        "server 127.0.0.1:8001;": f"server {stream};",
        "root /srv/cosign/var;": f"root {static_root};",
    }.items():
        assert text.count(line) == 1, f"{SITE_CONF} should have `{line}` once"
        text = text.replace(line, replacement)
    return text


def stop(process: subprocess.Popen[bytes]) -> None:
    """A graceful stop, or the whole process group: a worker stuck in a request must not
    outlive its master."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/healthz", timeout=5).status_code in (200, 503)
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="module")
def gunicorn(django_db_setup, media_root):
    """gunicorn as deploy/systemd/cosign-web.service runs it: four sync workers."""
    port = free_port()
    LOG_DIR.mkdir(exist_ok=True)
    env = {
        **_service_env(media=media_root),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TRUSTED_PROXY_HOPS": "1",
    }
    with (LOG_DIR / "deployment-gunicorn.log").open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cosign.wsgi", "-w", str(GUNICORN_WORKERS),
             "--bind", f"127.0.0.1:{port}", "--access-logfile", "-",
             "--access-logformat", "%(t)s %(r)s %(s)s %(M)sms"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: answers(url), timeout=30, what="gunicorn to start")
        # A worker's first /healthz takes up to 3 s more (its first connection to the Celery
        # broker's control channel). One each, all at once: a cold worker is busy for those
        # seconds, so the four requests land on four workers.
        with ThreadPoolExecutor(GUNICORN_WORKERS) as pool:
            list(pool.map(lambda _: answers(url), range(GUNICORN_WORKERS)))
        yield url
    finally:
        stop(process)


@contextmanager
def running_nginx(binary: str, *, web: str, stream: str) -> Iterator[str]:
    """Debian's nginx from deploy/nginx/cosign.conf, in the foreground, on a port of its own."""
    # Run as root, nginx's workers are `nobody`: they must reach the temporary files.
    prefix = Path(tempfile.mkdtemp(prefix="cosign-nginx-"))
    prefix.chmod(0o755)
    port = free_port()
    (prefix / "cosign.conf").write_text(
        site_conf(
            port=port,
            web=web.removeprefix("http://"),
            stream=stream.removeprefix("http://"),
            static_root=ROOT,  # ROOT/static/: the files collectstatic would collect
        )
    )
    (prefix / "nginx.conf").write_text(MAIN_CONF.format(prefix=prefix))
    process = subprocess.Popen(
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
         "-e", str(prefix / "error.log"), "-g", "daemon off;"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: process.poll() is not None or answers(url), timeout=30, what="nginx to start"
        )
        assert process.poll() is None, process.communicate()[0].decode()
        yield url
    finally:
        stop(process)
        shutil.copyfile(prefix / "error.log", LOG_DIR / "deployment-nginx-error.log")
        shutil.rmtree(prefix)


@pytest.fixture(scope="module")
def nginx_binary() -> str:
    """Skipped without nginx, as the services suite is without its servers; CI fails instead."""
    if NGINX is None:
        message = "needs nginx (apt-get install nginx)"
        if os.environ.get("COSIGN_REQUIRE_SERVICES") == "1":
            pytest.fail(f"COSIGN_REQUIRE_SERVICES=1 but this test {message}")
        pytest.skip(message)
    return NGINX


@pytest.fixture(scope="module")
def nginx(nginx_binary, gunicorn, asgi_server):
    with running_nginx(nginx_binary, web=gunicorn, stream=asgi_server) as url:
        yield url


@dataclass
class Load:
    """Clients that hold connections to one server, in a thread of their own, for at most
    `seconds`: some send a request's headers one byte every two seconds, others read the live
    count's event stream."""

    port: int
    stream_path: str
    slow_clients: int = 0
    streams: int = 0
    seconds: float = 30
    slow_connections: int = 0  # opened by the slow clients
    slow_dropped: int = 0  # closed by the server before the headers were done
    stream_statuses: list[int] = field(default_factory=list)
    stream_errors: list[str] = field(default_factory=list)
    streams_open: int = 0  # have the count and a heartbeat, and are still reading
    stopping: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> "Load":
        self._deadline = time.monotonic() + self.seconds
        self._thread = threading.Thread(target=asyncio.run, args=(self._run(),))
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._thread.join(timeout=self.seconds + 10)

    def wait_until_held(self, timeout: float = 60) -> None:
        wait_until(
            lambda: (
                self.streams_open == self.streams and self.slow_connections >= self.slow_clients
            ),
            timeout=timeout,
            what=f"{self.streams} open streams and {self.slow_clients} slow clients "
            f"(now {self.streams_open} and {self.slow_connections})",
        )

    def _going(self) -> bool:
        return not self.stopping.is_set() and time.monotonic() < self._deadline

    async def _run(self) -> None:
        await asyncio.gather(
            *(self._slow_client() for _ in range(self.slow_clients)),
            *(self._stream() for _ in range(self.streams)),
        )

    async def _slow_client(self) -> None:
        # Never finished: a header line that goes on for as long as the client does.
        request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"x" * 100
        while self._going():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                await asyncio.sleep(1)
                continue
            self.slow_connections += 1
            try:
                for byte in request:
                    if not self._going():
                        break
                    if reader.at_eof():
                        self.slow_dropped += 1
                        break
                    writer.write(bytes([byte]))
                    await writer.drain()
                    await asyncio.sleep(2)
            except OSError:
                self.slow_dropped += 1
            finally:
                writer.close()

    async def _stream(self) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        except OSError as error:
            self.stream_errors.append(repr(error))
            return
        try:
            writer.write(
                f"GET {self.stream_path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Accept: text/event-stream\r\n\r\n".encode()
            )
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status = int(head.split(b" ", 2)[1])
            self.stream_statuses.append(status)
            if status != 200:
                return
            # The count first, then a heartbeat: events reach the client as they are sent.
            await asyncio.wait_for(reader.readuntil(b"event: count\n"), 30)
            await asyncio.wait_for(reader.readuntil(b": heartbeat\n"), 30)
            self.streams_open += 1
            while self._going():
                try:
                    if not await asyncio.wait_for(reader.read(4096), 1):
                        break  # the server ended the stream
                except TimeoutError:
                    continue
            else:
                return
            self.streams_open -= 1
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
            self.stream_errors.append(repr(error))
        finally:
            writer.close()


@dataclass
class Timed:
    status: int
    seconds: float


def timed_get(client: httpx.Client, path: str, **params: str) -> tuple[httpx.Response, Timed]:
    started = time.monotonic()
    response = client.get(path, params=params)
    return response, Timed(response.status_code, time.monotonic() - started)


def timed_sign_up(client: httpx.Client, slug: str, email: str) -> list[Timed]:
    """The individual sign-up form, opened, filled in and posted as a browser does."""
    form, opened = timed_get(client, f"/letters/{slug}/sign/", kind="individual")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    data = {
        "csrfmiddlewaretoken": token[1], "kind": "individual", "version": 1,
        "signer_name": "Dana Steady", "email": email, "city": "Oakland", "state": "CA",
        "affiliation": "Teacher", "show_name": "on",
    }  # fmt: skip
    started = time.monotonic()
    response = client.post(f"/letters/{slug}/sign/", data=data)
    return [opened, Timed(response.status_code, time.monotonic() - started)]


def warm_up(client: httpx.Client, slug: str) -> None:
    """Each gunicorn worker's first sign-up form costs it a second or two (templates compiled,
    modules imported): a deployment pays that once per worker, before any load. Sixteen at
    once reach all four workers, as a cold worker is busy for that time."""
    with ThreadPoolExecutor(16) as pool:
        pages = list(
            pool.map(lambda _: client.get(f"/letters/{slug}/sign/?kind=individual"), range(16))
        )
    assert [page.status_code for page in pages] == [200] * 16


def open_letter():
    # A title of its own: the shared uvicorn remembers the letters it has streamed by address.
    return make_open_campaign(
        make_user("organizer@example.org"),
        title="Behind nginx",
        allows_individuals=True,
        requires_approval=False,
    )


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def test_fifty_slow_clients_and_two_hundred_streams_leave_healthz_and_signing_answering(
    nginx, celery_worker
):
    campaign = open_letter()
    load = Load(
        port_of(nginx),
        f"/letters/{campaign.slug}/count/stream",
        slow_clients=SLOW_CLIENTS,
        streams=OPEN_STREAMS,
    )
    with httpx.Client(base_url=nginx, timeout=10) as client:
        warm_up(client, campaign.slug)
    with load, httpx.Client(base_url=nginx, timeout=10) as client:
        load.wait_until_held()
        # Each slow client has been holding its connection for a few seconds: against
        # gunicorn itself, all four workers would be reading their headers by now.
        time.sleep(4)
        healthz = [timed_get(client, "/healthz")[1] for _ in range(3)]
        sign_ups = [
            timed_sign_up(client, campaign.slug, f"steady-{n}@example.org") for n in range(3)
        ]
        held = (load.streams_open, load.slow_connections - load.slow_dropped)

    assert held == (OPEN_STREAMS, SLOW_CLIENTS)  # still open while the site answered
    assert [t.status for t in healthz] == [200] * 3
    assert max(t.seconds for t in healthz) < 1, healthz
    assert [[form.status, post.status] for form, post in sign_ups] == [[200, 302]] * 3
    assert max(t.seconds for pair in sign_ups for t in pair) < 1, sign_ups
    assert (
        Signature.objects.filter(campaign=campaign, contact__email__startswith="steady-").count()
        == 3
    )
    # Through nginx the streams were served by uvicorn: none was the 204 gunicorn gives.
    assert load.stream_statuses == [200] * OPEN_STREAMS, load.stream_errors[:5]


def test_nginx_drops_a_client_that_has_not_sent_its_headers_within_ten_seconds(nginx):
    load = Load(port_of(nginx), "/", slow_clients=1, seconds=20)
    started = time.monotonic()
    with load:
        wait_until(lambda: load.slow_dropped, timeout=20, what="nginx to drop the slow client")
        dropped_after = time.monotonic() - started

    # The client notices at its next byte, up to two seconds after nginx closed.
    assert 10 <= dropped_after < 13
    assert load.slow_dropped == 1


def test_nginx_sends_the_office_trackers_stream_to_uvicorn(nginx, client):
    campaign = open_letter()
    client.force_login(campaign.members.get().user)
    session = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    url = f"{nginx}/dashboard/{campaign.slug}/offices/stream/"

    with httpx.stream("GET", url, cookies=session, timeout=10) as response:
        # gunicorn would have answered 204 at once: this is uvicorn, and the stream is open.
        assert response.status_code == 200
        assert next(events(response)) == ("changed", {})


def test_nginx_serves_static_files_itself(nginx):
    response = httpx.get(f"{nginx}/static/css/cosign.css", timeout=5)

    assert response.status_code == 200
    assert response.text == (ROOT / "static" / "css" / "cosign.css").read_text()
    assert response.headers["Cache-Control"] == "max-age=3600"  # nginx's, not WhiteNoise's


def test_stream_requests_to_gunicorn_answer_at_once_and_leave_its_workers_free(
    gunicorn, celery_worker
):
    campaign = open_letter()
    stream = f"{gunicorn}/letters/{campaign.slug}/count/stream"

    def get(url: str) -> Timed:
        with httpx.Client(timeout=10) as client:
            return timed_get(client, url)[1]

    # Twice as many streams as workers, all at once, with /healthz asked in the middle.
    with ThreadPoolExecutor(2 * GUNICORN_WORKERS + 1) as pool:
        streams = [pool.submit(get, stream) for _ in range(2 * GUNICORN_WORKERS)]
        healthz = pool.submit(get, f"{gunicorn}/healthz")
        answered = [s.result() for s in streams]

    assert [t.status for t in answered] == [204] * 2 * GUNICORN_WORKERS
    assert max(t.seconds for t in answered) < 1, answered
    assert healthz.result().status == 200
