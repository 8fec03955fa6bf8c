"""Circulation's Celery tasks and outbox handlers: thin, they take ids, and running one twice
does no harm."""

import smtplib
from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from campaigns.circulation.models import OfficeTarget, OutreachMessage, Reminder
from campaigns.circulation.services import outreach, privacy
from campaigns.circulation.services import reminders as reminder_services
from campaigns.delivery.services.sending import classify
from campaigns.letters.deadlines import format_deadline
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign
from campaigns.letters.plaintext import plain_text
from campaigns.letters.tasks import organizer_emails
from campaigns.signatures import services as signature_services
from campaigns.signatures.models import Signature
from cosign import tokens
from cosign.emails import render_email
from cosign.outbox import services as outbox

# Outreach: the Dear Colleague ------------------------------------------------------------------


def _leave_link(campaign: Campaign, email: str) -> tuple[str, dict[str, str]]:
    """The link out of the team's address book: in the email's words, and as the header mail
    programs show as "unsubscribe" (with one-click, RFC 8058)."""
    if campaign.created_by_id is None:
        return "", {}
    token = tokens.make_address_token(tokens.LEAVE_ADDRESS_BOOK, campaign.created_by_id, email)
    url = settings.SITE_URL + reverse("circulation:leave_address_book", args=[token])
    return url, {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


@outbox.handles("circulation.dear_colleague_email")
def send_dear_colleague_email(message_id: int) -> None:
    message = (
        OutreachMessage.objects.filter(pk=message_id, status=OutreachMessage.Status.QUEUED)
        .select_related("dear_colleague__campaign", "target__legislator")
        .first()
    )
    if message is None:  # sent or bounced already, or the office left the tracker
        return
    dear_colleague = message.dear_colleague
    campaign = dear_colleague.campaign
    token = tokens.make_office_token(
        tokens.SIGN_FROM, campaign.pk, message.target.legislator.bioguide_id
    )
    leave_url, headers = _leave_link(campaign, message.email)
    body_html = render_markdown(dear_colleague.body_markdown)
    email = render_email(
        "dear_colleague",
        {
            "campaign": campaign,
            "dear_colleague": dear_colleague,
            "name": message.name,
            "body_html": body_html,
            "body_text": plain_text(body_html),  # as the letter's own email: no Markdown left
            "sign_url": settings.SITE_URL
            + reverse("circulation:sign_from", args=[campaign.slug, token]),
            "leave_url": leave_url,
        },
        to=[message.email],
        reply_to=organizer_emails(campaign),
        headers=headers,
    )
    document = campaign.documents.ready().first() if dear_colleague.attach_pdf else None
    if document is not None and document.file:
        day = timezone.localtime(document.finished_at or document.created_at, campaign.zone)
        with document.file.open("rb") as pdf:
            email.attach(f"{campaign.slug}-{day:%Y-%m-%d}.pdf", pdf.read(), "application/pdf")
    try:
        email.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
        # Read as a delivery's refusal is: 5xx is for good, 4xx passes.
        failure = classify(error)
        if not failure.permanent:
            raise  # a temporary refusal: the outbox tries again later
        outreach.outreach_message_bounced(message_id=message.pk, reply=failure.reply)
        return
    outreach.outreach_message_sent(message_id=message.pk)


# Reminders and the organizers' digest ------------------------------------------------------


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
    leave_url, headers = _leave_link(campaign, email)
    render_email(
        "reminder",
        {
            "campaign": campaign,
            "legislator": target.legislator,
            "deadline": format_deadline(campaign.deadline, campaign.time_zone)
            if campaign.deadline
            else "",
            "letter_path": reminder_services.letter_path(campaign),
            "leave_url": leave_url,
        },
        to=[email],
        reply_to=[organizer.email] if organizer else None,
        headers=headers,
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


@shared_task
def purge_personal_data() -> int:
    purged = privacy.personal_data_purge()
    return purged.signers + purged.address_book + purged.outbox_entries


OPEN_LABEL = ", ".join(
    str(OfficeTarget.Status(status).label).lower() for status in OfficeTarget.OPEN
)
