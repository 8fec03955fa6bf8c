"""The owners' pages for webhooks: a letter's endpoints, the endpoints for all of one's
letters, and each endpoint's log with its buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.utils import request_user
from campaigns.letters.access import confirmed, load_membership, organizer_view
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.webhooks import client, services
from campaigns.webhooks.forms import EndpointForm
from campaigns.webhooks.models import Attempt, Endpoint, WebhookDelivery

Role = CampaignMember.Role
PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
@organizer_view(Role.OWNER)
def letter_webhooks(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return _created(request, form, campaign)
    # The owners' endpoints for all their letters hear this one too: shown, managed elsewhere.
    owners = campaign.members.filter(role=Role.OWNER).values("user_id")
    return render(
        request,
        "webhooks/letter_webhooks.html",
        {
            "member": member,
            "campaign": campaign,
            "endpoints": Endpoint.objects.filter(campaign=campaign),
            "all_letters": Endpoint.objects.filter(campaign=None, owner__in=owners),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def webhooks(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return _created(request, form, None)
    return render(
        request,
        "webhooks/webhooks.html",
        {
            "endpoints": Endpoint.objects.filter(owner=user, campaign=None),
            "letters": Endpoint.objects.filter(
                campaign__members__user=user, campaign__members__role=Role.OWNER
            ).select_related("campaign"),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


def _created(request: HttpRequest, form: EndpointForm, campaign: Campaign | None) -> HttpResponse:
    data = form.cleaned_data
    try:
        endpoint = services.endpoint_create(
            owner=request_user(request), campaign=campaign, url=data["url"], events=data["events"]
        )
    except client.Refused as refused:  # its address changed since the form looked
        messages.error(request, f"We will not send to this URL: {refused}.")
        return redirect(request.path)
    return _with_secret(request, endpoint, "Added the endpoint.")


def endpoint_for(request: HttpRequest, pk: int) -> Endpoint:
    """An endpoint its visitor may manage: a letter's, for that letter's owners (its editors
    and viewers get a 403, others a 404, as on the letter's pages); or one's own."""
    endpoint = get_object_or_404(Endpoint.objects.select_related("campaign"), pk=pk)
    if endpoint.campaign is not None:
        load_membership(request, endpoint.campaign.slug, Role.OWNER)
    elif endpoint.owner_id != request_user(request).pk:
        raise Http404("No such endpoint")
    return endpoint


@require_safe
@login_required
def webhook(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, endpoint_for(request, pk))


def _page(request: HttpRequest, endpoint: Endpoint, secret: str = "") -> HttpResponse:
    deliveries = endpoint.deliveries.prefetch_related(
        Prefetch("log", queryset=Attempt.objects.order_by("-at", "-id"))
    )
    campaign = endpoint.campaign
    member = None
    if campaign is not None:
        member = CampaignMember.objects.get(campaign=campaign, user=request_user(request))
    return render(
        request,
        "webhooks/webhook.html",
        {
            "endpoint": endpoint,
            "campaign": campaign,
            "member": member,
            "page": Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page")),
            "secret": secret,
        },
    )


def _with_secret(request: HttpRequest, endpoint: Endpoint, message: str) -> HttpResponse:
    """The page with the secret on it: the one time it is shown (not a redirect: it would
    have to be kept somewhere to be shown after)."""
    messages.success(request, message)
    response = _page(request, endpoint, secret=endpoint.secret)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def webhook_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = endpoint_for(request, pk)
    services.ping_add(endpoint=endpoint)
    messages.success(request, "A test event is on its way: its attempt appears below.")
    return redirect("webhooks:webhook", endpoint.pk)


@require_POST
@login_required
def webhook_resend(request: HttpRequest, pk: int, delivery: int) -> HttpResponse:
    endpoint = endpoint_for(request, pk)
    services.delivery_resend(
        delivery=get_object_or_404(WebhookDelivery, endpoint=endpoint, pk=delivery)
    )
    messages.success(request, "Sending the event again, with the same id.")
    return redirect("webhooks:webhook", endpoint.pk)


@require_POST
@login_required
def webhook_resume(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = endpoint_for(request, pk)
    services.endpoint_resume(endpoint=endpoint, by=request_user(request))
    messages.success(request, "Resumed: the events that waited go now, in order.")
    return redirect("webhooks:webhook", endpoint.pk)


@require_POST
@login_required
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = endpoint_for(request, pk)
    if not confirmed(request):  # the receiver's checks fail until it has the new secret
        return redirect("webhooks:webhook", endpoint.pk)
    services.secret_rotate(endpoint=endpoint)
    return _with_secret(request, endpoint, "A new secret: the old one no longer signs.")


@require_POST
@login_required
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = endpoint_for(request, pk)
    if not confirmed(request):  # the endpoint's log goes with it
        return redirect("webhooks:webhook", endpoint.pk)
    campaign = endpoint.campaign
    services.endpoint_delete(endpoint=endpoint, by=request_user(request))
    messages.success(request, "Deleted the endpoint.")
    if campaign is not None:
        return redirect("webhooks:letter_webhooks", campaign.slug)
    return redirect("webhooks:webhooks")
