"""The organizer's dashboard: their letters, found by title and by status."""

import pytest

from campaigns.letters.models import Campaign
from tests.factories import add_member, make_campaign, make_open_campaign

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [campaign.title for campaign in response.context["campaigns"]]


def test_the_dashboard_finds_a_letter_by_a_word_of_its_title(client, alice):
    make_campaign(alice, title="Protect refugee families")
    make_campaign(alice, title="Fund the libraries")
    client.force_login(alice)

    response = client.get("/dashboard/", {"q": "REFUGEE"})

    assert titles(response) == ["Protect refugee families"]
    assert 'value="REFUGEE"' in response.text


def test_the_status_filter_shows_only_letters_in_that_state(client, alice):
    make_campaign(alice, title="Still a draft")
    make_open_campaign(alice, title="Out for signatures")
    client.force_login(alice)

    assert titles(client.get("/dashboard/", {"status": "open"})) == ["Out for signatures"]
    assert titles(client.get("/dashboard/", {"status": "draft"})) == ["Still a draft"]


def test_archived_letters_leave_the_default_list_but_have_their_own_filter(client, alice):
    make_campaign(alice, title="Current one")
    make_campaign(alice, title="Long done", status=Campaign.Status.ARCHIVED)
    client.force_login(alice)

    assert titles(client.get("/dashboard/")) == ["Current one"]
    archived = client.get("/dashboard/", {"status": "archived"})
    assert titles(archived) == ["Long done"]
    assert 'href="?status=archived" aria-current="page">Archived <span class="count">1' in (
        archived.text
    )


def test_search_and_filter_combine_and_an_unknown_status_shows_the_current_list(client, alice):
    make_campaign(alice, title="Refugee draft")
    make_open_campaign(alice, title="Refugee open")
    client.force_login(alice)

    assert titles(client.get("/dashboard/", {"q": "refugee", "status": "draft"})) == [
        "Refugee draft"
    ]
    assert len(titles(client.get("/dashboard/", {"status": "<script>"}))) == 2


def test_a_search_that_finds_nothing_says_so_and_offers_the_whole_list(client, alice):
    make_campaign(alice)
    client.force_login(alice)

    response = client.get("/dashboard/", {"q": "nothing like it"})

    assert "No letters with “nothing like it” in the title." in response.text
    assert "Show your current letters" in response.text


def test_each_row_labels_its_count_deadline_and_role_for_the_phone_cards(client, alice, bob):
    add_member(make_open_campaign(alice, title="Bob edits this"), bob, "editor")
    client.force_login(bob)

    page = client.get("/dashboard/").text

    assert 'class="table table--cards table--cards-plain"' in page
    for label in ("Status", "Sign-on deadline", "Signatures", "Your role"):
        assert f'data-label="{label}"' in page
    assert '<td data-label="Your role">Editor</td>' in page
    assert " EST, " in page or " EDT, " in page  # the deadline carries its zone


def test_the_dashboard_lists_only_the_organizers_own_letters(client, alice, mallory):
    make_campaign(alice, title="Alice's letter")
    client.force_login(mallory)

    response = client.get("/dashboard/", {"q": "letter"})

    assert titles(response) == []
    assert "You are not running any letters yet." in response.text
