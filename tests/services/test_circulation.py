"""Circulating a letter privately to a committee's minority, end to end: a real Celery worker
(with beat), PostgreSQL, Redis and a local SMTP server that receives every email.

The story: a letter to the House Judiciary Committee's minority circulates privately; a Dear
Colleague goes to their staff; one staffer signs through the personal link and confirms from
the emailed link; the tracker moves; a reminder, time-shifted to a few seconds from now, fires
across a worker restart at its due moment, only to the offices that have not signed, once each,
though the reminders ran twice; at release the public sees the letter and its signer."""

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from campaigns.circulation import services
from campaigns.circulation.models import OfficeContact, OfficeTarget, OutreachMessage, Reminder
from campaigns.circulation.services import reminders as reminder_services
from campaigns.circulation.tasks import send_due_reminders
from campaigns.congress.models import Committee, CommitteeMembership
from campaigns.letters.models import Campaign
from campaigns.letters.services import campaign_release
from campaigns.signatures import services as signature_services
from campaigns.signatures.models import Signature
from cosign.outbox.models import Entry
from tests.factories import make_legislator, make_open_campaign, make_user
from tests.services.conftest import _service_env, queued, stop_worker, wait_until
from tests.smtp import SMTPServer

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# The offices' staff in Alice's address book, by office.
LEE = "lee.aide@mail.house.gov"  # Lofgren, minority
RAE = "rae.aide@mail.house.gov"  # Raskin, minority: the one who signs
PAT = "pat.aide@mail.house.gov"  # Jayapal, minority
JO = "jo.aide@mail.house.gov"  # Jordan, majority: not on the tracker
DEAR_COLLEAGUE = "Join our letter on the raids"


@pytest.fixture
def smtp():
    server = SMTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def env(media_root, smtp):
    """The worker's: the test database, the local SMTP server, and an outbox sweep each second
    (beat's), so that an entry whose task was lost is not left for minutes."""
    return {
        **_service_env(media=media_root),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "OUTBOX_SWEEP_EVERY_SECONDS": "1",
        "OUTBOX_SWEEP_AFTER_SECONDS": "2",
        "OUTBOX_RETRY_SECONDS": "2",
    }


@pytest.fixture
def judiciary():
    """House Judiciary: Lofgren, Raskin and Jayapal in the minority, Jordan in the majority,
    each office with one staffer in Alice's address book."""
    committee = Committee.objects.create(
        thomas_id="HSJU", name="House Committee on the Judiciary", chamber="house"
    )
    members = {
        "lofgren": (make_legislator("L000397"), "minority", LEE),
        "raskin": (make_legislator("R000606", first_name="Jamie", last_name="Raskin",
                                   display_name="Jamie Raskin", state="MD", district=8,
                                   website_host="raskin.house.gov"), "minority", RAE),
        "jayapal": (make_legislator("J000298", first_name="Pramila", last_name="Jayapal",
                                    display_name="Pramila Jayapal", state="WA", district=7,
                                    website_host="jayapal.house.gov"), "minority", PAT),
        "jordan": (make_legislator("J000289", first_name="Jim", last_name="Jordan",
                                   display_name="Jim Jordan", state="OH", district=4,
                                   party="Republican", website_host="jordan.house.gov"),
                   "majority", JO),
    }  # fmt: skip
    for rank, (legislator, side, _email) in enumerate(members.values(), start=1):
        CommitteeMembership.objects.create(
            committee=committee, legislator=legislator, side=side, rank=rank
        )
    return committee, {name: (legislator, email) for name, (legislator, _s, email) in
                       members.items()}  # fmt: skip


def to(smtp, address: str, subject_part: str = "") -> list:
    return [
        message
        for message in list(smtp.mailbox.messages)
        if message["To"] == address and subject_part in message["Subject"]
    ]


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def path_in(message, pattern: str) -> str:
    found = re.search(rf"https?://[^/\s]+({pattern})", body(message))
    assert found, body(message)
    return found[1]


def shown(letter) -> dict[str, str]:
    return {row.legislator.last_name: row.shown_status for row in services.tracker(letter)}


def wait_until_settled(worker, queue: str) -> None:
    """Nothing runs, is held or waits in the queue, twice in a row: a stray second copy of
    any email would have been sent by now."""
    for _ in range(2):
        worker.wait_until_idle()
        wait_until(lambda: queued(queue) == 0, timeout=30, what="an empty queue")
        wait_until(
            lambda: not Entry.objects.filter(sent_at=None).exists(),
            timeout=30,
            what="every outbox entry sent",
        )


def test_a_letter_circulates_to_the_judiciary_minority_and_reminds_only_the_unsigned(
    queue, env, smtp, workers, judiciary
):
    started = time.monotonic()
    committee, members = judiciary
    alice = make_user("alice@example.org", name="Alice Organizer")
    worker = workers(env, log_name="circulation", queue=queue, beat=True)

    # 1. A private letter with a deadline; the committee's minority on its tracker.
    letter = make_open_campaign(alice, visibility=Campaign.Visibility.PRIVATE)
    assert letter.is_private and letter.deadline is not None
    added = services.targets_add(
        campaign=letter,
        legislators=services.offices_matching(committee=committee, side="minority"),
    )
    assert added == 3
    for legislator, email in members.values():
        OfficeContact.objects.create(
            organizer=alice, legislator=legislator, name=email.split(".")[0].title(), email=email
        )
    assert shown(letter) == {"Lofgren": "not_contacted", "Raskin": "not_contacted",
                             "Jayapal": "not_contacted"}  # fmt: skip
    defaults = Reminder.objects.filter(campaign=letter)
    assert sorted(defaults.values_list("slot", flat=True)) == sorted(Reminder.Slot.values)

    # 2. The public sees nothing of it.
    public = Client()
    assert public.get(f"/letters/{letter.slug}/").status_code == 404
    assert public.get(f"/letters/{letter.slug}/signers/").status_code == 404
    assert public.get(f"/letters/{letter.slug}/sign/").status_code == 404

    # 3. A Dear Colleague to every office on the tracker, composed and sent as the team does.
    organizer = Client()
    organizer.force_login(alice)
    response = organizer.post(
        f"/dashboard/{letter.slug}/outreach/new/",
        {"subject": DEAR_COLLEAGUE, "body_markdown": "Dear colleague,\n\nPlease **sign**.",
         "ids": [str(pk) for pk in letter.targets.values_list("pk", flat=True)], "review": "1"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "3 offices, 3 addresses" in organizer.get(response["Location"]).content.decode()
    assert organizer.post(response["Location"]).status_code == 302

    wait_until(lambda: len(to(smtp, LEE) + to(smtp, RAE) + to(smtp, PAT)) >= 3, timeout=30,
               what="the Dear Colleague emails")  # fmt: skip
    links = {}
    for address in (LEE, RAE, PAT):
        [message] = to(smtp, address)
        assert message["Subject"] == DEAR_COLLEAGUE
        assert message["Reply-To"] == "alice@example.org"
        links[address] = path_in(message, rf"/letters/{letter.slug}/sign/from/[^\s]+/")
    assert len(set(links.values())) == 3  # a personal link per office
    assert to(smtp, JO) == []  # the majority was never on the tracker
    wait_until(
        lambda: set(OutreachMessage.objects.values_list("status", flat=True)) == {"sent"},
        timeout=30,
        what="the outreach rows marked sent",
    )
    assert shown(letter) == {"Lofgren": "asked", "Raskin": "asked", "Jayapal": "asked"}

    # 4. Raskin's staffer follows their link: the private letter opens, their office chosen.
    staffer = Client()
    page = staffer.get(links[RAE], follow=True)
    assert page.status_code == 200
    assert page.context["chosen"].bioguide_id == "R000606"
    assert 'value="R000606" checked' in page.content.decode()
    signed = staffer.post(
        f"/letters/{letter.slug}/sign/",
        {"kind": "legislator", "legislator": "R000606",
         "version": letter.current_version.number, "signer_name": "Rae Aide",
         "signer_title": "Legislative Director", "email": RAE, "phone": "202-225-5341",
         "attested": "on"},
    )  # fmt: skip
    assert signed.status_code == 302, signed.content.decode()[:2000]
    assert public.get(f"/letters/{letter.slug}/").status_code == 404  # still private to others

    [confirmation] = wait_until(
        lambda: [m for m in to(smtp, RAE) if "/confirm/" in body(m)],
        timeout=30,
        what="the confirmation email",
    )
    confirm = path_in(confirmation, rf"/letters/{letter.slug}/confirm/[^\s]+/")
    assert staffer.get(confirm).status_code == 200
    assert staffer.post(confirm).status_code == 302
    signature = Signature.objects.get(campaign=letter)
    assert signature.status == Signature.Status.CONFIRMED  # a House sign-on awaits approval
    assert shown(letter) == {"Lofgren": "asked", "Raskin": "signed_pending", "Jayapal": "asked"}

    assert signature_services.signature_approve(signature=signature, by=alice)
    assert shown(letter) == {"Lofgren": "asked", "Raskin": "signed", "Jayapal": "asked"}
    wait_until(lambda: to(smtp, RAE, "on the letter"), timeout=30, what="the approval email")

    # 5. The day-before reminder, moved to a few seconds from now (time-shifted, not waited
    # for). The worker is stopped just before it falls due and started again just after;
    # the reminders run at the due moment, and again after the restart.
    wait_until_settled(worker, queue)
    before = {address: len(to(smtp, address)) for address in (LEE, RAE, PAT, JO)}
    reminder = defaults.get(slot=Reminder.Slot.DAY_BEFORE)
    due_at = timezone.now() + timedelta(seconds=3)
    reminder_services.reminder_edit(reminder=reminder, send_at=due_at, label=reminder.label)
    assert reminder_services.reminders_send_due() == 0  # not yet
    stop_worker(worker)  # a warm shutdown, as a deploy does
    time.sleep(max(0.0, (due_at - timezone.now()).total_seconds()) + 0.1)  # the due moment

    assert reminder_services.reminders_send_due() == 1  # queued while no worker runs
    worker = workers(env, log_name="circulation-restarted", queue=queue, beat=True)
    assert reminder_services.reminders_send_due() == 0  # a second run finds it started
    assert send_due_reminders.delay().get(timeout=30) == 0  # and so does the worker's

    wait_until(
        lambda: to(smtp, LEE, "Reminder:") and to(smtp, PAT, "Reminder:"),
        timeout=30,
        what="the reminder emails",
    )
    wait_until_settled(worker, queue)
    [to_lee] = to(smtp, LEE, "Reminder:")
    [to_pat] = to(smtp, PAT, "Reminder:")
    for message in (to_lee, to_pat):
        assert letter.title in message["Subject"]
        assert f"/circulate/{letter.circulation_key}/" in body(message)  # the private link
    assert to(smtp, RAE, "Reminder:") == []  # their office signed
    assert to(smtp, JO) == []
    after = {address: len(to(smtp, address)) for address in (LEE, RAE, PAT, JO)}
    assert after == {LEE: before[LEE] + 1, RAE: before[RAE], PAT: before[PAT] + 1, JO: 0}
    reminder.refresh_from_db()
    assert reminder.started_at is not None
    assert (reminder.offices_reminded, reminder.sign_ons_reminded) == (2, 0)
    reminder_entries = Entry.objects.filter(kind="circulation.reminder_email")
    assert reminder_entries.count() == 2 and not reminder_entries.filter(sent_at=None).exists()
    # The others stay for their own days.
    assert defaults.filter(started_at=None, cancelled_at=None).count() == 2

    # 6. Released: the public sees the letter and who signed.
    assert campaign_release(campaign_id=letter.pk, by=alice)
    page = public.get(f"/letters/{letter.slug}/")
    assert page.status_code == 200
    signers = public.get(f"/letters/{letter.slug}/signers/")
    assert signers.status_code == 200
    assert "Raskin" in signers.content.decode()
    assert "Lofgren" not in signers.content.decode()
    assert OfficeTarget.objects.filter(campaign=letter).count() == 3

    wait_until_settled(worker, queue)
    assert time.monotonic() - started < 60
