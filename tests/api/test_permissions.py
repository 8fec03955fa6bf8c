"""Who may do what through the API: every operation under /api/v1/ × every kind of caller, on
Alice's public open letter. The table is checked against the URL configuration, so a new API URL
without a rule fails here. (The pages around the API, its schema and documentation, and the
token pages are in tests/letters/test_permissions.py, with the site's other pages.)

An outcome is the status, and what came back: how many petitions or signatures, and whether
with the signers' contact details."""

import itertools

import pytest
from django.urls import reverse

from campaigns.api import services
from campaigns.api.models import ApiToken
from campaigns.circulation.models import OfficeTarget
from campaigns.letters.models import CampaignMember
from tests.api.conftest import add_individual, token_for
from tests.factories import (
    add_member,
    add_signature,
    make_campaign,
    make_legislator,
    make_open_campaign,
    make_user,
)
from tests.visitors import url_patterns

ANONYMOUS = "anonymous"
STRANGER = "another person's token"
READ = "the owner's read token"
ELSEWHERE = "the owner's token for another letter only"
REVOKED = "the owner's revoked token"
REMOVED = "the token of someone removed from the team"
OWNER = "the owner's write token"
CONTACTS = "the owner's write token with contacts"
CALLERS = [ANONYMOUS, STRANGER, READ, ELSEWHERE, REVOKED, REMOVED, OWNER, CONTACTS]

UNKNOWN_TOKEN = "401"
NOT_FOUND = "404"
REFUSED = "403"


def for_public(public: str, *, read: str = "", owner: str = "", contacts: str = "") -> dict:
    """Outcomes by caller: what the public gets, what a read token gets, the owner's write
    token, and with contacts (each defaulting to the one before)."""
    read = read or public
    owner = owner or read
    return {
        ANONYMOUS: public, STRANGER: public, ELSEWHERE: public, REMOVED: public,
        REVOKED: UNKNOWN_TOKEN, READ: read, OWNER: owner, CONTACTS: contacts or owner,
    }  # fmt: skip


RULES = {
    "entry_point": for_public("200"),
    # The public letter; with a token, Alice's private letter and her draft too (or, for the
    # token of another letter, that letter).
    "petitions": {**for_public("200 1 petitions", read="200 3 petitions"), ELSEWHERE: "200 2 petitions"},
    "petition": for_public("200"),
    # Counted: the Member, Mary Ann and the withheld name; the team sees Pat, unconfirmed, too.
    "signature_list": for_public(
        "200 3 signatures", read="200 4 signatures", contacts="200 4 signatures with contacts"
    ),
    # Pat's: not on the public list.
    "signature_detail": for_public(NOT_FOUND, read="200", contacts="200 with contacts"),
    # The tracker is the team's: the public are told so (a hidden letter would be 404).
    "offices": for_public(REFUSED, read="200 1 offices", contacts="200 1 offices with contacts"),
    "record_signature_helper": {
        **for_public(REFUSED, owner="201", contacts="201 with contacts"),
        ANONYMOUS: "200 {}",
    },
}  # fmt: skip


def api_v1_names() -> set[str]:
    return {
        name for namespace, name, route in url_patterns()
        if namespace == "api" and route.startswith("api/v1/")
    }  # fmt: skip


def test_every_api_url_has_a_rule_for_every_caller():
    assert api_v1_names() == set(RULES)
    assert all(set(rule) == set(CALLERS) for rule in RULES.values())


@pytest.fixture(scope="module")
def world(rows_for_the_module):
    alice, bob, mallory = (make_user(f"{n}@example.org") for n in ("alice", "bob", "mallory"))
    letter = make_open_campaign(alice, allows_individuals=True, requires_approval=False)
    private = make_open_campaign(alice, title="Quietly, first", visibility="private")
    make_campaign(alice, title="Not yet")
    member = add_signature(letter, make_legislator())
    OfficeTarget.objects.create(campaign=letter, legislator=member.legislator)
    add_individual(letter, "Mary Ann Smith")
    add_individual(letter, "Quiet Person", show_name=False)
    pending = add_individual(letter, "Pat Pending", status="unconfirmed")
    membership = add_member(letter, bob, CampaignMember.Role.EDITOR)
    tokens = {
        ANONYMOUS: "",
        STRANGER: token_for(mallory, scope="write", contacts=True),
        READ: token_for(alice),
        ELSEWHERE: token_for(alice, scope="write", letters=[private]),
        REVOKED: token_for(alice, scope="write"),
        REMOVED: token_for(bob, scope="write", contacts=True),
        OWNER: token_for(alice, scope="write"),
        CONTACTS: token_for(alice, scope="write", contacts=True),
    }
    services.token_revoke(
        user=alice, token_id=ApiToken.objects.get(secret_sha256=ApiToken.digest(tokens[REVOKED])).pk
    )
    membership.delete()  # Bob left the team: his token reaches the letter no more
    return {"slug": letter.slug, "pending": pending.pk, "tokens": tokens}


EMAILS = (f"signer{n}@example.org" for n in itertools.count())


def url_for(name: str, world: dict) -> str:
    args = {
        "entry_point": [], "petitions": [], "signature_detail": [world["slug"], world["pending"]],
    }.get(name, [world["slug"]])  # fmt: skip
    return reverse(f"api:{name}", args=args)


def outcome(response) -> str:
    if response.status_code not in (200, 201):
        return str(response.status_code)
    body = response.json()
    found = body.get("_embedded", {})
    listed = next(iter(found.values()), None)
    if listed is not None:
        kind = next(iter(found)).split(":")[1]
        contacts = (
            " with contacts" if any({"person", "contacts"} & set(item) for item in listed) else ""
        )
        return f"{response.status_code} {len(listed)} {kind}{contacts}"
    if body == {}:
        return f"{response.status_code} {{}}"
    return f"{response.status_code}{' with contacts' if 'person' in body else ''}"


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_access(db, api, world, name, caller):
    url = url_for(name, world)
    token = world["tokens"][caller]

    if name == "record_signature_helper":
        body = {
            "person": {
                "given_name": "Sam", "family_name": "Signer",
                "email_addresses": [{"address": next(EMAILS)}],
                "postal_addresses": [{"locality": "Boston", "region": "MA"}],
            },
            "kind": "individual",
        }  # fmt: skip
        response = api.post(url, body, token)
    else:
        response = api.get(url, token)

    assert outcome(response) == RULES[name][caller], f"{name} as {caller}"
