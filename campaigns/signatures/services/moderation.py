"""Moderation and the signer's own later steps: withdrawal, approval and rejection, the lead
and featured marks, and the notices of a new text version."""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from campaigns.errors import Code, ListIsFinal, SigningError
from campaigns.letters.models import Campaign, LetterVersion
from campaigns.letters.services.audit import audit_record
from campaigns.signatures import counts
from campaigns.signatures.models import Signature
from campaigns.signatures.services.signing import (
    ended_because,
    list_is_final,
    next_lead_position,
    office_taken,
    signature_event,
    tracker_moved,
)
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Status = Signature.Status


def _lock_campaign(campaign_id: int) -> Campaign:
    """The letter's row, locked: a decision and the start of delivery never cross."""
    return Campaign.objects.select_for_update().get(pk=campaign_id)


def signature_withdraw(*, signature_id: int) -> Signature:
    """The signer's own emailed link: off the letter until it is delivered. After that the
    delivered letter stands; the request is recorded for the organizers."""
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
                outbox.add(
                    "signatures.withdrawal_request_email",
                    key=f"withdrawal-request:{signature.pk}",
                    signature_id=signature.pk,
                )
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
        signature_event("signature.withdrawn", signature)
        tracker_moved(signature)
        outbox.add(
            "signatures.withdrawal_emails",
            key=f"withdrawn:{signature.pk}",
            signature_id=signature.pk,
        )
    logger.info("Signature %s withdrawn from %s", signature.pk, campaign.slug)
    return signature


# The organizers' decisions ---------------------------------------------------------------------


def signature_approve(*, signature: Signature, by: User) -> bool:
    """Count a sign-on waiting for a decision: confirmed by email, or (its email withheld)
    confirmed with the office by phone. False when it was not waiting; refused once the letter
    is delivered, or when another sign-on already holds the office or used the address."""
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
            raise SigningError(Code.EMAIL_APPROVED, email=locked.contact_email) from None
        counts.on_commit_record(locked, +1)
        reason = "" if was == Status.CONFIRMED else "Confirmed with the office by phone"
        audit_record(locked, from_state=was, to_state=Status.APPROVED, by=by, reason=reason)
        signature_event("signature.approved", locked)
        tracker_moved(locked)
        _email_decision(locked.pk, Status.APPROVED)
    return True


def signature_reject(*, signature: Signature, by: User, reason: str) -> bool:
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
        signature_event("signature.rejected", locked)
        tracker_moved(locked)
        _email_decision(signature.pk, Status.REJECTED)
    return True


def _email_decision(signature_id: int, status: str) -> None:
    outbox.add(
        "signatures.decision_email",
        key=f"decision:{signature_id}:{status}",
        signature_id=signature_id,
    )


def signature_set_lead(*, signature: Signature, lead: bool) -> None:
    """Leads come first, in the order they were made leads."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=signature.campaign_id)
        if lead and not signature.is_lead:
            Signature.objects.filter(pk=signature.pk).update(
                is_lead=True, lead_position=next_lead_position(campaign)
            )
        elif not lead and signature.is_lead:
            Signature.objects.filter(pk=signature.pk).update(is_lead=False, lead_position=0)
            campaign.signatures.filter(
                is_lead=True, lead_position__gt=signature.lead_position
            ).update(lead_position=F("lead_position") - 1)


def co_lead_sync(*, campaign_id: int, legislator_id: int) -> int:
    """An office's lead mark follows its place on the team: while someone on the letter's team
    works for the office, its active sign-ons are leads (printed first); once nobody does, they
    are not, even if an organizer had marked them by hand. How many sign-ons changed."""
    with transaction.atomic():
        # Locked first, so that of two syncs for one office the later reads the later team.
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None:
            return 0
        lead = campaign.is_co_lead(legislator_id)
        changing = list(
            campaign.signatures.active()
            .filter(legislator_id=legislator_id, is_lead=not lead)
            .order_by("created_at")
        )
        for signature in changing:
            signature.refresh_from_db(fields=["is_lead", "lead_position"])  # the last one moved it
            signature_set_lead(signature=signature, lead=lead)
    if changing:
        logger.info(
            "Office %s %s the leads of %s",
            legislator_id,
            "joined" if lead else "left",
            campaign.slug,
        )
    return len(changing)


def signature_set_featured(*, signature: Signature, featured: bool) -> None:
    Signature.objects.filter(pk=signature.pk).update(featured=featured)


# Telling signers about a new text ----------------------------------------------------------------


def version_notices_add(*, version_id: int) -> int:
    """Write down a notice of a substantive `version` to every active signer of an earlier
    text who has not re-confirmed since, once each: it asks them to re-confirm. A correction
    changes no meaning and tells nobody."""
    version = LetterVersion.objects.filter(pk=version_id).first()
    if version is None or version.kind != LetterVersion.Kind.SUBSTANTIVE:
        return 0
    signature_ids = (
        Signature.objects.active()
        .filter(
            campaign_id=version.campaign_id,
            version__number__lt=version.number,
            personal_data_removed_at__isnull=True,
        )
        .exclude(reconfirmations__version__number__gte=version.number)
        .values_list("pk", flat=True)
        .iterator()
    )
    with transaction.atomic():
        return outbox.add_many(
            "signatures.version_notice",
            (
                (
                    f"version-notice:{signature_id}:{version.pk}",
                    {"signature_id": signature_id, "version_id": version.pk},
                )
                for signature_id in signature_ids
            ),
        )


def version_notice_is_current(*, signature: Signature, version: LetterVersion) -> bool:
    """Still worth sending: the signer is active, has not re-confirmed, and no newer
    substantive text has replaced this one (its own notice, already written down, tells them
    of both changes)."""
    return (
        signature.is_active
        and signature.personal_data_removed_at is None
        and not signature.reconfirmations.filter(version__number__gte=version.number).exists()
        and not version.campaign.versions.filter(
            number__gt=version.number, kind=LetterVersion.Kind.SUBSTANTIVE
        ).exists()
    )
