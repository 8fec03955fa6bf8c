"""The next version of a published letter: compared side by side with the text in force, then
published by an owner as a correction or, from a page that says who is emailed, as a
substantive change."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.errors import Code, ServiceError, describe
from campaigns.letters import services
from campaigns.letters.access import confirmed, organizer_view
from campaigns.letters.diffs import diff_html
from campaigns.letters.forms import RevisionPublishForm
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign, CampaignMember, LetterVersion

Role = CampaignMember.Role


def _signers_to_ask(campaign: Campaign) -> int:
    """Who a substantive change would email: active signers we can still write to (a new
    version's notices go to everyone who signed an earlier text and has not re-confirmed)."""
    return campaign.signatures.filter(
        status__in=["unconfirmed", "confirmed", "approved"],
        personal_data_removed_at__isnull=True,
    ).count()


@require_safe
@organizer_view(Role.VIEWER)
def revision(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    current = campaign.current_version
    drafted = current is not None and bool(campaign.revision_markdown.strip())
    return render(
        request,
        "letters/revision.html",
        {
            "member": member,
            "campaign": campaign,
            "current": current,
            "drafted": drafted,
            "draft_html": render_markdown(campaign.revision_markdown) if drafted else "",
            "diff": diff_html(current.markdown, campaign.revision_markdown)
            if current is not None and drafted
            else None,
            "problem": describe(p) if (p := services.revision_problem(campaign)) else "",
        },
    )


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def revision_publish(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """GET: the choice (correction or substantive change, and the date) and, once it is made,
    exactly what publishing will do; POST, from that page only: publish."""
    campaign = member.campaign
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RevisionPublishForm(data, campaign=campaign)
    problem = services.revision_problem(campaign)
    if request.method == "POST" and form.is_valid() and problem is None:
        if not confirmed(request):
            messages.error(request, describe(ServiceError(Code.NOT_CONFIRMED)))
            here = reverse("letters:revision_publish", args=[campaign.slug])
            chosen = {name: request.POST.get(name, "") for name in form.fields}
            return redirect(f"{here}?{urlencode(chosen)}")
        try:
            version = services.revision_publish(
                campaign=campaign,
                by=request_user(request),
                kind=form.cleaned_data["kind"],
                reconfirm_by=form.cleaned_data["reconfirm_at"],
            )
        except ServiceError as error:
            messages.error(request, describe(error))
        else:
            if version.kind == LetterVersion.Kind.CORRECTION:
                messages.success(
                    request,
                    f"Published version {version.number} as a correction. Nobody was emailed.",
                )
            else:
                messages.success(
                    request,
                    f"Published version {version.number}. Signers of earlier versions are being "
                    "emailed and asked to re-confirm.",
                )
            return redirect("letters:versions", campaign.slug)
    current = campaign.current_version
    return render(
        request,
        "letters/revision_publish.html",
        {
            "member": member,
            "campaign": campaign,
            "form": form,
            "problem": describe(problem) if problem else "",
            "ready": data is not None and form.is_valid() and problem is None,
            "next_number": (current.number + 1) if current else 1,
            "to_ask": _signers_to_ask(campaign),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@organizer_view(Role.EDITOR)
def revision_discard(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    if services.revision_discard(campaign=campaign, by=request_user(request)):
        messages.success(request, "Discarded the draft: the letter reads as it did.")
    else:
        messages.info(request, "There was no draft of a next version to discard.")
    return redirect("letters:versions", campaign.slug)
