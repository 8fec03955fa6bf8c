"""Co-signing: signing on, confirming by email, withdrawing, and the organizers' decisions."""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from campaigns.congress.models import Legislator
from campaigns.errors import (
    Code,
    EmailAlreadyUsed,
    MemberAlreadySigned,
    SigningError,
    VersionChanged,
)
from campaigns.letters.events import event_add
from campaigns.letters.live import team_notify
from campaigns.letters.models import Campaign
from campaigns.letters.services.audit import audit_record
from campaigns.signatures import counts, ratelimit
from campaigns.signatures.models import Signature, SignerContact
from campaigns.signatures.services.waiting import approval_needed_add
from cosign.fields import plain_text
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

HOUSE_MAIL_HOST = "mail.house.gov"

Status = Signature.Status
Verification = Signature.Verification


def lapse_cutoff() -> datetime:
    """Sign-ons made before this and still unconfirmed have lapsed."""
    return timezone.now() - timedelta(hours=settings.SIGNON_LAPSE_HOURS)


def list_is_final(campaign: Campaign) -> bool:
    """Once delivery has begun, the list that went out (or is going out) is the list."""
    return campaign.is_delivered or campaign.deliveries.active().exists()


def next_lead_position(campaign: Campaign) -> int:
    """Leads are printed in the order they became leads: a new one goes last."""
    last = campaign.signatures.filter(is_lead=True).aggregate(n=Max("lead_position"))["n"]
    return (last or 0) + 1


def office_taken(campaign: Campaign, legislator: Legislator) -> MemberAlreadySigned:
    return MemberAlreadySigned(
        title=legislator.title, name=legislator.display_name, contact=campaign.contact
    )


@dataclass(frozen=True)
class SignerDetails:
    """What a signer gave us, already checked field by field by a form."""

    kind: str
    email: str
    signer_name: str
    signer_title: str = ""
    name: str = ""
    legislator: Legislator | None = None
    phone: str = ""
    city: str = ""
    state: str = ""
    affiliation: str = ""
    show_name: bool = True
    attested: bool = False
    keep_as_contact: bool = False

    def __post_init__(self) -> None:
        # Forms clean these already; cleaning again here means no other caller can store a NUL
        # (which PostgreSQL refuses outright), a line break or a direction override.
        for name in ("email", "signer_name", "signer_title", "name", "phone", "city", "state",
                     "affiliation"):  # fmt: skip
            object.__setattr__(self, name, plain_text(getattr(self, name)))


def email_host(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".")


def verification_for(campaign: Campaign, legislator: Legislator, email: str) -> str:
    """How far the staffer's email address proves they speak for the Member's office."""
    host = email_host(email)
    office = legislator.website_host.lower()
    if legislator.chamber == Legislator.Chamber.SENATE and office and host == office:
        return Verification.SENATE_OFFICE
    if legislator.chamber == Legislator.Chamber.HOUSE and host == HOUSE_MAIL_HOST:
        return Verification.HOUSE_EMAIL
    if campaign.accepts_unverified:
        return Verification.UNVERIFIED
    if legislator.chamber == Legislator.Chamber.SENATE:
        code = Code.SENATE_OFFICE_ADDRESS if office else Code.SENATE_ADDRESS
    else:
        code = Code.HOUSE_ADDRESS
    raise SigningError(code, title=legislator.title, name=legislator.display_name, office=office)


def needs_approval(signature: Signature) -> bool:
    # mail.house.gov proves a House staffer, not which office: an organizer calls to check.
    return (
        signature.campaign.requires_approval or signature.verification == Verification.HOUSE_EMAIL
    )


def signature_create(
    *, campaign: Campaign, version_number: int, details: SignerDetails, ip_hash: str = ""
) -> Signature:
    """Sign on to the text the signer read (`version_number`), pending email confirmation."""
    if not campaign.accepting_signatures:
        raise SigningError(Code.NOT_OPEN)
    if details.kind not in campaign.signer_kinds:
        raise SigningError(Code.KIND_NOT_TAKEN)
    version = campaign.current_version
    if version is None or version.number != version_number:
        raise VersionChanged()
    signature = Signature(
        campaign=campaign,
        version=version,
        kind=details.kind,
        email_key=SignerContact.key_for(details.email),
        city=details.city,
        state=details.state,
    )
    contact = SignerContact(
        email=details.email,
        signer_name=details.signer_name,
        signer_title=details.signer_title,
        phone=details.phone,
        ip_hash=ip_hash,
        keep_as_contact=details.keep_as_contact and details.kind == Signature.Kind.LEGISLATOR,
    )
    if details.kind == Signature.Kind.LEGISLATOR:
        legislator = details.legislator
        if legislator is None or not legislator.in_office:
            raise SigningError(Code.NOT_SITTING)
        if not details.attested:
            raise SigningError(Code.NOT_ATTESTED)
        signature.verification = verification_for(campaign, legislator, details.email)
        signature.attested = True
        signature.snapshot_legislator(legislator)
        # A co-lead office (one its team works for) is printed first from its first sign-on;
        # co_lead_sync keeps the mark in step with the team afterwards.
        if campaign.is_co_lead(legislator.pk):
            signature.is_lead = True
            signature.lead_position = next_lead_position(campaign)
    else:
        signature.verification = Verification.EMAIL
        organization = details.kind == Signature.Kind.ORGANIZATION
        signature.name = details.name if organization else details.signer_name
        signature.affiliation = details.affiliation
        signature.show_name = details.show_name
        # Organizations sort by their whole name, people by their last.
        first, _, last = (
            ("", "", signature.name) if organization else signature.name.rpartition(" ")
        )
        signature.set_sort_name(last, first)
        signature.set_list_group()

    # Only a counted sign-on holds an office, and only a confirmed one an address: what is
    # merely pending blocks nobody (anyone can type an office's address).
    if details.legislator is not None and (
        campaign.signatures.counted().filter(legislator=details.legislator).exists()
    ):
        raise office_taken(campaign, details.legislator)
    confirmed = campaign.signatures.filter(
        status__in=[Status.CONFIRMED, Status.APPROVED], email_key=signature.email_key
    ).first()
    if confirmed is not None:
        raise EmailAlreadyUsed(confirmed.pk)
    # Anyone may type an office's address, so the office is emailed only so often in a day.
    # Past that the sign-on is kept without a link, for the organizers to confirm by phone:
    # a flood of forged sign-ons delays the real staffer's email but cannot shut them out.
    signature.confirmation_withheld = (
        details.legislator is not None
        and not ratelimit.allow_office_confirmation(
            campaign_id=campaign.pk, legislator_id=details.legislator.pk
        )
    )
    _insert(signature, contact)
    logger.info("New %s signature %s on %s", signature.kind, signature.pk, campaign.slug)
    return signature


def tracker_moved(signature: Signature) -> None:
    """An office's sign-on changed state: so does its row on the team's tracker."""
    if signature.legislator_id is not None:
        team_notify(signature.campaign_id)
        event_add(
            "tracker.changed",
            campaign_id=signature.campaign_id,
            subject_id=signature.legislator_id,
            key=f"signature:{signature.pk}:{signature.status}",
        )


def signature_event(event: str, signature: Signature) -> None:
    """For the letter's webhooks: each happens to a signature once."""
    event_add(
        event, campaign_id=signature.campaign_id, subject_id=signature.pk, key=str(signature.pk)
    )


def _insert(signature: Signature, contact: SignerContact) -> None:
    with transaction.atomic():
        signature.save(force_insert=True)
        contact.signature = signature
        contact.save(force_insert=True)
        signature_event("signature.created", signature)
        tracker_moved(signature)
        if not signature.confirmation_withheld:
            _email_confirmation_link(signature)


def _email_confirmation_link(signature: Signature) -> None:
    # Every link is a new email: a resend is asked for, and limited per office.
    outbox.add(
        "signatures.confirmation_email",
        key=f"confirmation:{signature.pk}:{uuid.uuid4().hex}",
        signature_id=signature.pk,
    )


def confirmation_resend(*, signature: Signature) -> bool:
    """A new link for a sign-on still waiting for one, if the office's share allows."""
    if not may_resend_confirmation(signature):
        return False
    _email_confirmation_link(signature)
    return True


def duplicate_notice(*, signature_id: int) -> None:
    """Someone signed again with an address that has already signed: its owner is told, not
    whoever typed it."""
    outbox.add(
        "signatures.duplicate_notice",
        key=f"duplicate:{signature_id}:{uuid.uuid4().hex}",
        signature_id=signature_id,
    )


def may_resend_confirmation(signature: Signature) -> bool:
    """A new confirmation link, for a sign-on still waiting for one, within the office's
    daily share of emails."""
    if signature.status != Status.UNCONFIRMED or signature.created_at < lapse_cutoff():
        return False
    if signature.legislator_id is None:
        return True
    return ratelimit.allow_office_confirmation(
        campaign_id=signature.campaign_id, legislator_id=signature.legislator_id
    )


def signatures_lapse(*, now: datetime | None = None) -> int:
    """Sign-ons never confirmed within SIGNON_LAPSE_HOURS lapse; how many did."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.SIGNON_LAPSE_HOURS)
    lapsed = 0
    for signature in Signature.objects.filter(status=Status.UNCONFIRMED, created_at__lt=cutoff):
        lapsed += _lapse(signature)
    return lapsed


def _lapse(signature: Signature) -> int:
    with transaction.atomic():
        updated = Signature.objects.filter(pk=signature.pk, status=Status.UNCONFIRMED).update(
            status=Status.EXPIRED
        )
        if updated:
            signature.status = Status.EXPIRED
            audit_record(
                signature,
                from_state=Status.UNCONFIRMED,
                to_state=Status.EXPIRED,
                by_label="Cosign",
                reason=f"Not confirmed within {settings.SIGNON_LAPSE_HOURS} hours",
            )
            tracker_moved(signature)
    return updated


def confirmation_sent(signature_id: int) -> None:
    Signature.objects.filter(pk=signature_id).update(
        confirmation_sent_at=timezone.now(), confirmation_withheld=False
    )


def signature_confirm(*, signature_id: int) -> Signature:
    """The signer clicked their link: counted now, or waiting for an organizer's approval."""
    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update(of=("self",))
            .select_related("campaign", "legislator")
            .get(pk=signature_id)
        )
        if signature.status in (Status.CONFIRMED, Status.APPROVED):
            return signature  # a second click changes nothing
        if signature.status == Status.UNCONFIRMED and signature.created_at < lapse_cutoff():
            # Lapsed, though the sweep has not recorded it yet (a refusal keeps no change).
            raise SigningError(Code.LAPSED)
        if signature.status != Status.UNCONFIRMED:
            raise SigningError(ended_because(signature.status))
        campaign = signature.campaign
        if not campaign.accepting_signatures:
            raise SigningError(Code.CLOSED_BEFORE_CONFIRMED)
        others = campaign.signatures.exclude(pk=signature.pk)
        legislator = signature.legislator
        if legislator is not None and others.counted().filter(legislator=legislator).exists():
            raise office_taken(campaign, legislator)
        if others.filter(
            status__in=[Status.CONFIRMED, Status.APPROVED], email_key=signature.email_key
        ).exists():
            raise SigningError(Code.EMAIL_CONFIRMED, contact=campaign.contact)
        now = timezone.now()
        signature.confirmed_at = now
        if legislator is not None and not signature.is_lead and campaign.is_co_lead(legislator.pk):
            # Its staffer joined the team while this sign-on waited for its link.
            signature.is_lead = True
            signature.lead_position = next_lead_position(campaign)
        if needs_approval(signature):
            signature.status = Status.CONFIRMED
        else:
            signature.status = Status.APPROVED
            signature.decided_at = now
        try:
            with transaction.atomic():
                signature.save(
                    update_fields=[
                        "status", "confirmed_at", "decided_at", "is_lead", "lead_position",
                    ]
                )  # fmt: skip
        except IntegrityError:
            # Another sign-on for the office, or from the address, was confirmed at this
            # very moment and got there first.
            if legislator is not None and signature.status == Status.APPROVED:
                raise office_taken(campaign, legislator) from None
            raise SigningError(Code.EMAIL_CONFIRMED_MEANWHILE) from None
        if signature.status == Status.APPROVED:
            counts.on_commit_record(signature, +1)
        audit_record(
            signature,
            from_state=Status.UNCONFIRMED,
            to_state=signature.status,
            by_label="the signer",
            reason="Confirmed from the emailed link",
        )
        signature_event("signature.confirmed", signature)
        if signature.status == Status.APPROVED:
            signature_event("signature.approved", signature)
        tracker_moved(signature)
        approval_needed_add(signature)  # before the receipt, which the signer reads last
        outbox.add(
            "signatures.receipt_email", key=f"receipt:{signature.pk}", signature_id=signature.pk
        )
    return signature


def ended_because(status: str) -> Code:
    return {
        Status.WITHDRAWN: Code.WITHDRAWN,
        Status.REJECTED: Code.REJECTED,
        Status.EXPIRED: Code.LAPSED,
    }.get(Status(status), Code.ENDED)
