"""The organizers hear of what waits for them: a House sign-on at once, the rest each morning."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from campaigns.signatures import services, tasks
from tests.factories import add_member, add_signature, make_open_campaign, make_user
from tests.signing import confirm_from_email, sign_member

pytestmark = pytest.mark.django_db

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")


def at(day: int, hour: int, zone: ZoneInfo = EASTERN) -> datetime:
    return datetime(2026, 12, day, hour, 30, tzinfo=zone)


@pytest.fixture
def clock():
    with time_machine.travel(at(1, 6), tick=False) as traveller:
        yield traveller


def test_a_house_sign_on_waiting_is_emailed_at_once_to_owners_and_editors_with_the_phone(
    client, alice, bob, carol, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, requires_approval=False)
    add_member(campaign, bob, "editor")
    add_member(campaign, carol, "viewer")
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "alex@mail.house.gov",
        phone="202-555-0142",
    )  # fmt: skip

    confirm_from_email(client, django_capture_on_commit_callbacks)

    [notice] = [m for m in mail.outbox if m.subject.startswith("To approve:")]
    assert sorted(notice.to) == ["alice@example.org", "bob@example.org"]
    assert notice.subject == "To approve: Rep. Zoe Lofgren, D-Calif. signed “Suspend the raids”"
    body = notice.body
    assert "Phone they gave: 202-555-0142" in body
    assert "The office's listed number: 202-225-3072" in body
    assert f"{settings.SITE_URL}/dashboard/{campaign.slug}/signatures/?show=awaiting" in body


def test_a_sign_on_that_needs_no_call_is_not_emailed_at_once(
    client, alice, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, requires_approval=True)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "aide@sanders.senate.gov"
    )

    confirm_from_email(client, django_capture_on_commit_callbacks)

    assert not [m for m in mail.outbox if m.subject.startswith("To approve:")]


def send_digests(callbacks) -> int:
    with callbacks(execute=True):
        return services.approval_digests_due()


def test_the_digest_goes_once_a_day_from_8_am_only_when_something_waits(
    alice, lofgren, clock, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    assert send_digests(django_capture_on_commit_callbacks) == 0  # nothing waits
    add_signature(campaign, lofgren, status="confirmed")
    assert send_digests(django_capture_on_commit_callbacks) == 0  # 6:30 a.m.

    clock.move_to(at(1, 8))
    assert send_digests(django_capture_on_commit_callbacks) == 1
    clock.move_to(at(1, 15))
    assert send_digests(django_capture_on_commit_callbacks) == 0
    clock.move_to(at(2, 8))
    assert send_digests(django_capture_on_commit_callbacks) == 1

    assert [m.to for m in mail.outbox] == [["alice@example.org"], ["alice@example.org"]]
    assert mail.outbox[0].subject == "Sign-ons waiting for your approval"
    assert "“Suspend the raids”: 1 waiting\n- Rep. Zoe Lofgren, D-Calif." in mail.outbox[0].body


def test_one_digest_a_day_covers_an_organizers_letters_in_every_zone(
    alice, lofgren, sanders, clock, django_capture_on_commit_callbacks
):
    add_signature(make_open_campaign(alice, title="East"), lofgren, status="confirmed")
    west = make_open_campaign(alice, title="West", time_zone="America/Los_Angeles")
    add_signature(west, sanders, status="confirmed", email="aide@sanders.senate.gov")

    clock.move_to(at(1, 8))
    assert send_digests(django_capture_on_commit_callbacks) == 1
    clock.move_to(at(1, 8, PACIFIC))
    assert send_digests(django_capture_on_commit_callbacks) == 0

    [digest] = mail.outbox
    assert "“East”: 1 waiting" in digest.body
    assert "“West”: 1 waiting" in digest.body


def test_an_organizer_who_turned_the_digest_off_gets_none(
    client, alice, bob, lofgren, clock, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    add_member(campaign, bob, "editor")
    add_signature(campaign, lofgren, status="confirmed")
    client.force_login(bob)

    client.post(f"/dashboard/{campaign.slug}/team/emails/", {"approvals_digest": "off"})
    clock.move_to(at(1, 8))
    send_digests(django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "Turn on the morning email" in client.get(f"/dashboard/{campaign.slug}/team/").text


def test_viewers_get_no_digest(carol, lofgren, clock, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(make_user("dana@example.org"))
    add_member(campaign, carol, "viewer")
    add_signature(campaign, lofgren, status="confirmed")
    clock.move_to(at(1, 8))

    send_digests(django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [["dana@example.org"]]


def test_a_digest_whose_sign_ons_were_decided_before_it_went_is_not_sent(alice, lofgren):
    campaign = make_open_campaign(alice)
    signature = add_signature(campaign, lofgren, status="confirmed")
    signature.status = "approved"
    signature.save()

    tasks.send_approvals_digest(alice.pk)

    assert mail.outbox == []


def test_the_beat_writes_the_digests_hourly():
    assert settings.CELERY_BEAT_SCHEDULE["approvals"] == {
        "task": tasks.send_approval_digests.name, "schedule": 3600.0,
    }  # fmt: skip
