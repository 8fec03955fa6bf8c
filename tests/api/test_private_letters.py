"""A draft or a privately circulating letter does not exist for anyone outside its team: every
API address about it answers exactly as for a letter that was never written."""

import pytest

from campaigns.api.views.errors import NOT_FOUND
from tests.api.conftest import add_individual, petition_url, token_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ADDRESSES = ["", "signatures/", "signatures/{pk}/"]


@pytest.fixture(params=["private_letter", "draft"])
def hidden(request):
    return request.getfixturevalue(request.param)


def test_anyone_outside_the_team_finds_nothing_where_a_hidden_letter_is(
    api, hidden, private_letter
):
    pk = add_individual(private_letter, "Ann Lee").pk
    strangers = ["", token_for(make_user("mallory@example.org"), scope="write", contacts=True)]

    for token in strangers:
        for address in ADDRESSES:
            url = petition_url(hidden, address.format(pk=pk))
            never_written = url.replace(hidden.slug, "never-written")
            answer, absent = api.get(url, token), api.get(never_written, token)
            assert (answer.status_code, answer.json()) == (absent.status_code, absent.json())
            assert answer.status_code == 404
        helper = api.post(petition_url(hidden, "record_signature_helper/"), {}, token)
        assert helper.status_code == 404
        listed = api.get("/api/v1/petitions/", token).json()["_embedded"]["osdi:petitions"]
        assert hidden.title not in [p["title"] for p in listed]


def test_the_team_sees_its_hidden_letters(api, alice, hidden):
    response = api.get(petition_url(hidden), token_for(alice))

    assert response.status_code == 200
    assert response.json()["status"] == hidden.status


def test_a_wrong_address_under_the_api_is_answered_in_json(api):
    response = api.get("/api/v2/anything")

    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}


def test_a_method_the_api_does_not_take_is_refused_in_json(api, letter):
    response = api.post(petition_url(letter), {})

    assert response.status_code == 405
    assert "detail" in response.json()
