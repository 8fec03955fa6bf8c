from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from campaigns.markdown import render_markdown
from campaigns.models import Campaign

FIRST_SIGNERS_SHOWN = 12


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.open().with_signature_count().order_by("-published_at")
    return render(request, "campaigns/home.html", {"campaigns": campaigns})


@require_safe
def letter(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.with_signature_count(), slug=slug)
    is_member = (
        request.user.is_authenticated and campaign.members.filter(user_id=request.user.pk).exists()
    )
    if campaign.is_draft and not is_member:
        raise Http404("No such letter")
    version = campaign.current_version
    text_html = version.html if version else render_markdown(campaign.draft_markdown)
    counted = campaign.signatures.counted()
    leads = list(counted.filter(is_lead=True).order_by("lead_position"))
    first_signers = list(
        counted.filter(is_lead=False).in_campaign_order(campaign)[:FIRST_SIGNERS_SHOWN]
    )
    return render(
        request,
        "campaigns/letter.html",
        {
            "campaign": campaign,
            "version": version,
            "text_html": text_html,
            "recipients": campaign.recipients.all(),
            "leads": leads,
            "first_signers": first_signers,
            "shown_count": len(leads) + len(first_signers),
            "is_member": is_member,
        },
    )
