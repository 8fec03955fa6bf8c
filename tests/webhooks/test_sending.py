"""Sending: in order per endpoint, retried with growing pauses for a day, paused after
repeated failures (its owners told once), resent with the same id, within 5 seconds."""

import json
import time
import uuid
from datetime import timedelta

import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.letters.models import AuditEvent
from campaigns.webhooks import services
from campaigns.webhooks.models import Endpoint, WebhookDelivery
from campaigns.webhooks.tasks import sweep_webhooks
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry


def queue(endpoint, *events: str) -> list[WebhookDelivery]:
    """Events fanned out to the endpoint, oldest first."""
    for event in events:
        services.fan_out(
            event=event, campaign_id=endpoint.campaign_id, subject_id=endpoint.campaign_id,
            event_id=str(uuid.uuid4()), created_at=timezone.now().isoformat(),
        )  # fmt: skip
    return list(endpoint.deliveries.order_by("occurred_at", "id"))


def later(seconds: float):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_a_failure_holds_the_events_after_it_until_its_retry_so_they_arrive_in_order(
    endpoint, receiver
):
    first, second = queue(endpoint, "petition.published", "petition.closed")
    receiver.status = 500

    services.send_pending(endpoint_id=endpoint.pk)

    assert receiver.events() == ["petition.published"]  # the second was not tried
    receiver.status = 200
    services.send_pending(endpoint_id=endpoint.pk)
    assert receiver.events() == ["petition.published"]  # its retry is not due yet
    with later(60):
        services.send_pending(endpoint_id=endpoint.pk)
    assert receiver.events() == ["petition.published", "petition.published", "petition.closed"]
    ids = [json.loads(r.body)["id"] for r in receiver.requests]
    assert ids == [str(first.event_id), str(first.event_id), str(second.event_id)]


def test_retries_wait_longer_each_time_with_jitter(endpoint, receiver):
    [delivery] = queue(endpoint, "petition.published")
    receiver.status = 503
    pauses = []
    for n in range(4):
        with later(4000 * n):
            services.send_pending(endpoint_id=endpoint.pk)
            delivery.refresh_from_db()
            pauses.append((delivery.next_attempt_at - timezone.now()).total_seconds())

    assert delivery.attempts == 4 and delivery.status == "pending"
    for n, pause in enumerate(pauses):
        assert 30 * 2**n * 0.75 <= pause <= 30 * 2**n * 1.25, (n, pause)


def test_an_event_still_failing_after_24_hours_is_given_up_and_the_next_one_goes(
    endpoint, receiver
):
    first, second = queue(endpoint, "petition.published", "petition.closed")
    receiver.status = 500
    services.send_pending(endpoint_id=endpoint.pk)
    with later(23 * 3600):
        services.send_pending(endpoint_id=endpoint.pk)
    first.refresh_from_db()
    assert first.status == "pending"

    receiver.answer = b"still down"
    with later(24 * 3600 + 1):
        services.send_pending(endpoint_id=endpoint.pk)

    first.refresh_from_db()
    assert first.status == "failed" and first.attempts == 3
    receiver.status = 200
    with later(24 * 3600 + 2):
        services.send_pending(endpoint_id=endpoint.pk)
    second.refresh_from_db()
    assert second.status == "delivered"


def test_ten_failures_in_a_row_over_an_hour_pause_the_endpoint_and_email_its_owners_once(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    queue(endpoint, "petition.published")
    receiver.status = 500
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            with later(3700 * n):
                services.send_pending(endpoint_id=endpoint.pk)

    endpoint.refresh_from_db()
    assert endpoint.is_paused and endpoint.failures == 10
    assert len(receiver.requests) == 10  # a paused endpoint is not sent to
    [email] = mail.outbox
    assert email.to == ["alice@example.org"]
    assert "paused" in email.subject and f"/webhooks/{endpoint.pk}/" in email.body
    assert AuditEvent.objects.filter(subject_type="webhook", to_state="paused").count() == 1


def test_ten_quick_failures_do_not_pause_it(endpoint, receiver):
    queue(endpoint, "petition.published")
    receiver.status = 500
    for n in range(10):
        with later(200 * n):  # retries due within ~30 minutes
            WebhookDelivery.objects.update(next_attempt_at=None)
            services.send_pending(endpoint_id=endpoint.pk)

    endpoint.refresh_from_db()
    assert endpoint.failures == 10 and not endpoint.is_paused


def test_resume_sends_what_waited_in_order(endpoint, receiver):
    queue(endpoint, "petition.published", "petition.closed")
    Endpoint.objects.filter(pk=endpoint.pk).update(paused_at=timezone.now(), failures=10)
    services.send_pending(endpoint_id=endpoint.pk)
    assert receiver.requests == []

    endpoint.refresh_from_db()
    services.endpoint_resume(endpoint=endpoint, by=endpoint.owner)
    [entry] = Entry.objects.filter(kind="webhooks.send")
    outbox.send(entry.pk)  # what resume wrote down, carried out once committed

    assert receiver.events() == ["petition.published", "petition.closed"]


def test_resend_sends_the_same_event_id_and_body_again(endpoint, receiver):
    [delivery] = queue(endpoint, "petition.published")
    services.send_pending(endpoint_id=endpoint.pk)

    services.delivery_resend(delivery=delivery)
    services.send_pending(endpoint_id=endpoint.pk)

    first, again = receiver.requests
    assert first.body == again.body
    assert first.headers["webhook-id"] == again.headers["webhook-id"] == str(delivery.event_id)
    assert delivery.log.count() == 2


def test_a_test_event_goes_ahead_of_a_held_queue_and_is_tried_once(endpoint, receiver):
    queue(endpoint, "petition.published")
    receiver.status = 500
    services.send_pending(endpoint_id=endpoint.pk)

    ping = services.ping_add(endpoint=endpoint)
    assert Entry.objects.filter(kind="webhooks.send").exists()  # sent after the commit
    services.send_pending(endpoint_id=endpoint.pk)

    assert receiver.events() == ["petition.published", "ping"]
    ping.refresh_from_db()
    assert ping.status == "failed" and ping.attempts == 1
    endpoint.refresh_from_db()
    assert endpoint.failures == 1  # a test does not count towards pausing


def test_a_receiver_that_drips_its_answer_is_cut_off_at_five_seconds(endpoint, receiver):
    receiver.drip_seconds = 0.2
    [delivery] = queue(endpoint, "petition.published")

    started = time.monotonic()
    services.send_pending(endpoint_id=endpoint.pk)

    assert 4.9 < time.monotonic() - started < 6
    attempt = delivery.log.get()
    assert attempt.status_code is None and attempt.error == "no answer within 5 s"
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.next_attempt_at is not None


def test_the_log_keeps_at_most_a_kilobyte_of_the_answer(endpoint, receiver):
    receiver.answer = b"<script>alert(1)</script>" + b"x" * 5000
    [delivery] = queue(endpoint, "petition.published")

    services.send_pending(endpoint_id=endpoint.pk)

    attempt = delivery.log.get()
    assert attempt.status_code == 200 and len(attempt.response) == 1024
    assert attempt.response.startswith("<script>")


def test_a_sender_holding_the_endpoint_keeps_a_second_one_out_until_its_lease_runs_out(
    endpoint, receiver, settings
):
    queue(endpoint, "petition.published")
    assert services._claim(endpoint.pk)  # a sender that died mid-send

    services.send_pending(endpoint_id=endpoint.pk)
    assert receiver.requests == []
    assert services.due_endpoints() == []

    with later(settings.WEBHOOK_LEASE_SECONDS + 1):
        assert services.due_endpoints() == [endpoint.pk]
        services.send_pending(endpoint_id=endpoint.pk)
    assert receiver.events() == ["petition.published"]


def test_the_sweep_sends_a_retry_once_it_is_due_and_not_before(endpoint, receiver):
    queue(endpoint, "petition.published")
    receiver.status = 500
    services.send_pending(endpoint_id=endpoint.pk)
    receiver.status = 200

    assert sweep_webhooks() == 0
    with later(60):
        assert sweep_webhooks() == 1  # eager here: its task runs at once

    assert receiver.events() == ["petition.published", "petition.published"]
    assert endpoint.deliveries.get().status == "delivered"


def test_a_delivery_that_ended_a_month_ago_leaves_the_log_with_the_signers_details(
    endpoint, receiver
):
    old, recent = queue(endpoint, "petition.published", "petition.closed")
    services.send_pending(endpoint_id=endpoint.pk)
    WebhookDelivery.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=31)
    )

    sweep_webhooks()

    assert list(endpoint.deliveries.all()) == [recent]


def test_a_paused_endpoint_can_be_sent_a_test_event_while_its_events_wait(endpoint, receiver):
    queue(endpoint, "petition.published")
    Endpoint.objects.filter(pk=endpoint.pk).update(paused_at=timezone.now())

    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    assert receiver.events() == ["ping"]
    assert endpoint.deliveries.get(event="petition.published").status == "pending"


def test_an_event_fanned_out_late_still_goes_before_those_that_happened_after_it(
    endpoint, receiver
):
    queue(endpoint, "petition.closed")
    services.fan_out(  # its outbox entry waited a minute for the sweep
        event="petition.published", campaign_id=endpoint.campaign_id,
        subject_id=endpoint.campaign_id, event_id=str(uuid.uuid4()),
        created_at=(timezone.now() - timedelta(minutes=1)).isoformat(),
    )  # fmt: skip

    services.send_pending(endpoint_id=endpoint.pk)

    assert receiver.events() == ["petition.published", "petition.closed"]
