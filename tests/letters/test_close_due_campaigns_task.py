from datetime import timedelta

import pytest
import time_machine

from campaigns.letters.models import Campaign
from campaigns.letters.tasks import close_due_campaigns
from tests.factories import make_open_campaign

pytestmark = pytest.mark.django_db


def test_campaigns_close_at_their_deadline_and_not_before(alice):
    campaign = make_open_campaign(alice)
    other = make_open_campaign(alice, deadline=campaign.deadline + timedelta(days=3))

    with time_machine.travel(campaign.deadline - timedelta(minutes=1)):
        assert close_due_campaigns.delay().get() == []
        campaign.refresh_from_db()
        assert campaign.accepting_signatures

    with time_machine.travel(campaign.deadline + timedelta(seconds=30)):
        campaign.refresh_from_db()
        assert not campaign.accepting_signatures  # even before the task has run
        assert close_due_campaigns.delay().get() == [campaign.slug]
        assert close_due_campaigns.delay().get() == []  # running it again is harmless

    campaign.refresh_from_db()
    other.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert other.status == Campaign.Status.OPEN


def test_closing_by_hand_is_refused_for_a_letter_that_is_not_open(client, alice, draft):
    client.force_login(alice)
    response = client.post(f"/dashboard/{draft.slug}/close/", {"confirm": "yes"}, follow=True)
    assert "was not open" in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft


def test_the_beat_schedule_runs_the_closing_task_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["close-campaigns-at-deadline"]
    assert entry["task"] == close_due_campaigns.name
    assert entry["schedule"] == 60.0
    reconcile = settings.CELERY_BEAT_SCHEDULE["reconcile-counts"]
    assert reconcile["task"] == "campaigns.signatures.tasks.reconcile_counts"
