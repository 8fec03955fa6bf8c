"""What the letter settings say about how the letter reads: its greeting, its date, its sender."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_campaign, make_open_campaign

pytestmark = pytest.mark.django_db


def settings_of(campaign, **fields):
    deadline = timezone.localtime(campaign.deadline, campaign.zone)
    return {
        "title": campaign.title, "slug": campaign.slug, "closing": "Sincerely,",
        "deadline_date": deadline.date().isoformat(), "time_zone": "America/New_York",
        "allows_legislators": "on", "signer_order": "last_name", "credit_style": "ap", **fields,
    }  # fmt: skip


def test_the_settings_show_the_composed_greeting_until_one_is_typed(client, alice):
    campaign = make_campaign(alice)  # to President Barack Obama
    client.force_login(alice)

    page = client.get(f"/dashboard/{campaign.slug}/settings/").content.decode()
    assert 'placeholder="Dear Mr. President:"' in page

    client.post(
        f"/dashboard/{campaign.slug}/settings/",
        settings_of(campaign, salutation="Dear President Obama:"),
    )
    campaign.refresh_from_db()
    assert campaign.default_salutation() == "Dear President Obama:"


def test_the_letter_carries_the_date_the_organizer_sets_and_the_sender_they_name(client, alice):
    campaign = make_open_campaign(alice)
    client.force_login(alice)

    response = client.post(
        f"/dashboard/{campaign.slug}/settings/",
        settings_of(campaign, letter_date="2016-01-12", sender_name="Office of Rep. Zoe Lofgren"),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.letter_date == datetime.date(2016, 1, 12)
    assert campaign.sender_name == "Office of Rep. Zoe Lofgren"
    assert "January 12, 2016" in client.get(f"/letters/{campaign.slug}/").content.decode()


def test_left_empty_the_date_is_the_day_the_letter_was_delivered(alice):
    campaign = make_open_campaign(alice)
    campaign.delivered_at = datetime.datetime(2026, 12, 2, 3, 0, tzinfo=datetime.UTC)

    # 3 a.m. in UTC is still December 1 in Washington.
    assert campaign.dated() == datetime.date(2026, 12, 1)
