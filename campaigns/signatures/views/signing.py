"""Co-signers' pages: sign, confirm from the email, ask for a new link, withdraw."""

import math
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from campaigns.congress.models import Legislator
from campaigns.errors import Code, EmailAlreadyUsed, SigningError, VersionChanged, describe, words
from campaigns.letters import access
from campaigns.letters.models import Campaign, LetterVersion
from campaigns.signatures import ratelimit, services
from campaigns.signatures.forms import SIGN_FORMS, ResendForm, SignForm
from campaigns.signatures.models import Signature, SignerContact
from cosign import tokens
from cosign.fields import search_text

MEMBER_RESULTS = 25
SIGNED_EMAIL_COOKIE = "cosign_signed"
RATE_LIMITED = (
    "We received many sign-ons from your network in a short time. Please wait a few minutes, "
    "then press Sign again: what you typed is still here."
)
KIND_LABELS: dict[str, str] = {
    Signature.Kind.LEGISLATOR: "for a Member of Congress",
    Signature.Kind.ORGANIZATION: "for an organization",
    Signature.Kind.INDIVIDUAL: "as an individual",
}


def _public_campaign(slug: str) -> Campaign:
    """For the pages its emailed links open: the token in the link is the signer's access."""
    return get_object_or_404(Campaign.objects.public(), slug=slug)


def _readable_campaign(request: HttpRequest, slug: str) -> Campaign:
    campaign = _public_campaign(slug)
    if not access.may_read(request, campaign):
        raise Http404("No such letter")
    return campaign


def _public_campaign_and_text(request: HttpRequest, slug: str) -> tuple[Campaign, LetterVersion]:
    """The letter and its current text in one query: the sign-on form is the busiest page."""
    version = (
        LetterVersion.objects.select_related("campaign")
        .filter(campaign__slug=slug)
        .exclude(campaign__status=Campaign.Status.DRAFT)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("No such letter")
    campaign = version.campaign
    if not access.may_read(request, campaign):
        raise Http404("No such letter")
    campaign.__dict__["current_version"] = version  # what the cached property would load
    return campaign, version


def _too_many(request: HttpRequest, campaign: Campaign, action: str) -> HttpResponse:
    wait = ratelimit.retry_after(action)
    response = render(
        request,
        "signatures/rate_limited.html",
        {"campaign": campaign, "wait_minutes": math.ceil(wait / 60)},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, version = _public_campaign_and_text(request, slug)
    if not campaign.accepting_signatures:
        return render(request, "signatures/sign_closed.html", {"campaign": campaign})
    kinds = campaign.signer_kinds
    # ?office=<bioguide id>: a personal link from the organizers preselects the office.
    office = search_text(request.GET.get("office"), limit=12)
    kind = request.POST.get("kind") or request.GET.get("kind")
    if office and not kind and Signature.Kind.LEGISLATOR in kinds:
        kind = Signature.Kind.LEGISLATOR
    if kind not in kinds:
        kind = kinds[0] if len(kinds) == 1 else None
    if kind is None:
        return render(
            request,
            "signatures/sign_choose.html",
            {"campaign": campaign, "kinds": [(k, KIND_LABELS[k]) for k in kinds]},
        )

    form_class = SIGN_FORMS[kind]
    searching = request.method == "POST" and "find" in request.POST
    submitted = request.method == "POST" and not searching
    status = 200
    if submitted:
        form = form_class(request.POST)
        if not ratelimit.allow(request, "sign"):
            # Keep what they typed; they can send it again in a few minutes.
            form.is_valid()
            form.add_error(None, RATE_LIMITED)
            status = 429
        elif form.is_valid() and (signed := _sign(request, campaign, form)):
            if isinstance(signed, Signature) and signed.confirmation_withheld:
                assert signed.legislator is not None
                return render(
                    request,
                    "signatures/sign_saved.html",
                    {
                        "campaign": campaign,
                        "signature": signed,
                        "explanation": words(
                            Code.OFFICE_SHARE_USED,
                            title=signed.legislator.title,
                            name=signed.legislator.display_name,
                            contact=campaign.contact,
                        ),
                        "lapse_hours": settings.SIGNON_LAPSE_HOURS,
                    },
                )
            response = redirect("signatures:check_email", campaign.slug)
            # Only to say where the link went; a cookie rather than a session row to write.
            response.set_signed_cookie(
                SIGNED_EMAIL_COOKIE, form.cleaned_data["email"], salt=SIGNED_EMAIL_COOKIE,
                max_age=600, httponly=True, samesite="Lax", secure=request.is_secure(),
            )  # fmt: skip
            return response
        else:
            status = 400
    else:
        # Finding a Member keeps what was typed, without complaining about what was not.
        initial = request.POST.dict() if searching else {}
        if office and not searching:
            initial["legislator"] = office
        form = form_class(initial={**initial, "version": version.number})

    query = search_text(request.POST.get("q") or request.GET.get("q"))
    context = {
        "campaign": campaign,
        "version": version,
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "other_kinds": [(k, KIND_LABELS[k]) for k in kinds if k != kind],
        "form": form,
        "query": query,
    }
    if kind == Signature.Kind.LEGISLATOR:
        context.update(_member_choices(campaign, query, form))
    page = render(request, "signatures/sign.html", context, status=status)
    if status == 429:
        page["Retry-After"] = str(ratelimit.retry_after("sign"))
    return page


# A refusal about one thing the signer typed is shown at that field, not at the top.
REFUSED_FIELD = {
    Code.HOUSE_ADDRESS: "email",
    Code.SENATE_ADDRESS: "email",
    Code.SENATE_OFFICE_ADDRESS: "email",
    Code.NOT_SITTING: "legislator",
    Code.NOT_ATTESTED: "attested",
}


def _sign(request: HttpRequest, campaign: Campaign, form: SignForm) -> Signature | bool:
    """Sign on: the new signature, True when there is none to show (a duplicate, a bot), or
    False, with the reason added to the form, when the signature was refused."""
    if form.filled_by_a_bot:
        return True  # look like success, so as to teach it nothing
    try:
        return services.signature_create(
            campaign=campaign,
            version_number=form.cleaned_data["version"],
            details=form.details(),
            ip_hash=ratelimit.ip_hash(request),
        )
    except EmailAlreadyUsed as already:
        # Tell the owner of the address, not whoever typed it: who signed stays private.
        services.duplicate_notice(signature_id=already.signature_id)
    except VersionChanged as changed:
        # Show the new text; signing again signs what they can now read.
        assert campaign.current_version is not None
        data = request.POST.copy()
        data["version"] = str(campaign.current_version.number)
        form.data = data
        form.add_error(None, describe(changed))
        return False
    except SigningError as refused:
        field = REFUSED_FIELD.get(refused.code)
        form.add_error(field if field in form.fields else None, describe(refused))
        return False
    return True


def _member_choices(campaign: Campaign, query: str, form: SignForm) -> dict[str, object]:
    results = list(Legislator.objects.in_office().search(query)[:MEMBER_RESULTS]) if query else []
    chosen_id = search_text(
        form.data.get("legislator") if form.is_bound else form.initial.get("legislator"), limit=12
    )
    chosen = (
        Legislator.objects.in_office().filter(bioguide_id=chosen_id).first() if chosen_id else None
    )
    if chosen and chosen not in results:
        results.insert(0, chosen)
    # Only what the public list shows: a pending sign-on is nobody's business yet.
    signed = set(
        campaign.signatures.counted()
        .filter(legislator__in=results)
        .values_list("legislator__bioguide_id", flat=True)
    )
    return {"members": results, "chosen": chosen, "already_signed": signed}


@require_safe
def member_search(request: HttpRequest, slug: str) -> JsonResponse:
    """As-you-type search of the directory for the signing form."""
    campaign = _readable_campaign(request, slug)
    query = search_text(request.GET.get("q"))
    members = (
        list(Legislator.objects.in_office().search(query)[:MEMBER_RESULTS])
        if len(query) >= 2
        else []
    )
    signed = set(
        campaign.signatures.counted()
        .filter(legislator__in=members)
        .values_list("legislator_id", flat=True)
    )
    response = JsonResponse(
        {
            "query": query,
            "results": [
                {
                    "id": member.bioguide_id,
                    "label": str(member),
                    "seat": member.seat,
                    "already_signed": member.pk in signed,
                }
                for member in members
            ],
        }
    )
    response["Cache-Control"] = "private, max-age=30"
    return response


@require_safe
def check_email(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _readable_campaign(request, slug)
    return render(
        request,
        "signatures/check_email.html",
        {
            "campaign": campaign,
            "email": request.get_signed_cookie(
                SIGNED_EMAIL_COOKIE, default="", salt=SIGNED_EMAIL_COOKIE, max_age=600
            ),
            "lapse_hours": settings.SIGNON_LAPSE_HOURS,
        },
    )


def _read(
    request: HttpRequest, purpose: str, token: str, max_age: timedelta | None
) -> tuple[Signature | None, str]:
    try:
        pk = tokens.read_token(purpose, token, max_age=max_age)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    signature = Signature.objects.select_related("campaign", "version").filter(pk=pk).first()
    return signature, "ok" if signature else "invalid"


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    if request.method == "POST" and not ratelimit.allow(request, "confirm"):
        return _too_many(request, campaign, "confirm")
    signature, state = _read(request, tokens.CONFIRM, token, tokens.confirm_max_age())
    if signature is None or signature.campaign_id != campaign.pk:
        return _link_problem(request, campaign, expired=state == "expired")
    if request.method == "POST":
        try:
            signature = services.signature_confirm(signature_id=signature.pk)
        except SigningError as refused:
            return render(
                request,
                "signatures/confirm.html",
                {"campaign": campaign, "signature": signature, "problem": describe(refused)},
                status=409,
            )
        return redirect("signatures:confirmed", campaign.slug, token)
    return render(
        request, "signatures/confirm.html", {"campaign": campaign, "signature": signature}
    )


@require_safe
def confirmed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    # No withdraw link here: whoever holds a forwarded confirmation email could use it. The
    # signer's own receipt email carries it.
    campaign = _public_campaign(slug)
    signature, state = _read(request, tokens.CONFIRM, token, tokens.confirm_max_age())
    if signature is None or signature.campaign_id != campaign.pk:
        return _link_problem(request, campaign, expired=state == "expired")
    return render(
        request, "signatures/confirmed.html", {"campaign": campaign, "signature": signature}
    )


def _link_problem(request: HttpRequest, campaign: Campaign, *, expired: bool) -> HttpResponse:
    return render(
        request,
        "signatures/link_problem.html",
        {"campaign": campaign, "expired": expired, "lapse_hours": settings.SIGNON_LAPSE_HOURS},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def resend(request: HttpRequest, slug: str) -> HttpResponse:
    """A new confirmation link, by email address or from an expired link."""
    campaign = _readable_campaign(request, slug)
    form = ResendForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(request, "resend"):
            return _too_many(request, campaign, "resend")
        if not form.is_valid():
            return render(
                request, "signatures/resend.html", {"campaign": campaign, "form": form}, status=400
            )
        waiting = campaign.signatures.filter(
            email_key=SignerContact.key_for(form.cleaned_data["email"]),
            status=Signature.Status.UNCONFIRMED,
        ).order_by("-created_at")
        signature = waiting.first()
        if signature is not None:
            services.confirmation_resend(signature=signature)
        # The same answer whether or not the address signed: who signed stays private.
        return render(
            request,
            "signatures/check_email.html",
            {"campaign": campaign, "resent": True, "lapse_hours": settings.SIGNON_LAPSE_HOURS},
        )
    return render(request, "signatures/resend.html", {"campaign": campaign, "form": form})


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    signature, _ = _read(request, tokens.WITHDRAW, token, None)
    if signature is None or signature.campaign_id != campaign.pk:
        return render(
            request,
            "signatures/link_problem.html",
            {"campaign": campaign, "withdraw": True},
            status=400,
        )
    problem = ""
    if request.method == "POST":
        try:
            signature = services.signature_withdraw(signature_id=signature.pk)
        except SigningError as refused:
            problem = describe(refused)
    return render(
        request,
        "signatures/withdraw.html",
        {
            "campaign": campaign,
            "signature": signature,
            "problem": problem,
            "list_is_final": services.list_is_final(campaign),
        },
        status=409 if problem else 200,
    )


@require_http_methods(["GET", "POST"])
def forget(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The signer's own link: remove my contact details (the public credit stays)."""
    campaign = _public_campaign(slug)
    signature, _ = _read(request, tokens.FORGET, token, None)
    if signature is None or signature.campaign_id != campaign.pk:
        return render(request, "signatures/link_problem.html", {"campaign": campaign}, status=400)
    if request.method == "POST":
        services.signature_forget(signature=signature)
        signature.refresh_from_db()
    return render(request, "signatures/forget.html", {"campaign": campaign, "signature": signature})
