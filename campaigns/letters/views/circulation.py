"""A letter circulating privately: the link that opens it, and its release."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from accounts.utils import request_user
from campaigns.letters import access, services
from campaigns.letters.access import organizer_view
from campaigns.letters.models import Campaign, CampaignMember

Role = CampaignMember.Role


@require_safe
def circulation_link(request: HttpRequest, key: str) -> HttpResponse:
    """The link the organizers send to the offices they ask: it opens the letter and its
    sign-on form in this browser."""
    campaign = Campaign.objects.public().filter(circulation_key=key).first()
    if campaign is None:
        raise Http404("No such letter")
    access.grant_circulation(request, campaign)
    response = redirect(campaign.get_absolute_url())
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the key stays out of other sites' logs
    return response


@require_POST
@organizer_view(Role.OWNER)
def campaign_release(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    user = request_user(request)
    if services.campaign_release(campaign_id=campaign.pk, by=user, source=user.email):
        messages.success(request, "Released: the letter, its signers and its count are public.")
    else:
        messages.info(request, "The letter was already public.")
    return redirect("letters:overview", campaign.slug)
