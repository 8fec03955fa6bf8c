"""Delivering the letter: review and confirm, follow each delivery, retry, record by hand."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.delivery import services
from campaigns.delivery.models import Delivery
from campaigns.errors import Code, ServiceError, describe, describe_each
from campaigns.letters.access import confirmed, organizer_view
from campaigns.letters.models import CampaignMember, Recipient

Role = CampaignMember.Role


class RecordForm(forms.Form):
    method = forms.ChoiceField(label="How", choices=Delivery.Method.choices)
    delivered_on = forms.DateField(
        label="Delivered on", widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. who received it, a courier's tracking number.",
    )

    def clean_delivered_on(self) -> date:
        day = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise ValidationError("A delivery cannot be recorded for a day still to come.")
        return day


@require_safe
@organizer_view(Role.VIEWER)
def deliveries(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    plan = services.delivery_plan(campaign)
    listed = list(
        campaign.deliveries.select_related("recipient", "document__version")
        .prefetch_related("events")
        .order_by("-created_at")
    )
    return render(
        request,
        "delivery/deliveries.html",
        {
            "member": member,
            "campaign": campaign,
            "plan": plan,
            "problems": [describe(problem) for problem in plan.problems],
            "deliveries": listed,
            "pending": any(d.status in ("queued", "sending", "failed") for d in listed),
            # The page follows an email delivery under way by reloading itself.
            "in_flight": any(
                d.channel == Recipient.Channel.EMAIL and d.status in ("queued", "sending")
                for d in listed
            ),
            "record_form": RecordForm(initial={"delivered_on": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def delivery_start(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    """GET: exactly what delivering sends, to whom, and that signing closes; POST, from that
    page only: deliver."""
    campaign = member.campaign
    if request.method == "GET":
        return render(request, "dashboard/confirm.html", _delivery_page(member))
    if not confirmed(request):
        messages.error(request, describe(ServiceError(Code.NOT_CONFIRMED)))
        return redirect("delivery:delivery_start", campaign.slug)
    try:
        created = services.delivery_start(campaign=campaign, by=request_user(request))
    except ServiceError as problems:
        for problem in describe_each(problems):
            messages.error(request, problem)
    else:
        messages.success(
            request,
            f"Delivery started to {len(created)} recipient{'s' if len(created) != 1 else ''}. "
            "Signing is closed.",
        )
    return redirect("delivery:deliveries", campaign.slug)


def _delivery_page(member: CampaignMember) -> dict[str, object]:
    campaign = member.campaign
    plan = services.delivery_plan(campaign)
    lines = []
    if campaign.is_open:
        lines.append("Signing closes now: the sign-on form stops taking signatures for good.")
    pdf = (
        f"the PDF of text version {plan.document.version.number} with {plan.count:,} "
        f"signature{pluralize(plan.count)}"
        if plan.document
        else "the PDF"
    )
    for recipient in plan.to_deliver:
        to = f"{recipient.name}{', ' + recipient.organization if recipient.organization else ''}"
        if recipient.channel == Recipient.Channel.EMAIL:
            lines.append(f"{to} is emailed at {recipient.email}, with {pdf} attached.")
        else:
            lines.append(
                f"{to}: a print packet of {pdf} is made for you to deliver by hand, then record."
            )
    lines.append(
        "The list of signers becomes final: nobody can be added, approved or removed, and a "
        "signer who asks to withdraw is only recorded."
    )
    if campaign.is_private and campaign.release_on_delivery:
        lines.append("The letter, its signers and its count become public (released on delivery).")
    lines.append("Deliveries not yet made can still be cancelled from the Delivery page.")
    return {
        "member": member,
        "campaign": campaign,
        "heading": "Deliver the letter",
        "problems": [describe(problem) for problem in plan.problems],
        "consequences": lines,
        "action": reverse("delivery:delivery_start", args=[campaign.slug]),
        "button": f"Deliver to {len(plan.to_deliver)} recipient{pluralize(len(plan.to_deliver))}",
        "cancel_url": reverse("delivery:deliveries", args=[campaign.slug]),
    }


@require_POST
@organizer_view(Role.OWNER)
def delivery_schedule(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    at_deadline = request.POST.get("at_deadline") == "1"
    if at_deadline and (campaign.deadline is None or not campaign.is_open):
        messages.error(request, "Only an open letter with a deadline can be delivered at it.")
    else:
        services.delivery_schedule(campaign=campaign, at_deadline=at_deadline)
        messages.success(
            request,
            "At the deadline the letter will close, its final PDF be made, and it will be "
            "delivered."
            if at_deadline
            else "The letter will not be delivered by itself at the deadline.",
        )
    return redirect("delivery:deliveries", campaign.slug)


@require_POST
@organizer_view(Role.OWNER)
def delivery_cancel(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    stopped = services.delivery_cancel(campaign=member.campaign, by=request_user(request))
    messages.success(
        request,
        f"Cancelled: {stopped} deliver{'ies' if stopped != 1 else 'y'} not yet made will not be."
        " Nothing more goes out for this letter unless you deliver it again.",
    )
    return redirect("delivery:deliveries", member.campaign.slug)


@require_POST
@organizer_view(Role.OWNER)
def delivery_retry(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    delivery = get_object_or_404(member.campaign.deliveries, pk=pk)
    try:
        services.delivery_retry(delivery=delivery, by=request_user(request))
    except ServiceError as problem:
        messages.error(request, describe(problem))
    else:
        messages.success(request, f"Trying again to deliver to {delivery.recipient}.")
    return redirect("delivery:deliveries", member.campaign.slug)


@require_POST
@organizer_view(Role.OWNER)
def delivery_record(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    delivery = get_object_or_404(
        member.campaign.deliveries.filter(channel=Recipient.Channel.PRINT), pk=pk
    )
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            services.delivery_record(
                delivery=delivery, by=request_user(request), **form.cleaned_data
            )
        except ServiceError as problem:
            messages.error(request, describe(problem))
        else:
            messages.success(request, f"Recorded: delivered to {delivery.recipient}.")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect("delivery:deliveries", member.campaign.slug)


@require_safe
@organizer_view(Role.VIEWER)
def delivery_packet(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponseBase:
    """For a printed delivery: a cover sheet with the recipient's address, then the letter.
    Made by a task when the delivery was created; until it is, say it is on its way."""
    delivery = get_object_or_404(
        member.campaign.deliveries.select_related("recipient"),
        pk=pk,
        channel=Recipient.Channel.PRINT,
    )
    campaign = member.campaign
    if not delivery.packet:
        return render(
            request,
            "delivery/packet_waiting.html",
            {"campaign": campaign, "delivery": delivery},
            status=202,
        )
    return FileResponse(
        delivery.packet.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{campaign.slug}-for-print-{delivery.recipient.pk}.pdf",
    )
