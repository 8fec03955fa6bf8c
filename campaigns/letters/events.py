"""What happened to a letter, said once for whoever listens (the webhooks app fans it out).

Letters is the lowest app that has events, so every app above says them through here. Called
in the workflow's transaction; `key` names the change itself, so a workflow run again does
not say it twice. When nobody listens to the letter, it costs one query and writes nothing."""

import uuid

from django.utils import timezone

from cosign.outbox import services as outbox


def event_add(event: str, *, campaign_id: int, subject_id: int, key: str) -> bool:
    return outbox.add(
        "webhooks.event",
        key=f"event:{event}:{key}",
        event=event,
        campaign_id=campaign_id,
        subject_id=subject_id,
        event_id=str(uuid.uuid4()),
        created_at=timezone.now().isoformat(),
    )
