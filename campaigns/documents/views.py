"""The letter as a PDF: the public download, and the organizers' renderings."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.utils import request_user
from campaigns.documents import services
from campaigns.documents.models import LetterDocument
from campaigns.letters.access import organizer_view
from campaigns.letters.models import Campaign, CampaignMember

Role = CampaignMember.Role


def _download(document: LetterDocument) -> FileResponse:
    """Streamed from the store (the local disk, or S3: cosign/storage.py) rather than a redirect
    to a signed URL: a signed URL is a bearer link that works for whoever it is forwarded to
    until it expires, the organizers' renderings are theirs alone, and the public link stays
    the one address people share. Same headers on every store; the cost is the web process
    relaying a PDF of at most a few MB (4.4 MB at 100,000 signers, docs/benchmarks.md)."""
    campaign = document.campaign
    day = timezone.localtime(document.finished_at or document.created_at, campaign.zone)
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=f"{campaign.slug}-{day:%Y-%m-%d}.pdf",
    )


@require_safe
def letter_pdf(request: HttpRequest, slug: str) -> HttpResponseBase:
    """The newest finished PDF; until there is one, ask for it and say it is on its way."""
    campaign = get_object_or_404(Campaign.objects.listed(), slug=slug)
    document = campaign.documents.ready().first()
    if document is not None:
        return _download(document)
    pending = services.document_request(campaign=campaign)
    return render(
        request,
        "documents/pdf_waiting.html",
        {"campaign": campaign, "document": pending},
        status=202,
    )


@require_safe
@organizer_view(Role.VIEWER)
def documents(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    return render(
        request,
        "documents/documents.html",
        {
            "member": member,
            "campaign": campaign,
            "documents": campaign.documents.select_related("version", "requested_by")[:20],
            "under_way": campaign.documents.in_progress().first(),
            "latest_ready": campaign.documents.ready().first(),
        },
    )


@require_POST
@organizer_view(Role.EDITOR)
def document_generate(request: HttpRequest, member: CampaignMember) -> HttpResponse:
    campaign = member.campaign
    if campaign.is_draft:
        messages.error(request, "Publish the letter first: a draft has no PDF.")
    else:
        services.document_request(campaign=campaign, by=request_user(request))
        messages.success(request, "The PDF is being rendered. This page shows its progress.")
    return redirect("documents:documents", campaign.slug)


@require_safe
@organizer_view(Role.VIEWER)
def document_progress(request: HttpRequest, member: CampaignMember, pk: int) -> JsonResponse:
    document = get_object_or_404(member.campaign.documents, pk=pk)
    return JsonResponse(
        {
            "status": document.status,
            "chunks_done": document.chunks_done,
            "chunks_total": document.chunks_total,
            "percent": document.progress_percent,
            "pages": document.pages,
        },
        headers={"Cache-Control": "no-store"},
    )


@require_safe
@organizer_view(Role.VIEWER)
def document_file(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponseBase:
    document = get_object_or_404(member.campaign.documents.ready(), pk=pk)
    return _download(document)


@require_safe
@organizer_view(Role.VIEWER)
def document_preview(request: HttpRequest, member: CampaignMember, pk: int) -> HttpResponseBase:
    """Page 1 as a PNG, drawn with the PDF when it was finished (never here)."""
    document = get_object_or_404(member.campaign.documents.ready(), pk=pk)
    if not document.preview:
        raise Http404("This document has no preview.")
    try:
        image = document.preview.open("rb")
    except FileNotFoundError:
        raise Http404("This document's preview is missing.") from None
    response = FileResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
