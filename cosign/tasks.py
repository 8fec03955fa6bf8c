from typing import Any

from celery import shared_task

from cosign.celery import Task as CeleryTask
from cosign.emails import message_from_dict


@shared_task(
    autoretry_for=(OSError, *CeleryTask.autoretry_for),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=8,
)
def send_email(message: dict[str, Any]) -> None:
    message_from_dict(message).send()
