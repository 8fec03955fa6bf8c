"""Who may open which organizer URL: every route of the campaigns app × every kind of visitor.

The table is checked against the URL configuration, so a new view without a rule fails here.
"""

import pytest
from django.urls import reverse

from campaigns.letters.models import Campaign
from tests.visitors import (
    ANONYMOUS,
    CAMPAIGN_APPS,
    EDITOR,
    OUTSIDER,
    OWNER,
    STAFF,
    VIEWER,
    VISITORS,
    build_world,
    campaign_url_name,
    url_patterns,
)

TEAM_RANK = {VIEWER: 1, EDITOR: 2, OWNER: 3}
PUBLIC = "public"

# url name: (minimum role, what each method it answers gives those who may use it). Public pages
# are open to everyone. The requests carry no form data: a form comes back with its errors (200)
# or is refused as a bad request (400). An outcome is the status, and for a redirect where it
# leads (without its query string); {slug} is the letter's, {url} the page's own.
RULES = {
    "home": (PUBLIC, {"GET": "200"}),
    "letter": (PUBLIC, {"GET": "200"}),
    "signers": (PUBLIC, {"GET": "200"}),
    "count_json": (PUBLIC, {"GET": "200"}),
    "letter_pdf": (PUBLIC, {"GET": "200"}),
    "count_stream": (PUBLIC, {"GET": "204"}),
    "embed": (PUBLIC, {"GET": "200"}),
    "sign": (PUBLIC, {"GET": "200", "POST": "400"}),
    "member_search": (PUBLIC, {"GET": "200"}),
    "check_email": (PUBLIC, {"GET": "200"}),
    "resend": (PUBLIC, {"GET": "200", "POST": "400"}),
    "confirm": (PUBLIC, {"GET": "200", "POST": "302 {url}done/"}),
    "confirmed": (PUBLIC, {"GET": "200"}),
    "withdraw": (PUBLIC, {"GET": "200", "POST": "200"}),
    "forget": (PUBLIC, {"GET": "200", "POST": "200"}),
    "dashboard": ("any account", {"GET": "200"}),
    "new": ("any account", {"GET": "200", "POST": "200"}),
    "invitation": ("any account", {"GET": "200", "POST": "400"}),
    "overview": (VIEWER, {"GET": "200"}),
    "settings": (EDITOR, {"GET": "200", "POST": "200"}),
    "letter_edit": (EDITOR, {"GET": "200", "POST": "200"}),
    "letter_preview": (EDITOR, {"POST": "400"}),
    "versions": (VIEWER, {"GET": "200"}),
    "version": (VIEWER, {"GET": "200"}),
    "publish": (OWNER, {"POST": "302 /dashboard/{slug}/"}),
    # Closing, releasing, delivering and a revision that emails the signers are confirmed on a
    # page that says what they do: a POST without that confirmation goes back to the page.
    "close": (OWNER, {"GET": "200", "POST": "302 /dashboard/{slug}/close/"}),
    "release": (OWNER, {"GET": "200", "POST": "302 /dashboard/{slug}/release/"}),
    "revision": (VIEWER, {"GET": "200"}),
    "revision_publish": (OWNER, {"GET": "200", "POST": "400"}),
    "revision_discard": (EDITOR, {"POST": "302 /dashboard/{slug}/versions/"}),
    "reconfirm": (PUBLIC, {"GET": "200", "POST": "409"}),  # the letter went out: list is final
    "duplicate": (EDITOR, {"POST": "302 /dashboard/{slug}-2/"}),
    # The letter is open: it can be neither deleted nor archived, and the overview says why.
    "delete": (OWNER, {"GET": "302 /dashboard/{slug}/", "POST": "302 /dashboard/{slug}/"}),
    "archive": (OWNER, {"POST": "302 /dashboard/{slug}/"}),
    "tracker": (VIEWER, {"GET": "200"}),
    "tracker_stream": (VIEWER, {"GET": "204"}),
    "tracker_csv": (VIEWER, {"GET": "200"}),
    "tracker_action": (EDITOR, {"POST": "302 /dashboard/{slug}/offices/"}),
    "target_edit": (EDITOR, {"GET": "200", "POST": "400"}),
    "targets": (EDITOR, {"GET": "200", "POST": "400"}),
    "outreach": (VIEWER, {"GET": "200"}),
    "outreach_compose": (EDITOR, {"GET": "200", "POST": "400"}),
    "outreach_review": (EDITOR, {"GET": "200", "POST": "302 /dashboard/{slug}/outreach/"}),
    "sign_from": (PUBLIC, {"GET": "302 /letters/{slug}/sign/"}),
    "leave_address_book": (PUBLIC, {"GET": "200", "POST": "200"}),
    "reminders": (VIEWER, {"GET": "200"}),
    "reminder_add": (EDITOR, {"GET": "200", "POST": "400"}),
    "reminder_edit": (EDITOR, {"GET": "200", "POST": "400"}),
    "reminder_cancel": (EDITOR, {"POST": "302 /dashboard/{slug}/offices/reminders/"}),
    "circulation_link": (PUBLIC, {"GET": "302 /letters/{slug}/"}),
    "recipients": (VIEWER, {"GET": "200"}),
    "recipient_add": (EDITOR, {"GET": "200", "POST": "200"}),
    "recipient_pick": (EDITOR, {"POST": "200"}),
    "recipient_edit": (EDITOR, {"GET": "200", "POST": "200"}),
    "recipient_delete": (EDITOR, {"POST": "302 /dashboard/{slug}/recipients/"}),
    "signatures": (VIEWER, {"GET": "200"}),
    "signatures_action": (EDITOR, {"POST": "302 /dashboard/{slug}/signatures/"}),
    "signatures_csv": (VIEWER, {"GET": "200"}),
    "press": (VIEWER, {"GET": "200"}),
    "documents": (VIEWER, {"GET": "200"}),
    "document_generate": (EDITOR, {"POST": "302 /dashboard/{slug}/documents/"}),
    "document_progress": (VIEWER, {"GET": "200"}),
    "document_file": (VIEWER, {"GET": "200"}),
    "document_preview": (VIEWER, {"GET": "200"}),
    "audit": (OWNER, {"GET": "200"}),
    "deliveries": (VIEWER, {"GET": "200"}),
    "delivery_start": (OWNER, {"GET": "200", "POST": "302 /dashboard/{slug}/delivery/start/"}),
    "delivery_schedule": (OWNER, {"POST": "302 /dashboard/{slug}/delivery/"}),
    "delivery_cancel": (OWNER, {"POST": "302 /dashboard/{slug}/delivery/"}),
    "delivery_retry": (OWNER, {"POST": "302 /dashboard/{slug}/delivery/"}),
    "delivery_record": (OWNER, {"POST": "302 /dashboard/{slug}/delivery/"}),
    "delivery_packet": (VIEWER, {"GET": "200"}),
    "team": (VIEWER, {"GET": "200"}),
    "invite": (OWNER, {"POST": "400"}),
    "my_emails": (EDITOR, {"POST": "302 /dashboard/{slug}/team/"}),
    "invitation_cancel": (OWNER, {"POST": "302 /dashboard/{slug}/team/"}),
    "member_role": (OWNER, {"POST": "302 /dashboard/{slug}/team/"}),
    "member_office": (OWNER, {"GET": "200", "POST": "302 /dashboard/{slug}/team/"}),
    "member_remove": (OWNER, {"POST": "302 /dashboard/{slug}/team/"}),
    # A letter's webhooks are its owners'; an endpoint for all of one's letters, its owner's.
    "letter_webhooks": (OWNER, {"GET": "200", "POST": "400"}),
    "webhooks": ("any account", {"GET": "200", "POST": "400"}),
    "webhook": (OWNER, {"GET": "200"}),
    "webhook_test": (OWNER, {"POST": "302 /webhooks/{pk_endpoint}/"}),
    "webhook_resume": (OWNER, {"POST": "302 /webhooks/{pk_endpoint}/"}),
    # Rotating and deleting are confirmed on the endpoint's page: a bare POST goes back there.
    "webhook_rotate": (OWNER, {"POST": "302 /webhooks/{pk_endpoint}/"}),
    "webhook_resend": (OWNER, {"POST": "302 /webhooks/{pk_endpoint}/"}),
    "webhook_delete": (OWNER, {"POST": "302 /webhooks/{pk_endpoint}/"}),
    # The API answers a token, never a session: to every visitor here it is what the public
    # sees (tokens have their own table, tests/api/test_permissions.py). Its one POST is JSON.
    "entry_point": (PUBLIC, {"GET": "200"}),
    "petitions": (PUBLIC, {"GET": "200"}),
    "petition": (PUBLIC, {"GET": "200"}),
    "signature_list": (PUBLIC, {"GET": "200"}),
    "signature_detail": (PUBLIC, {"GET": "404"}),  # unconfirmed: not on the public list
    "record_signature_helper": (PUBLIC, {"POST": "415"}),
    "offices": (PUBLIC, {"GET": "403"}),  # the tracker is for the team's tokens
    "schema": (PUBLIC, {"GET": "200"}),
    "docs": (PUBLIC, {"GET": "200"}),
    "not_found": (PUBLIC, {"GET": "404", "POST": "404"}),
    # A person's own API tokens.
    "tokens": ("any account", {"GET": "200"}),
    "token_new": ("any account", {"GET": "200", "POST": "400"}),
    "token_revoke": ("any account", {"POST": "302 /accounts/api-tokens/"}),
}


def test_every_campaigns_url_has_a_rule():
    names = {name for namespace, name, _ in url_patterns() if namespace in CAMPAIGN_APPS}
    assert names == set(RULES)


@pytest.fixture(scope="module")
def world(rows_for_the_module):
    return build_world()


def url_for(name: str, kwargs: dict) -> str:
    from cosign import tokens

    slug = kwargs["slug"]
    by_name = {
        "home": [],
        "dashboard": [],
        "new": [],
        "entry_point": [],
        "petitions": [],
        "schema": [],
        "docs": [],
        "not_found": ["nothing/here/"],
        "tokens": [],
        "token_new": [],
        "token_revoke": [1],
        "signature_detail": [slug, kwargs["pk_signature"]],
        "letter": [slug],
        "invitation": [tokens.make_token(tokens.INVITATION, kwargs["pk_invitation"])],
        "circulation_link": [Campaign.objects.get(slug=slug).circulation_key],
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
        "reconfirm": [slug, tokens.make_token(tokens.RECONFIRM, kwargs["pk_signature"])],
        "recipient_edit": [slug, kwargs["pk_recipient"]],
        "recipient_delete": [slug, kwargs["pk_recipient"]],
        "invitation_cancel": [slug, kwargs["pk_invitation"]],
        "member_role": [slug, kwargs["pk_member"]],
        "member_office": [slug, kwargs["pk_member"]],
        "target_edit": [slug, kwargs["pk_target"]],
        "outreach_review": [slug, kwargs["pk_dear_colleague"]],
        "sign_from": [slug, sign_from_token(slug, kwargs["pk_target"])],
        "reminder_edit": [slug, kwargs["pk_reminder"]],
        "reminder_cancel": [slug, kwargs["pk_reminder"]],
        "member_remove": [slug, kwargs["pk_member"]],
        **{
            name: [kwargs["pk_endpoint"]]
            for name in (
                "webhook",
                "webhook_test",
                "webhook_resume",
                "webhook_rotate",
                "webhook_delete",
            )
        },
        "webhook_resend": [kwargs["pk_endpoint"], kwargs["pk_webhook_delivery"]],
        "webhooks": [],
        "leave_address_book": [
            tokens.make_address_token(
                tokens.LEAVE_ADDRESS_BOOK,
                Campaign.objects.get(slug=slug).created_by_id,
                "staffer@mail.house.gov",
            )
        ],
    }
    return reverse(campaign_url_name(name), args=by_name.get(name, [slug]))


def sign_from_token(slug: str, pk_target: int) -> str:
    from campaigns.circulation.models import OfficeTarget
    from cosign import tokens

    target = OfficeTarget.objects.select_related("legislator").get(pk=pk_target)
    campaign = Campaign.objects.get(slug=slug)
    return tokens.make_office_token(tokens.SIGN_FROM, campaign.pk, target.legislator.bioguide_id)


LOGIN = "302 /accounts/login/"
NOT_FOUND = "404"
FORBIDDEN = "403"
NOT_ALLOWED = "405"


def expected_outcome(name: str, visitor: str, method: str, **where: str) -> str:
    rule, answers = RULES[name]
    if method not in answers:
        return NOT_ALLOWED
    allowed = answers[method].format(**where)
    if rule == PUBLIC:
        return allowed
    if visitor == ANONYMOUS:
        return LOGIN
    if rule == "any account":
        return allowed
    if visitor in (OUTSIDER, STAFF):
        return NOT_FOUND
    return allowed if TEAM_RANK[visitor] >= TEAM_RANK[rule] else FORBIDDEN


def outcome(response) -> str:
    if response.has_header("Location"):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return str(response.status_code)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(RULES))
def test_access(db, client, world, name, visitor, method):
    people, kwargs = world
    if visitor != ANONYMOUS:
        client.force_login(people[visitor])
    url = url_for(name, kwargs)

    response = client.get(url) if method == "GET" else client.post(url)

    expected = expected_outcome(name, visitor, method, url=url, **kwargs)
    assert outcome(response) == expected, f"{method} {url} as {visitor}"


def test_a_refusal_says_which_role_it_needs_and_whom_to_ask(db, client, world):
    people, kwargs = world
    client.force_login(people[VIEWER])

    response = client.get(reverse("letters:settings", args=[kwargs["slug"]]))

    assert response.status_code == 403
    assert "This needs the editor role on the letter." in response.text
    assert "Ask one of its owners if you need it." in response.text
