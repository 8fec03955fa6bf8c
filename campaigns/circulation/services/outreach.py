"""Outreach: the team's address book of office staff, and the Dear Colleague sent to them.

The address book belongs to the letter's lead organizer (`Campaign.created_by`) and serves
every letter they start: contacts entered by hand (OfficeContact), and staffers who signed one
of their letters and agreed, on the sign form, to be kept as a contact (SignerContact with
`keep_as_contact`). The latter are the signer's own contact row: the privacy purge deletes it,
and the contact with it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from campaigns.circulation.models import DearColleague, OfficeContact, OfficeTarget, OutreachMessage
from campaigns.circulation.services.privacy import opted_out
from campaigns.circulation.services.standing import tracker
from campaigns.congress.models import Legislator
from campaigns.errors import Code, ServiceError
from campaigns.letters.live import team_notify
from campaigns.letters.models import Campaign
from campaigns.signatures.models import SignerContact
from cosign.outbox import services as outbox

BY_HAND, SIGN_ON = OfficeContact.Source.BY_HAND, OfficeContact.Source.SIGN_ON


@dataclass(frozen=True)
class Contact:
    # "hand-<OfficeContact pk>" or "sign-<Signature pk>": what the remove button sends.
    key: str
    legislator_id: int
    name: str
    email: str
    title: str
    phone: str
    source: str

    @property
    def source_label(self) -> str:
        return OfficeContact.Source(self.source).label


def address_book(
    *, campaign: Campaign, legislator_ids: Iterable[int] | None = None
) -> dict[int, list[Contact]]:
    """The contacts of each office (by legislator id), one per address; by hand first."""
    by_hand = OfficeContact.objects.filter(organizer_id=campaign.created_by_id)
    consented = SignerContact.objects.filter(
        keep_as_contact=True,
        signature__campaign__created_by_id=campaign.created_by_id,
        signature__legislator__isnull=False,
    )
    if legislator_ids is not None:
        ids = list(legislator_ids)
        by_hand = by_hand.filter(legislator_id__in=ids)
        consented = consented.filter(signature__legislator_id__in=ids)
    # Plain rows, not model instances: the tracker asks for every office's book at once.
    hand_rows = by_hand.order_by("name", "pk").values_list(
        "pk", "legislator_id", "name", "email", "title", "phone"
    )
    sign_on_rows = consented.order_by("-signature__created_at").values_list(
        "signature_id", "signature__legislator_id", "signer_name", "email", "signer_title", "phone"
    )
    rows = [
        *(
            Contact(f"hand-{pk}", office, name, email, title, phone, BY_HAND)
            for pk, office, name, email, title, phone in hand_rows
        ),
        *(
            Contact(f"sign-{pk}", office, name, email, title, phone, SIGN_ON)
            for pk, office, name, email, title, phone in sign_on_rows
        ),
    ]
    book: dict[int, list[Contact]] = {}
    seen: set[tuple[int, str]] = set()
    for contact in rows:
        seen_key = (contact.legislator_id, contact.email.strip().lower())
        if seen_key in seen:
            continue
        seen.add(seen_key)
        book.setdefault(contact.legislator_id, []).append(contact)
    return book


def contact_add(
    *, campaign: Campaign, legislator: Legislator, name: str, email: str, title: str = "",
    phone: str = "",
) -> OfficeContact:  # fmt: skip
    # The address book is the lead organizer's; a letter always has one while it is edited.
    assert campaign.created_by_id is not None
    if opted_out(organizer_id=campaign.created_by_id, email=email):
        raise ServiceError(Code.CONTACT_OPTED_OUT, email=email)
    existing = address_book(campaign=campaign, legislator_ids=[legislator.pk]).get(legislator.pk)
    if any(c.email.lower() == email.lower() for c in existing or []):
        raise ServiceError(Code.CONTACT_EXISTS, email=email)
    try:
        with transaction.atomic():
            return OfficeContact.objects.create(
                organizer_id=campaign.created_by_id, legislator=legislator, name=name,
                email=email, title=title, phone=phone,
            )  # fmt: skip
    except IntegrityError:
        raise ServiceError(Code.CONTACT_EXISTS, email=email) from None


def contact_remove(*, campaign: Campaign, legislator: Legislator, key: str) -> bool:
    """Take a contact out of the address book: a hand-entered one is deleted; a signer's
    consent is withdrawn (their sign-on and its contact row stay, for this letter's team)."""
    source, _, pk = key.partition("-")
    if not pk.isdigit():
        return False
    if source == "hand":
        deleted, _ = OfficeContact.objects.filter(
            pk=int(pk), organizer_id=campaign.created_by_id, legislator=legislator
        ).delete()
        return bool(deleted)
    if source == "sign":
        return bool(
            SignerContact.objects.filter(
                signature_id=int(pk),
                signature__campaign__created_by_id=campaign.created_by_id,
                signature__legislator=legislator,
            ).update(keep_as_contact=False)
        )
    return False


# The Dear Colleague ----------------------------------------------------------------------------


def dear_colleague_create(
    *, campaign: Campaign, subject: str, body_markdown: str, attach_pdf: bool, by: User,
    targets: Iterable[OfficeTarget],
) -> DearColleague:  # fmt: skip
    with transaction.atomic():
        message = DearColleague.objects.create(
            campaign=campaign, subject=subject, body_markdown=body_markdown,
            attach_pdf=attach_pdf, created_by=by,
        )  # fmt: skip
        message.targets.set([t for t in targets if t.campaign_id == campaign.pk])
    return message


def targets_in_statuses(*, campaign: Campaign, statuses: Iterable[str]) -> list[OfficeTarget]:
    """The tracker's offices whose shown status is one of `statuses` and that have contacts."""
    rows = list(tracker(campaign).filter(shown_status__in=list(statuses)))  # type: ignore[misc]
    book = address_book(campaign=campaign, legislator_ids=[row.legislator_id for row in rows])
    return [row for row in rows if row.legislator_id in book]


@dataclass
class Review:
    """Who a Dear Colleague will reach: each office with its addresses, and those with none."""

    offices: list[tuple[OfficeTarget, list[Contact]]] = field(default_factory=list)
    without_contacts: list[OfficeTarget] = field(default_factory=list)

    @property
    def addresses(self) -> int:
        return sum(len(contacts) for _target, contacts in self.offices)


def dear_colleague_review(dear_colleague: DearColleague) -> Review:
    targets = list(
        dear_colleague.targets.select_related("legislator").order_by(
            "legislator__state", "legislator__last_name"
        )
    )
    book = address_book(
        campaign=dear_colleague.campaign, legislator_ids=[t.legislator_id for t in targets]
    )
    review = Review()
    for target in targets:
        if contacts := book.get(target.legislator_id):
            review.offices.append((target, contacts))
        else:
            review.without_contacts.append(target)
    return review


def dear_colleague_send(*, dear_colleague: DearColleague, by: User) -> int:
    """Queue one email to each address of the chosen offices, and note those offices as asked.
    How many emails were queued. Sent once: a second call is refused."""
    review = dear_colleague_review(dear_colleague)
    if not review.addresses:
        raise ServiceError(Code.NO_ADDRESSES)
    now = timezone.now()
    with transaction.atomic():
        locked = DearColleague.objects.select_for_update().get(pk=dear_colleague.pk)
        if locked.sent_at is not None:
            raise ServiceError(Code.DEAR_COLLEAGUE_SENT)
        rows = OutreachMessage.objects.bulk_create(
            [
                OutreachMessage(
                    dear_colleague=locked, target=target, email=contact.email, name=contact.name
                )
                for target, contacts in review.offices
                for contact in contacts
            ]
        )
        outbox.add_many(
            "circulation.dear_colleague_email",
            ((f"dear-colleague:{row.pk}", {"message_id": row.pk}) for row in rows),
        )
        OfficeTarget.objects.filter(
            pk__in=[target.pk for target, _contacts in review.offices],
            status=OfficeTarget.Status.NOT_CONTACTED,
        ).update(status=OfficeTarget.Status.ASKED, last_contact_at=now, last_contact_by=by)
        locked.sent_at = now
        locked.save(update_fields=["sent_at"])
        team_notify(locked.campaign_id)
    dear_colleague.sent_at = now
    return len(rows)


def outreach_message_sent(*, message_id: int) -> None:
    OutreachMessage.objects.filter(pk=message_id, status=OutreachMessage.Status.QUEUED).update(
        status=OutreachMessage.Status.SENT, sent_at=timezone.now(), error=""
    )


def outreach_message_bounced(*, message_id: int, reply: str) -> None:
    bounced = OutreachMessage.objects.filter(
        pk=message_id, status=OutreachMessage.Status.QUEUED
    ).update(status=OutreachMessage.Status.BOUNCED, sent_at=timezone.now(), error=reply[:500])
    if bounced:  # the tracker shows each office's bounces
        message = OutreachMessage.objects.select_related("dear_colleague").get(pk=message_id)
        team_notify(message.dear_colleague.campaign_id)


@dataclass(frozen=True)
class LastSent:
    sent_at: datetime
    addresses: int
    bounced: int


def last_dear_colleagues(campaign: Campaign) -> dict[int, LastSent]:
    """For each tracker row (by target id), the last Dear Colleague sent to the office."""
    rows = (
        OutreachMessage.objects.filter(dear_colleague__campaign=campaign)
        .values("target_id", "dear_colleague__sent_at")
        .annotate(
            addresses=Count("pk"),
            bounced=Count("pk", filter=Q(status=OutreachMessage.Status.BOUNCED)),
        )
        .order_by("target_id", "dear_colleague__sent_at")
    )
    last: dict[int, LastSent] = {}
    for row in rows:  # ascending: the last one wins
        last[row["target_id"]] = LastSent(
            row["dear_colleague__sent_at"], row["addresses"], row["bounced"]
        )
    return last
