"""The entry point and the petitions (our letters)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api import access, paging, serializers
from campaigns.letters.models import Campaign
from campaigns.signatures.resources import api_url

PROBLEMS = {401: serializers.Problem, 404: serializers.Problem, 429: serializers.Problem}
SLUG = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="The letter's address, as in its page's URL."
)
PAGE_PARAMETERS = [
    OpenApiParameter("page", paging.bounded(1, paging.MAX_PAGE), description="From 1."),
    OpenApiParameter("per_page", paging.bounded(1, paging.MAX_PER_PAGE), description="Up to 100."),
    OpenApiParameter(
        "after", paging.bounded(0, paging.MAX_ID), description="Set by `_links.next`."
    ),
    OpenApiParameter(
        "before", paging.bounded(0, paging.MAX_ID), description="Set by `_links.prev`."
    ),
]


@extend_schema(
    operation_id="entry_point",
    tags=["entry point"],
    responses={200: serializers.EntryPoint, **PROBLEMS},
)
@api_view(["GET"])
def entry_point(request: Request) -> Response:
    return Response(
        {
            "motd": f"Welcome to {settings.SITE_NAME}'s OSDI API: open letters as petitions, "
            "their signatures, and a helper to sign people up.",
            "vendor_name": settings.SITE_NAME,
            "product_name": "Cosign",
            "osdi_version": "1.0",
            "max_pagesize": paging.MAX_PER_PAGE,
            "_links": {
                "self": {"href": api_url()},
                "osdi:petitions": {"href": api_url("petitions/")},
                "docs": {"href": f"{settings.SITE_URL}/api/docs/"},
                "schema": {"href": f"{settings.SITE_URL}/api/schema/"},
            },
        }
    )


@extend_schema(
    operation_id="petitions_list",
    tags=["petitions"],
    parameters=PAGE_PARAMETERS[:2],
    responses={200: serializers.Petitions, 400: serializers.Problem, **PROBLEMS},
)
@api_view(["GET"])
def petitions(request: Request) -> Response:
    """Published public letters; with a token, also its person's letters in any state."""
    asked = paging.params(request)
    letters = (
        Campaign.objects.filter(access.petitions(request))
        .select_related("created_by")
        .prefetch_related("recipients")
        .order_by("-created_at", "-id")
    )
    total = letters.count()  # a person's letters and the public ones: a few hundred at most
    start = (asked["page"] - 1) * asked["per_page"]
    shown = list(letters[start : start + asked["per_page"]])
    page = paging.Page(
        rows=shown,
        number=asked["page"],
        per_page=asked["per_page"],
        total=total,
        next_after=None,
        prev_before=None,
    )
    body = page.envelope(
        api_url("petitions/"),
        "osdi:petitions",
        serializers.Petition(shown, many=True).data,
    )
    if start + len(shown) < total:
        body["_links"]["next"] = {"href": page.number_href(api_url("petitions/"), page.number + 1)}
    if page.number > 1:
        body["_links"]["prev"] = {"href": page.number_href(api_url("petitions/"), page.number - 1)}
    return Response(body)


@extend_schema(
    operation_id="petition_retrieve",
    parameters=[SLUG],
    tags=["petitions"],
    responses={200: serializers.Petition, **PROBLEMS},
)
@api_view(["GET"])
def petition(request: Request, slug: str) -> Response:
    campaign, _ = access.petition(request, slug)
    return Response(serializers.Petition(campaign).data)
