"""How long each organizer action takes on the server, on the demo letter.

    python -m bench.organizer_actions [--repeat 5] [--in-process]

Needs the demo (`manage.py seed_demo`, as `make run` loads it) in the configured database
(SQLite by default, PostgreSQL with DATABASE_URL). Posts each organizer form as the demo
organizer through Django's whole request stack in this process and prints the server time of
each (median and worst of --repeat). Tasks are published to an in-memory broker, as to Redis
in production, so what is timed is the request's own work and not the worker's; with
--in-process they run in this process after the commit: in the request, or with
OUTBOX_IN_BACKGROUND=1 by a thread, as `make run` does without REDIS_URL.
It adds letters of its own (delivered, so kept by their audit trail) and text versions of the
demo letter: run it on a scratch database.
"""

import argparse
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cosign.settings")
django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from campaigns.demo.seed import ORGANIZER_EMAIL, SLUG
from campaigns.letters.forms import CampaignSettingsForm
from campaigns.letters.models import Campaign, Recipient
from campaigns.signatures.models import Signature
from cosign.celery import app as celery_app
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry

Prepare = Callable[[int], tuple[str, dict[str, Any]]]


def settings_data(campaign: Campaign) -> dict[str, Any]:
    form = CampaignSettingsForm(instance=campaign, owner=True)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = field.widget.format_value(value) or value
    return data


def awaiting(campaign: Campaign) -> int:
    """An approved signature put back in the queue, to be decided again."""
    signature = campaign.signatures.filter(status="approved").order_by("-pk").first()
    assert signature is not None, "the demo letter has no approved signature"
    Signature.objects.filter(pk=signature.pk).update(status="confirmed")
    return signature.pk


def actions(client: Client, campaign: Campaign) -> list[tuple[str, Prepare]]:
    base = f"/dashboard/{campaign.slug}"
    version = campaign.current_version
    assert version is not None
    text = version.markdown

    def save_draft(n: int) -> tuple[str, dict[str, Any]]:
        markdown = f"{text}\n\nAdded in benchmark run {n} at {time.time()}."
        return f"{base}/letter/", {"markdown": markdown, "change_note": f"Run {n}"}

    def publish_version(n: int) -> tuple[str, dict[str, Any]]:
        # The draft is saved first, untimed; what is timed is publishing it to the signers.
        url, data = save_draft(n)
        client.post(url, data)
        reconfirm_by = (timezone.localdate() + timezone.timedelta(days=14)).isoformat()
        return f"{base}/versions/next/publish/", {
            "kind": "substantive", "reconfirm_by": reconfirm_by, "confirm": "yes",
        }  # fmt: skip

    def approve(n: int) -> tuple[str, dict[str, Any]]:
        return f"{base}/signatures/action/", {"row_action": f"approve:{awaiting(campaign)}"}

    def reject(n: int) -> tuple[str, dict[str, Any]]:
        pk = awaiting(campaign)
        return f"{base}/signatures/action/", {"action": "reject", "ids": pk, "reason": "Test"}

    def lead(n: int) -> tuple[str, dict[str, Any]]:
        pk = campaign.signatures.filter(status="approved").order_by("pk")[n].pk
        return f"{base}/signatures/action/", {"action": "lead" if n % 2 else "unlead", "ids": pk}

    return [
        ("save the settings", lambda n: (f"{base}/settings/", settings_data(campaign))),
        ("save the next version's draft", save_draft),
        ("publish it, asking to re-confirm", publish_version),
        ("generate a PDF", lambda n: (f"{base}/documents/generate/", {})),
        ("approve a signature", approve),
        ("reject a signature", reject),
        ("mark a lead signer", lead),
        ("add a recipient", lambda n: (f"{base}/recipients/add/", recipient_data(n))),
        ("invite a teammate", lambda n: (f"{base}/team/invite/", invite_data(n))),
    ]


def recipient_data(n: int) -> dict[str, Any]:
    return {"name": f"Bench recipient {n}", "email": f"bench{n}@example.org", "channel": "email"}


def invite_data(n: int) -> dict[str, Any]:
    return {"email": f"bench-teammate-{n}@example.org", "role": "editor"}


def time_post(client: Client, url: str, data: dict[str, Any]) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(url, data)
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, (url, response.status_code)
    if settings.OUTBOX_IN_BACKGROUND:
        # Let the thread finish what the action left it before the next action is timed.
        limit = time.monotonic() + 120
        while Entry.objects.filter(sent_at=None).exists() and time.monotonic() < limit:
            time.sleep(0.05)
    return elapsed, len(queries.captured_queries)


def report(label: str, times: list[float], queries: int) -> None:
    median, worst = statistics.median(times), max(times)
    print(f"  {label:28} median {median:7.1f} ms   max {worst:7.1f} ms   {queries} queries")


def new_letter_actions(client: Client, owner: User, repeat: int) -> None:
    """A letter of its own: created, published, closed, delivered; `repeat` times."""
    timings: dict[str, list[float]] = {}
    queries: dict[str, int] = {}
    for n in range(repeat):
        steps: list[tuple[str, str, dict[str, Any]]] = [
            ("start a new letter", "/dashboard/new/", {"title": f"Bench letter {n} {time.time()}"})
        ]
        for label, url, data in steps:
            elapsed, queries[label] = time_post(client, url, data)
            timings.setdefault(label, []).append(elapsed)
        campaign = Campaign.objects.filter(members__user=owner).latest("created_at")
        base = f"/dashboard/{campaign.slug}"
        client.post(f"{base}/letter/", {"markdown": "We ask you to act.\n\nThank you."})
        Recipient.objects.create(
            campaign=campaign, name="Bench recipient", email="bench@example.org", channel="email"
        )
        Campaign.objects.filter(pk=campaign.pk).update(
            deadline=timezone.now() + timezone.timedelta(days=30)
        )
        for label, url in [
            ("publish a letter", f"{base}/publish/"),
            ("close a letter", f"{base}/close/"),
            ("start its delivery", f"{base}/delivery/start/"),
        ]:
            # Posted from the page that says what it will do (the others ignore the field).
            elapsed, count = time_post(client, url, {"confirm": "yes"})
            timings.setdefault(label, []).append(elapsed)
            queries[label] = count
    for label, times in timings.items():
        report(label, times, queries[label])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS.append("testserver")
    settings.DEBUG = False
    outbox.load_handlers()  # as a web server does when it starts
    if not args.in_process:
        # Publish to an in-memory broker: what is timed is our work, not a network round trip.
        celery_app.conf.task_always_eager = False
        celery_app.conf.broker_url = "memory://"
    campaign = Campaign.objects.get(slug=SLUG)
    owner = User.objects.get(email=ORGANIZER_EMAIL)
    client = Client()
    client.force_login(owner)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    mode = "tasks queued"
    if args.in_process:
        mode = "tasks in a thread" if settings.OUTBOX_IN_BACKGROUND else "tasks in the request"
    print(f"{engine}, {mode}: the demo letter, {campaign.signatures.count()} signatures")
    recipients = set(campaign.recipients.values_list("pk", flat=True))
    invitations = set(campaign.invitations.values_list("pk", flat=True))
    entries = Entry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        for label, prepare in actions(client, campaign):
            times, count = [], 0
            for n in range(args.repeat + 1):
                url, data = prepare(n)
                elapsed, count = time_post(client, url, data)
                times.append(elapsed)
            report(label, times[1:], count)  # the first warms caches and connections
        new_letter_actions(client, owner, args.repeat)
    finally:
        campaign.recipients.exclude(pk__in=recipients).delete()
        campaign.invitations.exclude(pk__in=invitations).delete()
        campaign.signatures.filter(status__in=("confirmed", "rejected")).update(
            status="approved", rejection_reason=""
        )
        if not args.in_process:
            Entry.objects.filter(pk__gt=entries, sent_at=None).delete()


if __name__ == "__main__":
    main()
