"""Celery tasks of the signatures: the signers' emails, the count, lapsing and purging."""

from collections.abc import Sequence
from typing import Any

from celery import shared_task
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from campaigns.letters.diffs import diff_text
from campaigns.letters.models import Campaign, LetterVersion
from campaigns.letters.tasks import organizer_emails
from campaigns.signatures import counts, services
from campaigns.signatures.models import Milestone, Signature, SignerContact
from cosign import tokens
from cosign.emails import render_email
from cosign.outbox import services as outbox

Status = Signature.Status


@outbox.handles("signatures.rebuild_count")
def rebuild_count(campaign_id: int) -> dict[str, int]:
    return counts.rebuild(campaign_id).drift


@shared_task
def reconcile_counts() -> dict[str, dict[str, int]]:
    """Bring every live letter's counters back in line with the database."""
    corrected = {}
    for campaign_id, slug in Campaign.objects.public().values_list("pk", "slug"):
        rebuilt = counts.rebuild(campaign_id)
        if rebuilt.drift:
            corrected[slug] = rebuilt.drift
    return corrected


@outbox.handles("signatures.milestone_email")
def send_milestone_email(milestone_id: int) -> None:
    milestone = Milestone.objects.select_related("campaign").get(pk=milestone_id)
    render_email(
        "milestone",
        {"milestone": milestone, "campaign": milestone.campaign},
        to=organizer_emails(milestone.campaign),
    ).send()


def signature_or_none(signature_id: int, statuses: Sequence[str] | None = None) -> Signature | None:
    """The signature, if it is still in one of `statuses` (it may have moved on since)."""
    found = Signature.objects.select_related("campaign", "version", "legislator").filter(
        pk=signature_id
    )
    if statuses is not None:
        found = found.filter(status__in=statuses)
    return found.first()


def signer_context(signature: Signature) -> dict[str, Any]:
    slug = signature.campaign.slug
    return {
        "signature": signature,
        "campaign": signature.campaign,
        "confirm_path": reverse(
            "signatures:confirm", args=[slug, tokens.make_token(tokens.CONFIRM, signature.pk)]
        ),
        "withdraw_path": reverse(
            "signatures:withdraw", args=[slug, tokens.make_token(tokens.WITHDRAW, signature.pk)]
        ),
        "forget_path": reverse(
            "signatures:forget", args=[slug, tokens.make_token(tokens.FORGET, signature.pk)]
        ),
        "letter_path": signature.campaign.get_absolute_url(),
    }


def email_signer(name: str, signature: Signature, **extra: Any) -> None:
    email = signature.contact_email
    if not email:
        return  # their address is gone, at their request or by the retention policy
    render_email(name, {**signer_context(signature), **extra}, to=[email]).send()


@outbox.handles("signatures.confirmation_email")
def send_confirmation_email(signature_id: int) -> None:
    signature = signature_or_none(signature_id, [Status.UNCONFIRMED])
    if signature is not None:
        email_signer("signature_confirm", signature, lapse_hours=settings.SIGNON_LAPSE_HOURS)
        services.confirmation_sent(signature.pk)


@shared_task
def lapse_unconfirmed_signatures() -> int:
    return services.signatures_lapse()


@outbox.handles("signatures.duplicate_notice")
def send_duplicate_notice(signature_id: int) -> None:
    """Someone signed again with an address that has already signed: tell its owner, not them."""
    signature = signature_or_none(signature_id, Signature.ACTIVE_STATUSES)
    if signature is not None:
        email_signer("signature_duplicate", signature)


@outbox.handles("signatures.receipt_email")
def send_receipt_email(signature_id: int) -> None:
    signature = signature_or_none(signature_id, [Status.CONFIRMED, Status.APPROVED])
    if signature is not None:
        email_signer("signature_receipt", signature)


@outbox.handles("signatures.decision_email")
def send_decision_email(signature_id: int) -> None:
    signature = signature_or_none(signature_id, [Status.APPROVED, Status.REJECTED])
    if signature is not None:
        email_signer(f"signature_{signature.status}", signature)


@outbox.handles("signatures.withdrawal_emails")
def send_withdrawal_emails(signature_id: int) -> None:
    signature = signature_or_none(signature_id, [Status.WITHDRAWN])
    if signature is None:
        return
    email_signer("signature_withdrawn", signature)
    organizers = organizer_emails(signature.campaign)
    if organizers:
        signers_path = reverse("signatures:signatures", args=[signature.campaign.slug])
        render_email(
            "organizer_withdrawal",
            {**signer_context(signature), "signers_path": signers_path},
            to=organizers,
        ).send()


@outbox.handles("signatures.withdrawal_request_email")
def send_withdrawal_request_email(signature_id: int) -> None:
    """The signer asked to come off a letter already delivered: the organizers decide what
    to tell the recipients."""
    signature = signature_or_none(signature_id)
    if signature is None or signature.withdrawal_requested_at is None:
        return
    organizers = organizer_emails(signature.campaign)
    if organizers:
        signers_path = reverse("signatures:signatures", args=[signature.campaign.slug])
        render_email(
            "organizer_withdrawal",
            {**signer_context(signature), "signers_path": signers_path, "after_delivery": True},
            to=organizers,
        ).send()


@outbox.handles("signatures.version_notices")
def add_version_notices(version_id: int) -> int:
    return services.version_notices_add(version_id=version_id)


@outbox.handles("signatures.version_notice")
def send_version_notice(signature_id: int, version_id: int) -> None:
    version = LetterVersion.objects.select_related("campaign").get(pk=version_id)
    signature = signature_or_none(signature_id)
    if signature is None or not services.version_notice_is_current(
        signature=signature, version=version
    ):
        return
    token = tokens.make_token(tokens.RECONFIRM, signature.pk)
    email_signer(
        "version_notice",
        signature,
        version=version,
        diff=diff_text(signature.version.markdown, version.markdown),
        reconfirm_path=reverse("signatures:reconfirm", args=[version.campaign.slug, token]),
    )


@outbox.handles("signatures.co_lead_sync")
def sync_co_lead(campaign_id: int, legislator_id: int) -> int:
    return services.co_lead_sync(campaign_id=campaign_id, legislator_id=legislator_id)


# What waits for the organizers ----------------------------------------------------------------


@outbox.handles("signatures.approval_needed_email")
def send_approval_needed_email(signature_id: int) -> None:
    """A House sign-on to check by calling the office back, to the owners and editors."""
    signature = (
        Signature.objects.filter(pk=signature_id, status=Status.CONFIRMED)
        .select_related("campaign", "legislator")
        .first()
    )
    if signature is None:  # approved, rejected or withdrawn since
        return
    campaign = signature.campaign
    to = organizer_emails(campaign)
    if not to:
        return
    render_email(
        "approval_needed",
        {
            "signature": signature,
            "campaign": campaign,
            "contact": SignerContact.objects.filter(signature=signature).first(),
            "queue_path": reverse("signatures:signatures", args=[campaign.slug]) + "?show=awaiting",
        },
        to=to,
    ).send()


@shared_task
def send_approval_digests() -> int:
    return services.approval_digests_due()


@outbox.handles("signatures.approvals_digest_email")
def send_approvals_digest(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    letters = services.waiting_for(user_id) if user else []
    if user is None or not letters:  # decided since the digest was written
        return
    render_email(
        "approvals_digest",
        {
            "letters": [
                (
                    waiting,
                    reverse("signatures:signatures", args=[waiting.campaign.slug])
                    + "?show=awaiting",
                )
                for waiting in letters
            ]
        },
        to=[user.email],
    ).send()
