"""Reminders to the offices that have not answered and to the sign-ons still unconfirmed, at
the letter's local times, each sent once whatever restarts around it; and the organizers'
daily digest."""

import zoneinfo
from datetime import date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import transaction

from campaigns.circulation import tasks
from campaigns.circulation.models import OfficeContact, OfficeTarget, Reminder
from campaigns.circulation.services import reminders as services
from campaigns.circulation.services import targets_add, targets_set_status
from campaigns.letters.deadlines import deadline_at
from campaigns.letters.models import Campaign
from cosign.outbox import services as outbox
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db

EASTERN = zoneinfo.ZoneInfo("America/New_York")
MONDAY_NOON = datetime(2026, 11, 30, 12, 0, tzinfo=EASTERN)
# Friday, December 4, 2026, close of business in Washington.
FRIDAY_COB = deadline_at(date(2026, 12, 4), None, "America/New_York")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the week of the deadline, Eastern time."""
    return datetime(2026, 12, day, hour, minute, tzinfo=EASTERN)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY_NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def offices(db):
    return {
        "lofgren": make_legislator("L000397"),
        "raskin": make_legislator("R000606", first_name="Jamie", last_name="Raskin",
                                  display_name="Jamie Raskin", state="MD", district=8),
        "nadler": make_legislator("N000002", first_name="Jerrold", last_name="Nadler",
                                  display_name="Jerrold Nadler", state="NY", district=12),
        "cohen": make_legislator("C001068", first_name="Steve", last_name="Cohen",
                                 display_name="Steve Cohen", state="TN", district=9),
    }  # fmt: skip


@pytest.fixture
def letter(alice, clock, offices, django_capture_on_commit_callbacks):
    """Alice's letter, due Friday COB Eastern, asking four offices. Lofgren's office has two
    staffers in Alice's contacts, Raskin's and Nadler's one each, Cohen's none."""
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_open_campaign(alice, deadline=FRIDAY_COB)
        targets_add(campaign=campaign, legislators=offices.values())
    for name, email in [
        ("lofgren", "Dana.Staffer@mail.house.gov"),
        ("lofgren", "lee.counsel@mail.house.gov"),
        ("raskin", "ria@mail.house.gov"),
        ("nadler", "ned@mail.house.gov"),
    ]:
        OfficeContact.objects.create(
            organizer=alice, legislator=offices[name], name=email.split("@")[0], email=email
        )
    return campaign


def send_due(callbacks) -> int:
    with callbacks(execute=True):
        return services.reminders_send_due()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_defaults_fall_before_the_deadline_at_the_letters_local_times(letter):
    schedule = [(r.label, r.send_at) for r in Reminder.objects.filter(campaign=letter)]

    assert schedule == [
        ("Three days before", at(1, 10)),  # Tuesday, 10 a.m. Eastern
        ("The day before", at(3, 10)),  # Thursday
        ("The morning of the deadline", at(4, 9)),  # Friday, 9 a.m.
    ]
    assert services.format_local(schedule[0][1], letter) == "10 a.m. EST, Tuesday, December 1"


def test_scheduling_the_defaults_again_adds_nothing(letter):
    assert services.reminders_schedule_defaults(campaign=letter) == 0
    assert Reminder.objects.filter(campaign=letter).count() == 3


def test_the_defaults_follow_the_deadline_unless_edited(letter, alice):
    edited = Reminder.objects.get(campaign=letter, slot=Reminder.Slot.DAY_BEFORE)
    services.reminder_edit(reminder=edited, send_at=at(3, 14), label="Thursday afternoon")
    letter.deadline = deadline_at(date(2026, 12, 11), None, "America/New_York")
    letter.save()

    services.reminders_send_due()  # beat: the defaults catch up with the deadline

    schedule = {r.label: r.send_at for r in Reminder.objects.filter(campaign=letter)}
    assert schedule == {
        "Three days before": datetime(2026, 12, 8, 10, tzinfo=EASTERN),
        "Thursday afternoon": at(3, 14),
        "The morning of the deadline": datetime(2026, 12, 11, 9, tzinfo=EASTERN),
    }


def test_a_due_reminder_goes_to_the_open_offices_and_the_unconfirmed_sign_ons_once(
    letter, offices, clock, django_capture_on_commit_callbacks
):
    targets_set_status(
        campaign=letter, target_ids=letter.targets.filter(legislator=offices["raskin"])
        .values_list("pk", flat=True), status=OfficeTarget.Status.DECLINED, by=letter.created_by,
    )  # fmt: skip
    add_signature(letter, offices["nadler"], status="approved")  # has signed: nothing for them
    waiting = add_signature(letter, offices["cohen"], status="unconfirmed")
    clock.move_to(at(1, 9, 59))
    assert send_due(django_capture_on_commit_callbacks) == 0

    clock.move_to(at(1, 10))
    assert send_due(django_capture_on_commit_callbacks) == 1
    assert send_due(django_capture_on_commit_callbacks) == 0  # beat again, a minute later

    assert recipients() == [
        "Dana.Staffer@mail.house.gov",
        "lee.counsel@mail.house.gov",
        waiting.contact_email,  # a new confirmation link
    ]
    reminder = Reminder.objects.get(campaign=letter, slot=Reminder.Slot.THREE_DAYS)
    assert (reminder.offices_reminded, reminder.sign_ons_reminded) == (1, 1)
    office_email = mail.outbox[0]
    assert "6 p.m. EST, Friday, December 4, 2026" in office_email.subject
    assert "6 p.m. EST, Friday, December 4, 2026" in office_email.body
    assert f"{settings.SITE_URL}/letters/{letter.slug}/" in office_email.body
    assert office_email.reply_to == ["alice@example.org"]
    # The way out of the team's address book, in the words and for the mail program.
    assert f"{settings.SITE_URL}/contacts/leave/" in office_email.body
    assert office_email.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL}/contacts/leave/"
    )


def test_a_restart_after_the_commit_leaves_the_emails_to_the_sweep_which_sends_each_once(
    letter, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(1, 10))
    with django_capture_on_commit_callbacks(execute=False):  # the worker dies after the commit
        assert services.reminders_send_due() == 1
    assert send_due(django_capture_on_commit_callbacks) == 0  # beat restarts: nothing twice
    assert mail.outbox == []

    clock.move_to(at(1, 10, 5))
    outbox.sweep()
    outbox.sweep()

    assert recipients() == ["Dana.Staffer@mail.house.gov", "lee.counsel@mail.house.gov",
                            "ned@mail.house.gov", "ria@mail.house.gov"]  # fmt: skip


def send_and_die_before_the_commit() -> None:
    with transaction.atomic():
        services.reminders_send_due()
        raise RuntimeError("the worker dies before the commit")


def test_a_crash_before_the_commit_leaves_the_reminder_due(
    letter, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(1, 10))
    with pytest.raises(RuntimeError):
        send_and_die_before_the_commit()
    assert Reminder.objects.get(slot=Reminder.Slot.THREE_DAYS).started_at is None

    clock.move_to(at(1, 10, 1))
    assert send_due(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 4


def test_a_cancelled_reminder_sends_nothing(letter, clock, django_capture_on_commit_callbacks):
    services.reminder_cancel(reminder=Reminder.objects.get(slot=Reminder.Slot.THREE_DAYS))

    clock.move_to(at(1, 10))
    assert send_due(django_capture_on_commit_callbacks) == 0
    services.reminders_schedule_defaults(campaign=letter)  # and it stays cancelled

    assert mail.outbox == []
    assert Reminder.objects.get(slot=Reminder.Slot.THREE_DAYS).cancelled_at is not None


def test_editing_a_reminder_moves_it(
    client, alice, letter, clock, django_capture_on_commit_callbacks
):
    reminder = Reminder.objects.get(slot=Reminder.Slot.THREE_DAYS)
    client.force_login(alice)

    response = client.post(
        f"/dashboard/{letter.slug}/offices/reminders/{reminder.pk}/",
        {"label": "Wednesday", "send_on": "2026-12-02", "send_time": "15:30"},
    )

    assert response.status_code == 302
    clock.move_to(at(1, 10))
    assert send_due(django_capture_on_commit_callbacks) == 0
    clock.move_to(at(2, 15, 30))
    assert send_due(django_capture_on_commit_callbacks) == 1
    reminder.refresh_from_db()
    assert (reminder.label, reminder.send_at, reminder.edited) == ("Wednesday", at(2, 15, 30), True)


def test_the_team_adds_a_reminder_in_the_letters_zone_and_sees_it_with_its_zone(
    client, alice, letter
):
    client.force_login(alice)
    added = client.post(
        f"/dashboard/{letter.slug}/offices/reminders/add/",
        {"label": "A last call", "send_on": "2026-12-04", "send_time": "15:00"},
    )
    page = client.get(f"/dashboard/{letter.slug}/offices/reminders/").content.decode()

    assert added.status_code == 302
    assert Reminder.objects.get(label="A last call").send_at == at(4, 15)
    assert "3 p.m. EST, Friday, December 4" in page
    assert "6 p.m. EST, Friday, December 4, 2026" in page


def test_a_reminder_after_the_deadline_is_refused(client, alice, letter):
    client.force_login(alice)
    response = client.post(
        f"/dashboard/{letter.slug}/offices/reminders/add/",
        {"label": "Too late", "send_on": "2026-12-04", "send_time": "18:30"},
    )

    assert response.status_code == 400
    assert "too late" in response.content.decode()
    assert not Reminder.objects.filter(label="Too late").exists()


def test_a_private_letters_reminder_links_to_its_circulation_link(
    letter, clock, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=letter.pk).update(visibility=Campaign.Visibility.PRIVATE)
    clock.move_to(at(1, 10))
    send_due(django_capture_on_commit_callbacks)

    assert f"/circulate/{letter.circulation_key}/" in mail.outbox[0].body


def test_the_beat_sends_due_reminders_every_minute_and_digests_hourly():
    assert settings.CELERY_BEAT_SCHEDULE["send-reminders"] == {
        "task": tasks.send_due_reminders.name, "schedule": 60.0,
    }  # fmt: skip
    assert settings.CELERY_BEAT_SCHEDULE["send-digests"] == {
        "task": tasks.send_digests.name, "schedule": 3600.0,
    }  # fmt: skip


# The digest ---------------------------------------------------------------------------------


def send_digests(callbacks) -> int:
    with callbacks(execute=True):
        return services.digests_send_due()


def test_the_digest_goes_once_a_day_from_8_am_in_the_letters_zone(
    letter, bob, carol, clock, django_capture_on_commit_callbacks
):
    add_member(letter, bob, "editor")
    add_member(letter, carol, "viewer")
    clock.move_to(at(1, 7, 30))
    assert send_digests(django_capture_on_commit_callbacks) == 0

    clock.move_to(at(1, 8, 30))
    assert send_digests(django_capture_on_commit_callbacks) == 1
    clock.move_to(at(1, 9, 30))
    assert send_digests(django_capture_on_commit_callbacks) == 0
    clock.move_to(at(2, 8, 30))
    assert send_digests(django_capture_on_commit_callbacks) == 1

    assert [sorted(message.to) for message in mail.outbox] == [
        ["alice@example.org", "bob@example.org"],
        ["alice@example.org", "bob@example.org"],
    ]


def test_the_digest_tells_who_signed_who_declined_who_is_open_and_what_is_due(
    letter, offices, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(1, 8, 30))
    send_digests(django_capture_on_commit_callbacks)  # Tuesday's
    clock.move_to(at(1, 14))
    add_signature(letter, offices["nadler"], status="approved")
    targets_set_status(
        campaign=letter, target_ids=letter.targets.filter(legislator=offices["raskin"])
        .values_list("pk", flat=True), status=OfficeTarget.Status.DECLINED, by=letter.created_by,
    )  # fmt: skip
    clock.move_to(at(2, 8, 30))
    mail.outbox.clear()

    send_digests(django_capture_on_commit_callbacks)  # Wednesday's

    body = mail.outbox[0].body
    assert "New signers since the last digest: 1\n- Rep. Jerrold Nadler" in body
    assert "Declined since the last digest: 1\n- Rep. Jamie Raskin" in body
    assert "Offices still open (not contacted, asked, considering, no response): 2" in body
    assert "Lofgren" in body and "Cohen" in body
    assert "Next reminder: The day before, 10 a.m. EST, Thursday, December 3" in body
    assert "Sign-on deadline: 6 p.m. EST, Friday, December 4, 2026" in body
