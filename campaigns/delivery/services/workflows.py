"""Delivering the letter: what goes to whom, each attempt by email, and what follows.

An email delivery is claimed (`queued → sending`) in a short transaction, sent with no
transaction open, then marked `sent` or put back for a later attempt. Every attempt sends the
same Message-ID. A delivery whose worker died while sending is found by the sweeper once its
lease runs out, and one whose task was lost (a broker restart) once it is overdue.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from campaigns.delivery.models import Delivery
from campaigns.delivery.services.sending import log_event, mail_domain, mark_delivered_if_done
from campaigns.documents.models import LetterDocument
from campaigns.documents.services import document_request
from campaigns.errors import Blocked, Code, ServiceError
from campaigns.letters.events import event_add
from campaigns.letters.models import Campaign, Recipient
from campaigns.letters.services.audit import audit_record
from campaigns.signatures.models import Signature
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
                message_id=make_msgid("cosign-letter", domain=mail_domain()),
                requested_by=by,
            )
            log_event(
                delivery,
                "queued",
                f"{who} asked for delivery of PDF #{plan.document.pk} "
                f"({plan.count:,} signatures, version {plan.document.version.number}).",
                by=by,
                by_label=source,
            )
            if delivery.channel == EMAIL:
                _send_soon(delivery, "first")
            else:  # on paper: its packet to print is made now, not when it is downloaded
                outbox.add(
                    "delivery.print_packet", key=f"packet:{delivery.pk}", delivery_id=delivery.pk
                )
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
            log_event(delivery, "cancelled", f"Cancelled by {by.email}.", by=by, was=was)
    return len(pending)


def delivery_retry(*, delivery: Delivery, by: User) -> None:
    """A failed delivery, tried again from the start: a new 24 hours of attempts."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
            status=Status.QUEUED, next_attempt_at=None, first_attempt_at=None
        )
        if not updated:
            raise ServiceError(Code.RETRY_NOT_FAILED)
        log_event(
            delivery, "retry", f"{by.email} asked for it to be tried again.", by=by, was="failed"
        )
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
        log_event(
            delivery,
            "recorded",
            f"{by.email}: {delivery.get_method_display()} on "
            f"{delivered_on:%B} {delivered_on.day}, {delivered_on.year}. {note}",
            by=by,
            was=was,
        )
        # Handed over is sent, as an email accepted by its server is (the same key: once).
        event_add("delivery.sent", campaign_id=delivery.campaign_id, subject_id=delivery.pk,
                  key=str(delivery.pk))  # fmt: skip
        mark_delivered_if_done(delivery.campaign_id)


# One attempt ----------------------------------------------------------------------------------


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
            log_event(
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
            log_event(
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
