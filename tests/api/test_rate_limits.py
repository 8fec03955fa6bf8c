"""Requests are limited per token, and per client address without one: past the limit, 429
with Retry-After and a sentence that says what happened."""

import pytest

from tests.api.conftest import petition_url, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_a_minute(settings):
    settings.API_RATE_LIMITS = {"token": "2/min", "anonymous": "2/min"}


def test_a_token_past_its_limit_is_told_when_to_come_back(api, alice, letter, two_a_minute):
    secret = token_for(alice)
    for _ in range(2):
        assert api.get(petition_url(letter), secret).status_code == 200

    response = api.get(petition_url(letter), secret)

    assert response.status_code == 429
    wait = response["Retry-After"]
    assert 0 < int(wait) <= 60
    assert response.json()["detail"].startswith(
        f"Too many requests: this token (or, without one, this address) may try again in {wait} "
    )


def test_each_token_has_its_own_limit(api, alice, letter, two_a_minute):
    busy, other = token_for(alice), token_for(alice)
    for _ in range(3):
        api.get(petition_url(letter), busy)

    assert api.get(petition_url(letter), other).status_code == 200


def test_without_a_token_the_client_address_is_limited(api, letter, two_a_minute):
    for _ in range(2):
        api.get(petition_url(letter))

    response = api.get("/api/v1/")

    assert response.status_code == 429
    assert "Retry-After" in response
