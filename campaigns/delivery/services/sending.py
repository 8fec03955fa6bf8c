"""One delivery attempt by email, and the log it leaves.

An email delivery is claimed (`queued → sending`) in a short transaction, sent with no
transaction open, then marked `sent` or put back for a later attempt. Every attempt sends the
same Message-ID.
"""

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from campaigns.delivery.models import Delivery, DeliveryEvent
from campaigns.letters import services as letters_services
from campaigns.letters.events import event_add
from campaigns.letters.models import Campaign, CampaignMember, Recipient
from campaigns.letters.plaintext import plain_text
from campaigns.letters.services.audit import audit_record
from cosign.emails import render_email
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Status = Delivery.Status
EMAIL = Recipient.Channel.EMAIL


@dataclass(frozen=True)
class Failure:
    reply: str
    permanent: bool
    outcome_unknown: bool  # the message may have arrived all the same


def delivery_send(*, delivery_id: int) -> float | None:
    """One attempt at an email delivery. Returns the seconds until the next attempt, or None
    when there is nothing more to do (sent, failed for good, or not this task's to send)."""
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            Delivery.objects.filter(pk=delivery_id, status=Status.QUEUED, channel=EMAIL)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .update(
                status=Status.SENDING,
                attempts=F("attempts") + 1,
                lease_until=now + timedelta(seconds=settings.DELIVERY_LEASE_SECONDS),
            )
        )
        if not claimed:
            return None
        delivery = Delivery.objects.select_related(
            "campaign", "recipient", "document__version"
        ).get(pk=delivery_id)
        if delivery.first_attempt_at is None:
            delivery.first_attempt_at = now
            delivery.save(update_fields=["first_attempt_at"])
        log_event(
            delivery,
            "attempt",
            f"Attempt {delivery.attempts} to {delivery.recipient.email}"
            + (
                ", after one whose outcome is unknown: if both arrive, they carry the same "
                f"Message-ID {delivery.message_id}"
                if delivery.retried_after_unknown_outcome
                else ""
            )
            + ".",
            was="queued",
        )
    try:
        message = letter_message(delivery)  # reads the PDF: a missing file counts as a failure
        with get_connection(fail_silently=False) as connection:
            connection.send_messages([message])
    except Exception as error:  # every failure is recorded, then judged
        return _attempt_failed(delivery, classify(error))
    _attempt_succeeded(delivery)
    return None


def classify(error: Exception) -> Failure:
    """What an SMTP failure means: 5xx is a refusal, to be shown, not retried; 4xx and a
    broken connection pass. Only a connection refused outright is known not to have sent."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [
            (code, f"{address}: {code} {_text(reply)}")
            for address, (code, reply) in error.recipients.items()
        ]
        return Failure(
            reply="; ".join(text for _code, text in replies),
            permanent=all(500 <= code < 600 for code, _text_ in replies),
            outcome_unknown=False,
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return Failure(
            reply=f"{error.smtp_code} {_text(error.smtp_error)}",
            permanent=500 <= error.smtp_code < 600,
            outcome_unknown=False,
        )
    if isinstance(error, ConnectionRefusedError):
        return Failure(f"The mail server refused the connection ({error}).", False, False)
    if isinstance(error, OSError):  # timeouts, resets, disconnects: SMTP errors are OSErrors
        return Failure(f"{error.__class__.__name__}: {error}", False, True)
    return Failure(f"{error.__class__.__name__}: {error}", True, False)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _attempt_failed(delivery: Delivery, failure: Failure) -> float | None:
    now = timezone.now()
    # The next attempt is a task waiting out this pause: it stays under the broker's limit.
    ceiling = float(settings.TASK_PAUSE_MAX_SECONDS)
    pause = min(ceiling, settings.DELIVERY_RETRY_SECONDS * 2 ** (delivery.attempts - 1))
    pause = min(ceiling, pause * random.uniform(0.75, 1.25))  # noqa: S311 - jitter, not secrecy
    first = delivery.first_attempt_at or now
    give_up = first + timedelta(hours=settings.DELIVERY_GIVE_UP_HOURS)
    mine = Delivery.objects.filter(
        pk=delivery.pk, status=Status.SENDING, attempts=delivery.attempts
    )
    with transaction.atomic():
        if failure.permanent or now + timedelta(seconds=pause) > give_up:
            if not mine.update(status=Status.FAILED, last_error=failure.reply, lease_until=None):
                return None
            why = "refused" if failure.permanent else "still failing after the last attempt"
            log_event(delivery, "failed", f"Failed ({why}): {failure.reply}", was="sending")
            event_add("delivery.failed", campaign_id=delivery.campaign_id, subject_id=delivery.pk,
                      key=f"{delivery.pk}:{delivery.attempts}")  # fmt: skip
            outbox.add(
                "delivery.failed_email",
                key=f"delivery-failed:{delivery.pk}:{delivery.attempts}",
                delivery_id=delivery.pk,
            )
            return None
        changes: dict[str, object] = {
            "status": Status.QUEUED,
            "last_error": failure.reply,
            "lease_until": None,
            "next_attempt_at": now + timedelta(seconds=pause),
        }
        if failure.outcome_unknown:
            changes["retried_after_unknown_outcome"] = True
        updated = mine.update(**changes)
        if not updated:
            return None
        log_event(
            delivery, "retry", f"{failure.reply} Next attempt in {pause:.0f} s.", was="sending"
        )
    return pause


def _attempt_succeeded(delivery: Delivery) -> None:
    now = timezone.now()
    with transaction.atomic():
        # Marked sent even if the sweeper had meanwhile queued it again: then it stays sent.
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[Status.SENDING, Status.QUEUED]
        ).update(status=Status.SENT, sent_at=now, lease_until=None, last_error="")
        log_event(
            delivery,
            "sent",
            f"Accepted by the mail server for {delivery.recipient.email}, "
            f"Message-ID {delivery.message_id}."
            + ("" if updated else " (It had already been marked sent: this copy is a duplicate.)"),
            was="sending",
        )
        if updated:
            event_add("delivery.sent", campaign_id=delivery.campaign_id, subject_id=delivery.pk,
                      key=str(delivery.pk))  # fmt: skip
        mark_delivered_if_done(delivery.campaign_id)


def mark_delivered_if_done(campaign_id: int) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    deliveries = campaign.deliveries.active()
    if campaign.is_delivered or not deliveries.exists():
        return
    if deliveries.exclude(status__in=[Status.SENT, Status.RECORDED]).exists():
        return
    campaign.status = Campaign.Status.DELIVERED
    campaign.delivered_at = timezone.now()
    campaign.save(update_fields=["status", "delivered_at", "updated_at"])
    audit_record(
        campaign,
        from_state="closed",
        to_state="delivered",
        by_label="a worker",
        reason="Every recipient has the letter",
    )
    logger.info("%s delivered", campaign.slug)
    if campaign.is_private and campaign.release_on_delivery:
        letters_services.campaign_release(campaign_id=campaign.pk, source="when it was delivered")
    outbox.add(
        "delivery.tell_signers", key=f"delivered-signers:{campaign.pk}", campaign_id=campaign.pk
    )
    outbox.add(
        "delivery.receipt_email", key=f"delivered-organizers:{campaign.pk}", campaign_id=campaign.pk
    )


def letter_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The letter to one recipient: the text in the body (readable as plain text too), the PDF
    attached, from the sender the organizers named on our own address, replies to them."""
    campaign = delivery.campaign
    document = delivery.document
    version = document.version
    message = render_email(
        "letter_delivery",
        {
            "campaign": campaign,
            "recipient": delivery.recipient,
            "document": document,
            "letter_html": version.html,
            "letter_text": plain_text(version.html),
            "letter_url": settings.SITE_URL + campaign.get_absolute_url(),
        },
        to=[delivery.recipient.email],
        reply_to=organizer_emails(campaign),
        headers={"Message-ID": delivery.message_id},
    )
    message.from_email = sender(campaign)
    day = timezone.localtime(document.finished_at or document.created_at, campaign.zone)
    with document.file.open("rb") as pdf:
        message.attach(f"{campaign.slug}-{day:%Y-%m-%d}.pdf", pdf.read(), "application/pdf")
    return message


def sender(campaign: Campaign) -> str:
    """ "Office of Rep. Zoe Lofgren" <our address>: the name is the organizers', the address
    always ours, so the message is never from an address we do not send for."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((campaign.sender_name or name, address))


def organizer_emails(campaign: Campaign) -> list[str]:
    """The owners, then the editors: whoever answers for the letter."""
    team = CampaignMember.objects.filter(
        campaign=campaign, role__in=[CampaignMember.Role.OWNER, CampaignMember.Role.EDITOR]
    ).order_by("-role", "pk")  # "owner" after "editor"
    emails = list(team.values_list("user__email", flat=True))
    return emails or [campaign.created_by.email if campaign.created_by else settings.SERVER_EMAIL]


def mail_domain() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


# The log's kinds of event that change a delivery's state, and to which state.
STATE_AFTER = {
    "queued": Status.QUEUED,
    "attempt": Status.SENDING,
    "sent": Status.SENT,
    "retry": Status.QUEUED,
    "failed": Status.FAILED,
    "requeued": Status.QUEUED,
    "cancelled": Status.CANCELLED,
    "recorded": Status.RECORDED,
}


def log_event(
    delivery: Delivery,
    kind: str,
    detail: str,
    *,
    by: User | None = None,
    by_label: str = "",
    was: str = "",
) -> None:
    """The delivery's own log, and the letter's audit trail when the state changes."""
    DeliveryEvent.objects.create(delivery=delivery, kind=kind, detail=detail)
    logger.info("Delivery %s %s: %s", delivery.pk, kind, detail)
    if kind in STATE_AFTER:
        audit_record(
            delivery,
            from_state=was,
            to_state=STATE_AFTER[kind],
            by=by,
            by_label=by_label or "a worker",
            reason=detail,
        )
