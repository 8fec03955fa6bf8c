"""Celery tasks of the letters: thin, they take ids, and running one twice does no harm."""

from celery import shared_task
from django.urls import reverse

from campaigns.letters import services
from campaigns.letters.models import Campaign, CampaignMember, Invitation
from cosign import tokens
from cosign.emails import render_email
from cosign.outbox import services as outbox


@shared_task
def close_due_campaigns() -> list[str]:
    return services.close_due_campaigns()


@shared_task
def release_due_campaigns() -> list[str]:
    return services.release_due_campaigns()


def organizer_emails(campaign: Campaign) -> list[str]:
    return list(
        CampaignMember.objects.filter(
            campaign=campaign,
            role__in=[CampaignMember.Role.OWNER, CampaignMember.Role.EDITOR],
        ).values_list("user__email", flat=True)
    )


@outbox.handles("letters.invitation_email")
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, accepted_at=None)
        .select_related("campaign", "invited_by", "office")
        .first()
    )
    if invitation is None:  # accepted or withdrawn since it was queued
        return
    path = reverse("letters:invitation", args=[tokens.make_token(tokens.INVITATION, invitation.pk)])
    render_email(
        "invitation", {"invitation": invitation, "accept_path": path}, to=[invitation.email]
    ).send()
