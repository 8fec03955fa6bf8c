"""Hostile values in the query string and in POSTed ids reach no query unguarded.

Every corpus entry goes into some parameter of some request, all of them in three rounds; the
cleaners those parameters go through (search_text, record_ids) meet any input at all in
test_properties.py."""

import itertools

import pytest

from campaigns.signatures.models import Signature
from tests.factories import add_signature, make_legislator, make_open_campaign
from tests.hostile.corpus import HOSTILE
from tests.hostile.wire import get_with_query, post_form
from tests.inert import active_content

pytestmark = pytest.mark.django_db

EXTRA = {"superscript digit": "²", "negative": "-1", "huge": "9" * 40, "list": "1,2,3"}
VALUES = [*HOSTILE.values(), *EXTRA.values()]
PUBLIC = {
    "/": ["q"],
    "/letters/{slug}/": ["q"],
    "/letters/{slug}/signers/": ["party", "state", "chamber", "page"],
    "/letters/{slug}/sign/": ["kind", "q"],
    "/letters/{slug}/sign/members/": ["q"],
}
FINDING = ["q", "legislator", "version"]  # the sign page's Member search, POSTed
QUEUE = ["show", "q", "page"]
ACTION = ["action", "ids", "row_action", "next"]
SLOTS = sum(map(len, PUBLIC.values())) + len(FINDING) + len(QUEUE) + len(ACTION)
ROUNDS = -(-len(VALUES) // SLOTS)


def test_every_hostile_parameter_gets_an_answer_not_an_error(client, alice):
    campaign = make_open_campaign(alice, allows_organizations=True)
    add_signature(campaign, make_legislator(), status="confirmed")
    values = itertools.cycle(VALUES)
    used = []

    def take(names: list[str]) -> dict[str, str]:
        params = {name: next(values) for name in names}
        used.extend(params.values())
        return params

    for _round in range(ROUNDS):
        client.logout()
        for path, names in PUBLIC.items():
            url = path.format(slug=campaign.slug)
            response = get_with_query(client, url, take(names))

            assert response.status_code == 200, url
            if "html" in response["Content-Type"]:
                html = response.content.decode()
                assert active_content(html, allow=frozenset({"<form>", "<input>"})) == [], url
        finding = post_form(
            client,
            f"/letters/{campaign.slug}/sign/",
            {"kind": "legislator", "find": "1", **take(FINDING)},
        )
        assert finding.status_code == 200

        client.force_login(alice)
        queue = get_with_query(client, f"/dashboard/{campaign.slug}/signatures/", take(QUEUE))
        assert queue.status_code == 200
        action = take(ACTION)
        decided = post_form(
            client,
            f"/dashboard/{campaign.slug}/signatures/action/",
            {**action, "ids": [action["ids"]], "row_action": f"approve:{action['row_action']}"},
        )
        assert decided.status_code == 302
        assert decided["Location"] == f"/dashboard/{campaign.slug}/signatures/"  # never off-site
        assert Signature.objects.get().status == "confirmed"

    assert set(used) == set(VALUES)
