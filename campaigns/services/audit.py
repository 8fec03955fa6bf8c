"""The audit trail: every change of state, recorded in the same transaction as the change."""

from django.db.models import Model

from accounts.models import User
from campaigns.models import AuditEvent, Campaign, Delivery, LetterVersion, Signature

SUBJECTS: dict[type[Model], str] = {
    Campaign: AuditEvent.Subject.CAMPAIGN,
    LetterVersion: AuditEvent.Subject.VERSION,
    Signature: AuditEvent.Subject.SIGNATURE,
    Delivery: AuditEvent.Subject.DELIVERY,
}


def audit_record(
    subject: Campaign | LetterVersion | Signature | Delivery,
    *,
    from_state: str,
    to_state: str,
    by: User | None = None,
    by_label: str = "",
    reason: str = "",
) -> AuditEvent:
    campaign_id = subject.pk if isinstance(subject, Campaign) else subject.campaign_id
    return AuditEvent.objects.create(
        campaign_id=campaign_id,
        actor=by,
        actor_label=by.email if by else by_label,
        subject_type=SUBJECTS[type(subject)],
        subject_id=subject.pk,
        subject_label=_label(subject)[:300],
        from_state=from_state,
        to_state=to_state,
        reason=reason[:2000],
    )


def _label(subject: Campaign | LetterVersion | Signature | Delivery) -> str:
    if isinstance(subject, Campaign):
        return f"Letter “{subject.title}”"
    if isinstance(subject, LetterVersion):
        return f"Text version {subject.number}"
    if isinstance(subject, Signature):
        return f"Signature #{subject.pk} ({subject.name or subject.signer_name})"
    return f"Delivery #{subject.pk} to {subject.recipient}"
