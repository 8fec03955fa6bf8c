from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from campaigns.letters.access import organizer_view
from campaigns.letters.forms import RecipientForm, RecipientPickForm
from campaigns.letters.models import CampaignMember

Role = CampaignMember.Role


@require_safe
@organizer_view(Role.VIEWER)
def recipients(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    return _recipients_page(request, member, RecipientPickForm())


@require_POST
@organizer_view(Role.EDITOR)
def recipient_pick(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    form = RecipientPickForm(request.POST)
    if not form.is_valid():
        return _recipients_page(request, member, form)
    recipient = form.save(member.campaign)
    messages.success(request, f"Added {recipient.name}. Check the address before you send.")
    return redirect("letters:recipients", member.campaign.slug)


def _recipients_page(
    request: HttpRequest, member: CampaignMember, pick: RecipientPickForm
) -> HttpResponse:
    campaign = member.campaign
    return render(
        request,
        "letters/recipients.html",
        {
            "member": member,
            "campaign": campaign,
            "recipients": campaign.recipients.all(),
            "form": pick,
        },
    )


@organizer_view(Role.EDITOR)
def recipient_add(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    form = RecipientForm(request.POST or None)
    form.instance.campaign = campaign
    if request.method == "POST" and form.is_valid():
        recipient = form.save(commit=False)
        recipient.position = campaign.recipients.count()
        recipient.save()
        messages.success(request, f"Added {recipient.name}.")
        return redirect("letters:recipients", campaign.slug)
    return render(
        request,
        "letters/recipient_form.html",
        {"member": member, "campaign": campaign, "form": form},
    )


@organizer_view(Role.EDITOR)
def recipient_edit(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    recipient = get_object_or_404(campaign.recipients, pk=pk)
    form = RecipientForm(request.POST or None, instance=recipient)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {recipient.name}.")
        return redirect("letters:recipients", campaign.slug)
    return render(
        request,
        "letters/recipient_form.html",
        {"member": member, "campaign": campaign, "form": form, "recipient": recipient},
    )


@require_POST
@organizer_view(Role.EDITOR)
def recipient_delete(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponse:
    campaign = member.campaign
    recipient = get_object_or_404(campaign.recipients, pk=pk)
    if recipient.deliveries.exists():
        # The delivery log must keep saying to whom the letter went.
        messages.error(
            request, f"{recipient.name} has a delivery on record and stays on the letter."
        )
    else:
        recipient.delete()
        messages.success(request, f"Removed {recipient.name}.")
    return redirect("letters:recipients", campaign.slug)
