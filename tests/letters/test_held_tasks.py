"""Tasks that could not be queued while the broker was down, queued once it is back.

(The outage itself, with Redis really stopped under load, is in
tests/services/test_faults_under_load.py; here the sweeper's own rules.)
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.documents.models import LetterDocument
from campaigns.documents.services import documents_sweep
from campaigns.letters.models import HeldTask
from campaigns.letters.queueing import release_held_tasks
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def held_confirmation(signature, **fields) -> HeldTask:
    return HeldTask.objects.create(
        task_name="campaigns.signatures.tasks.send_confirmation_email",
        args=[signature.pk],
        **fields,
    )


def test_a_held_email_goes_out_once_the_broker_is_back_and_is_no_longer_held(alice):
    signature = add_signature(make_open_campaign(alice), make_legislator(), status="unconfirmed")
    held_confirmation(signature, error="Error 111 connecting to 127.0.0.1:6379")

    assert release_held_tasks() == 1

    assert [message.to for message in mail.outbox] == [[signature.email]]
    assert "Confirm your signature" in mail.outbox[0].subject
    assert not HeldTask.objects.exists()
    assert release_held_tasks() == 0  # nothing is sent twice
    assert len(mail.outbox) == 1


def test_a_task_another_sweeper_is_queueing_is_left_to_it_until_its_claim_runs_out(alice):
    signature = add_signature(make_open_campaign(alice), make_legislator(), status="unconfirmed")
    now = timezone.now()
    held_confirmation(signature, claimed_until=now + timedelta(minutes=1))

    assert release_held_tasks(now=now) == 0
    assert mail.outbox == []

    # That sweeper died before it could queue it: once its claim runs out, this one does.
    assert release_held_tasks(now=now + timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 1


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
