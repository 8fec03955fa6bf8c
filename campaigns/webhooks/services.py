"""Endpoints and the sending of events to them.

An event (an outbox entry of the kind "webhooks.event") is fanned out to the endpoints that
want it: one delivery row each, unique by endpoint and event id. One sender at a time holds an
endpoint (a lease, renewed before each attempt) and sends its pending deliveries in the order
the events happened; a failure stops it there, so the next event never overtakes one that
failed. No transaction is open during an attempt; a sender that dies leaves the lease to run
out, and the sweep sends the same delivery again, with the same event id."""

import logging
import random
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.letters.services.audit import audit_record
from campaigns.webhooks import client, payloads, signing
from campaigns.webhooks.models import PING, Attempt, Endpoint, WebhookDelivery, new_secret
from cosign import emails
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
BATCH = 100


def listening(campaign_id: int) -> QuerySet[Endpoint]:
    """The letter's own endpoints, and those of its owners for all their letters."""
    # Two index lookups, one for each kind (an OR across a join to the memberships made
    # PostgreSQL scan them all: 1.7 ms at 9,000, on the sign-up path).
    owners = CampaignMember.objects.filter(
        campaign_id=campaign_id, role=CampaignMember.Role.OWNER
    ).values("user_id")
    own = Endpoint.objects.filter(campaign_id=campaign_id).order_by()
    return own.union(
        Endpoint.objects.filter(campaign=None, owner_id__in=owners).order_by(), all=True
    )


def wanted(*, event: str, campaign_id: int, **_target: object) -> bool:
    """Asked as the event is written: one query, and no row when nobody listens."""
    return any(
        event in events for events in listening(campaign_id).values_list("events", flat=True)
    )


def fan_out(
    *, event: str, campaign_id: int, subject_id: int, event_id: str, created_at: str
) -> list[int]:
    """A delivery of the event for each endpoint that wants it; the endpoints' ids."""
    endpoints = [e for e in listening(campaign_id) if event in e.events]
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if not endpoints or campaign is None:
        return []
    if (
        event == "tracker.changed"
        and not campaign.targets.filter(legislator_id=subject_id).exists()
    ):
        return []  # an office's sign-on, but the office is not on the team's tracker
    body = payloads.body(
        event=event, campaign=campaign, subject_id=subject_id, event_id=event_id,
        created_at=created_at,
    )  # fmt: skip
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event_id=event_id,
                event=event,
                body=body,
                occurred_at=datetime.fromisoformat(created_at),
            )
            for endpoint in endpoints
        ],
        ignore_conflicts=True,
    )
    return [endpoint.pk for endpoint in endpoints]


def ping_add(*, endpoint: Endpoint) -> WebhookDelivery:
    """A test event, tried once, ahead of the endpoint's other events."""
    event_id = str(uuid.uuid4())
    payload_body = payloads.body(
        event=PING, campaign=endpoint.campaign, subject_id=0, event_id=event_id,
        created_at=timezone.now().isoformat(),
    )  # fmt: skip
    with transaction.atomic():
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event_id=event_id, event=PING, body=payload_body
        )
        send_soon(endpoint)
    return delivery


def send_soon(endpoint: Endpoint) -> None:
    """Its sender starts after the commit (an outbox entry: never sent from a request)."""
    outbox.add("webhooks.send", key=f"webhook-send:{endpoint.pk}:{uuid.uuid4().hex}",
               endpoint_id=endpoint.pk)  # fmt: skip


def send_pending(*, endpoint_id: int, budget_seconds: float = 60.0) -> bool:
    """Send the endpoint's due deliveries, oldest first, while it answers 2xx. True if some
    are still due at the end (the caller queues another round)."""
    if not _claim(endpoint_id):
        return False
    deadline = time.monotonic() + budget_seconds
    try:
        while time.monotonic() < deadline:
            delivery = next_due(endpoint_id)
            if delivery is None:
                break
            _renew(endpoint_id)
            if not attempt(delivery) and delivery.event != PING:
                return False  # the next waits for this one's retry: order holds
    finally:
        Endpoint.objects.filter(pk=endpoint_id).update(leased_until=None)
    # An event fanned out while we held the endpoint had its own task turned away: it goes
    # in the next round, not at the next sweep.
    return next_due(endpoint_id) is not None


def _claim(endpoint_id: int) -> bool:
    now = timezone.now()
    return bool(
        Endpoint.objects.filter(
            Q(leased_until=None) | Q(leased_until__lte=now), pk=endpoint_id
        ).update(leased_until=now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS))
    )


def _renew(endpoint_id: int) -> None:
    Endpoint.objects.filter(pk=endpoint_id).update(
        leased_until=timezone.now() + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    )


def next_due(endpoint_id: int) -> WebhookDelivery | None:
    """A test event first (a paused endpoint may be tested before it is resumed); then, unless
    it is paused, the oldest pending delivery, if its time has come."""
    now = timezone.now()
    pending = WebhookDelivery.objects.select_related("endpoint").filter(
        endpoint_id=endpoint_id, status=Status.PENDING
    )
    ping = pending.filter(event=PING).order_by("occurred_at", "id").first()
    if ping is not None:
        return ping
    if Endpoint.objects.filter(pk=endpoint_id).exclude(paused_at=None).exists():
        return None
    head = pending.exclude(event=PING).order_by("occurred_at", "id").first()
    if head is None or (head.next_attempt_at is not None and head.next_attempt_at > now):
        return None
    return head


def attempt(delivery: WebhookDelivery) -> bool:
    """One POST of the delivery, logged; True if the endpoint answered 2xx."""
    endpoint = delivery.endpoint
    event_id = str(delivery.event_id)
    headers = signing.headers(
        endpoint.secret_bytes(), event_id=event_id, timestamp=int(time.time()), body=delivery.body
    )
    at, started = timezone.now(), time.monotonic()
    status: int | None = None
    error = excerpt = ""
    try:
        answer = client.post(
            endpoint.url, delivery.body.encode(), headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        )  # fmt: skip
        status, excerpt = answer.status, answer.excerpt
    except (client.Refused, client.SendError) as problem:
        error = str(problem)[:300]
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = status is not None and 200 <= status < 300
    try:
        with transaction.atomic():
            Attempt.objects.create(
                delivery=delivery, at=at, status_code=status, error=error,
                duration_ms=duration_ms, response=excerpt,
            )  # fmt: skip
            _settle(delivery, succeeded)
    except (IntegrityError, Endpoint.DoesNotExist):
        logger.info("Webhook endpoint %s was deleted while it was sent to", endpoint.pk)
        return False
    return succeeded


def _settle(delivery: WebhookDelivery, succeeded: bool) -> None:
    now = timezone.now()
    delivery.attempts += 1
    if succeeded:
        delivery.status, delivery.finished_at, delivery.next_attempt_at = (
            Status.DELIVERED,
            now,
            None,
        )
    elif delivery.event == PING or now - delivery.created_at >= timedelta(
        hours=settings.WEBHOOK_GIVE_UP_HOURS
    ):
        delivery.status, delivery.finished_at, delivery.next_attempt_at = Status.FAILED, now, None
    else:
        delivery.next_attempt_at = now + timedelta(seconds=retry_pause(delivery.attempts))
    delivery.save(update_fields=["attempts", "status", "finished_at", "next_attempt_at"])
    if delivery.event != PING:
        _count(delivery.endpoint, succeeded, now)


def retry_pause(attempts: int) -> float:
    """30 s, 1 min, 2 min … at most an hour apart, with jitter so that endpoints that failed
    together do not all come back at once."""
    base = min(3600.0, settings.WEBHOOK_RETRY_SECONDS * 2 ** max(0, attempts - 1))
    return base * random.uniform(0.75, 1.25)  # noqa: S311 - jitter, not secrecy


def _count(endpoint: Endpoint, succeeded: bool, now: datetime) -> None:
    """Consecutive failures; past WEBHOOK_PAUSE_AFTER_FAILURES spanning at least
    WEBHOOK_PAUSE_AFTER_SECONDS, the endpoint is paused and its owners told, once."""
    locked = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if succeeded:
        locked.failures, locked.failing_since = 0, None
        locked.save(update_fields=["failures", "failing_since"])
        return
    locked.failures += 1
    locked.failing_since = locked.failing_since or now
    fields = ["failures", "failing_since"]
    if (
        locked.paused_at is None
        and locked.failures >= settings.WEBHOOK_PAUSE_AFTER_FAILURES
        and now - locked.failing_since >= timedelta(seconds=settings.WEBHOOK_PAUSE_AFTER_SECONDS)
    ):
        locked.paused_at = now
        fields.append("paused_at")
        _record(locked, from_state="active", to_state="paused", by_label="Cosign",
                reason=f"{locked.failures} failed attempts in a row")  # fmt: skip
        outbox.add("webhooks.paused_email", key=f"webhook-paused:{locked.pk}:{now.isoformat()}",
                   endpoint_id=locked.pk)  # fmt: skip
    locked.save(update_fields=fields)


def paused_email(*, endpoint_id: int) -> None:
    endpoint = Endpoint.objects.select_related("campaign", "owner").filter(pk=endpoint_id).first()
    if endpoint is None or endpoint.paused_at is None:
        return
    to = owner_emails(endpoint)
    emails.render_email(
        "webhook_paused",
        {
            "endpoint": endpoint,
            "url": settings.SITE_URL + reverse("webhooks:webhook", args=[endpoint.pk]),
        },
        to=to,
    ).send()


def owner_emails(endpoint: Endpoint) -> list[str]:
    if endpoint.campaign_id is None:
        return [endpoint.owner.email]
    return sorted(
        CampaignMember.objects.filter(
            campaign_id=endpoint.campaign_id, role=CampaignMember.Role.OWNER
        ).values_list("user__email", flat=True)
    )


def due_endpoints() -> list[int]:
    """Endpoints with a delivery due and no sender holding them: what the sweep sends."""
    now = timezone.now()
    return list(
        Endpoint.objects.filter(
            Q(leased_until=None) | Q(leased_until__lte=now),
            Q(deliveries__next_attempt_at=None) | Q(deliveries__next_attempt_at__lte=now),
            paused_at=None,
            deliveries__status=Status.PENDING,  # in one filter(): the same delivery
        )
        .values_list("pk", flat=True)
        .distinct()[:BATCH]
    )


def prune(*, finished_before: datetime) -> int:
    """Forget deliveries (and their logs) that ended before then: their bodies hold signers'
    contact details, kept no longer than the log is useful. How many went."""
    deleted, _ = WebhookDelivery.objects.filter(finished_at__lt=finished_before).delete()
    return deleted


# The owners' actions.


def endpoint_create(
    *, owner: User, campaign: Campaign | None, url: str, events: list[str]
) -> Endpoint:
    client.check_url(url)
    with transaction.atomic():
        endpoint = Endpoint.objects.create(owner=owner, campaign=campaign, url=url, events=events)
        _record(endpoint, from_state="", to_state="added", by=owner, reason=url)
    return endpoint


def endpoint_delete(*, endpoint: Endpoint, by: User) -> None:
    with transaction.atomic():
        _record(endpoint, from_state="active", to_state="deleted", by=by, reason=endpoint.url)
        endpoint.delete()


def endpoint_resume(*, endpoint: Endpoint, by: User) -> None:
    with transaction.atomic():
        updated = (
            Endpoint.objects.filter(pk=endpoint.pk)
            .exclude(paused_at=None)
            .update(paused_at=None, failures=0, failing_since=None)
        )
        if updated:
            _record(endpoint, from_state="paused", to_state="active", by=by)
            # What waited while it was paused goes now, in order.
            endpoint.deliveries.filter(status=Status.PENDING).update(next_attempt_at=None)
            send_soon(endpoint)


def secret_rotate(*, endpoint: Endpoint) -> str:
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    return endpoint.secret


def delivery_resend(*, delivery: WebhookDelivery) -> None:
    """The same event (the same id, the same body) again, as a new attempt."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.PENDING, next_attempt_at=None, finished_at=None
        )
        send_soon(delivery.endpoint)


def _record(endpoint: Endpoint, **change: object) -> None:
    """Per-letter endpoints are in their letter's audit trail."""
    if endpoint.campaign_id is not None:
        audit_record(endpoint, **change)  # type: ignore[arg-type]
