"""Delivering the letter: what goes to whom, each attempt by email, and what follows.

An email delivery is claimed (`queued → sending`) in a short transaction, sent with no
transaction open, then marked `sent` or put back for a later attempt. Every attempt sends the
same Message-ID. A delivery whose worker died while sending is found by the sweeper once its
lease runs out, and one whose task was lost (a broker restart) once it is overdue.
"""

import logging
import random
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from campaigns.errors import Blocked, Code, ServiceError
from campaigns.models import (
    Campaign,
    CampaignMember,
    Delivery,
    DeliveryEvent,
    LetterDocument,
    Recipient,
    Signature,
)
from campaigns.services.audit import audit_record
from campaigns.services.documents import document_request
from cosign.emails import render_email
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Status = Delivery.Status
EMAIL = Recipient.Channel.EMAIL


@dataclass
class DeliveryPlan:
    """What "Deliver" would send, for the organizer to review, and what stands in its way."""

    campaign: Campaign
    document: LetterDocument | None
    count: int
    recipients: list[Recipient]
    already: dict[int, Delivery] = field(default_factory=dict)  # recipient id → its delivery
    problems: list[ServiceError] = field(default_factory=list)

    @property
    def document_is_current(self) -> bool:
        """The PDF holds the letter as it stands: its text and every counted signature."""
        version = self.campaign.current_version
        return (
            self.document is not None
            and version is not None
            and self.document.version_id == version.pk
            and self.document.signature_count == self.count
        )

    @property
    def to_deliver(self) -> list[Recipient]:
        return [recipient for recipient in self.recipients if recipient.pk not in self.already]


def delivery_plan(campaign: Campaign) -> DeliveryPlan:
    document = campaign.documents.ready().select_related("version").first()
    version = campaign.current_version
    plan = DeliveryPlan(
        campaign=campaign,
        document=document,
        count=campaign.signatures.counted().count(),
        recipients=list(campaign.recipients.all()),
        already={d.recipient_id: d for d in campaign.deliveries.active()},
    )
    if campaign.is_draft or version is None:
        plan.problems.append(ServiceError(Code.DRAFT_UNDELIVERABLE))
    if not plan.recipients:
        plan.problems.append(ServiceError(Code.NOTHING_TO_DELIVER_TO))
    if document is None:
        plan.problems.append(ServiceError(Code.NO_PDF))
    elif version is not None and not plan.document_is_current:
        plan.problems.append(
            ServiceError(
                Code.STALE_PDF,
                pdf_count=document.signature_count,
                pdf_version=document.version.number,
                count=plan.count,
                version=version.number,
            )
        )
    if plan.recipients and not plan.to_deliver:
        plan.problems.append(ServiceError(Code.ALL_UNDER_WAY))
    return plan


def delivery_start(
    *, campaign: Campaign, by: User | None, source: str = "The deadline"
) -> list[Delivery]:
    """Deliver the newest PDF to every recipient that has no delivery yet. Signing closes.
    Safe to call twice at once: the campaign row is locked, and the database allows one
    active delivery per recipient."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        plan = delivery_plan(campaign)
        if plan.problems:
            raise Blocked(plan.problems)
        assert plan.document is not None
        who = by.email if by else source
        if campaign.is_open:
            campaign.close()
            audit_record(
                campaign, from_state="open", to_state="closed", by=by, by_label=source,
                reason="Closed to deliver it",
            )  # fmt: skip
        created = []
        for recipient in plan.to_deliver:
            delivery = Delivery.objects.create(
                campaign=campaign,
                recipient=recipient,
                document=plan.document,
                channel=recipient.channel,
                message_id=make_msgid("cosign-letter", domain=_mail_domain()),
                requested_by=by,
            )
            _log(
                delivery,
                "queued",
                f"{who} asked for delivery of PDF #{plan.document.pk} "
                f"({plan.count:,} signatures, version {plan.document.version.number}).",
                by=by,
                by_label=source,
            )
            if delivery.channel == EMAIL:
                _send_soon(delivery, "first")
            created.append(delivery)
    logger.info("Delivery of %s started: %s recipients", campaign.slug, len(created))
    return created


def delivery_schedule(*, campaign: Campaign, at_deadline: bool) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(deliver_at_deadline=at_deadline)


def deliver_after_render(*, document_id: int) -> list[Delivery]:
    """The last link of the deadline's chain: closed, rendered, now delivered."""
    document = LetterDocument.objects.select_related("campaign").get(pk=document_id)
    campaign = document.campaign
    if not (campaign.deliver_at_deadline and campaign.status == Campaign.Status.CLOSED):
        return []
    if campaign.deliveries.active().exists():
        return []
    plan = delivery_plan(campaign)
    if plan.document is not None and not plan.document_is_current:
        # The list changed while the PDF was made (a withdrawal, a late approval): make it
        # again, and this link runs again when that one is done.
        document_request(campaign=campaign)
        return []
    try:
        return delivery_start(campaign=campaign, by=None)
    except ServiceError as problems:
        logger.warning("Could not deliver %s at its deadline: %s", campaign.slug, problems)
        return []


def delivery_cancel(*, campaign: Campaign, by: User) -> int:
    """Stop whatever has not gone out yet. A message already being sent cannot be called back."""
    with transaction.atomic():
        Campaign.objects.filter(pk=campaign.pk).update(deliver_at_deadline=False)
        pending = list(
            campaign.deliveries.select_for_update().filter(
                status__in=[Status.QUEUED, Status.FAILED]
            )
        )
        for delivery in pending:
            was = delivery.status
            delivery.status = Status.CANCELLED
            delivery.save(update_fields=["status"])
            _log(delivery, "cancelled", f"Cancelled by {by.email}.", by=by, was=was)
    return len(pending)


def delivery_retry(*, delivery: Delivery, by: User) -> None:
    """A failed delivery, tried again from the start: a new 24 hours of attempts."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
            status=Status.QUEUED, next_attempt_at=None, first_attempt_at=None
        )
        if not updated:
            raise ServiceError(Code.RETRY_NOT_FAILED)
        _log(delivery, "retry", f"{by.email} asked for it to be tried again.", by=by, was="failed")
        _send_soon(delivery, f"retry-{delivery.events.count()}")


def _send_soon(delivery: Delivery, occasion: str) -> None:
    outbox.add("delivery.send", key=f"deliver:{delivery.pk}:{occasion}", delivery_id=delivery.pk)


def delivery_record(
    *, delivery: Delivery, by: User, method: str, delivered_on: date, note: str
) -> None:
    """A printed letter handed over: the organizer says how and when."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.channel != Recipient.Channel.PRINT or delivery.status not in (
            Status.QUEUED,
            Status.FAILED,
            Status.RECORDED,
        ):
            raise ServiceError(Code.RECORD_NOT_PRINTED)
        was = delivery.status
        delivery.status = Status.RECORDED
        delivery.method = method
        delivery.delivered_on = delivered_on
        delivery.note = note
        delivery.recorded_by = by
        delivery.save()
        _log(
            delivery,
            "recorded",
            f"{by.email}: {delivery.get_method_display()} on {delivered_on:%d %B %Y}. {note}",
            by=by,
            was=was,
        )
        _mark_delivered_if_done(delivery.campaign_id)


# One attempt ----------------------------------------------------------------------------------


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
        _log(
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
            _log(delivery, "failed", f"Failed ({why}): {failure.reply}", was="sending")
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
        _log(delivery, "retry", f"{failure.reply} Next attempt in {pause:.0f} s.", was="sending")
    return pause


def _attempt_succeeded(delivery: Delivery) -> None:
    now = timezone.now()
    with transaction.atomic():
        # Marked sent even if the sweeper had meanwhile queued it again: then it stays sent.
        updated = Delivery.objects.filter(
            pk=delivery.pk, status__in=[Status.SENDING, Status.QUEUED]
        ).update(status=Status.SENT, sent_at=now, lease_until=None, last_error="")
        _log(
            delivery,
            "sent",
            f"Accepted by the mail server for {delivery.recipient.email}, "
            f"Message-ID {delivery.message_id}."
            + ("" if updated else " (It had already been marked sent: this copy is a duplicate.)"),
            was="sending",
        )
        _mark_delivered_if_done(delivery.campaign_id)


def _mark_delivered_if_done(campaign_id: int) -> None:
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    deliveries = campaign.deliveries.active()
    if campaign.status == Campaign.Status.DELIVERED or not deliveries.exists():
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
    outbox.add(
        "delivery.tell_signers", key=f"delivered-signers:{campaign.pk}", campaign_id=campaign.pk
    )


def deliveries_sweep(*, now: datetime | None = None) -> list[int]:
    """Queue again what a dead worker or a lost task left behind. Returns their ids."""
    now = now or timezone.now()
    overdue = now - timedelta(seconds=settings.DELIVERY_SWEEP_AFTER_SECONDS)
    swept = []
    with transaction.atomic():
        for delivery in Delivery.objects.select_for_update(skip_locked=True).filter(
            status=Status.SENDING, lease_until__lt=now
        ):
            delivery.status = Status.QUEUED
            delivery.lease_until = None
            delivery.next_attempt_at = now
            delivery.retried_after_unknown_outcome = True
            delivery.last_error = "The worker stopped while sending; the outcome is unknown."
            delivery.save()
            _log(
                delivery,
                "requeued",
                "Its lease ran out while sending (the worker died): queued again. The message "
                f"may have arrived; a second copy would carry the same Message-ID "
                f"{delivery.message_id}.",
                by_label="the sweeper",
                was="sending",
            )
            swept.append(delivery.pk)
        lost = Delivery.objects.select_for_update(skip_locked=True).filter(
            Q(next_attempt_at__lte=overdue)
            | Q(next_attempt_at__isnull=True, created_at__lte=overdue),
            status=Status.QUEUED,
            channel=EMAIL,
        )
        for delivery in lost:
            delivery.next_attempt_at = now
            delivery.save(update_fields=["next_attempt_at"])
            _log(
                delivery,
                "requeued",
                "Overdue and not taken up (a lost task): queued again.",
                by_label="the sweeper",
                was="queued",
            )
            swept.append(delivery.pk)
        for delivery_id in swept:
            outbox.add(
                "delivery.send",
                key=f"deliver:{delivery_id}:swept-{now.isoformat()}",
                delivery_id=delivery_id,
            )
    if swept:
        logger.warning("Queued %s deliveries again: %s", len(swept), swept)
    return swept


# The messages ---------------------------------------------------------------------------------


def letter_message(delivery: Delivery) -> EmailMultiAlternatives:
    """The letter to one recipient: the text in the body, the PDF attached."""
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
            "letter_text": version.markdown,
            "letter_url": settings.SITE_URL + campaign.get_absolute_url(),
        },
        to=[delivery.recipient.email],
        reply_to=[lead_organizer_email(campaign)],
        headers={"Message-ID": delivery.message_id},
    )
    day = timezone.localtime(document.finished_at or document.created_at, campaign.zone)
    with document.file.open("rb") as pdf:
        message.attach(f"{campaign.slug}-{day:%Y-%m-%d}.pdf", pdf.read(), "application/pdf")
    return message


def lead_organizer_email(campaign: Campaign) -> str:
    owner = (
        CampaignMember.objects.filter(campaign=campaign, role=CampaignMember.Role.OWNER)
        .order_by("pk")
        .values_list("user__email", flat=True)
        .first()
    )
    return owner or (campaign.created_by.email if campaign.created_by else settings.SERVER_EMAIL)


def delivered_emails_add(*, campaign_id: int) -> int:
    """Write down, once each, the email telling every counted signer the letter went out."""
    signature_ids = (
        Signature.objects.counted()
        .filter(campaign_id=campaign_id, personal_data_removed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator()
    )
    with transaction.atomic():
        return outbox.add_many(
            "delivery.delivered_email",
            (
                (f"delivered:{signature_id}", {"signature_id": signature_id})
                for signature_id in signature_ids
            ),
        )


def _mail_domain() -> str:
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


def _log(
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
