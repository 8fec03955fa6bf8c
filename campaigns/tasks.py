"""Celery tasks: thin, they take ids, and running one twice does no harm."""

from celery import shared_task
from django.db.models import Q
from django.urls import reverse

from campaigns import services, tokens
from campaigns.diffs import diff_text
from campaigns.models import CampaignMember, Invitation, LetterVersion, Signature
from cosign.emails import render_email

# Mail servers come and go; a lost connection is retried with growing pauses.
email_task = shared_task(
    autoretry_for=(OSError,), retry_backoff=30, retry_jitter=True, max_retries=8
)


@shared_task
def close_due_campaigns() -> list[str]:
    return services.close_due_campaigns()


@email_task
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


def _signature(signature_id: int) -> Signature | None:
    return (
        Signature.objects.select_related("campaign", "version", "legislator")
        .filter(pk=signature_id)
        .first()
    )


def _links(signature: Signature) -> dict[str, str]:
    slug = signature.campaign.slug
    return {
        "confirm_path": reverse(
            "campaigns:confirm", args=[slug, tokens.make_token(tokens.CONFIRM, signature.pk)]
        ),
        "withdraw_path": reverse(
            "campaigns:withdraw", args=[slug, tokens.make_token(tokens.WITHDRAW, signature.pk)]
        ),
        "letter_path": signature.campaign.get_absolute_url(),
    }


@email_task
def send_confirmation_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None or signature.status != Signature.Status.UNCONFIRMED:
        return
    render_email(
        "signature_confirm",
        {"signature": signature, "campaign": signature.campaign, **_links(signature)},
        to=[signature.email],
    ).send()
    services.confirmation_sent(signature.pk)


@email_task
def send_duplicate_notice(signature_id: int) -> None:
    """Someone signed again with an address that has already signed: tell its owner, not them."""
    signature = _signature(signature_id)
    if signature is None or signature.status not in Signature.ACTIVE_STATUSES:
        return
    render_email(
        "signature_duplicate",
        {"signature": signature, "campaign": signature.campaign, **_links(signature)},
        to=[signature.email],
    ).send()


@email_task
def send_receipt_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None or signature.status not in (
        Signature.Status.CONFIRMED,
        Signature.Status.APPROVED,
    ):
        return
    render_email(
        "signature_receipt",
        {"signature": signature, "campaign": signature.campaign, **_links(signature)},
        to=[signature.email],
    ).send()


@email_task
def send_decision_email(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None:
        return
    name = {
        Signature.Status.APPROVED: "signature_approved",
        Signature.Status.REJECTED: "signature_rejected",
    }.get(Signature.Status(signature.status))
    if name is None:
        return
    render_email(
        name,
        {"signature": signature, "campaign": signature.campaign, **_links(signature)},
        to=[signature.email],
    ).send()


@email_task
def send_withdrawal_emails(signature_id: int) -> None:
    signature = _signature(signature_id)
    if signature is None or signature.status != Signature.Status.WITHDRAWN:
        return
    context = {"signature": signature, "campaign": signature.campaign, **_links(signature)}
    render_email("signature_withdrawn", context, to=[signature.email]).send()
    organizers = list(
        CampaignMember.objects.filter(
            Q(role=CampaignMember.Role.OWNER) | Q(role=CampaignMember.Role.EDITOR),
            campaign=signature.campaign,
        ).values_list("user__email", flat=True)
    )
    if organizers:
        render_email(
            "organizer_withdrawal",
            {
                **context,
                "signers_path": reverse("campaigns:signatures", args=[signature.campaign.slug]),
            },
            to=organizers,
        ).send()


@shared_task
def notify_signers_of_version(version_id: int) -> int:
    version = LetterVersion.objects.filter(pk=version_id).first()
    if version is None:
        return 0
    signature_ids = services.signers_to_notify(version)
    for signature_id in signature_ids:
        send_version_notice.delay(signature_id, version_id)
    return len(signature_ids)


@email_task
def send_version_notice(signature_id: int, version_id: int) -> None:
    version = LetterVersion.objects.select_related("campaign").get(pk=version_id)
    previous = services.claim_version_notice(signature_id=signature_id, version=version)
    if previous is None:
        return
    signature = _signature(signature_id)
    assert signature is not None
    try:
        render_email(
            "version_notice",
            {
                "signature": signature,
                "campaign": version.campaign,
                "version": version,
                "diff": diff_text(signature.version.markdown, version.markdown),
                **_links(signature),
            },
            to=[signature.email],
        ).send()
    except Exception:
        services.release_version_notice(
            signature_id=signature_id, version=version, previous=previous
        )
        raise
