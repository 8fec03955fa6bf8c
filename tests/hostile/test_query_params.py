"""Hostile values in the query string and in POSTed ids reach no query unguarded."""

import pytest

from campaigns.models import Signature
from tests.factories import add_signature, make_legislator, make_open_campaign
from tests.hostile.corpus import HOSTILE
from tests.hostile.wire import get_with_query, post_form
from tests.inert import active_content

pytestmark = pytest.mark.django_db

EXTRA = {"superscript digit": "²", "negative": "-1", "huge": "9" * 40, "list": "1,2,3"}
VALUES = {**HOSTILE, **EXTRA}


@pytest.mark.parametrize("label", sorted(VALUES))
def test_hostile_query_strings_get_an_answer_not_an_error(client, alice, label):
    value = VALUES[label]
    campaign = make_open_campaign(alice, allows_organizations=True)
    add_signature(campaign, make_legislator(), status="confirmed")
    public = [
        ("/", {"q": value}),
        (f"/letters/{campaign.slug}/", {"q": value}),
        (f"/letters/{campaign.slug}/signers/", {"party": value, "state": value, "chamber": value, "page": value}),
        (f"/letters/{campaign.slug}/sign/", {"kind": value, "q": value}),
        (f"/letters/{campaign.slug}/sign/members/", {"q": value}),
    ]  # fmt: skip
    for url, params in public:
        response = get_with_query(client, url, params)
        assert response.status_code == 200, (url, response.status_code)
        if "html" in response["Content-Type"]:
            assert (
                active_content(response.content.decode(), allow=frozenset({"<form>", "<input>"}))
                == []
            )

    finding = post_form(
        client,
        f"/letters/{campaign.slug}/sign/",
        {"kind": "legislator", "find": "1", "q": value, "legislator": value, "version": value},
    )
    assert finding.status_code == 200

    client.force_login(alice)
    queue = get_with_query(
        client,
        f"/dashboard/{campaign.slug}/signatures/",
        {"show": value, "q": value, "page": value},
    )
    assert queue.status_code == 200
    decided = post_form(
        client,
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"action": value, "ids": [value], "row_action": f"approve:{value}", "next": value},
    )
    assert decided.status_code == 302
    assert decided["Location"] == f"/dashboard/{campaign.slug}/signatures/"  # never off-site
    assert Signature.objects.get().status == "confirmed"
