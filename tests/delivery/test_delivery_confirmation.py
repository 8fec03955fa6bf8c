"""Delivering cannot be undone: its page says who gets what and that signing closes, and only
the POST from that page delivers."""

import pytest
from django.core import mail

from campaigns.documents import services as documents_services
from campaigns.letters.models import Campaign, Recipient
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email="president@example.gov")
    add_signature(campaign, make_legislator("L000397"))
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    return campaign


def test_delivering_first_shows_who_gets_what_and_that_signing_closes(client, alice, letter):
    client.force_login(alice)
    overview = client.get(f"/dashboard/{letter.slug}/delivery/").content.decode()
    assert f'href="/dashboard/{letter.slug}/delivery/start/"' in overview

    page = client.get(f"/dashboard/{letter.slug}/delivery/start/").content.decode()

    assert "Signing closes now" in page
    assert (
        "President Barack Obama, The White House is emailed at president@example.gov, with the "
        "PDF of text version 1 with 1 signature attached."
    ) in page
    assert "The list of signers becomes final" in page
    assert 'name="confirm" value="yes"' in page and "Deliver to 1 recipient" in page
    assert Campaign.objects.get(pk=letter.pk).is_open


def test_a_forged_one_click_delivery_delivers_nothing(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/dashboard/{letter.slug}/delivery/start/", follow=True)

    assert "Nothing was done: this needs your confirmation" in response.content.decode()
    assert not letter.deliveries.exists() and mail.outbox == []
    assert Campaign.objects.get(pk=letter.pk).is_open

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/dashboard/{letter.slug}/delivery/start/", {"confirm": "yes"})
    assert letter.deliveries.count() == 1
    assert not Campaign.objects.get(pk=letter.pk).is_open
