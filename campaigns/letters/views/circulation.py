"""A letter circulating privately: the link that opens it, and its release."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from accounts.utils import request_user
from campaigns.errors import Code, ServiceError, describe
from campaigns.letters import access, services
from campaigns.letters.access import confirmed, organizer_view
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


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def campaign_release(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """GET: what releasing does; POST, from that page only: release, for good."""
    campaign = member.campaign
    if request.method == "POST" and not confirmed(request):
        messages.error(request, describe(ServiceError(Code.NOT_CONFIRMED)))
        return redirect("letters:release", campaign.slug)
    if request.method == "GET":
        counted = campaign.signatures.filter(status="approved").count()
        return render(
            request,
            "dashboard/confirm.html",
            {
                "member": member,
                "campaign": campaign,
                "heading": "Release the letter",
                "problems": []
                if campaign.is_private and not campaign.is_draft
                else ["The letter is not circulating privately."],
                "consequences": [
                    "The letter becomes public for good: listed on the home page and open to "
                    "anyone with its address, not only to those with the circulation link.",
                    f"Its {counted:,} counted signer{pluralize(counted)}, its count and its PDF "
                    "become public.",
                    "Nobody is emailed. A released letter cannot be made private again.",
                ],
                "action": reverse("letters:release", args=[campaign.slug]),
                "button": "Release the letter",
                "danger": True,
                "cancel_url": reverse("letters:overview", args=[campaign.slug]),
            },
        )
    user = request_user(request)
    if services.campaign_release(campaign_id=campaign.pk, by=user, source=user.email):
        messages.success(request, "Released: the letter, its signers and its count are public.")
    else:
        messages.info(request, "The letter was already public.")
    return redirect("letters:overview", campaign.slug)
