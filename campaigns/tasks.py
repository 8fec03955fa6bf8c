"""Celery tasks and outbox handlers: thin, they take ids, and running one twice does no harm."""

from collections.abc import Sequence
from typing import Any

from celery import chord, shared_task
from django.conf import settings
from django.urls import reverse

from campaigns import counts, services, tokens
from campaigns.diffs import diff_text
from campaigns.models import (
    Campaign,
    CampaignMember,
    Delivery,
    Invitation,
    LetterVersion,
    Milestone,
    Signature,
)
from campaigns.pdf import pipeline
from cosign.emails import render_email
from cosign.outbox import services as outbox

Status = Signature.Status


@shared_task
def close_due_campaigns() -> list[str]:
    return services.close_due_campaigns()


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


def _organizer_emails(campaign: Campaign) -> list[str]:
    return list(
        CampaignMember.objects.filter(
            campaign=campaign,
            role__in=[CampaignMember.Role.OWNER, CampaignMember.Role.EDITOR],
        ).values_list("user__email", flat=True)
    )


@outbox.handles("signatures.milestone_email")
def send_milestone_email(milestone_id: int) -> None:
    milestone = Milestone.objects.select_related("campaign").get(pk=milestone_id)
    render_email(
        "milestone",
        {"milestone": milestone, "campaign": milestone.campaign},
        to=_organizer_emails(milestone.campaign),
    ).send()


@outbox.handles("letters.invitation_email")
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, accepted_at=None)
        .select_related("campaign", "invited_by")
        .first()
    )
    if invitation is None:  # accepted or withdrawn since it was queued
        return
    path = reverse(
        "campaigns:invitation", args=[tokens.make_token(tokens.INVITATION, invitation.pk)]
    )
    render_email(
        "invitation", {"invitation": invitation, "accept_path": path}, to=[invitation.email]
    ).send()


def _signature(signature_id: int, statuses: Sequence[str] | None = None) -> Signature | None:
    """The signature, if it is still in one of `statuses` (it may have moved on since)."""
    found = Signature.objects.select_related("campaign", "version", "legislator").filter(
        pk=signature_id
    )
    if statuses is not None:
        found = found.filter(status__in=statuses)
    return found.first()


def _signer_context(signature: Signature) -> dict[str, Any]:
    slug = signature.campaign.slug
    return {
        "signature": signature,
        "campaign": signature.campaign,
        "confirm_path": reverse(
            "campaigns:confirm", args=[slug, tokens.make_token(tokens.CONFIRM, signature.pk)]
        ),
        "withdraw_path": reverse(
            "campaigns:withdraw", args=[slug, tokens.make_token(tokens.WITHDRAW, signature.pk)]
        ),
        "forget_path": reverse(
            "campaigns:forget", args=[slug, tokens.make_token(tokens.FORGET, signature.pk)]
        ),
        "letter_path": signature.campaign.get_absolute_url(),
    }


def _email_signer(name: str, signature: Signature, **extra: Any) -> None:
    if signature.personal_data_removed_at is not None:
        return  # their address is gone, at their request or by the retention policy
    render_email(name, {**_signer_context(signature), **extra}, to=[signature.email]).send()


@outbox.handles("signatures.confirmation_email")
def send_confirmation_email(signature_id: int) -> None:
    signature = _signature(signature_id, [Status.UNCONFIRMED])
    if signature is not None:
        _email_signer("signature_confirm", signature, lapse_hours=settings.SIGNON_LAPSE_HOURS)
        services.confirmation_sent(signature.pk)


@shared_task
def lapse_unconfirmed_signatures() -> int:
    return services.signatures_lapse()


@outbox.handles("signatures.duplicate_notice")
def send_duplicate_notice(signature_id: int) -> None:
    """Someone signed again with an address that has already signed: tell its owner, not them."""
    signature = _signature(signature_id, Signature.ACTIVE_STATUSES)
    if signature is not None:
        _email_signer("signature_duplicate", signature)


@outbox.handles("signatures.receipt_email")
def send_receipt_email(signature_id: int) -> None:
    signature = _signature(signature_id, [Status.CONFIRMED, Status.APPROVED])
    if signature is not None:
        _email_signer("signature_receipt", signature)


@outbox.handles("signatures.decision_email")
def send_decision_email(signature_id: int) -> None:
    signature = _signature(signature_id, [Status.APPROVED, Status.REJECTED])
    if signature is not None:
        _email_signer(f"signature_{signature.status}", signature)


@outbox.handles("signatures.withdrawal_emails")
def send_withdrawal_emails(signature_id: int) -> None:
    signature = _signature(signature_id, [Status.WITHDRAWN])
    if signature is None:
        return
    _email_signer("signature_withdrawn", signature)
    organizers = _organizer_emails(signature.campaign)
    if organizers:
        signers_path = reverse("campaigns:signatures", args=[signature.campaign.slug])
        render_email(
            "organizer_withdrawal",
            {**_signer_context(signature), "signers_path": signers_path},
            to=organizers,
        ).send()


@outbox.handles("signatures.withdrawal_request_email")
def send_withdrawal_request_email(signature_id: int) -> None:
    """The signer asked to come off a letter already delivered: the organizers decide what
    to tell the recipients."""
    signature = _signature(signature_id)
    if signature is None or signature.withdrawal_requested_at is None:
        return
    organizers = _organizer_emails(signature.campaign)
    if organizers:
        signers_path = reverse("campaigns:signatures", args=[signature.campaign.slug])
        render_email(
            "organizer_withdrawal",
            {**_signer_context(signature), "signers_path": signers_path, "after_delivery": True},
            to=organizers,
        ).send()


@outbox.handles("signatures.version_notices")
def add_version_notices(version_id: int) -> int:
    return services.version_notices_add(version_id=version_id)


@outbox.handles("signatures.version_notice")
def send_version_notice(signature_id: int, version_id: int) -> None:
    version = LetterVersion.objects.select_related("campaign").get(pk=version_id)
    signature = _signature(signature_id)
    if signature is None or not services.version_notice_is_current(
        signature=signature, version=version
    ):
        return
    _email_signer(
        "version_notice",
        signature,
        version=version,
        diff=diff_text(signature.version.markdown, version.markdown),
    )


# The letter's PDF: plan the chunks, render the missing ones in parallel, then assemble.


@outbox.handles("documents.render")
def render_document(document_id: int) -> None:
    try:
        missing = pipeline.plan(document_id)
    except Exception as error:
        pipeline.fail(document_id, f"{error.__class__.__name__}: {error}")
        raise
    if missing is None:
        return
    assemble = finish_document.si(document_id).on_error(document_failed.si(document_id))
    parts = [render_footers.si(document_id)] + [
        render_chunk.si(document_id, key) for key in missing
    ]
    chord(parts)(assemble)


@outbox.handles("documents.render_letter")
def render_closed_letter(campaign_id: int) -> None:
    services.document_request(campaign=Campaign.objects.get(pk=campaign_id))


@shared_task
def render_chunk(document_id: int, key: str) -> None:
    pipeline.render_chunk(document_id, key)


@shared_task
def render_footers(document_id: int) -> None:
    pipeline.render_footers(document_id)


@shared_task
def finish_document(document_id: int) -> None:
    try:
        pipeline.finish(document_id)
    except Exception as error:
        pipeline.fail(document_id, f"{error.__class__.__name__}: {error}")
        raise
    # A letter set to go at its deadline goes as soon as its final PDF is ready.
    services.deliver_after_render(document_id=document_id)


@shared_task
def document_failed(document_id: int) -> None:
    pipeline.fail(document_id, "A part of the document could not be rendered.")


# Delivery: one task per attempt; the sweeper picks up what dead workers and lost tasks left.


@outbox.handles("delivery.send")
def start_delivery(delivery_id: int) -> None:
    deliver(delivery_id)


@shared_task
def deliver(delivery_id: int) -> None:
    pause = services.delivery_send(delivery_id=delivery_id)
    if pause is not None:
        deliver.apply_async((delivery_id,), countdown=pause)


@shared_task
def sweep_documents() -> list[int]:
    return services.documents_sweep()


@shared_task
def purge_personal_data() -> int:
    return services.purge_personal_data()


@shared_task
def sweep_deliveries() -> list[int]:
    return services.deliveries_sweep()


@outbox.handles("delivery.failed_email")
def send_delivery_failed_email(delivery_id: int) -> None:
    delivery = Delivery.objects.select_related("campaign", "recipient").get(pk=delivery_id)
    render_email(
        "delivery_failed",
        {
            "delivery": delivery,
            "campaign": delivery.campaign,
            "deliveries_path": reverse("campaigns:deliveries", args=[delivery.campaign.slug]),
        },
        to=_organizer_emails(delivery.campaign),
    ).send()


@outbox.handles("delivery.tell_signers")
def tell_signers_of_delivery(campaign_id: int) -> int:
    return services.delivered_emails_add(campaign_id=campaign_id)


@outbox.handles("delivery.delivered_email")
def send_delivered_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None:
        return
    deliveries = signature.campaign.deliveries.done().select_related("recipient")
    _email_signer(
        "letter_delivered",
        signature,
        deliveries=list(deliveries),
        pdf_path=reverse("campaigns:letter_pdf", args=[signature.campaign.slug]),
    )
