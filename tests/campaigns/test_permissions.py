"""Who may open which organizer URL: every route of the campaigns app × every kind of visitor.

The table is checked against the URL configuration, so a new view without a rule fails here.
"""

import pytest
from django.urls import reverse

from tests.visitors import (
    ANONYMOUS,
    EDITOR,
    OUTSIDER,
    OWNER,
    STAFF,
    VIEWER,
    VISITORS,
    build_world,
    url_patterns,
)

TEAM_RANK = {VIEWER: 1, EDITOR: 2, OWNER: 3}
PUBLIC = "public"

# url name: (minimum role, methods it answers). Public pages are open to everyone.
RULES = {
    "home": (PUBLIC, {"GET"}),
    "letter": (PUBLIC, {"GET"}),
    "signers": (PUBLIC, {"GET"}),
    "count_json": (PUBLIC, {"GET"}),
    "letter_pdf": (PUBLIC, {"GET"}),
    "count_stream": (PUBLIC, {"GET"}),
    "embed": (PUBLIC, {"GET"}),
    "sign": (PUBLIC, {"GET", "POST"}),
    "member_search": (PUBLIC, {"GET"}),
    "check_email": (PUBLIC, {"GET"}),
    "resend": (PUBLIC, {"GET", "POST"}),
    "confirm": (PUBLIC, {"GET", "POST"}),
    "confirmed": (PUBLIC, {"GET"}),
    "withdraw": (PUBLIC, {"GET", "POST"}),
    "forget": (PUBLIC, {"GET", "POST"}),
    "dashboard": ("any account", {"GET"}),
    "new": ("any account", {"GET", "POST"}),
    "invitation": ("any account", {"GET", "POST"}),
    "overview": (VIEWER, {"GET"}),
    "settings": (EDITOR, {"GET", "POST"}),
    "letter_edit": (EDITOR, {"GET", "POST"}),
    "letter_preview": (EDITOR, {"POST"}),
    "versions": (VIEWER, {"GET"}),
    "version": (VIEWER, {"GET"}),
    "publish": (OWNER, {"POST"}),
    "close": (OWNER, {"POST"}),
    "recipients": (VIEWER, {"GET"}),
    "recipient_add": (EDITOR, {"GET", "POST"}),
    "recipient_edit": (EDITOR, {"GET", "POST"}),
    "recipient_delete": (EDITOR, {"POST"}),
    "signatures": (VIEWER, {"GET"}),
    "signatures_action": (EDITOR, {"POST"}),
    "signatures_csv": (VIEWER, {"GET"}),
    "press": (VIEWER, {"GET"}),
    "documents": (VIEWER, {"GET"}),
    "document_generate": (EDITOR, {"POST"}),
    "document_progress": (VIEWER, {"GET"}),
    "document_file": (VIEWER, {"GET"}),
    "document_preview": (VIEWER, {"GET"}),
    "audit": (OWNER, {"GET"}),
    "deliveries": (VIEWER, {"GET"}),
    "delivery_start": (OWNER, {"POST"}),
    "delivery_schedule": (OWNER, {"POST"}),
    "delivery_cancel": (OWNER, {"POST"}),
    "delivery_retry": (OWNER, {"POST"}),
    "delivery_record": (OWNER, {"POST"}),
    "delivery_packet": (VIEWER, {"GET"}),
    "team": (VIEWER, {"GET"}),
    "invite": (OWNER, {"POST"}),
    "invitation_cancel": (OWNER, {"POST"}),
    "member_role": (OWNER, {"POST"}),
    "member_remove": (OWNER, {"POST"}),
}


def test_every_campaigns_url_has_a_rule():
    names = {name for namespace, name, _ in url_patterns() if namespace == "campaigns"}
    assert names == set(RULES)


@pytest.fixture(scope="module")
def world(rows_for_the_module):
    return build_world()


def url_for(name: str, kwargs: dict) -> str:
    from campaigns import tokens

    slug = kwargs["slug"]
    by_name = {
        "home": [],
        "dashboard": [],
        "new": [],
        "letter": [slug],
        "invitation": [tokens.make_token(tokens.INVITATION, kwargs["pk_invitation"])],
        "version": [slug, 1],
        "confirm": [slug, tokens.make_token(tokens.CONFIRM, kwargs["pk_signature"])],
        "document_progress": [slug, kwargs["pk_document"]],
        "delivery_retry": [slug, kwargs["pk_delivery"]],
        "delivery_record": [slug, kwargs["pk_delivery"]],
        "delivery_packet": [slug, kwargs["pk_delivery"]],
        "document_file": [slug, kwargs["pk_document"]],
        "document_preview": [slug, kwargs["pk_document"]],
        "confirmed": [slug, tokens.make_token(tokens.CONFIRM, kwargs["pk_signature"])],
        "withdraw": [slug, tokens.make_token(tokens.WITHDRAW, kwargs["pk_signature"])],
        "forget": [slug, tokens.make_token(tokens.FORGET, kwargs["pk_signature"])],
        "recipient_edit": [slug, kwargs["pk_recipient"]],
        "recipient_delete": [slug, kwargs["pk_recipient"]],
        "invitation_cancel": [slug, kwargs["pk_invitation"]],
        "member_role": [slug, kwargs["pk_member"]],
        "member_remove": [slug, kwargs["pk_member"]],
    }
    return reverse(f"campaigns:{name}", args=by_name.get(name, [slug]))


def expected_outcome(rule: str, visitor: str) -> str:
    if rule == PUBLIC:
        return "allowed"
    if visitor == ANONYMOUS:
        return "login"
    if rule == "any account":
        return "allowed"
    if visitor in (OUTSIDER, STAFF):
        return "not found"
    return "allowed" if TEAM_RANK[visitor] >= TEAM_RANK[rule] else "forbidden"


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return {404: "not found", 403: "forbidden", 405: "not allowed"}.get(
        response.status_code, "allowed"
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_access(db, client, world, name, visitor, method):
    people, kwargs = world
    rule, methods = RULES[name]
    if visitor != ANONYMOUS:
        client.force_login(people[visitor])
    url = url_for(name, kwargs)

    response = client.get(url) if method == "GET" else client.post(url)

    expected = expected_outcome(rule, visitor) if method in methods else "not allowed"
    assert outcome(response) == expected, f"{method} {url} as {visitor}: {response.status_code}"
    if expected == "allowed":
        assert response.status_code in (200, 204, 302, 400, 409)


def test_a_refusal_says_which_role_it_needs_and_whom_to_ask(db, client, world):
    people, kwargs = world
    client.force_login(people[VIEWER])

    response = client.get(reverse("campaigns:settings", args=[kwargs["slug"]]))

    assert response.status_code == 403
    assert "This needs the editor role on the campaign." in response.text
    assert "Ask one of its owners if you need it." in response.text
