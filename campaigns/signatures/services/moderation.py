"""Moderation and the signer's own later steps: withdrawal, approval and rejection, the lead
and featured marks, and the notices of a new text version."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from accounts.models import User
from campaigns.errors import Code, ListIsFinal, SigningError
from campaigns.letters.models import Campaign, LetterVersion
from campaigns.letters.queueing import queue_on_commit
from campaigns.letters.services.audit import audit_record
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from campaigns.signatures.services.signing import ended_because, list_is_final, office_taken

logger = logging.getLogger(__name__)

Status = Signature.Status


def _lock_campaign(campaign_id: int) -> Campaign:
    """The letter's row, locked: a decision and the start of delivery never cross."""
    return Campaign.objects.select_for_update().get(pk=campaign_id)


def signature_withdraw(*, signature_id: int) -> Signature:
    """The signer's own emailed link: off the letter until it is delivered. After that the
    delivered letter stands; the request is recorded for the organizers."""
    from campaigns.signatures.tasks import send_withdrawal_emails, send_withdrawal_request_email

    with transaction.atomic():
        campaign = _lock_campaign(
            Signature.objects.values_list("campaign_id", flat=True).get(pk=signature_id)
        )
        signature = Signature.objects.select_for_update().get(pk=signature_id)
        signature.campaign = campaign
        if signature.status == Status.WITHDRAWN:
            return signature
        if signature.status not in Signature.ACTIVE_STATUSES:
            raise SigningError(ended_because(signature.status))
        if list_is_final(campaign):
            if signature.withdrawal_requested_at is None:
                signature.withdrawal_requested_at = timezone.now()
                signature.save(update_fields=["withdrawal_requested_at"])
                audit_record(
                    signature,
                    from_state=signature.status,
                    to_state=signature.status,
                    by_label="the signer",
                    reason="Asked to withdraw after delivery; the delivered letter stands",
                )
                queue_on_commit(send_withdrawal_request_email, signature.pk)
            return signature
        if signature.status == Status.APPROVED:
            counts.on_commit_record(signature, -1)
        audit_record(
            signature,
            from_state=signature.status,
            to_state=Status.WITHDRAWN,
            by_label="the signer",
            reason="Withdrawn from the emailed link",
        )
        signature.status = Status.WITHDRAWN
        signature.withdrawn_at = timezone.now()
        signature.save(update_fields=["status", "withdrawn_at"])
        queue_on_commit(send_withdrawal_emails, signature.pk)
    logger.info("Signature %s withdrawn from %s", signature.pk, campaign.slug)
    return signature


# The organizers' decisions ---------------------------------------------------------------------


def signature_approve(*, signature: Signature, by: User) -> bool:
    """Count a sign-on waiting for a decision: confirmed by email, or (its email withheld)
    confirmed with the office by phone. False when it was not waiting; refused once the letter
    is delivered, or when another sign-on already holds the office or used the address."""
    from campaigns.signatures.tasks import send_decision_email

    with transaction.atomic():
        campaign = _lock_campaign(signature.campaign_id)
        if list_is_final(campaign):
            raise ListIsFinal()
        locked = Signature.objects.select_for_update().filter(pk=signature.pk).first()
        if locked is None or not locked.awaits_decision:
            return False
        was = locked.status
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "decided_at", "decided_by"])
        except IntegrityError:
            legislator = locked.legislator
            if (
                legislator is not None
                and campaign.signatures.counted().filter(legislator=legislator).exists()
            ):
                raise office_taken(campaign, legislator) from None
            raise SigningError(Code.EMAIL_APPROVED, email=locked.email) from None
        counts.on_commit_record(locked, +1)
        reason = "" if was == Status.CONFIRMED else "Confirmed with the office by phone"
        audit_record(locked, from_state=was, to_state=Status.APPROVED, by=by, reason=reason)
        queue_on_commit(send_decision_email, locked.pk)
    return True


def signature_reject(*, signature: Signature, by: User, reason: str) -> bool:
    from campaigns.signatures.tasks import send_decision_email

    with transaction.atomic():
        campaign = _lock_campaign(signature.campaign_id)
        if list_is_final(campaign):
            raise ListIsFinal()
        locked = (
            Signature.objects.select_for_update()
            .filter(pk=signature.pk, status__in=Signature.ACTIVE_STATUSES)
            .first()
        )
        if locked is None:
            return False
        if locked.status == Status.APPROVED:
            counts.on_commit_record(signature, -1)
        audit_record(
            locked, from_state=locked.status, to_state=Status.REJECTED, by=by, reason=reason
        )
        locked.status = Status.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.rejection_reason = reason
        locked.is_lead = locked.featured = False
        locked.save(
            update_fields=[
                "status",
                "decided_at",
                "decided_by",
                "rejection_reason",
                "is_lead",
                "featured",
            ]
        )
        queue_on_commit(send_decision_email, signature.pk)
    return True


def signature_set_lead(*, signature: Signature, lead: bool) -> None:
    """Leads come first, in the order they were made leads."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=signature.campaign_id)
        if lead and not signature.is_lead:
            last = campaign.signatures.filter(is_lead=True).aggregate(n=Max("lead_position"))["n"]
            Signature.objects.filter(pk=signature.pk).update(
                is_lead=True, lead_position=(last or 0) + 1
            )
        elif not lead and signature.is_lead:
            Signature.objects.filter(pk=signature.pk).update(is_lead=False, lead_position=0)
            campaign.signatures.filter(
                is_lead=True, lead_position__gt=signature.lead_position
            ).update(lead_position=F("lead_position") - 1)


def signature_set_featured(*, signature: Signature, featured: bool) -> None:
    Signature.objects.filter(pk=signature.pk).update(featured=featured)


# Telling signers about a new text ----------------------------------------------------------------


def signers_to_notify(version: LetterVersion) -> list[int]:
    return list(
        Signature.objects.active()
        .filter(
            campaign_id=version.campaign_id,
            version__number__lt=version.number,
            notified_version__lt=version.number,
            personal_data_removed_at__isnull=True,
        )
        .values_list("pk", flat=True)
    )


def claim_version_notice(*, signature_id: int, version: LetterVersion) -> int | None:
    """Mark the signer as told about `version`, once: returns what they knew before, or None
    when someone else (an earlier run of the task) has already claimed the notice."""
    with transaction.atomic():
        signature = (
            Signature.objects.active()
            .select_for_update()
            .filter(pk=signature_id, notified_version__lt=version.number)
            .first()
        )
        if signature is None:
            return None
        previous = signature.notified_version
        signature.notified_version = version.number
        signature.save(update_fields=["notified_version"])
    return previous


def release_version_notice(*, signature_id: int, version: LetterVersion, previous: int) -> None:
    """The notice could not be sent: let the next attempt claim it again."""
    Signature.objects.filter(pk=signature_id, notified_version=version.number).update(
        notified_version=previous
    )
