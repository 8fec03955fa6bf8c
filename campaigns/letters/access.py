"""Who may see a campaign's pages: the one door to its organizer pages (`organizer_view`),
and, for its public pages, `may_read`: a draft is for its team, a letter circulating privately
for its team and whoever followed its circulation link."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.utils import request_user
from campaigns.letters.models import Campaign, CampaignMember

P = ParamSpec("P")
OrganizerView = Callable[Concatenate[HttpRequest, CampaignMember, P], HttpResponseBase]


def load_membership(request: HttpRequest, slug: str, role: str) -> CampaignMember:
    """The user's membership of the campaign, if their role is at least `role`.

    Outsiders get a 404, so a campaign's existence is not revealed; members whose role is too
    low get a 403.
    """
    member = (
        CampaignMember.objects.select_related("campaign", "user")
        .filter(campaign__slug=slug, user=request_user(request))
        .first()
    )
    if member is None:
        raise Http404("No such letter")
    if not member.can(role):
        raise PermissionDenied(
            f"This needs the {role} role on the letter. Ask one of its owners if you need it."
        )
    return member


def organizer_view(role: str) -> Callable[[OrganizerView[P]], Callable[..., HttpResponseBase]]:
    def decorator(view: OrganizerView[P]) -> Callable[..., HttpResponseBase]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            member = load_membership(request, slug, role)
            return view(request, member, *args, **kwargs)

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped

    return decorator


# The letters whose circulation link this browser followed, by id, in its session.
CIRCULATION_SESSION_KEY = "circulation"


def grant_circulation(request: HttpRequest, campaign: Campaign) -> None:
    granted = set(request.session.get(CIRCULATION_SESSION_KEY, []))
    granted.add(campaign.pk)
    request.session[CIRCULATION_SESSION_KEY] = sorted(granted)


def holds_circulation_link(request: HttpRequest, campaign: Campaign) -> bool:
    return campaign.pk in request.session.get(CIRCULATION_SESSION_KEY, [])


def is_on_team(request: HttpRequest, campaign: Campaign) -> bool:
    return (
        request.user.is_authenticated and campaign.members.filter(user_id=request.user.pk).exists()
    )


def may_read(request: HttpRequest, campaign: Campaign) -> bool:
    if campaign.is_draft:
        return is_on_team(request, campaign)
    if campaign.is_private:
        return holds_circulation_link(request, campaign) or is_on_team(request, campaign)
    return True


def may_see_signers(request: HttpRequest, campaign: Campaign) -> bool:
    """Who else signed: public, unless the letter circulates privately and its organizers keep
    the list from the offices they ask."""
    if not campaign.is_private or campaign.signers_see_signers:
        return may_read(request, campaign)
    return is_on_team(request, campaign)


def confirmed(request: HttpRequest) -> bool:
    """A step that cannot be undone (delivering, closing, releasing, a revision that emails
    the signers) is posted from the page that says what it will do, which sets this field: a
    forged or stray one-click POST does nothing."""
    return request.POST.get("confirm") == "yes"
