"""The steps of rendering a letter's PDF, each run by a Celery task (campaigns/tasks.py).

1. `plan`: lay out the signature pages and find which chunks are not rendered yet;
2. `render_chunk`, in parallel: render one chunk and keep it under the hash of its content;
3. `finish`: render the letter pages and the footers, assemble everything, store the PDF.

Every step can run again safely: chunks are looked up by content, and a finished document is
left alone. A failure never touches earlier documents.
"""

import json
import logging
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import dateformat, timezone
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from campaigns.models import Campaign, LetterDocument, Signature
from campaigns.pdf import assemble, layout, render

logger = logging.getLogger(__name__)

Status = LetterDocument.Status
CHUNKS = "pdf-chunks"
LEADS = "Lead signers"


def chunk_pdf_path(key: str) -> str:
    return f"{CHUNKS}/{key}.pdf"


def chunk_spec_path(key: str) -> str:
    return f"{CHUNKS}/{key}.json"


def entries(campaign: Campaign) -> Iterator[layout.Entry]:
    """Every counted signer in the letter's order, wrapped to the column."""
    signatures = (
        campaign.signatures.counted()
        .in_campaign_order(campaign)
        .only(
            "pk", "kind", "name", "title", "party", "state", "city", "show_name",
            "verification", "is_lead", "list_group", "campaign_id",
        )
        .iterator(chunk_size=5000)
    )  # fmt: skip
    for signature in signatures:
        credit = signature.credit(campaign.credit_style)
        if signature.is_unverified:
            credit += " (unverified)"
        group = LEADS if signature.is_lead else Signature.Group(signature.list_group).label
        yield layout.Entry(group=group, key=str(signature.pk), lines=tuple(layout.wrap(credit)))


def plan(document_id: int) -> list[str] | None:
    """Claim the document and lay it out; the keys of the chunks still to render, or None
    when there is nothing to do (the document is finished, or failed)."""
    claimed = LetterDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
        status=Status.RENDERING, started_at=timezone.now()
    )
    document = LetterDocument.objects.select_related("campaign").get(pk=document_id)
    if not claimed and document.status != Status.RENDERING:
        return None
    count = 0
    keys, missing = [], []
    for chunk in layout.chunks(entries(document.campaign)):
        count += len(chunk.entries)
        keys.append(chunk.key)
        if not default_storage.exists(chunk_pdf_path(chunk.key)):
            missing.append(chunk.key)
            if not default_storage.exists(chunk_spec_path(chunk.key)):
                spec = json.dumps(chunk.spec(), ensure_ascii=False).encode()
                default_storage.save(chunk_spec_path(chunk.key), ContentFile(spec))
    document.signature_count = count
    document.chunk_keys = keys
    document.chunks_total = len(keys)
    document.chunks_rendered = len(missing)
    document.chunks_done = len(keys) - len(missing)
    document.save(
        update_fields=[
            "signature_count",
            "chunk_keys",
            "chunks_total",
            "chunks_rendered",
            "chunks_done",
        ]
    )
    logger.info("Document %s: %s chunks, %s to render", document_id, len(keys), len(missing))
    return missing


def render_chunk(document_id: int, key: str) -> None:
    if not default_storage.exists(chunk_pdf_path(key)):
        _render_and_keep(key)
    LetterDocument.objects.filter(pk=document_id, status=Status.RENDERING).update(
        chunks_done=F("chunks_done") + 1
    )


def _render_and_keep(key: str) -> bytes:
    with default_storage.open(chunk_spec_path(key)) as spec_file:
        spec = json.loads(spec_file.read())
    pdf = render.render_chunk(spec)
    if not default_storage.exists(chunk_pdf_path(key)):  # another worker may have been quicker
        default_storage.save(chunk_pdf_path(key), ContentFile(pdf))
    return pdf


def _kept_chunk(key: str) -> tuple[bytes, int]:
    """A rendered chunk and its page count. One that cannot be read (a worker killed while
    writing it, say) is rendered again rather than failing every document from then on."""
    with default_storage.open(chunk_pdf_path(key)) as chunk:
        pdf = chunk.read()
    try:
        return pdf, len(PdfReader(BytesIO(pdf)).pages)
    except PdfReadError:
        logger.warning("Chunk %s was unreadable; rendering it again", key)
        default_storage.delete(chunk_pdf_path(key))
        pdf = _render_and_keep(key)
        return pdf, len(PdfReader(BytesIO(pdf)).pages)


def finish(document_id: int) -> None:
    document = LetterDocument.objects.select_related("campaign", "version").get(pk=document_id)
    if document.status != Status.RENDERING:
        return
    campaign = document.campaign
    now = timezone.now()
    local = timezone.localtime(now, campaign.zone)
    letter = render.render("pdf/letter.html", letter_context(document, local))
    parts, pages = [letter], len(PdfReader(BytesIO(letter)).pages)
    for key in document.chunk_keys:
        chunk, chunk_pages = _kept_chunk(key)
        parts.append(chunk)
        pages += chunk_pages
    version = document.version
    generated = dateformat.format(local, "F j, Y, P T")
    footers = render.render_footers(
        [f"Page {number} of {pages}" for number in range(1, pages + 1)],
        fingerprint_line=(
            f"Version {version.number} · SHA-256 {version.text_sha256} · Generated {generated}"
        ),
    )
    pdf = assemble.assemble(
        parts,
        footers,
        metadata={
            "/Title": campaign.title,
            "/Author": author(campaign),
            "/Subject": subject(campaign, document.signature_count),
            "/Creator": "Cosign",
            "/Keywords": f"open letter, version {version.number}, sha256 {version.text_sha256}",
        },
        lang="en",
    )
    name = f"{campaign.slug}-{local:%Y-%m-%d}-{document.pk}.pdf"
    document.file.save(name, ContentFile(pdf), save=False)
    document.status = Status.READY
    document.pages = pages
    document.bytes = len(pdf)
    document.finished_at = timezone.now()
    document.render_seconds = (document.finished_at - (document.started_at or now)).total_seconds()
    document.chunks_done = document.chunks_total
    document.save()
    logger.info("Document %s ready: %s pages, %s bytes", document_id, pages, len(pdf))


def fail(document_id: int, error: str) -> None:
    LetterDocument.objects.filter(pk=document_id).exclude(status=Status.READY).update(
        status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def letter_context(document: LetterDocument, local: datetime) -> dict[str, object]:
    campaign = document.campaign
    leads = [
        signature.credit(campaign.credit_style)
        for signature in campaign.signatures.leads().only(
            "kind", "name", "title", "party", "state", "city", "show_name"
        )
    ]
    return {
        "campaign": campaign,
        "version": document.version,
        "recipients": list(campaign.recipients.all()),
        "salutation": campaign.default_salutation(),
        "date": dateformat.format(local, "F j, Y"),
        "leads": leads,
        "author": author(campaign),
        "subject": subject(campaign, document.signature_count),
    }


def author(campaign: Campaign) -> str:
    leads = [s.name for s in campaign.signatures.leads().only("name")[:5]]
    return ", ".join(leads) or campaign.letterhead or "Cosign"


def subject(campaign: Campaign, count: int) -> str:
    to = "; ".join(recipient.name for recipient in campaign.recipients.all())
    return f"Open letter to {to}, with {count:,} signature{'s' if count != 1 else ''}"
