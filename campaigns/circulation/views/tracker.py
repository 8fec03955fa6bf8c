"""The office tracker and its target list, for the letter's team."""

import asyncio
import csv
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from io import StringIO

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.circulation import services
from campaigns.circulation.forms import (
    PARTIES,
    ApplyListForm,
    ContactForm,
    OfficesForm,
    SaveListForm,
    TargetForm,
    TrackerActionForm,
)
from campaigns.circulation.models import OfficeTarget
from campaigns.circulation.services import outreach
from campaigns.circulation.services.outreach import LastSent
from campaigns.congress.credits import STATE_NAMES
from campaigns.errors import ServiceError, describe
from campaigns.letters.access import load_membership, organizer_view
from campaigns.letters.live import team_notices
from campaigns.letters.models import CampaignMember
from campaigns.signatures.csv_export import neutralize
from cosign.fields import record_ids, search_text

Role = CampaignMember.Role


@dataclass(frozen=True, slots=True)
class Row:
    pk: int
    office: str
    seat: str
    status: str
    label: str
    contact_at: datetime | None
    contact_by: str
    note: str
    next_step: str
    last_dear_colleague: LastSent | None
    contacts: str


SORTS = {
    "state": ("State", ["legislator__state", "legislator__district", "legislator__last_name"]),
    "name": ("Name", ["legislator__last_name", "legislator__first_name"]),
    "party": ("Party", ["legislator__party", "legislator__state", "legislator__last_name"]),
    "status": ("Status", ["shown_status", "legislator__state", "legislator__last_name"]),
    "contact": ("Last contact", ["-last_contact_at", "legislator__last_name"]),
}
# What the tracker and its CSV show: 537 rows of whole offices and users cost more to read
# from PostgreSQL (their dates above all) than the rest of the page to make.
TRACKER_FIELDS = [
    "status", "note", "next_step", "last_contact_at", "legislator__title",
    "legislator__display_name", "legislator__party", "legislator__state", "legislator__chamber",
    "legislator__district", "last_contact_by__email",
]  # fmt: skip
PARTY_NAMES = {"D": "Democrats", "R": "Republicans", "I": "Independents"}


@require_safe
@organizer_view(Role.VIEWER)
def tracker(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    sort = request.GET.get("sort", "state")
    # One pass over the letter's offices (all 537 at most) gives the totals and the table; the
    # filters then pick rows in Python, and each row's words are put together here, once,
    # rather than looked up field by field in the template.
    rows = list(
        services.tracker(campaign)
        .only(*TRACKER_FIELDS)
        .order_by(*SORTS.get(sort, SORTS["state"])[1])
    )
    totals = services.tracker_totals(rows)
    chosen = {
        key: request.GET.get(key, "")
        for key in ("status", "party", "state", "chamber", "committee")
    }
    committees = services.committees_of(campaign)
    committee = chosen["committee"] if chosen["committee"] in dict(committees) else ""
    wanted = {
        "shown_status": chosen["status"] if chosen["status"] in OfficeTarget.Status.values else "",
        "party": chosen["party"],
        "state": chosen["state"] if chosen["state"] in STATE_NAMES else "",
        "chamber": chosen["chamber"],
    }
    on_committee = services.committee_members(committee) if committee else None
    last_sent = outreach.last_dear_colleagues(campaign)
    # The organizer's whole book (at most every office's staff): cheaper than picking ours out.
    book = outreach.address_book(campaign=campaign)
    table = [
        Row(
            pk=row.pk,
            office=str(row.legislator),
            seat=row.legislator.seat,
            status=row.shown_status,  # type: ignore[attr-defined]
            label=row.shown_label,
            contact_at=row.last_contact_at,
            contact_by=row.last_contact_by.email if row.last_contact_by else "",
            note=row.note,
            next_step=row.next_step,
            last_dear_colleague=last_sent.get(row.pk),
            contacts=", ".join(c.name or c.email for c in book.get(row.legislator_id, [])),
        )
        for row in rows
        if _matches(row, wanted) and (on_committee is None or row.legislator_id in on_committee)
    ]
    return render(
        request,
        "circulation/tracker.html",
        {
            "member": member,
            "campaign": campaign,
            "rows": table,
            "can_edit": member.role != CampaignMember.Role.VIEWER,
            "totals": totals,
            "statuses": OfficeTarget.Status.choices,
            "status_counts": [
                (value, label, totals.by_status.get(value, 0))
                for value, label in OfficeTarget.Status.choices
            ],
            "groups": [
                (
                    f"{chamber.title()}, {PARTY_NAMES.get(party, party)}",
                    [counts.get(value, 0) for value in OfficeTarget.Status.values],
                )
                for (chamber, party), counts in sorted(totals.by_group.items())
            ],
            "parties": PARTIES,
            "states": sorted(
                {(row.legislator.state, STATE_NAMES.get(row.legislator.state, "")) for row in rows},
                key=lambda state: state[1],
            ),
            "committees": committees,
            "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
            "chosen": chosen,
            "sort": sort,
            "action_form": TrackerActionForm(),
        },
    )


def _matches(row: OfficeTarget, wanted: dict[str, str]) -> bool:
    office = row.legislator
    found = {
        "shown_status": row.shown_status,  # type: ignore[attr-defined]
        "party": office.party,
        "state": office.state,
        "chamber": office.chamber,
    }
    return all(not value or found[key] == value for key, value in wanted.items())


@require_safe
@login_required
async def tracker_stream(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Server-sent events: "changed" on connecting and whenever a row may have moved.

    The page then fetches itself again; the event says nothing an ex-member could learn from.
    """
    member = await sync_to_async(load_membership)(request, slug, Role.VIEWER)
    if isinstance(request, WSGIRequest):
        return HttpResponse(status=204)  # as the count's stream: the page polls instead
    response = StreamingHttpResponse(
        _changes(member.campaign_id), content_type="text/event-stream; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


tracker_stream.required_role = Role.VIEWER  # type: ignore[attr-defined]


async def _changes(campaign_id: int) -> AsyncIterator[str]:
    queue = team_notices.listen(campaign_id)
    try:
        # Connecting again after a drop, or a change between the page and this stream.
        yield "retry: 3000\n\nevent: changed\ndata: {}\n\n"
        while True:
            try:
                await asyncio.wait_for(queue.get(), timeout=settings.STREAM_HEARTBEAT_SECONDS)
            except TimeoutError:
                yield ": heartbeat\n\n"
                continue
            yield "event: changed\ndata: {}\n\n"
    finally:
        team_notices.leave(campaign_id, queue)


@require_safe
@organizer_view(Role.VIEWER)
def tracker_csv(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["office", "chamber", "party", "state", "district", "status", "note", "next_step",
         "last_contact_at", "last_contact_by"]
    )  # fmt: skip
    for row in services.tracker(campaign).only(*TRACKER_FIELDS).order_by(*SORTS["state"][1]):
        writer.writerow(
            neutralize(value)
            for value in (
                row.legislator, row.legislator.chamber, row.legislator.party, row.legislator.state,
                row.legislator.district or "", row.shown_label, row.note,
                row.next_step, row.last_contact_at.isoformat() if row.last_contact_at else "",
                row.last_contact_by.email if row.last_contact_by else "",
            )
        )  # fmt: skip
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-offices-{stamp}.csv"'
    return response


@require_POST
@organizer_view(Role.EDITOR)
def tracker_action(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    back = redirect("circulation:tracker", campaign.slug)
    ids = record_ids(request.POST.getlist("ids"))
    form = TrackerActionForm(request.POST)
    if not ids:
        messages.error(request, "Tick at least one office.")
        return back
    if not form.is_valid():
        messages.error(request, "Choose what to note for the ticked offices.")
        return back
    action = form.cleaned_data["action"]
    if action == "remove":
        removed = services.targets_remove(campaign=campaign, target_ids=ids)
        messages.success(request, f"Took {removed} offices off the list.")
        return back
    try:
        changed = services.targets_set_status(
            campaign=campaign, target_ids=ids, status=action, by=request_user(request),
            note=form.cleaned_data["note"],
        )  # fmt: skip
    except ServiceError as error:
        messages.error(request, describe(error))
    else:
        label = OfficeTarget.Status(action).label.lower()
        messages.success(request, f"Noted {changed} offices as {label}.")
    return back


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def target_edit(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    target = get_object_or_404(campaign.targets.select_related("legislator"), pk=pk)
    posted = request.POST if request.method == "POST" else None
    # The office's contacts are changed from the same page, with forms of their own.
    if posted is not None and ("contact-submit" in posted or "remove_contact" in posted):
        return _target_contacts(request, member, target)
    form = TargetForm(posted, instance=target)
    if request.method == "POST" and form.is_valid():
        services.target_update(target=target, by=request_user(request), **form.cleaned_data)
        messages.success(request, f"Saved: {target.legislator}.")
        return redirect("circulation:tracker", campaign.slug)
    return _target_page(request, member, target, form, ContactForm(prefix="contact"))


def _target_page(
    request: HttpRequest, member: CampaignMember, target: OfficeTarget, form: TargetForm,
    contact_form: ContactForm,
) -> HttpResponse:  # fmt: skip
    campaign = member.campaign
    book = outreach.address_book(campaign=campaign, legislator_ids=[target.legislator_id])
    return render(
        request,
        "circulation/target_edit.html",
        {"member": member, "campaign": campaign, "target": target, "form": form,
         "contacts": book.get(target.legislator_id, []), "contact_form": contact_form},
        status=400 if form.is_bound or contact_form.is_bound else 200,
    )  # fmt: skip


def _target_contacts(
    request: HttpRequest, member: CampaignMember, target: OfficeTarget
) -> HttpResponse:
    campaign = member.campaign
    back = redirect("circulation:target_edit", campaign.slug, target.pk)
    if "remove_contact" in request.POST:
        key = search_text(request.POST["remove_contact"], limit=30)
        if outreach.contact_remove(campaign=campaign, legislator=target.legislator, key=key):
            messages.success(request, "Took the contact out of the address book.")
        return back
    contact_form = ContactForm(request.POST, prefix="contact")
    if contact_form.is_valid():
        try:
            contact = outreach.contact_add(
                campaign=campaign, legislator=target.legislator, **contact_form.cleaned_data
            )
        except ServiceError as error:
            contact_form.add_error("email", describe(error))
        else:
            messages.success(request, f"Added {contact.name} to the address book.")
            return back
    return _target_page(request, member, target, TargetForm(instance=target), contact_form)


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def targets(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """Build the list of offices to ask: from the directory, or from a saved list."""
    campaign = member.campaign
    user = request_user(request)
    offices = OfficesForm(prefix="offices")
    save = SaveListForm(prefix="save")
    apply = ApplyListForm(prefix="apply", owner_id=user.pk)
    if request.method == "POST":
        if "offices-submit" in request.POST:
            offices = OfficesForm(request.POST, prefix="offices")
            if offices.is_valid():
                added = services.targets_add(
                    campaign=campaign,
                    legislators=services.offices_matching(
                        **{k: v for k, v in offices.cleaned_data.items()}
                    ),
                )
                messages.success(request, f"Added {added} offices to the tracker.")
                return redirect("circulation:targets", campaign.slug)
        elif "save-submit" in request.POST:
            save = SaveListForm(request.POST, prefix="save")
            if save.is_valid():
                saved = services.target_list_save(
                    campaign=campaign, owner=user, name=save.cleaned_data["name"]
                )
                messages.success(request, f"Saved the list “{saved.name}”.")
                return redirect("circulation:targets", campaign.slug)
        elif "apply-submit" in request.POST:
            apply = ApplyListForm(request.POST, prefix="apply", owner_id=user.pk)
            if apply.is_valid():
                added = services.target_list_apply(
                    campaign=campaign, saved=apply.cleaned_data["saved"]
                )
                messages.success(request, f"Added {added} offices from the saved list.")
                return redirect("circulation:targets", campaign.slug)
    return render(
        request,
        "circulation/targets.html",
        {
            "member": member,
            "campaign": campaign,
            "offices_form": offices,
            "save_form": save,
            "apply_form": apply,
            "count": campaign.targets.count(),
        },
        status=400 if request.method == "POST" else 200,  # a POST that got here was refused
    )
