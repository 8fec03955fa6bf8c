"""Signers' contact details: removed when a signer asks, and some time after delivery.

What goes: the signer's SignerContact row (the email address, the phone, the staffer's or
contact's name and title, the hashed IP), deleted, and the keyed address on the signature.
What stays: the public credit ("Rep. Zoe Lofgren, D-Calif.", an organization, a person's name
and city where they chose to show it) and the status.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from campaigns.letters.models import Campaign
from campaigns.letters.services.audit import audit_record
from campaigns.signatures.models import Signature, SignerContact

logger = logging.getLogger(__name__)


def _remove(signatures: QuerySet[Signature], now: datetime) -> int:
    """Delete the contact details of `signatures` (in the caller's transaction); how many."""
    SignerContact.objects.filter(signature__in=signatures).delete()
    return signatures.filter(personal_data_removed_at__isnull=True).update(
        email_key=None, personal_data_removed_at=now
    )


def signature_forget(*, signature: Signature) -> bool:
    """The signer asked, by their emailed link. False if it was done already."""
    with transaction.atomic():
        removed = _remove(Signature.objects.filter(pk=signature.pk), timezone.now())
        if removed:
            audit_record(
                signature,
                from_state=signature.status,
                to_state="contact removed",
                by_label="the signer",
                reason="The signer asked for their contact details to be removed",
            )
    return bool(removed)


def retention_record(campaign: Campaign, reason: str) -> None:
    """In the letter's audit trail: what the retention policy removed, and when."""
    audit_record(
        campaign,
        from_state=campaign.status,
        to_state=campaign.status,
        by_label="the retention policy",
        reason=reason,
    )


def purge_personal_data(*, now: datetime | None = None, days: int | None = None) -> int:
    """Remove the contact details of every signer of letters delivered `days` ago or more."""
    now = now or timezone.now()
    days = settings.PURGE_PERSONAL_DATA_AFTER_DAYS if days is None else days
    due = Campaign.objects.filter(
        status__in=Campaign.DELIVERED_STATES, delivered_at__lte=now - timedelta(days=days)
    )
    total = 0
    for campaign in due:
        with transaction.atomic():
            removed = _remove(campaign.signatures.all(), now)
            if removed:
                retention_record(
                    campaign,
                    f"Removed the contact details of {removed:,} signers, {days} days after "
                    "delivery",
                )
        total += removed
    if total:
        logger.info("Removed the contact details of %s signers", total)
    return total
