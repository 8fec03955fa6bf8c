from celery import shared_task
from django.urls import reverse

from campaigns import services, tokens
from campaigns.models import Invitation
from cosign.emails import render_email


@shared_task
def close_due_campaigns() -> list[str]:
    return services.close_due_campaigns()


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_jitter=True, max_retries=8)
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
        "invitation",
        {"invitation": invitation, "accept_path": path},
        to=[invitation.email],
    ).send()
