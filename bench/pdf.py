"""`make bench-pdf`: render letters of 146 to 100,000 signers through real Celery workers.

    python -m bench.pdf [--sizes 146,1000,10000,100000] [--workers 1,2] [--storage local|s3]

For each number of worker processes and each size: a fresh worker (`celery worker
--concurrency=W`, so its peak memory is this render's), a fresh chunk store (so the render is
a full one), then the time from asking for the PDF to its being ready, its pages and bytes,
and the peak RSS of every worker process. Then, on the same letter: one signer appended at the
end of the order, and one inserted in the middle (alphabetically), each re-rendered.
Needs PostgreSQL and Redis on this machine; prints a Markdown table for docs/benchmarks.md.
With `--storage s3`, every part and letter goes to moto's S3 server (started here, on
loopback: the same 2 cores) instead of the local disk, a fresh prefix for each render.
"""

import argparse
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
FIRST = ["Zoe", "Luis", "Nydia", "Steny", "Linda", "Michelle", "Barbara", "John", "Maxine",
         "Raúl", "José", "Grace", "Jan", "Bobby", "Marcy", "Yvette", "Adriano", "Frederica"]  # fmt: skip
LAST = ["Lofgren", "Gutiérrez", "Velázquez", "Hoyer", "Sánchez", "Lujan Grisham", "Lee",
        "Lewis", "Waters", "Grijalva", "Serrano", "Napolitano", "Schakowsky", "Rush", "Kaptur",
        "Clarke", "Espaillat", "Wilson", "Roybal-Allard", "Cárdenas"]  # fmt: skip
STATES = ["CA", "NY", "IL", "TX", "MD", "FL", "NM", "AZ", "OH", "GA", "MA", "WA", "DC", "PR"]


def rss_peaks(worker: subprocess.Popen) -> list[float]:
    """Peak resident memory (MiB) of the worker's main process and its pool processes."""
    pids = [worker.pid] + [
        int(pid)
        for pid in subprocess.run(
            ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def start_worker(env: dict[str, str], concurrency: int) -> subprocess.Popen:
    from cosign.celery import app

    app.control.purge()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cosign", "worker", "--loglevel=WARNING",
         f"--concurrency={concurrency}", "--without-mingle", "--without-gossip",
         "--hostname", f"bench-{concurrency}-{time.monotonic_ns()}@%h"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return worker
    raise SystemExit("the Celery worker did not start")


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


@contextlib.contextmanager
def s3_server():
    """moto's S3 server on a free loopback port, with an empty bucket; its endpoint."""
    import boto3

    port = next(port for port in range(5150, 5200) if _free(port))
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        while _free(port):
            if server.poll() is not None:
                raise SystemExit("moto_server did not start")
            time.sleep(0.1)
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(
            Bucket="cosign-bench"
        )
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=15)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def make_letter(size: int):
    from allauth.account.models import EmailAddress
    from django.utils import timezone

    from accounts.models import User
    from campaigns.letters import services as letters_services
    from campaigns.letters.models import Campaign, Recipient
    from campaigns.signatures import counts
    from campaigns.signatures.models import Signature

    owner, created = User.objects.get_or_create(email="bench@cosign.test")
    if created:
        EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    campaign = letters_services.campaign_create(
        owner=owner, title=f"A letter with {size:,} signers"
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        draft_markdown=(ROOT / "campaigns" / "demo" / "letter.md").read_text(),
        deadline=timezone.now() + timezone.timedelta(days=30),
        letterhead="Congress of the United States",
    )
    Recipient.objects.create(
        campaign=campaign, name="President Barack Obama", organization="The White House",
        address="1600 Pennsylvania Avenue NW\nWashington, DC 20500",
    )  # fmt: skip
    letters_services.campaign_publish(campaign=Campaign.objects.get(pk=campaign.pk), user=owner)
    campaign = Campaign.objects.get(pk=campaign.pk)
    version = campaign.current_version
    rng = random.Random(size)
    batch = []
    for n in range(size):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        # Distinct sort names with gaps, so that one can be inserted between any two.
        name = f"{first} {last} {n * 2:06d}" if size > 400 else f"{first} {last}"
        batch.append(
            Signature(
                campaign=campaign, version=version, kind="legislator", status="approved",
                verification="house_email",
                name=name, title="Rep.", chamber="house", party=rng.choice("DDDRI"),
                state=rng.choice(STATES), sort_name=f"{last.lower()} {n * 2:06d}",
                list_group=Signature.Group.HOUSE, is_lead=n < 3, lead_position=n if n < 3 else 0,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Signature.objects.bulk_create(batch)
            batch = []
    Signature.objects.bulk_create(batch)
    counts.rebuild(campaign.pk)
    return campaign


def add_signer(campaign, sort_name: str) -> None:
    from campaigns.signatures.models import Signature

    Signature.objects.create(
        campaign=campaign, version=campaign.current_version, kind="legislator", status="approved",
        verification="house_email",
 name=f"New Signer {sort_name}", title="Rep.", chamber="house",
        party="D", state="CA", sort_name=sort_name, list_group=Signature.Group.HOUSE,
    )  # fmt: skip


def render(campaign) -> dict:
    from campaigns.documents import services as documents_services

    started = time.monotonic()
    document = documents_services.document_request(campaign=campaign)
    while True:
        document.refresh_from_db()
        if document.status in ("ready", "failed"):
            break
        time.sleep(0.05)
    if document.status != "ready":
        raise SystemExit(f"rendering failed: {document.error}")
    return {
        "seconds": time.monotonic() - started, "pages": document.pages, "bytes": document.bytes,
        "chunks": document.chunks_total, "rendered": document.chunks_rendered,
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="146,1000,10000,100000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--storage", choices=["local", "s3"], default="local")
    args = parser.parse_args()
    if args.storage == "s3":
        # moto takes any credentials; boto3 must not ask the network for an instance role.
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench",  # noqa: S106
                          AWS_EC2_METADATA_DISABLED="true")  # fmt: skip
        with s3_server() as endpoint:
            run(args, endpoint)
    else:
        run(args, None)


def run(args: argparse.Namespace, endpoint: str | None) -> None:
    sizes = [int(size) for size in args.sizes.split(",")]
    worker_counts = [int(n) for n in args.workers.split(",")]

    database = f"cosign_bench_pdf_{int(time.time())}"
    media = Path(tempfile.mkdtemp(prefix="cosign-bench-pdf-"))
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "cosign.settings", "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50, "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": REDIS, "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "0",
    }  # fmt: skip
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
        pg.execute(f'CREATE DATABASE "{database}"')
    os.environ.update(env)
    results: list[tuple] = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                       check=True, capture_output=True)  # fmt: skip
        import django

        django.setup()
        letters = {size: make_letter(size) for size in sizes}
        for workers in worker_counts:
            for size in sizes:
                store = media / f"w{workers}-n{size}"
                run_env = {**env, "MEDIA_ROOT": str(store)}
                if endpoint:
                    run_env["STORAGE_URL"] = (
                        f"s3://cosign-bench/w{workers}-n{size}?endpoint_url={endpoint}"
                        "&region=us-east-1"
                    )
                worker = start_worker(run_env, workers)
                try:
                    full = render(letters[size])
                    peaks = rss_peaks(worker)
                    row = [workers, size, full, peaks]
                    if workers == max(worker_counts):
                        add_signer(letters[size], "zzzzzz")
                        row.append(render(letters[size]))
                        add_signer(letters[size], "lofgren 000001")  # between two Lofgrens
                        row.append(render(letters[size]))
                    results.append(tuple(row))
                    print(
                        f"workers={workers} signers={size:,}: {full}, peak RSS {max(peaks):.0f} MiB",
                        flush=True,
                    )
                finally:
                    stop(worker)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(media)], check=False)
    print()
    print(f"Storage: {'S3 (moto on loopback)' if endpoint else 'local disk'}")
    print(
        "| signers | workers | full render | pages | size | chunks | peak RSS per worker process | + 1 appended | + 1 inserted |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in results:
        workers, size, full, peaks = row[:4]
        refresh = ""
        if len(row) > 4:
            appended, inserted = row[4], row[5]
            refresh = (
                f"{appended['seconds']:.1f} s ({appended['rendered']} of {appended['chunks']} chunks) | "
                f"{inserted['seconds']:.1f} s ({inserted['rendered']} of {inserted['chunks']} chunks)"
            )
        else:
            refresh = "| "
        pool = ", ".join(f"{peak:.0f}" for peak in sorted(peaks)[1:]) or f"{peaks[0]:.0f}"
        print(
            f"| {size:,} | {workers} | **{full['seconds']:.1f} s** | {full['pages']:,} | "
            f"{_size(full['bytes'])} | {full['chunks']} | {pool} MiB | {refresh} |"
        )


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} kB"


if __name__ == "__main__":
    main()
