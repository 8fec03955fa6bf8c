"""What a request to the API may see: anonymous, what the public pages show; a token, also its
person's letters (all of them or the chosen ones) while that person is on the letter's team."""

from django.db.models import Q
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request

from campaigns.api.models import ApiToken
from campaigns.letters.models import Campaign, CampaignMember

NO_SUCH_PETITION = "No such petition."


def token_of(request: Request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def reachable(token: ApiToken) -> "Q":
    """The letters a token reaches, as a filter on Campaign."""
    on_team = Q(pk__in=CampaignMember.objects.filter(user_id=token.user_id).values("campaign_id"))
    if token.all_letters:
        return on_team
    return on_team & Q(
        pk__in=token.letters.through.objects.filter(apitoken_id=token.pk).values("campaign_id")
    )


def petitions(request: Request) -> "Q":
    token = token_of(request)
    listed = Q(pk__in=Campaign.objects.listed().values("pk"))
    return listed | reachable(token) if token else listed


def petition(request: Request, slug: str) -> tuple[Campaign, bool]:
    """The letter, and whether the request comes from its team (a token that reaches it).
    A letter the request may not see is absent: 404, as if it did not exist."""
    campaign = Campaign.objects.filter(slug=slug).first()
    if campaign is None:
        raise NotFound(NO_SUCH_PETITION)
    token = token_of(request)
    if token is not None and Campaign.objects.filter(reachable(token), pk=campaign.pk).exists():
        return campaign, True
    if campaign.is_draft or campaign.is_private:
        raise NotFound(NO_SUCH_PETITION)
    return campaign, False


def require_write(request: Request, campaign: Campaign, team: bool) -> ApiToken:
    token = token_of(request)
    assert token is not None
    if not team:
        raise PermissionDenied("This token does not reach this letter.")
    if not token.may_write:
        raise PermissionDenied("This token may only read: create a token with the write scope.")
    return token
