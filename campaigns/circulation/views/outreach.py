"""The Dear Colleague: compose, choose the offices, review who gets it, send; and the personal
sign link each office's staff receive."""

from django.contrib import messages
from django.core import signing
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from accounts.utils import request_user
from campaigns.circulation.forms import DearColleagueForm
from campaigns.circulation.models import OutreachMessage
from campaigns.circulation.services import outreach, privacy
from campaigns.congress.models import Legislator
from campaigns.errors import ServiceError, describe
from campaigns.letters import access
from campaigns.letters.access import organizer_view
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign, CampaignMember
from cosign import tokens
from cosign.fields import record_ids

Role = CampaignMember.Role


@require_safe
@organizer_view(Role.VIEWER)
def outreach_list(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    sent = campaign.dear_colleagues.annotate(
        addresses=Count("messages"),
        bounced=Count("messages", filter=Q(messages__status=OutreachMessage.Status.BOUNCED)),
    ).prefetch_related("messages__target__legislator")
    return render(
        request,
        "circulation/outreach.html",
        {"member": member, "campaign": campaign, "dear_colleagues": sent},
    )


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def outreach_compose(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    ids = record_ids(request.POST.getlist("ids"))
    chosen = list(campaign.targets.filter(pk__in=ids).select_related("legislator"))
    fresh = request.method == "GET" or "from_tracker" in request.POST
    form = DearColleagueForm(None if fresh else request.POST)
    preview = ""
    status = 200
    if not fresh:
        if not form.is_valid():
            status = 400
        elif "preview" in request.POST:
            preview = render_markdown(form.cleaned_data["body_markdown"])
        else:
            targets = chosen + outreach.targets_in_statuses(
                campaign=campaign, statuses=form.cleaned_data["statuses"]
            )
            if targets:
                dear_colleague = outreach.dear_colleague_create(
                    campaign=campaign, by=request_user(request), targets=targets,
                    subject=form.cleaned_data["subject"],
                    body_markdown=form.cleaned_data["body_markdown"],
                    attach_pdf=form.cleaned_data["attach_pdf"],
                )  # fmt: skip
                return redirect("circulation:outreach_review", campaign.slug, dear_colleague.pk)
            form.add_error(
                None, "Choose the offices: tick them on the tracker, or choose statuses below."
            )
            status = 400
    return render(
        request,
        "circulation/outreach_compose.html",
        {"member": member, "campaign": campaign, "form": form, "chosen": chosen,
         "preview": preview},
        status=status,
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def outreach_review(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    dear_colleague = get_object_or_404(campaign.dear_colleagues, pk=pk)
    if request.method == "POST":
        try:
            queued = outreach.dear_colleague_send(
                dear_colleague=dear_colleague, by=request_user(request)
            )
        except ServiceError as error:
            messages.error(request, describe(error))
        else:
            messages.success(request, f"Sending the Dear Colleague to {queued} addresses.")
        return redirect("circulation:outreach", campaign.slug)
    return render(
        request,
        "circulation/outreach_review.html",
        {
            "member": member,
            "campaign": campaign,
            "dear_colleague": dear_colleague,
            "body_html": render_markdown(dear_colleague.body_markdown),
            "review": outreach.dear_colleague_review(dear_colleague),
            "sent": dear_colleague.messages.select_related("target__legislator").order_by("email"),
        },
    )


@require_safe
def sign_from(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """An office's personal link from a Dear Colleague: it opens the letter, private or not, in
    this browser, and the sign form with the office chosen. The staffer still confirms from
    their official address."""
    try:
        campaign_pk, bioguide_id = tokens.read_office_token(
            tokens.SIGN_FROM, token, max_age=tokens.SIGN_FROM_MAX_AGE
        )
    except signing.BadSignature:
        raise Http404("No such link") from None
    campaign = get_object_or_404(Campaign.objects.public(), slug=slug, pk=campaign_pk)
    office = get_object_or_404(Legislator, bioguide_id=bioguide_id)
    access.grant_circulation(request, campaign)
    url = reverse("signatures:sign", args=[campaign.slug])
    response = redirect(f"{url}?kind=legislator&office={office.bioguide_id}")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the token stays out of other sites' logs
    return response


@csrf_exempt  # the token is the credential; mail providers' one-click POST carries no cookie
@require_http_methods(["GET", "POST"])
def leave_address_book(request: HttpRequest, token: str) -> HttpResponse:
    """A staff contact's own link, in every email the team sends them: out of its address
    book. A GET only asks (mail scanners open links); the POST, from the page or the mail
    program's one-click unsubscribe (RFC 8058), does it."""
    try:
        organizer_id, email = tokens.read_address_token(tokens.LEAVE_ADDRESS_BOOK, token)
    except signing.BadSignature:
        return render(request, "circulation/leave_problem.html", status=400)
    organizer = User.objects.filter(pk=organizer_id).first()
    left = request.method == "POST"
    if left and organizer is not None:
        privacy.address_book_leave(organizer_id=organizer_id, email=email)
    return render(
        request,
        "circulation/leave_address_book.html",
        {"organizer": organizer, "email": email, "left": left or organizer is None},
    )
