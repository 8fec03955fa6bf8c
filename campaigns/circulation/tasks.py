"""Celery tasks of circulation: thin, they take ids, and running one twice does no harm."""

# Reminders and the organizers' digest ------------------------------------------------------

from datetime import datetime

from celery import shared_task

from campaigns.circulation.models import OfficeTarget, Reminder
from campaigns.circulation.services import reminders as reminder_services
from campaigns.letters.deadlines import format_deadline
from campaigns.letters.models import Campaign
from campaigns.letters.tasks import organizer_emails
from campaigns.signatures import services as signature_services
from campaigns.signatures.models import Signature
from cosign.emails import render_email
from cosign.outbox import services as outbox


@shared_task
def send_due_reminders() -> int:
    return reminder_services.reminders_send_due()


@shared_task
def send_digests() -> int:
    return reminder_services.digests_send_due()


@outbox.handles("circulation.reminder_email")
def send_reminder_email(reminder_id: int, target_id: int, email: str) -> None:
    reminder = Reminder.objects.select_related("campaign__created_by").get(pk=reminder_id)
    campaign = reminder.campaign
    target = (
        reminder_services.open_targets(campaign).filter(pk=target_id).first()
        if campaign.is_open
        else None
    )
    if target is None:  # the office signed or answered, or the letter closed, since
        return
    organizer = campaign.created_by
    render_email(
        "reminder",
        {
            "campaign": campaign,
            "legislator": target.legislator,
            "deadline": format_deadline(campaign.deadline, campaign.time_zone)
            if campaign.deadline
            else "",
            "letter_path": reminder_services.letter_path(campaign),
        },
        to=[email],
        reply_to=[organizer.email] if organizer else None,
    ).send()


@outbox.handles("circulation.reminder_confirm")
def send_reminder_confirm(reminder_id: int, signature_id: int) -> None:
    signature = Signature.objects.filter(
        pk=signature_id, status=Signature.Status.UNCONFIRMED
    ).first()
    if signature is None or not signature.campaign.is_open:
        return  # confirmed, lapsed or withdrawn since
    signature_services.confirmation_resend(signature=signature)


@outbox.handles("circulation.digest_email")
def send_digest_email(campaign_id: int, since: str, until: str) -> None:
    campaign = Campaign.objects.get(pk=campaign_id)
    to = organizer_emails(campaign)
    if not to:
        return
    digest = reminder_services.digest(
        campaign=campaign,
        since=datetime.fromisoformat(since),
        until=datetime.fromisoformat(until),
    )
    render_email(
        "digest", {"campaign": campaign, "digest": digest, "open_label": OPEN_LABEL}, to=to
    ).send()


OPEN_LABEL = ", ".join(
    str(OfficeTarget.Status(status).label).lower() for status in OfficeTarget.OPEN
)
