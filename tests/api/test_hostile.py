"""A letter and signers hostile everywhere come back from the API as JSON strings, exactly as
stored: served as JSON (never HTML, never sniffed as anything else), nothing run or rendered."""

import pytest
from django.conf import settings

from campaigns.letters.models import Campaign
from tests.api.conftest import add_individual, petition_url, token_for
from tests.hostile.corpus import HOSTILE

pytestmark = pytest.mark.django_db


def test_hostile_titles_and_names_come_back_as_json_strings(api, alice, letter):
    Campaign.objects.filter(pk=letter.pk).update(
        title=HOSTILE["script"], summary=HOSTILE["template tag"]
    )
    signer = add_individual(letter, "Alex Rivera")
    signer.name = HOSTILE["attribute breakout"]
    signer.city = HOSTILE["rtl override"]
    signer.save()
    signer.contact.signer_name = HOSTILE["event handler"]
    signer.contact.save()
    secret = token_for(alice, contacts=True)

    for url, token in [
        (petition_url(letter), ""),
        ("/api/v1/petitions/", ""),
        (petition_url(letter, "signatures/"), secret),
        (petition_url(letter, f"signatures/{signer.pk}/"), secret),
    ]:
        response = api.get(url, token)
        assert response["Content-Type"] == "application/hal+json", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert settings.SECRET_KEY not in response.content.decode(), url  # no template ran

    petition = api.get(petition_url(letter)).json()
    assert (petition["title"], petition["description"]) == (
        HOSTILE["script"],
        HOSTILE["template tag"],
    )
    shown = api.get(petition_url(letter, f"signatures/{signer.pk}/"), secret).json()
    assert shown["credit"].startswith(HOSTILE["attribute breakout"])
    assert HOSTILE["rtl override"] in shown["credit"]
    person = shown["person"]
    assert f"{person['given_name']} {person['family_name']}" == HOSTILE["event handler"]
