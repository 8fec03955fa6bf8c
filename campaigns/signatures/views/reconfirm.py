"""The signer's emailed link after a substantive revision: read what changed, re-confirm."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from campaigns.errors import ServiceError, describe
from campaigns.letters.diffs import diff_html
from campaigns.signatures import services
from campaigns.signatures.models import Signature
from campaigns.signatures.views.signing import _public_campaign, _read
from cosign import tokens


@require_http_methods(["GET", "POST"])
def reconfirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    signature, _ = _read(request, tokens.RECONFIRM, token, None)
    if signature is None or signature.campaign_id != campaign.pk:
        return render(request, "signatures/link_problem.html", {"campaign": campaign}, status=400)
    problem = ""
    if request.method == "POST":
        try:
            services.signature_reconfirm(signature_id=signature.pk)
        except ServiceError as refused:
            problem = describe(refused)
    in_force = campaign.text_in_force
    earlier = Signature.objects.on_earlier_text(campaign).filter(pk=signature.pk).exists()
    return render(
        request,
        "signatures/reconfirm.html",
        {
            "campaign": campaign,
            "signature": signature,
            "in_force": in_force,
            "earlier": earlier and signature.is_active,
            "problem": problem,
            "diff": diff_html(signature.version.markdown, in_force.markdown) if in_force else None,
        },
        status=409 if problem else 200,
    )
