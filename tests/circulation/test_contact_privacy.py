"""The staff contacts' privacy: each email the team sends them carries a link out of its
address book, and what the team keeps goes once it no longer serves a letter."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from campaigns.circulation.models import OfficeContact, OfficeTarget, OutreachMessage
from campaigns.circulation.services import outreach, privacy
from campaigns.errors import Code, ServiceError
from campaigns.letters.models import Campaign
from cosign.outbox.models import Entry
from tests.factories import make_legislator, make_open_campaign
from tests.signing import confirm_from_email, sign_member

pytestmark = pytest.mark.django_db

STAFFER = "lee@mail.house.gov"


@pytest.fixture
def letter(alice, django_capture_on_commit_callbacks):
    """Alice's letter, with Lofgren's office on the tracker and Lee, its staffer, in Alice's
    address book."""
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_open_campaign(alice)
    lofgren = make_legislator("L000397")
    OfficeTarget.objects.create(campaign=campaign, legislator=lofgren)
    OfficeContact.objects.create(organizer=alice, legislator=lofgren, name="Lee", email=STAFFER)
    return campaign


def send_dear_colleague(client, letter, callbacks):
    client.post(
        f"/dashboard/{letter.slug}/outreach/new/",
        {"subject": "Join our letter", "body_markdown": "Please sign.", "review": "1",
         "ids": [str(pk) for pk in letter.targets.values_list("pk", flat=True)]},
    )  # fmt: skip
    with callbacks(execute=True):
        client.post(f"/dashboard/{letter.slug}/outreach/{letter.dear_colleagues.get().pk}/")
    (message,) = [m for m in mail.outbox if m.to == [STAFFER]]
    return message


def leave_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/contacts/leave/[^\s]+/)", message.body)
    assert found, message.body
    return found[1]


def lofgren_contacts(letter) -> list[str]:
    lofgren = letter.targets.get().legislator
    book = outreach.address_book(campaign=letter, legislator_ids=[lofgren.pk])
    return [contact.email for contact in book.get(lofgren.pk, [])]


def test_a_staffer_leaves_the_address_book_from_the_dear_colleague(
    client, alice, letter, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    message = send_dear_colleague(client, letter, django_capture_on_commit_callbacks)
    link = leave_link(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    staffer = Client()

    asked = staffer.get(link)  # a mail scanner opening the link changes nothing
    assert "Remove my address" in asked.content.decode()
    assert lofgren_contacts(letter) == [STAFFER]

    left = staffer.post(link)

    assert "You are off the list" in left.content.decode()
    assert lofgren_contacts(letter) == []


def test_the_mail_programs_one_click_unsubscribe_needs_no_cookie(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    link = leave_link(send_dear_colleague(client, letter, django_capture_on_commit_callbacks))

    response = Client(enforce_csrf_checks=True).post(
        link, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert lofgren_contacts(letter) == []


def test_the_team_cannot_type_a_departed_address_back_in(client, alice, letter):
    lofgren = letter.targets.get()
    privacy.address_book_leave(organizer_id=alice.pk, email=STAFFER.upper())
    client.force_login(alice)

    response = client.post(
        f"/dashboard/{letter.slug}/offices/{lofgren.pk}/",
        {"contact-name": "Lee", "contact-email": STAFFER, "contact-submit": "1"},
        follow=True,
    )

    assert "asked, from a link in one of this team" in response.content.decode()
    assert lofgren_contacts(letter) == []
    with pytest.raises(ServiceError) as refused:
        outreach.contact_add(
            campaign=letter, legislator=lofgren.legislator, name="Lee", email=STAFFER
        )
    assert refused.value.code == Code.CONTACT_OPTED_OUT


def test_a_signer_who_left_is_no_longer_kept_from_their_sign_on(
    alice, letter, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    lofgren = letter.targets.get().legislator
    staffer = Client()
    sign_member(staffer, letter, callbacks, lofgren, "alex@mail.house.gov", keep_as_contact="on")
    confirm_from_email(staffer, callbacks)
    assert "alex@mail.house.gov" in lofgren_contacts(letter)

    privacy.address_book_leave(organizer_id=alice.pk, email="alex@mail.house.gov")

    assert lofgren_contacts(letter) == [STAFFER]


def test_a_mangled_link_says_so(client):
    response = client.get("/contacts/leave/not-a-token/")
    assert response.status_code == 400
    assert "could not read this link" in response.content.decode()


def test_hand_entered_contacts_stay_while_their_organizer_has_a_letter_in_progress(letter):
    later = timezone.now() + timedelta(days=400)
    assert privacy.address_books_purge(now=later, days=90) == 0
    assert lofgren_contacts(letter) == [STAFFER]


def test_hand_entered_contacts_go_once_every_letter_is_delivered_and_the_time_has_passed(
    letter, settings
):
    settings.PURGE_PERSONAL_DATA_AFTER_DAYS = 90
    Campaign.objects.filter(pk=letter.pk).update(
        status=Campaign.Status.DELIVERED, delivered_at=timezone.now()
    )
    assert privacy.address_books_purge() == 0  # just delivered: kept

    with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
        call_command("purge_personal_data")

    assert not OfficeContact.objects.exists()


def test_the_addresses_a_dear_colleague_went_to_go_a_set_time_after_delivery(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    send_dear_colleague(client, letter, django_capture_on_commit_callbacks)
    assert OutreachMessage.objects.filter(email=STAFFER).exists()
    Campaign.objects.filter(pk=letter.pk).update(
        status=Campaign.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=91)
    )

    purged = privacy.personal_data_purge(days=90)

    assert not OutreachMessage.objects.exists()
    assert letter.dear_colleagues.get().subject == "Join our letter"  # what was said stays
    assert purged.address_book >= 1
    assert (
        "addresses its Dear Colleagues went to"
        in letter.audit_events.get(
            subject_type="campaign", actor_label="the retention policy"
        ).reason
    )


def test_sent_emails_records_go_after_the_retention_time_and_unsent_ones_stay(letter):
    old = timezone.now() - timedelta(days=91)
    Entry.objects.create(kind="test", key="sent-long-ago", sent_at=old, target={"email": STAFFER})
    Entry.objects.create(kind="test", key="unsent", target={})
    Entry.objects.filter(key="sent-long-ago").update(created_at=old)

    purged = privacy.personal_data_purge(days=90)

    assert purged.outbox_entries >= 1
    assert not Entry.objects.filter(key="sent-long-ago").exists()
    assert Entry.objects.filter(key="unsent").exists()
