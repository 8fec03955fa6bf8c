from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from campaigns.congress.credits import STATE_NAMES
from campaigns.letters import access
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign
from campaigns.signatures import counts
from campaigns.signatures.models import Signature

FIRST_SIGNERS_SHOWN = 12
SIGNERS_PER_PAGE = 250
PARTIES = {"D": "Democrats", "R": "Republicans", "I": "Independents"}
CHAMBERS = {"senate": "Senate", "house": "House"}
# What the list shows, and nothing private: the contact fields are never loaded here.
SIGNER_LIST_FIELDS = [
    "kind", "name", "title", "party", "state", "city", "affiliation", "show_name", "verification",
    "is_lead", "list_group", "campaign_id",
]  # fmt: skip


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    listed = Campaign.objects.listed()
    campaigns = counts.with_totals(listed.open().order_by("-published_at"))
    delivered = counts.with_totals(
        listed.filter(status__in=Campaign.DELIVERED_STATES).order_by("-updated_at")[:10]
    )
    return render(request, "signatures/home.html", {"campaigns": campaigns, "delivered": delivered})


@require_safe
def letter(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    if not access.may_read(request, campaign):
        raise Http404("No such letter")
    is_member = access.is_on_team(request, campaign)
    show_signers = access.may_see_signers(request, campaign)
    version = campaign.current_version
    text_html = version.html if version else render_markdown(campaign.draft_markdown)
    tally = counts.current(campaign.pk)
    campaign.signature_count = tally.total  # type: ignore[attr-defined]
    counted = campaign.signatures.counted()
    # "146 signatures; 140 on the current text": those of an earlier text not re-confirmed.
    on_current = max(tally.total - counted.on_earlier_text(campaign).count(), 0)
    leads = list(counted.filter(is_lead=True).order_by("lead_position"))
    first_signers = (
        list(counted.filter(is_lead=False).in_campaign_order(campaign)[:FIRST_SIGNERS_SHOWN])
        if show_signers
        else []
    )
    response = render(
        request,
        "signatures/letter.html",
        {
            "campaign": campaign,
            "version": version,
            "on_current": on_current,
            "text_html": text_html,
            "recipients": campaign.recipients.all(),
            "leads": leads,
            "first_signers": first_signers,
            "shown_count": len(leads) + len(first_signers),
            "is_member": is_member,
            "show_signers": show_signers,
            "receipts": campaign.deliveries.done().select_related("recipient", "campaign"),
        },
    )
    return _unlisted(response, campaign)


def _unlisted(response: HttpResponse, campaign: Campaign) -> HttpResponse:
    """Search engines keep out of drafts and of letters circulating privately."""
    if campaign.is_draft or campaign.is_private:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def signers(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone counted, in the letter's order, with filters and counts."""
    campaign = get_object_or_404(Campaign.objects.public(), slug=slug)
    if not access.may_see_signers(request, campaign):
        raise Http404("No such letter")
    counted = campaign.signatures.counted()
    chosen = {key: request.GET.get(key, "") for key in ("party", "state", "chamber")}
    filtered = counted
    if chosen["party"] in PARTIES:
        filtered = filtered.filter(kind=Signature.Kind.LEGISLATOR, party=chosen["party"])
    if chosen["state"] in STATE_NAMES:
        filtered = filtered.filter(state=chosen["state"])
    if chosen["chamber"] in CHAMBERS:
        filtered = filtered.filter(kind=Signature.Kind.LEGISLATOR, chamber=chosen["chamber"])
    page = Paginator(
        filtered.only(*SIGNER_LIST_FIELDS).in_campaign_order(campaign), SIGNERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    tally = counts.current(campaign.pk)
    by_party, by_chamber = tally.by_party, tally.by_chamber
    states = sorted(tally.by_state)
    query = {key: value for key, value in chosen.items() if value}
    response = render(
        request,
        "signatures/signers.html",
        {
            "campaign": campaign,
            "page": page,
            "total": tally.total,
            "by_party": [(PARTIES[p], by_party[p], p) for p in PARTIES if by_party.get(p)],
            "by_chamber": [(CHAMBERS[c], by_chamber[c]) for c in CHAMBERS if by_chamber.get(c)],
            "state_choices": [(code, STATE_NAMES[code]) for code in states if code in STATE_NAMES],
            "chosen": chosen,
            "filtered": bool(query),
            "query_string": urlencode(query),
        },
    )
    return _unlisted(response, campaign)
