from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from campaigns.letters.deadlines import deadline_at, format_deadline
from campaigns.letters.forms import CampaignSettingsForm

EASTERN = ZoneInfo("America/New_York")


def test_a_date_alone_means_close_of_business_eastern():
    assert deadline_at(date(2016, 1, 8), None, "America/New_York") == datetime(
        2016, 1, 8, 18, 0, tzinfo=EASTERN
    )


def test_a_time_and_zone_are_honoured():
    moment = deadline_at(date(2016, 1, 8), time(12, 0), "America/Los_Angeles")
    assert moment.astimezone(EASTERN).hour == 15


def test_deadlines_are_shown_in_the_campaigns_zone_with_daylight_time():
    winter = deadline_at(date(2016, 1, 8), None, "America/New_York")
    summer = deadline_at(date(2016, 7, 8), None, "America/New_York")
    assert format_deadline(winter, "America/New_York") == "6 p.m. EST, Friday, January 8, 2016"
    assert format_deadline(summer, "America/New_York") == "6 p.m. EDT, Friday, July 8, 2016"
    assert format_deadline(winter, "America/Chicago") == "5 p.m. CST, Friday, January 8, 2016"


def settings_form(campaign, **data):
    fields = {
        "title": campaign.title,
        "slug": campaign.slug,
        "closing": "Sincerely,",
        "time_zone": "America/New_York",
        "allows_legislators": "on",
        "signer_order": "last_name",
        "credit_style": "ap",
    }
    fields.update(data)
    return CampaignSettingsForm(fields, instance=campaign, owner=True)


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 1, 4, 9, 0, tzinfo=EASTERN), tick=False)
def test_the_settings_form_turns_a_date_into_6pm_in_the_chosen_zone(draft):
    form = settings_form(draft, deadline_date="2016-01-08", time_zone="America/Chicago")
    assert form.is_valid(), form.errors
    campaign = form.save()
    assert campaign.deadline == datetime(2016, 1, 8, 18, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert campaign.time_zone == "America/Chicago"


@pytest.mark.django_db
@time_machine.travel(datetime(2016, 1, 4, 9, 0, tzinfo=EASTERN), tick=False)
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"deadline_date": "2016-01-01"}, "deadline_date", "must be in the future"),
        ({"deadline_date": "tomorrow"}, "deadline_date", "Enter a valid date"),
        ({"deadline_time": "17:00"}, "deadline_date", "Give the date"),
        ({"allows_legislators": ""}, "allows_legislators", "at least one kind"),
        ({"goal": "-5"}, "goal", "greater than or equal to 0"),
        ({"slug": "not a slug!"}, "slug", "Enter a valid"),
        ({"title": ""}, "title", "required"),
        ({"title": "x" * 201}, "title", "at most 200"),
        ({"time_zone": "Mars/Base"}, "time_zone", "Select a valid choice"),
    ],
)
def test_the_settings_form_refuses_bad_input_clearly(draft, data, field, message):
    form = settings_form(draft, **data)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.django_db
def test_a_published_letter_keeps_its_address_and_needs_a_deadline(alice):
    from tests.factories import make_open_campaign

    campaign = make_open_campaign(alice)
    form = settings_form(campaign, slug="a-new-address", deadline_date="")
    assert not form.is_valid()
    assert "needs a deadline" in " ".join(form.errors["deadline_date"])

    local_deadline = timezone.localtime(campaign.deadline, EASTERN)
    form = settings_form(
        campaign, slug="a-new-address", deadline_date=(local_deadline + timedelta(days=1)).date()
    )
    assert form.is_valid(), form.errors
    assert form.save().slug == campaign.slug
