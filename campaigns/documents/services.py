"""Asking for the letter's PDF; the rendering itself is campaigns/documents/pdf, run by Celery."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from campaigns.documents.models import LetterDocument
from campaigns.letters.models import Campaign
from cosign.outbox import services as outbox

# A rendering that has not finished in this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=30)


def document_request(*, campaign: Campaign, by: User | None = None) -> LetterDocument:
    """Queue a rendering of the letter as it stands, unless one is already under way."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        under_way = campaign.documents.in_progress().first()
        if under_way is not None:
            if under_way.created_at > timezone.now() - STALE_AFTER:
                return under_way
            LetterDocument.objects.filter(pk=under_way.pk).update(
                status=LetterDocument.Status.FAILED,
                error="Did not finish within 30 minutes.",
                finished_at=timezone.now(),
            )
        version = campaign.versions.order_by("-number").first()
        if version is None:
            raise ValueError("A letter with no published text has no PDF")
        document = LetterDocument.objects.create(
            campaign=campaign, version=version, requested_by=by
        )
        outbox.add("documents.render", key=f"render:{document.pk}", document_id=document.pk)
    return document


def documents_sweep() -> list[int]:
    """Queue again the renderings whose worker died: no progress for DOCUMENT_LEASE_SECONDS.

    Rendering again is safe: finished chunks are kept, so only the missing ones are redone.
    """
    now = timezone.now()
    stalled = Q(progress_at__lt=now - timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS)) | Q(
        progress_at__isnull=True,
        created_at__lt=now - timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS),
    )
    queued = []
    for document_id in (
        LetterDocument.objects.in_progress().filter(stalled).values_list("pk", flat=True)
    ):
        # Claimed by moving its clock: a second sweeper finds nothing to do.
        with transaction.atomic():
            if LetterDocument.objects.filter(stalled, pk=document_id).update(progress_at=now):
                outbox.add(
                    "documents.render",
                    key=f"render:{document_id}:swept-{now.isoformat()}",
                    document_id=document_id,
                )
                queued.append(document_id)
    return queued
