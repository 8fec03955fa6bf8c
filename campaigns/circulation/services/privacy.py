"""The staff contacts' privacy: out of the address book on request, and after a while.

The address book (outreach.address_book) holds contact details like a sign-on does, and goes
the same way: a staffer may take their address out from a link in any email the team sends
them, and what the team keeps is removed once it no longer serves a letter:
- hand-entered contacts, once their organizer has had no letter in progress, and touched none,
  for PURGE_PERSONAL_DATA_AFTER_DAYS;
- the addresses each Dear Colleague went to, that many days after the letter was delivered
  (as the signers' own contact details are);
- consenting sign-on contacts are the signer's own contact row, which the signers' purge
  deletes (signatures.services.privacy).
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from campaigns.circulation.models import AddressBookOptOut, OfficeContact, OutreachMessage
from campaigns.letters.models import Campaign
from campaigns.signatures.models import SignerContact
from campaigns.signatures.services import purge_personal_data as signers_purge
from campaigns.signatures.services.privacy import retention_record
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)


def opted_out(*, organizer_id: int, email: str) -> bool:
    return AddressBookOptOut.objects.filter(
        organizer_id=organizer_id, email_key=SignerContact.key_for(email)
    ).exists()


def address_book_leave(*, organizer_id: int, email: str) -> int:
    """Take `email` out of the organizer's address book, and keep it out of what the team
    types in later. How many contacts it was (0 when it had left already)."""
    with transaction.atomic():
        deleted, _ = OfficeContact.objects.filter(
            organizer_id=organizer_id, email__iexact=email
        ).delete()
        withdrawn = SignerContact.objects.filter(
            keep_as_contact=True,
            email__iexact=email,
            signature__campaign__created_by_id=organizer_id,
        ).update(keep_as_contact=False)
        AddressBookOptOut.objects.get_or_create(  # asked before: the row is there
            organizer_id=organizer_id, email_key=SignerContact.key_for(email)
        )
    return deleted + withdrawn


def address_books_purge(*, now: datetime | None = None, days: int | None = None) -> int:
    """Remove what the address books and the Dear Colleagues keep past their use; how many
    contacts and addresses went."""
    now = now or timezone.now()
    days = settings.PURGE_PERSONAL_DATA_AFTER_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    in_use = Campaign.objects.filter(created_by=OuterRef("organizer")).filter(
        Q(status__in=[Campaign.Status.DRAFT, Campaign.Status.OPEN, Campaign.Status.CLOSED])
        | Q(updated_at__gt=cutoff)
    )
    contacts, _ = (
        OfficeContact.objects.filter(created_at__lte=cutoff).filter(~Exists(in_use)).delete()
    )
    addresses = 0
    delivered = Campaign.objects.filter(
        status__in=Campaign.DELIVERED_STATES,
        delivered_at__lte=cutoff,
        dear_colleagues__messages__isnull=False,
    ).distinct()
    for campaign in delivered:
        with transaction.atomic():
            removed, _ = OutreachMessage.objects.filter(dear_colleague__campaign=campaign).delete()
            if removed:
                retention_record(
                    campaign,
                    f"Removed the {removed:,} addresses its Dear Colleagues went to, {days} days "
                    "after delivery",
                )
        addresses += removed
    if contacts or addresses:
        logger.info(
            "Removed %s address-book contacts and %s Dear Colleague addresses", contacts, addresses
        )
    return contacts + addresses


@dataclass(frozen=True)
class Purged:
    signers: int
    address_book: int
    outbox_entries: int


def personal_data_purge(*, now: datetime | None = None, days: int | None = None) -> Purged:
    """The whole privacy purge (run hourly): the signers' contact details, the address books,
    and the sent side effects whose targets may name an address. Here, in the app above the
    others that keep contact details, so one run covers them all."""
    now = now or timezone.now()
    days = settings.PURGE_PERSONAL_DATA_AFTER_DAYS if days is None else days
    return Purged(
        signers=signers_purge(now=now, days=days),
        address_book=address_books_purge(now=now, days=days),
        outbox_entries=outbox.prune(sent_before=now - timedelta(days=days)),
    )
