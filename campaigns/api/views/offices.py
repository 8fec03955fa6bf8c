"""The letter's office tracker, for its team's tokens."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api import access, paging, serializers
from campaigns.api.views.petitions import PAGE_PARAMETERS, PROBLEMS, SLUG
from campaigns.circulation import services as circulation
from campaigns.circulation.services.outreach import address_book
from campaigns.signatures.resources import api_url


@extend_schema(
    operation_id="offices_list",
    tags=["offices"],
    parameters=[SLUG, *PAGE_PARAMETERS],
    responses={
        200: serializers.Offices,
        400: serializers.Problem,
        403: serializers.Problem,
        **PROBLEMS,
    },
)
@api_view(["GET"])
def offices(request: Request, slug: str) -> Response:
    """Each office the team asks to sign: where it stands (its own sign-on's word, else what
    the team noted), the team's note and next step, when it was last contacted, and with the
    contacts scope its staff contacts."""
    campaign, team = access.petition(request, slug)
    if not team:
        raise PermissionDenied(
            "The office tracker is for the letter's team: send a team member's token."
        )
    token = access.token_of(request)
    rows = circulation.tracker(campaign)
    page = paging.keyset_page(rows, total=rows.count(), request=request)
    book = None
    if token is not None and token.contacts:
        book = address_book(
            campaign=campaign, legislator_ids=[row.legislator_id for row in page.rows]
        )
    items = serializers.OfficeTargetResource(
        page.rows, many=True, context={"slug": campaign.slug, "book": book}
    ).data
    url = api_url(f"petitions/{campaign.slug}/offices/")
    return Response(page.envelope(url, "cosign:offices", items))
