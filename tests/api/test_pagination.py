"""The signatures collection pages as OSDI does, by keyset: following `next` visits everyone
once, whatever happens between two pages; a page asked for by number is where it should be."""

import pytest

from campaigns.signatures import counts
from tests.api.conftest import add_individual, petition_url, token_for

pytestmark = pytest.mark.django_db

NAMES = ["Ada", "Ben", "Cy", "Di", "Ed", "Flo", "Gus"]


@pytest.fixture
def seven(letter):
    """Seven people counted on the letter, in the order they signed."""
    signed = [add_individual(letter, f"{name} Signer") for name in NAMES]
    counts.rebuild(letter.pk)
    return signed


def names(response) -> list[str]:
    return [s["credit"].split()[0] for s in response.json()["_embedded"]["osdi:signatures"]]


def test_the_first_page_says_how_many_there_are_and_where_the_next_is(api, letter, seven):
    response = api.get(petition_url(letter, "signatures/"), per_page=3)

    body = response.json()
    assert (body["page"], body["per_page"], body["total_pages"], body["total_records"]) == (
        1,
        3,
        3,
        7,
    )
    assert names(response) == ["Ada", "Ben", "Cy"]
    assert "prev" not in body["_links"]
    assert body["_links"]["next"]["href"].endswith(f"?page=2&per_page=3&after={seven[2].pk}")


def test_following_next_visits_everyone_once_though_people_sign_and_withdraw_meanwhile(
    api, letter, seven
):
    seen = []
    url = petition_url(letter, "signatures/") + "?per_page=3"
    while url:
        response = api.get(url.removeprefix("http://127.0.0.1:8000"))
        seen += names(response)
        if len(seen) == 3:  # between two pages, Ada withdraws and Hal signs
            seven[0].status = "withdrawn"
            seven[0].save()
            add_individual(letter, "Hal Signer")
        url = response.json()["_links"].get("next", {}).get("href")

    assert seen == ["Ada", "Ben", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]


def test_the_last_page_has_no_next_and_a_page_past_it_is_empty(api, letter, seven):
    last = api.get(petition_url(letter, "signatures/"), per_page=3, page=3).json()
    beyond = api.get(petition_url(letter, "signatures/"), per_page=3, page=4).json()

    assert [s["credit"] for s in last["_embedded"]["osdi:signatures"]] == [
        "Gus Signer, Boston, Mass."
    ]
    assert "next" not in last["_links"]
    assert last["_links"]["prev"]["href"].endswith(f"?page=2&per_page=3&before={seven[6].pk}")
    assert beyond["_embedded"]["osdi:signatures"] == []
    assert beyond["total_records"] == 7


def test_prev_leads_back_to_the_page_before(api, letter, seven):
    second = api.get(petition_url(letter, "signatures/"), per_page=3, page=2).json()
    back = second["_links"]["prev"]["href"].removeprefix("http://127.0.0.1:8000")

    response = api.get(back)

    assert names(response) == ["Ada", "Ben", "Cy"]
    assert response.json()["_links"]["next"]["href"].endswith(f"after={seven[2].pk}")


def test_the_team_pages_through_everyone_the_public_through_the_counted(api, alice, letter, seven):
    add_individual(letter, "Pat Pending", status="unconfirmed")

    public = api.get(petition_url(letter, "signatures/"), per_page=100).json()
    team = api.get(petition_url(letter, "signatures/"), token_for(alice), per_page=100).json()

    assert public["total_records"] == 7
    assert team["total_records"] == 8
    assert len(team["_embedded"]["osdi:signatures"]) == 8


@pytest.mark.parametrize("asked", [{"per_page": 101}, {"per_page": 0}, {"page": 0}, {"page": "x"}])
def test_a_page_out_of_bounds_is_a_bad_request_that_says_why(api, letter, asked):
    response = api.get(petition_url(letter, "signatures/"), **asked)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(asked)
