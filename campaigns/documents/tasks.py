"""Celery tasks of the letter's PDF: plan the chunks, render the missing ones in parallel,
then assemble; the sweeper picks up what dead workers left."""

from celery import chord, shared_task

from campaigns.documents import services
from campaigns.documents.pdf import pipeline
from campaigns.letters.models import Campaign
from cosign.outbox import services as outbox


@outbox.handles("documents.render")
def render_document(document_id: int) -> None:
    try:
        missing = pipeline.plan(document_id)
    except Exception as error:
        pipeline.fail(document_id, f"{error.__class__.__name__}: {error}")
        raise
    if missing is None:
        return
    assemble = finish_document.si(document_id).on_error(document_failed.si(document_id))
    parts = [render_footers.si(document_id)] + [
        render_chunk.si(document_id, key) for key in missing
    ]
    chord(parts)(assemble)


@outbox.handles("documents.render_letter")
def render_closed_letter(campaign_id: int) -> None:
    """The letter closed: render it as it will be delivered."""
    services.document_request(campaign=Campaign.objects.get(pk=campaign_id))


@shared_task
def render_chunk(document_id: int, key: str) -> None:
    pipeline.render_chunk(document_id, key)


@shared_task
def render_footers(document_id: int) -> None:
    pipeline.render_footers(document_id)


@shared_task
def finish_document(document_id: int) -> None:
    try:
        pipeline.finish(document_id)
    except Exception as error:
        pipeline.fail(document_id, f"{error.__class__.__name__}: {error}")
        raise


@shared_task
def document_failed(document_id: int) -> None:
    pipeline.fail(document_id, "A part of the document could not be rendered.")


@shared_task
def sweep_documents() -> list[int]:
    return services.documents_sweep()
