"""A person's API tokens: made on a page that shows the secret once, kept only as a hash,
used in either header, revoked for good, and their last use noted (at most once a minute)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from campaigns.api.models import ApiToken
from tests.api.conftest import petition_url, token_for

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client, alice, letter):
    client.force_login(alice)

    created = client.post(
        "/accounts/api-tokens/new/",
        {"name": "Action Network sync", "scope": "write", "contacts": "on", "letters": [letter.pk]},
    )

    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    secret = created.context["secret"]
    assert secret.startswith("cosign_") and len(secret) > 40
    assert secret in created.text
    token = ApiToken.objects.get()
    assert (token.name, token.scope, token.contacts, token.all_letters) == (
        "Action Network sync", "write", True, False,
    )  # fmt: skip
    assert list(token.letters.all()) == [letter]
    assert secret not in str(list(ApiToken.objects.values()))
    assert token.secret_sha256 == ApiToken.digest(secret)
    listing = client.get("/accounts/api-tokens/")
    assert "Action Network sync" in listing.text
    assert secret not in listing.text
    assert token.hint in listing.text


def test_the_dashboard_leads_to_the_tokens(client, alice):
    client.force_login(alice)

    assert 'href="/accounts/api-tokens/"' in client.get("/dashboard/").text


def test_a_token_is_accepted_in_osdis_header_and_as_a_bearer_token(
    api, client, alice, private_letter
):
    secret = token_for(alice)
    url = petition_url(private_letter)

    assert api.get(url).status_code == 404
    assert api.get(url, secret).status_code == 200
    assert client.get(url, headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_revoked_token_opens_nothing_and_says_so(api, client, alice, letter):
    secret = token_for(alice)
    token = ApiToken.objects.get()
    client.force_login(alice)

    response = client.post(f"/accounts/api-tokens/{token.pk}/revoke/")

    assert response["Location"] == "/accounts/api-tokens/"
    refused = api.get(petition_url(letter), secret)
    assert refused.status_code == 401
    assert refused.json() == {"detail": "This API token is unknown or has been revoked."}
    assert refused["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "Revoked" in client.get("/accounts/api-tokens/").text


def test_nobody_revokes_someone_elses_token(client, alice, bob):
    token_for(alice)
    client.force_login(bob)

    client.post(f"/accounts/api-tokens/{ApiToken.objects.get().pk}/revoke/")

    assert ApiToken.objects.get().revoked_at is None


def test_an_unknown_token_is_refused_not_treated_as_anonymous(api, letter):
    response = api.get(petition_url(letter), "cosign_not-a-real-token")

    assert response.status_code == 401


def test_last_use_is_noted_at_most_once_a_minute(api, alice, letter):
    secret = token_for(alice)
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        api.get(petition_url(letter), secret)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        api.get(petition_url(letter), secret)
    noted = ApiToken.objects.get().last_used_at
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api.get(petition_url(letter), secret)

    assert noted == start
    assert ApiToken.objects.get().last_used_at == start + timedelta(seconds=61)


def test_a_token_for_chosen_letters_reaches_only_those(api, alice, letter, private_letter):
    secret = token_for(alice, letters=[letter])

    assert api.get(petition_url(private_letter), secret).status_code == 404
    assert api.get(petition_url(letter, "signatures/"), secret).status_code == 200
