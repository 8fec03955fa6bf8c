"""Recipients picked from the directory come filled in: name, title, address and greeting."""

import pytest

from campaigns.congress.models import Committee, CommitteeMembership
from campaigns.letters.models import Recipient
from tests.factories import make_campaign, make_legislator

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice, client):
    campaign = make_campaign(alice)
    campaign.recipients.all().delete()
    client.force_login(alice)
    return campaign


@pytest.fixture
def speaker():
    return make_legislator(
        "J000299", first_name="Mike", last_name="Johnson", display_name="Mike Johnson",
        state="LA", district=4, party="Republican", leadership_title="Speaker of the House",
        office_address="521 Cannon House Office Building Washington DC 20515-1804",
    )  # fmt: skip


@pytest.fixture
def leader():
    return make_legislator(
        "J000294", first_name="Hakeem", last_name="Jeffries", display_name="Hakeem Jeffries",
        state="NY", district=8, leadership_title="House Minority Leader",
        office_address="2267 Rayburn House Office Building Washington DC 20515-3208",
    )  # fmt: skip


def pick(client, campaign, who):
    return client.post(f"/dashboard/{campaign.slug}/recipients/pick/", {"who": who})


def test_the_speaker_and_the_leader_from_the_directory_are_greeted_together(
    client, letter, speaker, leader
):
    pick(client, letter, f"member:{speaker.pk}")
    response = pick(client, letter, f"member:{leader.pk}")

    assert response.status_code == 302
    first, second = letter.recipients.all()
    assert (first.name, first.title, first.organization, first.greeting) == (
        "The Honorable Mike Johnson", "Speaker of the House", "U.S. House of Representatives",
        "Speaker Johnson",
    )  # fmt: skip
    assert first.address_lines == ["521 Cannon House Office Building", "Washington, DC 20515-1804"]
    assert first.channel == Recipient.Channel.PRINT
    assert second.greeting == "Leader Jeffries"
    page = client.get(f"/dashboard/{letter.slug}/recipients/").content.decode()
    assert "Dear Speaker Johnson and Leader Jeffries:" in page


def test_a_committees_chair_and_ranking_member_are_greeted_by_their_seats(client, letter):
    judiciary = Committee.objects.create(
        thomas_id="HSJU", name="House Committee on the Judiciary", chamber="house"
    )
    for member, side, title in [
        (make_legislator("J000289", last_name="Jordan", display_name="Jim Jordan"), "majority",
         "Chairman"),
        (make_legislator("R000606", last_name="Raskin", display_name="Jamie Raskin"), "minority",
         "Ranking Member"),
    ]:  # fmt: skip
        seat = CommitteeMembership.objects.create(
            committee=judiciary, legislator=member, side=side, rank=1, title=title
        )
        pick(client, letter, f"seat:{seat.pk}")

    chair, ranking = letter.recipients.all()
    assert chair.title == "Chairman, House Committee on the Judiciary"
    assert ranking.title == "Ranking Member, House Committee on the Judiciary"
    assert letter.default_salutation() == "Dear Chairman Jordan and Ranking Member Raskin:"


def test_a_member_without_a_post_is_greeted_by_their_seat(client, letter):
    pick(client, letter, f"member:{make_legislator().pk}")

    [recipient] = letter.recipients.all()
    assert (recipient.title, recipient.greeting) == ("Member of Congress", "Representative Lofgren")


def test_the_president_and_a_cabinet_secretary_come_from_our_own_list(client, letter):
    pick(client, letter, "executive:president")
    pick(client, letter, "executive:homeland")

    president, secretary = letter.recipients.all()
    assert president.address_lines == [
        "The White House", "1600 Pennsylvania Avenue NW", "Washington, DC 20500",
    ]  # fmt: skip
    assert secretary.organization == "U.S. Department of Homeland Security"
    assert letter.default_salutation() == "Dear Mr. President and Secretary Noem:"


def test_the_filled_in_recipient_can_be_edited_and_its_greeting_overwritten(
    client, letter, speaker
):
    pick(client, letter, f"member:{speaker.pk}")
    [recipient] = letter.recipients.all()

    client.post(
        f"/dashboard/{letter.slug}/recipients/{recipient.pk}/",
        {
            "name": recipient.name, "title": recipient.title, "greeting": "Mr. Speaker",
            "organization": recipient.organization, "address": recipient.address,
            "channel": "print",
        },
    )  # fmt: skip

    assert letter.default_salutation() == "Dear Mr. Speaker:"


def test_a_member_out_of_office_cannot_be_picked(client, letter):
    former = make_legislator(in_office=False)

    response = pick(client, letter, f"member:{former.pk}")

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not letter.recipients.exists()


def test_a_viewer_sees_the_greeting_but_no_picker(client, letter, carol):
    letter.members.create(user=carol, role="viewer")
    client.force_login(carol)

    page = client.get(f"/dashboard/{letter.slug}/recipients/").content.decode()

    assert "To whom it may concern:" in page
    assert "/recipients/pick/" not in page
