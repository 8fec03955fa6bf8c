"""The browser suite's stage: PostgreSQL, Redis, a Celery worker with beat, uvicorn serving
the app, a real SMTP server, and headless Chromium. Run by `make e2e`."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from cosign.celery import app as celery_app
from tests.smtp import SMTPServer, free_port

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "e2e"
AXE = ROOT / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "e2e" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@dataclass
class Stage:
    url: str
    smtp: SMTPServer
    env: dict[str, str]

    def emails_to(self, address: str) -> list:
        return self.smtp.mailbox.to(address)

    def wait_for_email(self, address: str, subject_part: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.emails_to(address)):
                if subject_part in str(message["Subject"]):
                    return message
            time.sleep(0.2)
        raise AssertionError(f"no email to {address} about {subject_part!r}")

    def link_in(self, message, path_part: str) -> str:
        body = message.get_body(("plain",)).get_content()
        for url in re.findall(r"https?://\S+", body):
            if path_part in url:
                return url
        raise AssertionError(f"no {path_part} link in:\n{body}")


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="session")
def stage():
    if not AXE.exists() or not VNU.exists():
        pytest.fail("run `make e2e`: it installs axe-core and the Nu HTML Checker into e2e/")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    parts = urlsplit(os.environ["DATABASE_URL"])
    database = f"cosign_e2e_{uuid.uuid4().hex[:8]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{database}"')
    smtp = SMTPServer().start()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    queue = f"e2e-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": urlunsplit(parts._replace(path=f"/{database}")),
        "DATABASE_CONN_MAX_AGE": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "SITE_URL": url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(OUTPUT / "media"),
        "CELERY_QUEUE": queue,
        "DELIVERY_RETRY_SECONDS": "1",
        "DELIVERY_SWEEP_EVERY_SECONDS": "2",
        "STREAM_HEARTBEAT_SECONDS": "2",
        "RATE_LIMIT_SIGN": "1000/60",
        "RATE_LIMIT_CONFIRM": "1000/60",
        "WEBHOOKS_ALLOW_LOOPBACK": "1",  # the journeys' webhook receiver is on 127.0.0.1
    }
    processes: list[subprocess.Popen] = []
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        worker_log = OUTPUT / "worker.log"
        with worker_log.open("wb") as log:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "cosign", "worker", "--beat",
                 "--schedule", str(OUTPUT / "beat-schedule"),
                 "--concurrency", "2", "--loglevel", "INFO", "--hostname", f"{queue}@%h"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        celery_app.conf.task_default_queue = queue
        subprocess.run(
            [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        server_log = OUTPUT / "uvicorn.log"
        with server_log.open("wb") as log:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "cosign.asgi:application", "--host",
                 "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            ))  # fmt: skip
        _wait_for_port(port, processes[-1], server_log, "uvicorn")
        yield Stage(url=url, smtp=smtp, env=env)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.stop()
        with psycopg.connect(admin_url, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    page.problems = []  # console errors and CSP violations
    page.on(
        "console",
        lambda message: page.problems.append(message.text) if message.type == "error" else None,
    )
    yield page
    context.close()


def shoot(page, name: str) -> None:
    """The page at desktop and phone widths, under test-output/e2e/."""
    for width, size in WIDTHS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(OUTPUT / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(WIDTHS["desktop"])


AXE_RESULTS: list[dict] = []


def axe(page, name: str) -> list[dict]:
    """axe-core's serious and critical violations on the page (none allowed)."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    AXE_RESULTS.append(
        {
            "page": name,
            "violations": [(v["id"], v["impact"]) for v in result["violations"]],
            "serious": serious,
        }
    )
    (OUTPUT / "axe.json").write_text(json.dumps(AXE_RESULTS, indent=2))
    return serious


def html_errors(pages: dict[str, str]) -> list[str]:
    """The Nu HTML Checker's errors on the given pages' HTML."""
    folder = OUTPUT / "html"
    folder.mkdir(exist_ok=True)
    files = []
    for name, html in pages.items():
        path = folder / f"{name}.html"
        path.write_text(html)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
