from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.errors import Code, ServiceError, describe, describe_each
from campaigns.letters import services
from campaigns.letters.access import confirmed, organizer_view
from campaigns.letters.deadlines import format_deadline
from campaigns.letters.diffs import diff_html
from campaigns.letters.forms import (
    LETTER_MAX_CHARACTERS,
    CampaignCreateForm,
    CampaignSettingsForm,
    LetterTextForm,
    typed_text,
)
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import Campaign, CampaignMember
from cosign.fields import search_text

Role = CampaignMember.Role
Status = Campaign.Status


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    query = search_text(request.GET.get("q"))
    status = request.GET.get("status", "")
    if status not in Campaign.Status.values:
        status = ""
    mine = Campaign.objects.for_member(user)
    if query:
        mine = mine.filter(title__icontains=query)
    # Archived letters leave the default list; their own filter shows them.
    counts = mine.aggregate(
        current=Count("pk", filter=~Q(status=Status.ARCHIVED)),
        **{value: Count("pk", filter=Q(status=value)) for value in Status.values},
    )
    my_role = CampaignMember.objects.filter(campaign=OuterRef("pk"), user=user)
    # Each row's live count comes from the signatures app's template tags (`counted`).
    campaigns = (
        (mine.filter(status=status) if status else mine.exclude(status=Status.ARCHIVED))
        .annotate(my_role=Subquery(my_role.values("role")[:1]))
        .order_by("-updated_at")
    )
    return render(
        request,
        "letters/index.html",
        {
            "campaigns": campaigns,
            "query": query,
            "status": status,
            "current_count": counts["current"],
            "statuses": [(value, label, counts[value]) for value, label in Status.choices],
            "has_any": Campaign.objects.for_member(user).exists(),
        },
    )


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.campaign_create(
            owner=request_user(request), title=form.cleaned_data["title"]
        )
        messages.success(request, "Your draft is ready. Write the letter, then add recipients.")
        return redirect("letters:letter_edit", campaign.slug)
    return render(request, "letters/new.html", {"form": form})


@require_safe
@organizer_view(Role.VIEWER)
def campaign_overview(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    return render(
        request,
        "letters/overview.html",
        {
            "member": member,
            "campaign": campaign,
            "problems": [
                describe(problem)
                for problem in services.publish_problems(campaign, user=request_user(request))
            ]
            if campaign.is_draft
            else [],
            "awaiting_count": campaign.signatures.filter(status="confirmed").count(),
            "version": campaign.current_version,
            "recipients": campaign.recipients.all(),
        },
    )


@organizer_view(Role.EDITOR)
def campaign_settings(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    form = CampaignSettingsForm(
        request.POST or None, instance=campaign, owner=member.can(Role.OWNER)
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        messages.success(request, "Settings saved.")
        return redirect("letters:overview", campaign.slug)
    return render(
        request, "letters/settings.html", {"member": member, "campaign": campaign, "form": form}
    )


@organizer_view(Role.EDITOR)
def letter_edit(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """A draft's text, edited in place; once published, the draft of the next version, which
    an owner publishes from the comparison page."""
    campaign = member.campaign
    version = campaign.current_version
    if version is None:
        initial = {"markdown": campaign.draft_markdown}
    elif campaign.revision_markdown:
        initial = {"markdown": campaign.revision_markdown, "change_note": campaign.revision_note}
    else:
        initial = {"markdown": version.markdown}
    form = LetterTextForm(request.POST or None, initial=initial)
    preview_html = None
    if request.method == "POST" and form.is_valid():
        markdown = form.cleaned_data["markdown"]
        if "preview" in request.POST:
            preview_html = render_markdown(markdown)
        else:
            try:
                services.letter_text_save(
                    campaign=campaign,
                    markdown=markdown,
                    author=request_user(request),
                    change_note=form.cleaned_data["change_note"],
                )
            except ServiceError as error:
                messages.error(request, describe(error))
                return redirect("letters:overview", campaign.slug)
            if campaign.is_draft:
                messages.success(request, "Draft saved.")
                return redirect("letters:letter_edit", campaign.slug)
            if version is not None and markdown == version.markdown:
                messages.info(request, "The text is the same as the published version.")
            else:
                messages.success(
                    request,
                    "Saved as the draft of the next version: nothing is public yet. Compare it "
                    "with the published text; an owner publishes it.",
                )
            return redirect("letters:revision", campaign.slug)
    if preview_html is None and form.is_bound:
        # Refused: the preview shows what was typed, as the form keeps it, not the old text
        # (as much of it as a letter may hold).
        typed = typed_text(form.data.get("markdown", ""))
        preview_html = render_markdown(typed[:LETTER_MAX_CHARACTERS])
    if preview_html is None:
        # The published text as it was stored with its version; only a draft is rendered here.
        preview_html = (
            version.html
            if version and initial["markdown"] == version.markdown
            else render_markdown(initial["markdown"])
        )
    return render(
        request,
        "letters/letter_edit.html",
        {"member": member, "campaign": campaign, "form": form, "preview_html": preview_html},
    )


@require_POST
@organizer_view(Role.EDITOR)
def letter_preview(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    form = LetterTextForm(request.POST)
    if not form.is_valid():
        problem = form.errors.get("markdown", ["The text cannot be previewed."])[0]
        return HttpResponse(format_html('<p class="field__errors">{}</p>', problem), status=400)
    return HttpResponse(render_markdown(form.cleaned_data["markdown"]))


@require_safe
@organizer_view(Role.VIEWER)
def versions(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    history = list(campaign.versions.select_related("author").order_by("-number"))
    # Each version beside the one before it, newest first, with how much changed.
    rows = []
    for newer, older in zip(history, [*history[1:], None], strict=True):
        summary = diff_html(older.markdown if older else "", newer.markdown)
        rows.append(
            {"version": newer, "added": summary.words_added, "removed": summary.words_removed}
        )
    return render(
        request, "letters/versions.html", {"member": member, "campaign": campaign, "rows": rows}
    )


@require_safe
@organizer_view(Role.VIEWER)
def version_detail(request: HttpRequest, member: CampaignMember, number: int) -> HttpResponse:
    campaign = member.campaign
    version = get_object_or_404(campaign.versions.select_related("author"), number=number)
    previous = campaign.versions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "letters/version_detail.html",
        {
            "member": member,
            "campaign": campaign,
            "version": version,
            "previous": previous,
            "diff": diff_html(previous.markdown if previous else "", version.markdown),
        },
    )


@require_POST
@organizer_view(Role.OWNER)
def campaign_publish(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    try:
        services.campaign_publish(campaign=campaign, user=request_user(request))
    except ServiceError as error:
        for problem in describe_each(error):
            messages.error(request, problem)
        return redirect("letters:overview", campaign.slug)
    messages.success(request, "Published. The letter is open for signatures.")
    return redirect("letters:overview", campaign.slug)


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def campaign_close(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """GET: what closing does; POST, from that page only: close."""
    campaign = member.campaign
    if request.method == "GET" or not confirmed(request):
        if request.method == "POST":
            messages.error(request, describe(ServiceError(Code.NOT_CONFIRMED)))
            return redirect("letters:close", campaign.slug)
        return render(request, "dashboard/confirm.html", _close_page(member))
    if services.campaign_close(campaign_id=campaign.pk, by=request_user(request)):
        messages.success(request, "Closed. No more signatures will be taken.")
    else:
        messages.info(request, "The letter was not open.")
    return redirect("letters:overview", campaign.slug)


def _close_page(member: CampaignMember) -> dict[str, object]:
    campaign = member.campaign
    counted = campaign.signatures.filter(status="approved").count()
    waiting = campaign.signatures.filter(status__in=["unconfirmed", "confirmed"]).count()
    deadline = (
        f"before its deadline ({format_deadline(campaign.deadline, campaign.time_zone)})"
        if campaign.deadline
        else ""
    )
    return {
        "member": member,
        "campaign": campaign,
        "heading": "Close signatures now",
        "problems": [] if campaign.is_open else ["The letter is not open."],
        "consequences": [
            f"Signing closes now{', ' + deadline if deadline else ''}: the sign-on "
            "form stops taking signatures, and the letter cannot be reopened.",
            f"The final PDF is made with the {counted:,} counted signature"
            f"{pluralize(counted)}; {waiting:,} sign-on{pluralize(waiting)} still waiting for "
            "confirmation or approval stay as they are.",
            "Nobody is emailed, and nothing is delivered: you deliver the letter from Delivery.",
        ],
        "action": reverse("letters:close", args=[campaign.slug]),
        "button": "Close signatures",
        "danger": True,
        "cancel_url": reverse("letters:overview", args=[campaign.slug]),
    }
