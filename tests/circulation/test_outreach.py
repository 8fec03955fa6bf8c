"""Dear Colleague outreach: the team writes to the staff of the offices it asks, each address
once, with a personal sign link; the tracker shows what went where and what bounced; the
address book is the team's own, and a signer's consent adds to it until the privacy purge."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from campaigns.circulation.models import OfficeContact, OfficeTarget, OutreachMessage
from campaigns.circulation.services import outreach
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.signatures.services import purge_personal_data
from cosign.outbox import services as outbox
from cosign.outbox.models import Entry
from tests.factories import add_member, make_legislator, make_open_campaign
from tests.signing import confirm_from_email, sign_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice, bob, carol, django_capture_on_commit_callbacks):
    """Alice's letter, Bob editing and Carol viewing; Lofgren's and Hoyer's offices on the
    tracker, each with a contact in Alice's address book."""
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_open_campaign(alice)
    add_member(campaign, bob, CampaignMember.Role.EDITOR)
    add_member(campaign, carol, CampaignMember.Role.VIEWER)
    lofgren = make_legislator("L000397")
    hoyer = make_legislator(
        "H000874", first_name="Steny", last_name="Hoyer", display_name="Steny Hoyer",
        state="MD", district=5,
    )  # fmt: skip
    for legislator, name, email in (
        (lofgren, "Lee Aide", "lee@mail.house.gov"),
        (hoyer, "Harper Aide", "harper@mail.house.gov"),
    ):
        OfficeTarget.objects.create(campaign=campaign, legislator=legislator)
        OfficeContact.objects.create(organizer=alice, legislator=legislator, name=name, email=email)
    return campaign


def compose(client, letter, **fields) -> str:
    """Write a Dear Colleague to the ticked offices; the review page's path."""
    data = {
        "subject": "Join our letter on the raids",
        "body_markdown": "Dear colleague,\n\nPlease **sign** our letter.",
        "ids": [str(pk) for pk in letter.targets.values_list("pk", flat=True)],
        "review": "1",
        **fields,
    }
    response = client.post(f"/dashboard/{letter.slug}/outreach/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def send(client, review: str, callbacks):
    with callbacks(execute=True):
        return client.post(review)


def sign_link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/letters/[^/\s]+/sign/from/[^\s]+/)", message.body)
    assert found, message.body
    return found[1]


def test_a_dear_colleague_reaches_each_address_once_with_its_link_and_reply_to(
    client, alice, bob, letter, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    review = compose(client, letter)
    page = client.get(review).content.decode()
    assert "2 offices, 2 addresses" in page

    response = send(client, review, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["harper@mail.house.gov", "lee@mail.house.gov"]
    for message in mail.outbox:
        assert message.subject == "Join our letter on the raids"
        assert sorted(message.reply_to) == ["alice@example.org", "bob@example.org"]
        assert "<strong>sign</strong>" in message.alternatives[0][0]
        assert "Please sign our letter." in message.body  # plain text, no Markdown
        assert "/sign/from/" in message.body
    assert sign_link(mail.outbox[0]) != sign_link(mail.outbox[1])  # one link per office
    assert set(OutreachMessage.objects.values_list("status", flat=True)) == {"sent"}

    # The outbox runs its entries again (a sweep, a redelivered task): nothing more goes out.
    for entry in Entry.objects.filter(kind="circulation.dear_colleague_email"):
        Entry.objects.filter(pk=entry.pk).update(sent_at=None, claimed_until=None)
        outbox.send(entry.pk)
    assert len(mail.outbox) == 2
    # Sending the same Dear Colleague again is refused.
    send(client, review, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_the_offices_written_to_move_to_asked(
    client, bob, letter, django_capture_on_commit_callbacks
):
    considering = letter.targets.get(legislator__bioguide_id="H000874")
    considering.status = OfficeTarget.Status.CONSIDERING
    considering.save()
    client.force_login(bob)

    send(client, compose(client, letter), django_capture_on_commit_callbacks)

    asked = letter.targets.get(legislator__bioguide_id="L000397")
    assert asked.status == "asked" and asked.last_contact_by == bob
    considering.refresh_from_db()
    assert considering.status == "considering"  # what the team heard stays


def test_the_link_opens_a_private_letter_with_the_office_chosen(
    client, bob, letter, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=letter.pk).update(visibility=Campaign.Visibility.PRIVATE)
    client.force_login(bob)
    send(client, compose(client, letter), django_capture_on_commit_callbacks)
    [to_lee] = [m for m in mail.outbox if m.to == ["lee@mail.house.gov"]]
    staffer = Client()
    assert staffer.get(f"/letters/{letter.slug}/sign/").status_code == 404  # private

    response = staffer.get(sign_link(to_lee), follow=True)

    assert response.status_code == 200
    assert response.context["chosen"].bioguide_id == "L000397"
    assert 'value="L000397" checked' in response.content.decode()
    # The staffer still signs and confirms from their official address.
    mail.outbox.clear()
    signed = sign_member(
        staffer, letter, django_capture_on_commit_callbacks, response.context["chosen"],
        "lee@mail.house.gov",
    )  # fmt: skip
    assert signed.status_code == 302
    confirm_from_email(staffer, django_capture_on_commit_callbacks)
    assert letter.signatures.get().status == "confirmed"


def test_a_tampered_link_opens_nothing(client, letter):
    assert client.get(f"/letters/{letter.slug}/sign/from/not-a-token/").status_code == 404


def test_a_refused_address_shows_as_bounced_and_is_not_tried_again(
    client, bob, letter, smtp, django_capture_on_commit_callbacks
):
    smtp.refuse["harper@mail.house.gov"] = "550 5.1.1 No such user"
    client.force_login(bob)

    send(client, compose(client, letter), django_capture_on_commit_callbacks)

    assert [m["To"] for m in smtp.wait_for(1)] == ["lee@mail.house.gov"]
    bounced = OutreachMessage.objects.get(email="harper@mail.house.gov")
    assert bounced.status == "bounced" and "550" in bounced.error
    # Carried out, not failed: the sweep has nothing to try again.
    assert not Entry.objects.filter(sent_at=None).exists()
    later = timezone.now() + timedelta(hours=2)
    assert not Entry.objects.filter(outbox.due(later)).exists()
    tracker = client.get(f"/dashboard/{letter.slug}/offices/").content.decode()
    assert "1 bounced" in tracker
    assert "No such user" in client.get(f"/dashboard/{letter.slug}/outreach/").content.decode()


def test_a_temporary_refusal_is_tried_again(
    client, bob, letter, smtp, django_capture_on_commit_callbacks
):
    smtp.temporary_failures = 1
    client.force_login(bob)

    with pytest.raises(Exception, match="451"):
        send(client, compose(client, letter), django_capture_on_commit_callbacks)

    failed = Entry.objects.exclude(last_error="").get()
    assert "451" in failed.last_error and failed.sent_at is None
    assert not OutreachMessage.objects.exclude(status="queued").exists()  # nothing bounced

    # Its pause over, the sweep takes the entries up again.
    Entry.objects.update(claimed_until=None)
    for entry in Entry.objects.filter(sent_at=None):
        outbox.send(entry.pk)
    assert len(smtp.wait_for(2)) == 2
    assert set(OutreachMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_signers_consent_adds_them_to_the_next_letters_address_book_until_the_purge(
    alice, letter, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    lofgren = letter.targets.get(legislator__bioguide_id="L000397").legislator
    staffer = Client()
    sign_member(staffer, letter, callbacks, lofgren, "alex@mail.house.gov", keep_as_contact="on")
    confirm_from_email(staffer, callbacks)
    with callbacks(execute=True):
        next_letter = make_open_campaign(alice, title="Fund the courts")

    book = outreach.address_book(campaign=next_letter, legislator_ids=[lofgren.pk])
    assert [(c.email, c.source) for c in book[lofgren.pk]] == [
        ("lee@mail.house.gov", "by_hand"),
        ("alex@mail.house.gov", "sign_on"),
    ]

    Campaign.objects.filter(pk=letter.pk).update(
        status=Campaign.Status.DELIVERED, delivered_at=timezone.now() - timedelta(days=400)
    )
    purge_personal_data()

    book = outreach.address_book(campaign=next_letter, legislator_ids=[lofgren.pk])
    assert [c.email for c in book[lofgren.pk]] == ["lee@mail.house.gov"]


def test_without_consent_a_signer_is_not_kept(alice, letter, django_capture_on_commit_callbacks):
    lofgren = letter.targets.get(legislator__bioguide_id="L000397").legislator
    sign_member(
        Client(), letter, django_capture_on_commit_callbacks, lofgren, "alex@mail.house.gov"
    )

    book = outreach.address_book(campaign=letter, legislator_ids=[lofgren.pk])
    assert [c.email for c in book[lofgren.pk]] == ["lee@mail.house.gov"]


def test_an_editor_adds_and_removes_an_offices_contacts(client, bob, letter):
    client.force_login(bob)
    target = letter.targets.get(legislator__bioguide_id="L000397")
    page = f"/dashboard/{letter.slug}/offices/{target.pk}/"
    added = {
        "contact-name": "Robin Scheduler", "contact-email": "Robin@mail.house.gov",
        "contact-title": "Scheduler", "contact-phone": "202-225-3072", "contact-submit": "1",
    }  # fmt: skip

    assert client.post(page, added).status_code == 302
    shown = client.get(page).content.decode()
    assert "robin@mail.house.gov" in shown and "Entered by the team" in shown
    again = client.post(page, added)
    assert again.status_code == 400
    assert "already a contact" in again.content.decode()

    robin = OfficeContact.objects.get(email="robin@mail.house.gov")
    assert client.post(page, {"remove_contact": f"hand-{robin.pk}"}).status_code == 302
    assert not OfficeContact.objects.filter(pk=robin.pk).exists()


def test_an_editor_may_send_and_a_viewer_may_not(
    client, bob, carol, letter, django_capture_on_commit_callbacks
):
    client.force_login(carol)
    assert client.get(f"/dashboard/{letter.slug}/outreach/").status_code == 200
    assert client.get(f"/dashboard/{letter.slug}/outreach/new/").status_code == 403
    client.force_login(bob)
    review = compose(client, letter)

    client.force_login(carol)
    assert send(client, review, django_capture_on_commit_callbacks).status_code == 403
    assert mail.outbox == [] and not OutreachMessage.objects.exists()

    client.force_login(bob)
    assert send(client, review, django_capture_on_commit_callbacks).status_code == 302
    assert len(mail.outbox) == 2


def test_offices_without_contacts_are_listed_and_not_written_to(
    client, bob, letter, django_capture_on_commit_callbacks
):
    raskin = OfficeTarget.objects.create(
        campaign=letter,
        legislator=make_legislator(
            "R000606", first_name="Jamie", last_name="Raskin", display_name="Jamie Raskin",
            state="MD", district=8,
        ),
    )  # fmt: skip
    client.force_login(bob)
    review = compose(client, letter)

    page = client.get(review).content.decode()
    assert "3 offices" not in page and "2 offices, 2 addresses" in page
    assert "No contacts, so not written to" in page and "Raskin" in page
    send(client, review, django_capture_on_commit_callbacks)
    assert not OutreachMessage.objects.filter(target=raskin).exists()
    raskin.refresh_from_db()
    assert raskin.status == "not_contacted"


def test_offices_chosen_by_status(client, bob, letter, django_capture_on_commit_callbacks):
    letter.targets.filter(legislator__bioguide_id="H000874").update(status="considering")
    client.force_login(bob)

    review = compose(client, letter, ids=[], statuses=["considering"])

    assert "1 office, 1 address" in client.get(review).content.decode()
    send(client, review, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["harper@mail.house.gov"]]
