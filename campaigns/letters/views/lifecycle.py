"""Running several letters: duplicate one, delete a draft (after a confirmation that shows what
goes), archive a delivered letter."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.utils import request_user
from campaigns.errors import Code, ServiceError, describe
from campaigns.letters import services
from campaigns.letters.access import organizer_view
from campaigns.letters.models import CampaignMember

Role = CampaignMember.Role


@require_POST
@organizer_view(Role.EDITOR)
def campaign_duplicate(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    copy = services.campaign_duplicate(campaign=member.campaign, by=request_user(request))
    messages.success(
        request,
        "A copy as a new draft, with the text, recipients and settings; you are its owner. "
        "Signatures, teammates and the tracker stay with the original.",
    )
    return redirect("letters:overview", copy.slug)


@organizer_view(Role.OWNER)
def campaign_delete(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    try:
        if not campaign.is_draft:
            raise ServiceError(Code.DELETE_PUBLISHED)
        if request.method == "POST":
            services.campaign_delete(campaign=campaign, by=request_user(request))
            messages.success(request, f"Deleted the draft “{campaign.title}”.")
            return redirect("letters:dashboard")
    except ServiceError as error:
        messages.error(request, describe(error))
        return redirect("letters:overview", campaign.slug)
    return render(
        request,
        "letters/delete.html",
        {"member": member, "campaign": campaign, "contents": services.draft_contents(campaign)},
    )


@require_POST
@organizer_view(Role.OWNER)
def campaign_archive(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    try:
        services.campaign_archive(campaign=campaign, by=request_user(request))
    except ServiceError as error:
        messages.error(request, describe(error))
        return redirect("letters:overview", campaign.slug)
    messages.success(
        request,
        "Archived. It has left your dashboard's list (the Archived filter shows it); "
        "its public page stays.",
    )
    return redirect("letters:overview", campaign.slug)
