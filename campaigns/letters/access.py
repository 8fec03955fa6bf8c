"""The one door to a campaign's organizer pages: every such view goes through `organizer_view`."""

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from accounts.utils import request_user
from campaigns.letters.models import CampaignMember

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
        raise Http404("No such campaign")
    if not member.can(role):
        raise PermissionDenied(
            f"This needs the {role} role on the campaign. Ask one of its owners if you need it."
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
