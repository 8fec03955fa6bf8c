"""The steps of rendering a letter's PDF, each run by a Celery task (campaigns/documents/tasks.py).

1. `plan`: lay out the signature pages, render the letter pages (kept by content, like the
   chunks), and so know every page number before anything else renders;
2. in parallel: `render_chunk` for each chunk not rendered before, and `render_footers`;
3. `finish`: assemble the letter, the chunks and the footers, and store the PDF with page 1
   drawn as a PNG (its preview), then mark it ready.

Every step can run again safely: rendered parts are looked up by the hash of their content,
and a finished document is left alone. A failure never touches earlier documents.
"""

import hashlib
import json
import logging
from collections.abc import Iterator
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from pikepdf import Pdf, PdfError

from campaigns.documents.models import LetterDocument
from campaigns.documents.pdf import assemble, layout, preview, render
from campaigns.letters.events import event_add
from campaigns.letters.models import Campaign
from campaigns.signatures.models import Signature
from cosign.outbox import services as outbox

logger = logging.getLogger(__name__)

Status = LetterDocument.Status
PARTS = "pdf-chunks"
LEADS = "Lead signers"


def chunk_pdf_path(key: str) -> str:
    return f"{PARTS}/{key}.pdf"


def chunk_spec_path(key: str) -> str:
    return f"{PARTS}/{key}.json"


def footers_path(document_id: int) -> str:
    return f"pdf-footers/document-{document_id}.pdf"


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
        yield layout.Entry(group=group, key=str(signature.pk), lines=layout.wrap(credit))


def plan(document_id: int) -> list[str] | None:
    """Claim the document and lay it out; the keys of the chunks still to render, or None
    when there is nothing to do (the document is finished, or failed)."""
    now = timezone.now()
    claimed = LetterDocument.objects.filter(pk=document_id, status=Status.QUEUED).update(
        status=Status.RENDERING, started_at=now, progress_at=now
    )
    document = LetterDocument.objects.select_related("campaign", "version").get(pk=document_id)
    if not claimed and document.status != Status.RENDERING:
        return None
    count = 0
    parts, missing = [], []
    for chunk in layout.chunks(entries(document.campaign)):
        count += len(chunk.entries)
        parts.append([chunk.key, len(chunk.pages)])
        if not default_storage.exists(chunk_pdf_path(chunk.key)):
            missing.append(chunk.key)
            if not default_storage.exists(chunk_spec_path(chunk.key)):
                spec = json.dumps(chunk.spec(), ensure_ascii=False).encode()
                default_storage.save(chunk_spec_path(chunk.key), ContentFile(spec))
    document.signature_count = count  # the letter's subject line says how many signed
    letter_key, letter_pages = _kept_letter(document)
    document.chunk_keys = [[letter_key, letter_pages], *parts]
    document.pages = sum(pages for _key, pages in document.chunk_keys)
    document.chunks_total = len(parts)
    document.chunks_rendered = len(missing)
    document.chunks_done = len(parts) - len(missing)
    document.progress_at = timezone.now()
    document.save(
        update_fields=[
            "signature_count", "chunk_keys", "pages", "chunks_total", "chunks_rendered",
            "chunks_done", "progress_at",
        ]
    )  # fmt: skip
    logger.info("Document %s: %s chunks, %s to render", document_id, len(parts), len(missing))
    return missing


def _kept_letter(document: LetterDocument) -> tuple[str, int]:
    """The letter pages, rendered once for each distinct text, date and recipients."""
    html = render_to_string("documents/pdf/letter.html", letter_context(document))
    key = "letter-" + hashlib.sha256((layout.LAYOUT_VERSION + html).encode()).hexdigest()[:32]
    if not default_storage.exists(chunk_pdf_path(key)):
        default_storage.save(chunk_pdf_path(key), ContentFile(render.render_html(html)))
    return key, len(_read_part(key).pages)


def render_chunk(document_id: int, key: str) -> None:
    if not default_storage.exists(chunk_pdf_path(key)):
        _render_and_keep(key)
    LetterDocument.objects.filter(pk=document_id, status=Status.RENDERING).update(
        chunks_done=F("chunks_done") + 1, progress_at=timezone.now()
    )


def _render_and_keep(key: str) -> bytes:
    with default_storage.open(chunk_spec_path(key)) as spec_file:
        spec = json.loads(spec_file.read())
    pdf = render.render_chunk(spec)
    if not default_storage.exists(chunk_pdf_path(key)):  # another worker may have been quicker
        default_storage.save(chunk_pdf_path(key), ContentFile(pdf))
    return pdf


def _read_part(key: str) -> Pdf:
    """A kept part, opened. A chunk that cannot be read (a worker killed while writing it,
    say) is rendered again rather than failing every document from then on."""
    with default_storage.open(chunk_pdf_path(key)) as part:
        data = part.read()
    try:
        pdf = Pdf.open(BytesIO(data))
        if not pdf.pages:
            raise PdfError("A part without pages")
        return pdf
    except PdfError:
        if key.startswith("letter-"):
            raise
        logger.warning("Chunk %s was unreadable; rendering it again", key)
        default_storage.delete(chunk_pdf_path(key))
        return Pdf.open(BytesIO(_render_and_keep(key)))


def render_footers(document_id: int) -> None:
    """Every page's footer, numbered across the whole document."""
    document = LetterDocument.objects.select_related("campaign", "version").get(pk=document_id)
    if document.status != Status.RENDERING or default_storage.exists(footers_path(document_id)):
        return
    version = document.version
    started = timezone.localtime(document.started_at or timezone.now(), document.campaign.zone)
    generated = dateformat.format(started, "F j, Y, P T")
    pdf = render.render_footers(
        [f"Page {number} of {document.pages}" for number in range(1, document.pages + 1)],
        fingerprint_line=(
            f"Version {version.number} · SHA-256 {version.text_sha256} · Generated {generated}"
        ),
    )
    default_storage.save(footers_path(document_id), ContentFile(pdf))
    LetterDocument.objects.filter(pk=document_id).update(progress_at=timezone.now())


def finish(document_id: int) -> None:
    document = LetterDocument.objects.select_related("campaign", "version").get(pk=document_id)
    if document.status != Status.RENDERING:
        return
    campaign = document.campaign
    parts = []
    for key, pages in document.chunk_keys:
        part = _read_part(key)
        if len(part.pages) != pages:
            raise ValueError(f"Part {key} has {len(part.pages)} pages; its layout has {pages}")
        parts.append(part)
    with default_storage.open(footers_path(document_id)) as footers:
        footer_pdf = Pdf.open(BytesIO(footers.read()))
    version = document.version
    pdf = assemble.assemble(
        parts,
        footer_pdf,
        metadata={
            "/Title": campaign.title,
            "/Author": author(campaign),
            "/Subject": subject(campaign, document.signature_count),
            "/Creator": "Cosign",
            "/Keywords": f"open letter, version {version.number}, sha256 {version.text_sha256}",
        },
        lang="en",
    )
    # Dated as set, else the day it was delivered, else (the final PDF is made just before it is
    # sent) the day it is made.
    day = campaign.dated() or timezone.localtime(
        document.started_at or timezone.now(), campaign.zone
    )
    name = f"{campaign.slug}-{day:%Y-%m-%d}-{document.pk}.pdf"
    document.file.save(name, ContentFile(pdf), save=False)
    # Drawn here, not when someone first asks: no request renders anything.
    document.preview.save(
        f"document-{document.pk}-page-1.png", ContentFile(preview.first_page_png(pdf)), save=False
    )
    document.status = Status.READY
    document.bytes = len(pdf)
    document.finished_at = timezone.now()
    document.render_seconds = (
        document.finished_at - (document.started_at or document.finished_at)
    ).total_seconds()
    document.chunks_done = document.chunks_total
    with transaction.atomic():
        document.save()
        # What waits for the final PDF (a letter set to go at its deadline) hears of it.
        outbox.add("documents.ready", key=f"document-ready:{document.pk}", document_id=document.pk)
        event_add("pdf.ready", campaign_id=campaign.pk, subject_id=document.pk,
                  key=str(document.pk))  # fmt: skip
    default_storage.delete(footers_path(document_id))
    logger.info("Document %s ready: %s pages, %s bytes", document_id, document.pages, len(pdf))


def fail(document_id: int, error: str) -> None:
    LetterDocument.objects.filter(pk=document_id).exclude(status=Status.READY).update(
        status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def letter_context(document: LetterDocument) -> dict[str, object]:
    campaign = document.campaign
    # Dated as set, else the day it was delivered, else (the final PDF is made just before it is
    # sent) the day it is made.
    day = campaign.dated() or timezone.localtime(
        document.started_at or timezone.now(), campaign.zone
    )
    # Under each signature line, the name, then what follows it ("D-Calif."; a title and an
    # organization) on a line of its own, so that "D-" and "Calif." are never split.
    leads = [
        signature.credit(campaign.credit_style).partition(", ")[::2]
        for signature in campaign.signatures.leads().only(
            "kind", "name", "title", "party", "state", "city", "show_name"
        )
    ]
    return {
        "campaign": campaign,
        "version": document.version,
        "recipients": list(campaign.recipients.all()),
        "salutation": campaign.default_salutation(),
        "date": dateformat.format(day, "F j, Y"),
        "leads": leads,
    }


def author(campaign: Campaign) -> str:
    leads = [s.name for s in campaign.signatures.leads().only("name")[:5]]
    return ", ".join(leads) or campaign.letterhead or "Cosign"


def subject(campaign: Campaign, count: int) -> str:
    to = "; ".join(recipient.name for recipient in campaign.recipients.all())
    return f"Open letter to {to}, with {count:,} signature{'s' if count != 1 else ''}"
