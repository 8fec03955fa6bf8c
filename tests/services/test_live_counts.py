"""The live count on real Redis, PostgreSQL and a worker: exact under concurrency, restored
after data loss, pushed to a real HTTP client by the ASGI server."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.db import connection

from campaigns.signatures import counts, services
from campaigns.signatures.models import Milestone, Signature
from cosign import redis as cosign_redis
from cosign.outbox.models import Entry
from cosign.outbox.tasks import send_entry
from tests.events import events
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

STATES = ["CA", "NY", "TX", "VT", "MD", "IL"]


def members(n: int):
    return [
        make_legislator(
            f"T{i:06}", display_name=f"Member {i}", last_name=f"Member{i}",
            chamber="senate" if i % 4 == 0 else "house", title="Sen." if i % 4 == 0 else "Rep.",
            state=STATES[i % len(STATES)], party=["Democrat", "Republican", "Independent"][i % 3],
        )
        for i in range(n)
    ]  # fmt: skip


def in_threads(work, items, threads=8):
    def run(item):
        try:
            return work(item)
        finally:
            connection.close()

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(run, items))


def test_counters_equal_the_database_after_concurrent_changes(celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice, requires_approval=True)
    legislators = members(60)

    def sign(legislator):
        details = services.SignerDetails(
            kind="legislator", legislator=legislator, signer_name="Staffer", attested=True,
            email=f"staff.{legislator.bioguide_id.lower()}@mail.house.gov",
        )  # fmt: skip
        signature = services.signature_create(campaign=campaign, version_number=1, details=details)
        return services.signature_confirm(signature_id=signature.pk)

    signed = in_threads(sign, [m for m in legislators if m.chamber == "house"])
    assert all(s.status == "confirmed" for s in signed)
    in_threads(lambda s: services.signature_approve(signature=s, by=alice), signed)
    assert counts.current(campaign.pk).total == len(signed)

    random.seed(4)
    random.shuffle(signed)
    rejected, withdrawn = signed[:8], signed[8:16]
    operations = [("reject", s) for s in rejected] + [("withdraw", s) for s in withdrawn]
    operations += [("approve", s) for s in signed[16:24]]  # already approved: no change

    def apply(operation):
        action, signature = operation
        if action == "reject":
            services.signature_reject(signature=signature, by=alice, reason="")
        elif action == "withdraw":
            services.signature_withdraw(signature_id=signature.pk)
        else:
            services.signature_approve(signature=signature, by=alice)

    in_threads(apply, operations)

    in_redis = counts.current(campaign.pk)
    in_database = counts.tally_from_database(campaign.pk)
    assert in_redis.total == Signature.objects.counted().filter(campaign=campaign).count()
    assert in_redis.fields() == in_database.fields()
    assert counts.rebuild(campaign.pk).drift == {}


def test_reconciliation_restores_exact_counts_after_redis_loses_them(celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice)
    for legislator in members(12):
        add_signature(campaign, legislator)
    expected = counts.tally_from_database(campaign.pk).fields()
    assert counts.rebuild(campaign.pk).tally.fields() == expected

    redis = cosign_redis.connection()
    for key in redis.scan_iter("cosign:tally:*"):  # what a restart without persistence does
        redis.delete(key)
    redis.hset(
        counts.tally_key(campaign.pk), mapping={"total": 999, "state:CA": 7}
    )  # and a wrong one

    from campaigns.signatures.tasks import reconcile_counts

    corrected = reconcile_counts.delay().get(timeout=30)  # the periodic task, run by the worker

    assert corrected[campaign.slug]["total"] == 999 - 12
    assert counts.current(campaign.pk).fields() == expected


def test_each_milestone_email_goes_out_once_under_duplicate_delivery(celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice)
    Signature.objects.bulk_create(
        [
            Signature(
                campaign=campaign, version=campaign.current_version, kind="individual",
                status="approved", verification="email",
 name=f"Person {i}", sort_name=f"person {i}",
                list_group=Signature.Group.INDIVIDUALS,
            )
            for i in range(99)
        ]
    )  # fmt: skip
    counts.rebuild(campaign.pk)
    celery_worker.clear_outbox()
    hundredth = add_signature(campaign, make_legislator(), status="confirmed")

    services.signature_approve(signature=hundredth, by=alice)
    milestone = Milestone.objects.get(campaign=campaign, count=100)
    # The same task delivered again and again, to whichever process picks it up.
    announcement = Entry.objects.get(key=f"milestone:{milestone.pk}")
    results = [send_entry.delay(announcement.pk) for _ in range(5)]
    for result in results:
        result.get(timeout=30)

    emails = [m for m in celery_worker.wait_for_emails(2) if "Over 100" in m["Subject"]]
    assert len(emails) == 1
    assert emails[0]["To"] == "alice@example.org"


def test_the_stream_sends_the_count_then_each_change(asgi_server, celery_worker):
    alice = make_user("alice@example.org")
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator())
    waiting = add_signature(campaign, make_legislator("H000874"), status="confirmed")
    counts.rebuild(campaign.pk)
    url = f"{asgi_server}/letters/{campaign.slug}/count/stream"

    with httpx.stream("GET", url, timeout=httpx.Timeout(10.0)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        stream = events(response)
        assert next(stream) == ("count", {**next_count(campaign, 1)})

        def approve():
            try:
                services.signature_approve(signature=waiting, by=alice)
            finally:
                connection.close()

        approver = threading.Timer(0.3, approve)
        approver.start()
        kind, fields = next(stream)
        approver.join()

    assert kind == "count"
    assert fields["count"] == 2
    assert fields["by_party"] == {"D": 2}


def next_count(campaign, total):
    tally = counts.current(campaign.pk)
    assert tally.total == total
    return counts.stream_fields(tally)


def test_the_stream_of_a_draft_is_not_found(asgi_server):
    # A title of its own: the stream remembers the letters it has served by their address.
    draft = make_open_campaign(make_user("alice@example.org"), title="A letter still in draft")
    draft.status = "draft"
    draft.save()
    response = httpx.get(f"{asgi_server}/letters/{draft.slug}/count/stream", timeout=10)
    assert response.status_code == 404


def test_healthz_sees_the_database_redis_and_the_worker(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == "ok" and checks["redis"] == "ok"
    assert checks["worker"] == "ok (a worker answered)"


def test_an_idle_stream_sends_heartbeats(asgi_server):
    campaign = make_open_campaign(make_user("alice@example.org"), title="A quiet letter")
    url = f"{asgi_server}/letters/{campaign.slug}/count/stream"
    with httpx.stream("GET", url, timeout=httpx.Timeout(10.0)) as response:
        lines = response.iter_lines()
        seen = [next(lines) for _ in range(8)]
    assert "event: count" in seen
    assert ": heartbeat" in seen  # the test server beats every second, production every 15
