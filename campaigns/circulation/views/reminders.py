"""The letter's reminders: when they go out, in the letter's time zone; add, move, cancel."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.circulation.forms import ReminderForm
from campaigns.circulation.models import Reminder
from campaigns.circulation.services import reminders as services
from campaigns.errors import ServiceError, describe
from campaigns.letters.access import organizer_view
from campaigns.letters.models import Campaign, CampaignMember

Role = CampaignMember.Role


def _rows(campaign: Campaign) -> list[tuple[Reminder, str]]:
    return [
        (reminder, services.format_local(reminder.send_at, campaign))
        for reminder in services.reminders(campaign)
    ]


@require_safe
@organizer_view(Role.VIEWER)
def reminders(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    services.reminders_schedule_defaults(campaign=campaign)
    return _page(request, member, ReminderForm())


def _page(request: HttpRequest, member: CampaignMember, form: ReminderForm) -> HttpResponse:
    campaign = member.campaign
    return render(
        request,
        "circulation/reminders.html",
        {
            "member": member,
            "campaign": campaign,
            "rows": _rows(campaign),
            "form": form,
            "zone": timezone.localtime(timezone.now(), campaign.zone).strftime("%Z"),
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def reminder_add(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    form = ReminderForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.reminder_add(
                campaign=campaign,
                send_at=services.local_moment(campaign, data["send_on"], data["send_time"]),
                label=data["label"],
                by=request_user(request),
            )
        except ServiceError as error:
            form.add_error("send_on", describe(error))
        else:
            messages.success(request, "Added the reminder.")
            return redirect("circulation:reminders", campaign.slug)
    return _page(request, member, form)


@require_http_methods(["GET", "POST"])
@organizer_view(Role.EDITOR)
def reminder_edit(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    reminder = get_object_or_404(services.reminders(campaign), pk=pk)
    local = timezone.localtime(reminder.send_at, campaign.zone)
    initial = {"label": reminder.label, "send_on": local.date(), "send_time": local.time()}
    form = ReminderForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reminder_edit(
                reminder=reminder,
                send_at=services.local_moment(campaign, data["send_on"], data["send_time"]),
                label=data["label"],
            )
        except ServiceError as error:
            form.add_error("send_on", describe(error))
        else:
            messages.success(request, f"Moved “{reminder.label}”.")
            return redirect("circulation:reminders", campaign.slug)
    return render(
        request,
        "circulation/reminder_edit.html",
        {
            "member": member,
            "campaign": campaign,
            "reminder": reminder,
            "form": form,
            "when": services.format_local(reminder.send_at, campaign),
        },
        status=400 if form.is_bound else 200,
    )


@require_POST
@organizer_view(Role.EDITOR)
def reminder_cancel(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    reminder = get_object_or_404(services.reminders(campaign), pk=pk)
    try:
        services.reminder_cancel(reminder=reminder)
    except ServiceError as error:
        messages.error(request, describe(error))
    else:
        messages.success(request, f"Cancelled “{reminder.label}”.")
    return redirect("circulation:reminders", campaign.slug)
