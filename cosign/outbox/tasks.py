from typing import Any

from celery import shared_task

from cosign.emails import message_from_dict
from cosign.outbox import services


@shared_task
def send_entry(entry_id: int, kind: str = "") -> bool:
    # `kind` is for the router (cosign/queues.py) and the log; the entry's row has its own.
    return services.send(entry_id)


@shared_task
def sweep_outbox() -> int:
    return services.sweep()


@services.handles("email")
def send_email(message: dict[str, Any]) -> None:
    """An email rendered in a request (allauth's), sent from here."""
    message_from_dict(message).send()
