"""The letter as its recipients get it by email: titled by the letter, readable as plain text,
from the sender the organizers name on our own address, replies to the organizers."""

import pytest
from django.conf import settings

from campaigns.delivery import services as delivery_services
from campaigns.documents import services as documents_services
from campaigns.letters.markdown import render_markdown
from campaigns.letters.models import CampaignMember, LetterVersion, Recipient
from tests.factories import add_member, make_open_campaign

pytestmark = pytest.mark.django_db

WHITE_HOUSE = "president@whitehouse.example"
MARKDOWN = (
    "We **urge** you to act. See [our statement](https://example.org/statement).\n\n"
    "- Suspend the raids\n- Grant *Temporary Protected Status*\n"
)


@pytest.fixture
def letter(alice, bob, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, sender_name="Office of Rep. Zoe Lofgren")
    add_member(campaign, bob, CampaignMember.Role.EDITOR)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email=WHITE_HOUSE)
    LetterVersion.objects.filter(campaign=campaign).update(
        markdown=MARKDOWN, html=render_markdown(MARKDOWN)
    )
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    return campaign


@pytest.fixture
def message(letter, alice, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.delivery_start(campaign=letter, by=alice)
    [message] = smtp.to(WHITE_HOUSE)
    return message


def test_the_subject_is_the_letters_title(letter, message):
    assert message["Subject"] == letter.title


def test_it_comes_from_the_organizers_sender_on_our_own_address(message, alice, bob):
    our_address = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">")
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Office of Rep. Zoe Lofgren", our_address)
    assert [a.addr_spec for a in message["Reply-To"].addresses] == [alice.email, bob.email]


def test_the_plain_text_reads_without_markdown(letter, message):
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")

    assert "We urge you to act. See our statement (https://example.org/statement)." in text
    assert "• Suspend the raids\n• Grant Temporary Protected Status" in text
    assert "**" not in text and "](" not in text and "*Temporary" not in text


def test_a_sender_name_that_carries_an_address_is_refused(client, alice, letter):
    client.force_login(alice)
    response = client.post(
        f"/dashboard/{letter.slug}/settings/", {"sender_name": "Zoe Lofgren <zoe@house.gov>"}
    )

    assert "A name only, without an email address" in response.content.decode()
    letter.refresh_from_db()
    assert letter.sender_name == "Office of Rep. Zoe Lofgren"
