"""Alice's letters and the people and tokens that ask the API about them."""

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from campaigns.api import services
from campaigns.api.models import ApiToken
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.signatures.models import Signature, SignerContact
from tests.factories import (
    add_member,
    add_signature,
    make_campaign,
    make_legislator,
    make_open_campaign,
)


def add_individual(
    campaign: Campaign, name: str, *, status: str = "approved", show_name: bool = True
) -> Signature:
    """Someone signing for themselves, as the sign form would store them."""
    email = f"{name.split()[0].lower()}@example.org"
    signature = Signature(
        campaign=campaign, version=campaign.current_version, kind=Signature.Kind.INDIVIDUAL,
        status=status, verification=Signature.Verification.EMAIL, name=name, city="Boston",
        state="MA", show_name=show_name, email_key=SignerContact.key_for(email),
    )  # fmt: skip
    first, _, last = name.rpartition(" ")
    signature.set_sort_name(last, first)
    signature.set_list_group()
    signature.save()
    SignerContact.objects.create(signature=signature, email=email, signer_name=name)
    return signature


def token_for(user: User, *, scope: str = "read", contacts: bool = False, letters=None) -> str:
    _, secret = services.token_create(
        user=user, name="CRM sync", scope=scope, contacts=contacts, letters=letters
    )
    return secret


@dataclass
class Api:
    """A client of the API: every request as JSON, with a token if given one."""

    client: Client

    def get(self, url: str, token: str = "", **params: Any):
        headers = {"OSDI-API-Token": token} if token else {}
        return self.client.get(url, params, headers=headers)

    def post(self, url: str, body: Any, token: str = "", **headers: str):
        if token:
            headers["OSDI-API-Token"] = token
        return self.client.post(
            url, json.dumps(body), content_type="application/json", headers=headers
        )


@pytest.fixture
def api(client) -> Api:
    return Api(client)


@pytest.fixture
def letter(alice) -> Campaign:
    """Alice's open public letter, which Members and individuals sign, with no approval."""
    return make_open_campaign(
        alice, title="Protect the census", allows_individuals=True, requires_approval=False
    )


@pytest.fixture
def private_letter(alice) -> Campaign:
    return make_open_campaign(alice, title="Quietly, first", visibility=Campaign.Visibility.PRIVATE)


@pytest.fixture
def draft(alice) -> Campaign:
    return make_campaign(alice, title="Not yet")


@pytest.fixture
def signed(letter) -> dict[str, Signature]:
    """Who has signed the letter: a Member and two people counted, one still unconfirmed."""
    return {
        "member": add_signature(letter, make_legislator()),
        "named": add_individual(letter, "Mary Ann Smith"),
        "withheld": add_individual(letter, "Quiet Person", show_name=False),
        "pending": add_individual(letter, "Pat Pending", status="unconfirmed"),
    }


@pytest.fixture
def bob_on_team(letter, bob) -> CampaignMember:
    return add_member(letter, bob, CampaignMember.Role.EDITOR)


def petition_url(campaign: Campaign, rest: str = "") -> str:
    return f"/api/v1/petitions/{campaign.slug}/{rest}"


def live_tokens() -> list[ApiToken]:
    return list(ApiToken.objects.live())
