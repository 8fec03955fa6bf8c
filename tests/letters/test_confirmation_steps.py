"""Closing and releasing cannot be undone: each page says what will happen, and a POST that
does not come from it changes nothing."""

import pytest

from campaigns.letters.models import Campaign
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def test_closing_says_what_happens_and_a_one_click_post_closes_nothing(client, alice):
    letter = make_open_campaign(alice)
    add_signature(letter, make_legislator())
    client.force_login(alice)
    close = f"/dashboard/{letter.slug}/close/"

    page = client.get(close).content.decode()
    refused = client.post(close, follow=True)

    assert "Signing closes now, before its deadline" in page
    assert "The final PDF is made with the 1 counted signature" in page
    assert "Nobody is emailed" in page
    assert "Nothing was done: this needs your confirmation" in refused.content.decode()
    assert Campaign.objects.get(pk=letter.pk).is_open
    client.post(close, {"confirm": "yes"})
    assert Campaign.objects.get(pk=letter.pk).status == Campaign.Status.CLOSED


def test_releasing_says_what_becomes_public_and_a_one_click_post_releases_nothing(client, alice):
    letter = make_open_campaign(alice, visibility=Campaign.Visibility.PRIVATE)
    client.force_login(alice)
    release = f"/dashboard/{letter.slug}/release/"

    page = client.get(release).content.decode()
    refused = client.post(release, follow=True)

    assert "The letter becomes public for good" in page
    assert "Its 0 counted signers, its count and its PDF become public" in page
    assert "Nothing was done" in refused.content.decode()
    assert Campaign.objects.get(pk=letter.pk).is_private
    client.post(release, {"confirm": "yes"})
    assert not Campaign.objects.get(pk=letter.pk).is_private
