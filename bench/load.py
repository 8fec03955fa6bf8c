"""`make bench`: Cosign deployed as in production on this machine, under load.

    python -m bench.load [--seconds 60] [--listeners 1000] [--web-workers 3]

Creates a fresh PostgreSQL database, starts gunicorn (pages, sync workers) and uvicorn (the
live count stream only) with DEBUG=0 on Redis, and measures with wrk:

1. sign-ups: distinct individuals signing one letter, for --seconds; stored signatures per
   second and the latency percentiles; confirmation emails are queued in Redis, not sent;
2. drift: every sign-up is then confirmed (8 threads), which moves the Redis counters one by
   one, and `rebuild_counts` compares them with the database;
3. count.json: requests per second and latency;
4. the stream: --listeners concurrent EventSource-style connections; the time from a
   committed approval to the event arriving at each of them, and the ASGI process's memory.

Prints the figures as a Markdown table for docs/benchmarks.md, then stops everything and drops
the database.
"""

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/12"
WEB_PORT, STREAM_PORT = 8765, 8766


def run(cmd: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=ROOT, env=env, check=True, text=True, capture_output=True, **kwargs
    )


def wait_for_port(port: int, process: subprocess.Popen, name: str) -> None:
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not start")


def wrk(args: list[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=True
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return {key: float(value) for key, value in (pair.split("=") for pair in line.split()[1:])}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--listeners", type=int, default=1000)
    parser.add_argument("--web-workers", type=int, default=4)
    parser.add_argument("--connections", type=int, default=24)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("The benchmark drives the load with wrk: apt-get install wrk")

    database = f"cosign_bench_{int(time.time())}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cosign.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{database}",
        "DATABASE_CONN_MAX_AGE": "600",
        "REDIS_URL": REDIS,
        "SITE_URL": f"http://127.0.0.1:{WEB_PORT}",
        "RATE_LIMIT_SIGN": "1000000000/60",  # one client machine plays thousands of signers
        "LOG_LEVEL": "WARNING",
    }
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{database}"')
    os.environ.update(env)
    processes: list[subprocess.Popen] = []
    try:
        run([sys.executable, "manage.py", "migrate", "--noinput"], env)
        run([sys.executable, "manage.py", "collectstatic", "--noinput"], env)
        import django

        django.setup()
        results = measure(args, env, processes)
        print_table(args, results)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        import redis

        redis.Redis.from_url(REDIS).flushdb()


def measure(args: argparse.Namespace, env: dict[str, str], processes: list) -> dict:
    from django.db import connection

    from accounts.models import User
    from campaigns.letters import services as letters_services
    from campaigns.letters.models import Campaign, Recipient
    from campaigns.signatures import counts
    from campaigns.signatures import services as signatures_services
    from campaigns.signatures.models import Signature
    from cosign.celery import app as celery_app

    owner = User.objects.create_user("bench@cosign.test", "x")
    campaign = letters_services.campaign_create(owner=owner, title="Benchmark letter")
    Campaign.objects.filter(pk=campaign.pk).update(
        draft_markdown="We ask you to act.", allows_individuals=True, requires_approval=False,
        deadline=django_now() + django_days(30),
    )  # fmt: skip
    Recipient.objects.create(campaign=campaign, name="The President", address="Washington")
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    letters_services.campaign_publish(campaign=Campaign.objects.get(pk=campaign.pk), user=owner)
    slug = campaign.slug

    web = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "cosign.wsgi:application", "--workers", str(args.web_workers),
         "--bind", f"127.0.0.1:{WEB_PORT}", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    processes.append(web)
    stream = subprocess.Popen(
        [str(VENV_BIN / "uvicorn"), "cosign.asgi:application", "--port", str(STREAM_PORT),
         "--no-access-log", "--lifespan", "off", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    processes.append(stream)
    wait_for_port(WEB_PORT, web, "gunicorn")
    wait_for_port(STREAM_PORT, stream, "uvicorn")
    base = f"http://127.0.0.1:{WEB_PORT}"

    # 1. Sign-ups.
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/letters/{slug}/sign/?kind=individual").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    before = Signature.objects.count()
    started = time.monotonic()
    signup = wrk(
        ["-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", "bench/signup.lua",
         f"{base}/letters/{slug}/sign/"],
        {**env, "CSRF_TOKEN": token, "CSRF_COOKIE": cookie},
    )  # fmt: skip
    elapsed = time.monotonic() - started
    stored = Signature.objects.count() - before
    queued = sum(  # every queue by kind (cosign/queues.py); the confirmations are in .emails
        int(__import__("redis").Redis.from_url(REDIS).llen(queue.name))
        for queue in celery_app.conf.task_queues
    )

    # 2. Confirm them all, one counter change at a time, then look for drift.
    ids = list(Signature.objects.filter(campaign=campaign).values_list("pk", flat=True))

    def confirm(pk: int) -> None:
        try:
            signatures_services.signature_confirm(signature_id=pk)
        finally:
            connection.close()

    started_confirm = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(confirm, ids))
    confirm_seconds = time.monotonic() - started_confirm
    rebuilt = run([sys.executable, "manage.py", "rebuild_counts", slug], env).stdout.strip()
    in_redis = counts.current(campaign.pk).total

    # 3. count.json.
    count_json = wrk(
        ["-t2", "-c64", "-d30s", "-s", "bench/get.lua", f"{base}/letters/{slug}/count.json"], env
    )

    # 4. The stream.
    stream_result = asyncio.run(
        listen(args.listeners, f"http://127.0.0.1:{STREAM_PORT}/letters/{slug}/count/stream",
               campaign.pk, stream.pid)
    )  # fmt: skip

    return {
        "signup": signup, "stored": stored, "elapsed": elapsed, "queued": queued,
        "confirmed": len(ids), "confirm_seconds": confirm_seconds, "rebuilt": rebuilt,
        "in_redis": in_redis, "count_json": count_json, "stream": stream_result,
    }  # fmt: skip


def django_now():
    from django.utils import timezone

    return timezone.now()


def django_days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


async def listen(listeners: int, url: str, campaign_id: int, pid: int) -> dict:
    import httpx
    from asgiref.sync import sync_to_async

    rss_before = rss_mib(pid)
    limits = httpx.Limits(max_connections=listeners + 10, max_keepalive_connections=0)
    ready = asyncio.Event()
    connected = 0
    arrivals: list[list[float]] = [[] for _ in range(listeners)]

    async def one(index: int, client: httpx.AsyncClient) -> None:
        nonlocal connected
        async with client.stream("GET", url) as response:
            first = True
            async for line in response.aiter_lines():
                if not line.startswith("data:"):
                    continue
                if first:
                    first = False
                    connected += 1
                    if connected == listeners:
                        ready.set()
                    continue
                arrivals[index].append(time.monotonic())

    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(60.0)) as client:
        tasks = [asyncio.create_task(one(i, client)) for i in range(listeners)]
        await asyncio.wait_for(ready.wait(), timeout=120)
        rss_connected = rss_mib(pid)
        sent_at = []
        for _ in range(5):
            await asyncio.sleep(1.0)
            sent_at.append(time.monotonic())
            await sync_to_async(approve_one, thread_sensitive=False)(campaign_id)
        await asyncio.sleep(2.0)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    latencies = []
    missing = 0
    for received in arrivals:
        for n, started in enumerate(sent_at):
            if n < len(received):
                latencies.append((received[n] - started) * 1000)
            else:
                missing += 1
    latencies.sort()
    return {
        "listeners": listeners, "events": len(latencies), "missing": missing,
        "p50": statistics.median(latencies), "p99": latencies[int(len(latencies) * 0.99) - 1],
        "max": latencies[-1], "rss_before": rss_before, "rss_connected": rss_connected,
    }  # fmt: skip


def approve_one(campaign_id: int) -> None:
    """A new individual signs and confirms: one committed change that counts."""
    from django.db import connection

    from campaigns.letters.models import Campaign
    from campaigns.signatures import services as signatures_services

    campaign = Campaign.objects.get(pk=campaign_id)
    email = f"stream-{time.monotonic_ns()}@bench.example"
    signature = signatures_services.signature_create(
        campaign=campaign, version_number=1,
        details=signatures_services.SignerDetails(kind="individual", email=email, signer_name="Stream Test",
                                       city="Oakland", state="CA"),
    )  # fmt: skip
    signatures_services.signature_confirm(signature_id=signature.pk)
    connection.close()


def print_table(args: argparse.Namespace, r: dict) -> None:
    s, j, st = r["signup"], r["count_json"], r["stream"]
    rate = r["stored"] / r["elapsed"]
    print()
    print("| figure | measured | target |")
    print("| --- | --- | --- |")
    print(
        f"| sign-ups stored per second ({args.seconds} s, {args.connections} connections) | "
        f"**{rate:.0f}/s** ({r['stored']:,} stored; {s['requests'] / s['seconds']:.0f} requests/s) | ≥ 250/s |"
    )
    print(
        f"| sign-up latency p50 / p95 / p99 | {s['p50']:.0f} / {s['p95']:.0f} / {s['p99']:.0f} ms | |"
    )
    print(f"| sign-up errors (non-2xx/3xx, socket) | {s['non2xx3xx']:.0f}, {s['errors']:.0f} | 0 |")
    print(f"| confirmation emails queued in Redis, not sent | {r['queued']:,} | = stored |")
    print(
        f"| confirmations (8 threads), then `rebuild_counts` | {r['confirmed']:,} in {r['confirm_seconds']:.0f} s; {r['rebuilt'].splitlines()[0]} | zero drift |"
    )
    print(
        f"| count.json requests per second | **{j['requests'] / j['seconds']:.0f}/s** | ≥ 2,000/s |"
    )
    print(
        f"| count.json latency p50 / p99 | {j['p50']:.1f} / **{j['p99']:.1f} ms** | p99 < 50 ms |"
    )
    print(
        f"| stream: approval → event at {st['listeners']:,} listeners, p50 / p99 / max | "
        f"{st['p50']:.0f} / **{st['p99']:.0f}** / {st['max']:.0f} ms ({st['events']:,} events, {st['missing']} missed) | p99 < 1 s |"
    )
    print(
        f"| ASGI process memory, idle → {st['listeners']:,} listeners | {st['rss_before']:.0f} → {st['rss_connected']:.0f} MiB | |"
    )


if __name__ == "__main__":
    main()
