"""The organizers' side of the signatures: the moderation queue, leads, the CSV."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_POST, require_safe

from accounts.utils import request_user
from campaigns.congress.credits import STATE_NAMES
from campaigns.errors import ListIsFinal, SigningError, describe
from campaigns.letters.access import organizer_view
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.signatures import counts, services
from campaigns.signatures.csv_export import csv_lines
from campaigns.signatures.forms import RejectForm
from campaigns.signatures.models import Signature
from campaigns.signatures.press import press_line
from cosign.fields import record_ids, search_text

Role = CampaignMember.Role
Status = Signature.Status
PAGE_SIZE = 100
PARTY_NAMES = {"D": "Democrats", "R": "Republicans", "I": "Independents"}
CHAMBER_NAMES = {"senate": "Senate", "house": "House"}
ENDED = [Status.WITHDRAWN, Status.REJECTED, Status.EXPIRED]
FILTERS = {
    "awaiting": ("Awaiting approval", Q(status=Status.CONFIRMED)),
    "unconfirmed": ("Email not confirmed", Q(status=Status.UNCONFIRMED)),
    "counted": ("Counted", Q(status=Status.APPROVED)),
    "leads": ("Leads", Q(is_lead=True) & Q(status__in=Signature.ACTIVE_STATUSES)),
    "ended": ("Withdrawn, rejected or lapsed", Q(status__in=ENDED)),
    "all": ("All", Q()),
}


@require_safe
@organizer_view(Role.VIEWER)
def signatures(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    counts = campaign.signatures.aggregate(
        **{key: Count("pk", filter=condition) for key, (_, condition) in FILTERS.items()}
    )
    # Signers of a text before the one in force who have not re-confirmed: the team decides.
    earlier = campaign.signatures.active().on_earlier_text(campaign)
    counts["earlier"] = earlier.count()
    filters = [(key, label, counts[key]) for key, (label, _) in FILTERS.items()]
    if counts["earlier"]:
        filters.insert(1, ("earlier", "Signed an earlier version", counts["earlier"]))
    shown = request.GET.get("show") or ("awaiting" if counts["awaiting"] else "all")
    if shown not in FILTERS and shown != "earlier":
        shown = "all"
    chosen = earlier if shown == "earlier" else campaign.signatures.filter(FILTERS[shown][1])
    queryset = chosen.select_related(
        "legislator", "version", "decided_by", "contact"
    ).in_campaign_order(campaign)
    query = search_text(request.GET.get("q"))
    if query:
        queryset = queryset.filter(
            Q(name__icontains=query)
            | Q(contact__email__icontains=query)
            | Q(contact__signer_name__icontains=query)
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "signatures/signatures.html",
        {
            "member": member,
            "campaign": campaign,
            "page": page,
            "filters": filters,
            "in_force": campaign.text_in_force,
            "now": timezone.now(),
            "earlier_ids": set(earlier.values_list("pk", flat=True))
            if counts["earlier"]
            else set(),
            "shown": shown,
            "query": query,
            "page_query": urlencode({"show": shown, **({"q": query} if query else {})}),
            "press_line": press_line(campaign, counts["counted"]),
            "list_is_final": services.list_is_final(campaign),
            "held_offices": set(
                campaign.signatures.counted()
                .filter(legislator__isnull=False)
                .values_list("legislator_id", flat=True)
            ),
            "reject_form": RejectForm(),
        },
    )


@require_POST
@organizer_view(Role.EDITOR)
def signatures_action(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """Approve, reject, or mark as lead or featured: one signature or many at once."""
    campaign = member.campaign
    # A row's own button sends "approve:17"; the toolbar sends an action and ticked ids.
    action, _, row = request.POST.get("row_action", "").partition(":")
    if row:
        ids = record_ids([row])
    else:
        action = request.POST.get("action", "")
        ids = record_ids(request.POST.getlist("ids"))
    chosen = list(campaign.signatures.filter(pk__in=ids))
    queue = f"/dashboard/{campaign.slug}/signatures/"
    next_url = request.POST.get("next", "")
    back = redirect(next_url if next_url.startswith(queue) else queue)
    if not chosen:
        messages.error(request, "Choose at least one signature.")
        return back
    user = request_user(request)
    if action in ("approve", "reject", "keep", "remove") and services.list_is_final(campaign):
        messages.error(request, describe(ListIsFinal()))
        return back
    if action == "approve":
        done, refusals = 0, []
        for signature in chosen:
            try:
                done += services.signature_approve(signature=signature, by=user)
            except SigningError as refused:
                refusals.append(describe(refused))
        skipped = len(chosen) - done - len(refusals)
        messages.success(
            request,
            f"Approved {done}." + (f" {skipped} were not awaiting approval." if skipped else ""),
        )
        for refusal in refusals:
            messages.error(request, refusal)
    elif action == "reject" and not (form := RejectForm(request.POST)).is_valid():
        # A reason we could not keep must not vanish from a rejection the signer is told of.
        for error in form.errors.get("reason", []):
            messages.error(request, f"Nothing was rejected: {error}")
    elif action == "reject":
        reason = form.cleaned_data["reason"]
        try:
            done = sum(
                services.signature_reject(signature=s, by=user, reason=reason) for s in chosen
            )
        except ListIsFinal as refused:
            messages.error(request, describe(refused))
        else:
            messages.success(request, f"Rejected {done}.")
    elif action in ("keep", "remove"):
        _decide_earlier(request, campaign, chosen, keep=action == "keep")
    elif action in ("lead", "unlead"):
        for signature in chosen:
            services.signature_set_lead(signature=signature, lead=action == "lead")
        messages.success(
            request, f"Updated {len(chosen)} lead signer{'s' if len(chosen) != 1 else ''}."
        )
    elif action in ("feature", "unfeature"):
        for signature in chosen:
            services.signature_set_featured(signature=signature, featured=action == "feature")
        messages.success(request, "Updated the press line.")
    else:
        messages.error(request, "Choose what to do with the selected signatures.")
    return back


def _decide_earlier(
    request: HttpRequest, campaign: Campaign, chosen: list[Signature], *, keep: bool
) -> None:
    """Signers of an earlier text who did not re-confirm: they stay on the letter, or come off
    through the moderation service (so the count follows)."""
    earlier = set(
        campaign.signatures.on_earlier_text(campaign)
        .filter(pk__in=[s.pk for s in chosen])
        .values_list("pk", flat=True)
    )
    picked = [signature for signature in chosen if signature.pk in earlier]
    user = request_user(request)
    in_force = campaign.text_in_force
    number = in_force.number if in_force else 0
    done = 0
    for signature in picked:
        if keep:
            done += services.signature_reconfirm(signature_id=signature.pk, by=user)
        else:
            reason = f"Did not re-confirm the changed text (version {number})"
            done += services.signature_reject(signature=signature, by=user, reason=reason)
    skipped = len(chosen) - len(picked)
    messages.success(
        request,
        f"{'Kept' if keep else 'Removed'} {done} signer{pluralize(done)} of an earlier version."
        + (f" {skipped} had not signed an earlier version." if skipped else ""),
    )


@require_safe
@organizer_view(Role.VIEWER)
def signatures_csv(request: HttpRequest, member: CampaignMember) -> StreamingHttpResponse:
    campaign = member.campaign
    response = StreamingHttpResponse(csv_lines(campaign), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="{campaign.slug}-signatures-{stamp}.csv"'
    )
    return response


@require_safe
@organizer_view(Role.VIEWER)
def press(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """For the press and for other sites: the breakdown, the press line, the widget."""
    campaign = member.campaign
    tally = counts.current(campaign.pk)
    site = settings.SITE_URL
    embed_url = site + reverse("signatures:embed", args=[campaign.slug])
    title = f"Signatures on {campaign.title}"
    return render(
        request,
        "signatures/press.html",
        {
            "member": member,
            "campaign": campaign,
            "tally": tally,
            "parties": [
                (PARTY_NAMES.get(party, party), n) for party, n in sorted(tally.by_party.items())
            ],
            "chambers": [
                (CHAMBER_NAMES.get(chamber, chamber), n)
                for chamber, n in sorted(tally.by_chamber.items(), reverse=True)
            ],
            "states": sorted(
                ((STATE_NAMES.get(state, state), n) for state, n in tally.by_state.items()),
                key=lambda item: (-item[1], item[0]),
            ),
            "press_line": press_line(campaign, tally.total),
            "embed_url": embed_url,
            "iframe_snippet": (
                f'<iframe src="{embed_url}" title="{escape(title)}" width="100%" height="230" '
                'style="border:0;max-width:480px" loading="lazy"></iframe>'
            ),
            "script_snippet": (
                f'<script src="{site}{static("js/embed.js")}" data-letter="{embed_url}" '
                f'data-title="{escape(title)}" async></script>'
            ),
            "count_json_url": site + reverse("signatures:count_json", args=[campaign.slug]),
        },
    )
