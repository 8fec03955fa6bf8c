from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns.webhooks import services
from cosign.outbox import services as outbox


@outbox.handles("webhooks.event", wanted=services.wanted)
def fan_out_event(
    *, event: str, campaign_id: int, subject_id: int, event_id: str, created_at: str
) -> None:
    for endpoint_id in services.fan_out(
        event=event, campaign_id=campaign_id, subject_id=subject_id, event_id=event_id,
        created_at=created_at,
    ):  # fmt: skip
        transaction.on_commit(lambda pk=endpoint_id: send_endpoint.delay(pk))  # type: ignore[misc]


@outbox.handles("webhooks.send")
def start_sending(*, endpoint_id: int) -> None:
    send_endpoint.delay(endpoint_id)


@outbox.handles("webhooks.paused_email")
def send_paused_email(*, endpoint_id: int) -> None:
    services.paused_email(endpoint_id=endpoint_id)


@shared_task
def send_endpoint(endpoint_id: int) -> None:
    if services.send_pending(endpoint_id=endpoint_id):
        send_endpoint.delay(endpoint_id)  # its budget spent, with more to send


@shared_task
def sweep_webhooks() -> int:
    """Retries that came due, endpoints whose sender died holding them, and old logs."""
    services.prune(finished_before=timezone.now() - timedelta(days=settings.WEBHOOK_KEEP_DAYS))
    due = services.due_endpoints()
    for endpoint_id in due:
        send_endpoint.delay(endpoint_id)
    return len(due)
