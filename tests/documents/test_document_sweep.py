"""A rendering whose worker died is taken up again by the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.documents.models import LetterDocument
from campaigns.documents.services import documents_sweep
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def test_a_rendering_whose_worker_died_is_rendered_again_and_a_live_one_is_left_alone(
    alice, settings, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator("L000397"), is_lead=True, lead_position=1)
    long_ago = timezone.now() - timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS + 1)
    stalled = LetterDocument.objects.create(
        campaign=campaign, version=campaign.current_version, status="rendering",
        started_at=long_ago, progress_at=long_ago,
    )  # fmt: skip
    other = make_open_campaign(alice, title="Another letter")
    moving = LetterDocument.objects.create(
        campaign=other, version=other.current_version, status="rendering",
        started_at=long_ago, progress_at=timezone.now(),
    )  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        assert documents_sweep() == [stalled.pk]

    stalled.refresh_from_db()
    moving.refresh_from_db()
    assert stalled.status == "ready", stalled.error
    assert stalled.pages >= 2 and stalled.file
    assert moving.status == "rendering"
