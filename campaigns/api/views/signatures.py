"""A letter's signatures, and the record-signature helper that signs someone up."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from campaigns.api import access, paging, serializers, services
from campaigns.api.views.petitions import PAGE_PARAMETERS, PROBLEMS, SLUG
from campaigns.errors import Code, EmailAlreadyUsed, SigningError, describe
from campaigns.letters.models import Campaign
from campaigns.signatures import counts, ratelimit
from campaigns.signatures import services as signing
from campaigns.signatures.forms import SIGN_FORMS, SignForm
from campaigns.signatures.models import Signature
from campaigns.signatures.resources import api_url

NO_SUCH_SIGNATURE = "No such signature."
CHOOSE_KIND = "This letter takes more than one kind of signer: say which."
# A refusal the team's token hears about, and how: the state of things (409) or the request.
CONFLICTS = {Code.OFFICE_TAKEN, Code.EMAIL_USED, Code.NOT_OPEN, Code.VERSION_CHANGED}


def _visible(campaign: Campaign, team: bool) -> Any:
    """The team sees every signature; anyone else what the public list shows: the counted."""
    rows = Signature.objects.filter(campaign=campaign)
    return rows if team else rows.filter(Signature.counted_q())


def _sign_form(request: Request, campaign: Campaign, *, limited: bool) -> SignForm:
    """The letter's own sign form, filled from the body and checked: a bad body is a 400 with
    its errors by field. `limited`: counted against the sign form's rate limit, as a visitor's
    sign-on is."""
    body = serializers.RecordSignature(data=request.data)
    body.is_valid(raise_exception=True)
    kinds = campaign.signer_kinds
    kind = body.validated_data.get("kind") or (kinds[0] if len(kinds) == 1 else None)
    if kind is None:
        raise ValidationError({"kind": [CHOOSE_KIND]})
    version = campaign.current_version
    form = SIGN_FORMS[kind](body.form_data(version.number if version else 0))
    if limited and not ratelimit.allow(request._request, "sign"):
        raise Throttled(wait=ratelimit.retry_after("sign"))
    if not form.is_valid():
        raise ValidationError(
            {serializers.FORM_FIELDS_IN_BODY.get(field, field): errors
             for field, errors in form.errors.items()}
        )  # fmt: skip
    return form


def _context(request: Request, campaign: Campaign, team: bool) -> dict[str, Any]:
    token = access.token_of(request)
    return {"slug": campaign.slug, "contact": bool(team and token and token.contacts)}


def _loaded(rows: Any, context: dict[str, Any]) -> Any:
    rows = rows.select_related("version", "legislator")
    return rows.select_related("contact") if context["contact"] else rows


@extend_schema(
    operation_id="signatures_list",
    tags=["signatures"],
    parameters=[SLUG, *PAGE_PARAMETERS],
    responses={200: serializers.Signatures, 400: serializers.Problem, **PROBLEMS},
)
@api_view(["GET"])
def signatures(request: Request, slug: str) -> Response:
    """Anonymous: the public list (counted signatures, names withheld where asked). A team's
    token: every signature, with the signer's contact details if its scope allows."""
    campaign, team = access.petition(request, slug)
    context = _context(request, campaign, team)
    rows = _visible(campaign, team)
    # The public total is the live tally's; the team's an index-only count (no row is read).
    total = rows.count() if team else counts.current(campaign.pk).total
    page = paging.keyset_page(_loaded(rows, context), total=total, request=request)
    items = serializers.SignatureResource(page.rows, many=True, context=context).data
    url = api_url(f"petitions/{campaign.slug}/signatures/")
    return Response(page.envelope(url, "osdi:signatures", items))


@extend_schema(
    operation_id="signature_retrieve",
    parameters=[SLUG],
    tags=["signatures"],
    responses={200: serializers.SignatureResource, **PROBLEMS},
)
@api_view(["GET"])
def signature(request: Request, slug: str, pk: int) -> Response:
    campaign, team = access.petition(request, slug)
    context = _context(request, campaign, team)
    found = _loaded(_visible(campaign, team), context).filter(pk=pk).first()
    if found is None:
        raise NotFound(NO_SUCH_SIGNATURE)
    return Response(serializers.SignatureResource(found, context=context).data)


@extend_schema(
    operation_id="record_signature_helper",
    parameters=[SLUG],
    tags=["signatures"],
    request=serializers.RecordSignature,
    responses={
        200: OpenApiResponse(
            serializers.Empty, description="Without a token, whatever happened: `{}`."
        ),
        201: OpenApiResponse(serializers.SignatureResource, description="With a write token."),
        400: serializers.Problem,
        403: serializers.Problem,
        409: serializers.Problem,
        **PROBLEMS,
    },
)
@api_view(["POST"])
def record_signature_helper(request: Request, slug: str) -> Response:
    """Sign someone up, as the letter's sign form does: they confirm by email. Without a token
    the answer is `200 {}` whatever happened, so it tells nobody who signed."""
    campaign, team = access.petition(request, slug)
    token = access.token_of(request)
    if token is not None:
        access.require_write(request, campaign, team)
    form = _sign_form(request, campaign, limited=token is None)
    details = form.details()
    number = form.cleaned_data["version"]
    ip_hash = ratelimit.ip_hash(request._request)
    if token is None:
        try:
            signing.signature_create(
                campaign=campaign, version_number=number, details=details, ip_hash=ip_hash
            )
        except EmailAlreadyUsed as already:
            signing.duplicate_notice(signature_id=already.signature_id)
        except SigningError:
            pass
        return Response({})
    try:
        signed = services.signature_record(
            token=token, campaign=campaign, version_number=number, details=details, ip_hash=ip_hash
        )
    except SigningError as refused:
        code = status.HTTP_409_CONFLICT if refused.code in CONFLICTS else 400
        return Response({"detail": describe(refused), "code": str(refused.code)}, status=code)
    context = {"slug": campaign.slug, "contact": token.contacts}
    return Response(
        serializers.SignatureResource(signed, context=context).data, status=status.HTTP_201_CREATED
    )
