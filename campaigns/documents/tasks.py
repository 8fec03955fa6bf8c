"""Celery tasks of the letter's PDF: plan the chunks, render the missing ones in parallel,
then assemble; the sweeper picks up what dead workers left."""

from celery import chord, shared_task

from campaigns.delivery.services import deliver_after_render  # until the outbox replaces it
from campaigns.documents import services
from campaigns.documents.pdf import pipeline


@shared_task
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
    # A letter set to go at its deadline goes as soon as its final PDF is ready.
    deliver_after_render(document_id=document_id)


@shared_task
def document_failed(document_id: int) -> None:
    pipeline.fail(document_id, "A part of the document could not be rendered.")


@shared_task
def sweep_documents() -> list[int]:
    return services.documents_sweep()
