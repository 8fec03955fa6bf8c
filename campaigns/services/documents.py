"""Asking for the letter's PDF; the rendering itself is campaigns/pdf, run by Celery."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from campaigns.models import Campaign, LetterDocument

# A rendering that has not finished in this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=30)


def document_request(*, campaign: Campaign, by: User | None = None) -> LetterDocument:
    """Queue a rendering of the letter as it stands, unless one is already under way."""
    from campaigns.tasks import render_document

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
        transaction.on_commit(partial(render_document.delay, document.pk))
    return document
