"""The audit trail: every change of state, recorded in the same transaction as the change."""

from typing import Any

from django.db.models import Model

from accounts.models import User
from campaigns.letters.models import AuditEvent, Campaign, LetterVersion

# By model label: signatures and deliveries belong to the apps above this one, which record
# their changes here without this app importing them.
SUBJECTS: dict[str, str] = {
    "letters.campaign": AuditEvent.Subject.CAMPAIGN,
    "letters.letterversion": AuditEvent.Subject.VERSION,
    "signatures.signature": AuditEvent.Subject.SIGNATURE,
    "delivery.delivery": AuditEvent.Subject.DELIVERY,
    "webhooks.endpoint": AuditEvent.Subject.WEBHOOK,
}


def audit_record(
    subject: Model,
    *,
    from_state: str,
    to_state: str,
    by: User | None = None,
    by_label: str = "",
    reason: str = "",
) -> AuditEvent:
    """`subject` is a Campaign, LetterVersion, Signature, Delivery or webhook Endpoint."""
    campaign_id = subject.pk if isinstance(subject, Campaign) else _campaign_id(subject)
    return AuditEvent.objects.create(
        campaign_id=campaign_id,
        actor=by,
        actor_label=by.email if by else by_label,
        subject_type=SUBJECTS[subject._meta.label_lower],
        subject_id=subject.pk,
        subject_label=_label(subject)[:300],
        from_state=from_state,
        to_state=to_state,
        reason=reason[:2000],
    )


def _campaign_id(subject: Any) -> int:
    return subject.campaign_id


def _label(subject: Any) -> str:
    if isinstance(subject, Campaign):
        return f"Letter “{subject.title}”"
    if isinstance(subject, LetterVersion):
        return f"Text version {subject.number}"
    if SUBJECTS[subject._meta.label_lower] == AuditEvent.Subject.SIGNATURE:
        return f"Signature #{subject.pk} ({subject.name})"
    if SUBJECTS[subject._meta.label_lower] == AuditEvent.Subject.WEBHOOK:
        return f"Webhook endpoint {subject.url}"
    return f"Delivery #{subject.pk} to {subject.recipient}"
