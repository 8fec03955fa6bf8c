"""Celery tasks of the letters: thin, they take ids, and running one twice does no harm."""

from celery import shared_task
from django.urls import reverse

from campaigns.letters import queueing, services
from campaigns.letters.models import Campaign, CampaignMember, Invitation
from cosign import tokens
from cosign.celery import Task as CeleryTask
from cosign.emails import render_email

# Mail servers come and go; a lost connection is retried with growing pauses (as is a
# database that was restarting, as for every task).
email_task = shared_task(
    autoretry_for=(OSError, *CeleryTask.autoretry_for),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=8,
)


@shared_task
def close_due_campaigns() -> list[str]:
    return services.close_due_campaigns()


def organizer_emails(campaign: Campaign) -> list[str]:
    return list(
        CampaignMember.objects.filter(
            campaign=campaign,
            role__in=[CampaignMember.Role.OWNER, CampaignMember.Role.EDITOR],
        ).values_list("user__email", flat=True)
    )


@email_task
def send_invitation_email(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, accepted_at=None)
        .select_related("campaign", "invited_by")
        .first()
    )
    if invitation is None:  # accepted or withdrawn since it was queued
        return
    path = reverse("letters:invitation", args=[tokens.make_token(tokens.INVITATION, invitation.pk)])
    render_email(
        "invitation", {"invitation": invitation, "accept_path": path}, to=[invitation.email]
    ).send()


@shared_task
def release_held_tasks() -> int:
    return queueing.release_held_tasks()
