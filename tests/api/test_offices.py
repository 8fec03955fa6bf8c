"""The office tracker through the API: for the team's tokens, each office with where it stands
(its sign-on's word before the team's note), and its staff contacts with the contacts scope."""

import pytest

from campaigns.circulation.models import OfficeContact, OfficeTarget
from tests.api.conftest import petition_url, token_for
from tests.factories import add_signature, make_legislator, make_senator

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(alice, letter):
    lofgren, sanders = make_legislator(), make_senator()
    add_signature(letter, lofgren, status="unconfirmed")
    OfficeTarget.objects.create(campaign=letter, legislator=lofgren, status="asked")
    OfficeTarget.objects.create(
        campaign=letter, legislator=sanders, status="considering", note="Call back Tuesday"
    )
    OfficeContact.objects.create(
        organizer=alice, legislator=sanders, name="Sam Staffer", email="sam@sanders.senate.gov"
    )
    return letter


def test_the_team_sees_each_office_and_where_it_stands(api, alice, tracked):
    body = api.get(petition_url(tracked, "offices/"), token_for(alice)).json()

    rows = {row["office"]["bioguide_id"]: row for row in body["_embedded"]["cosign:offices"]}
    assert body["total_records"] == 2
    assert (rows["L000397"]["status"], rows["L000397"]["noted_status"]) == (
        "signed_pending",
        "asked",
    )
    assert (rows["S000033"]["status"], rows["S000033"]["note"]) == (
        "considering",
        "Call back Tuesday",
    )
    assert "contacts" not in rows["S000033"]


def test_staff_contacts_come_only_with_the_contacts_scope(api, alice, tracked):
    body = api.get(petition_url(tracked, "offices/"), token_for(alice, contacts=True)).json()

    rows = {row["office"]["bioguide_id"]: row for row in body["_embedded"]["cosign:offices"]}
    assert [c["email"] for c in rows["S000033"]["contacts"]] == ["sam@sanders.senate.gov"]
    assert rows["L000397"]["contacts"] == []


def test_the_public_is_told_the_tracker_is_the_teams(api, tracked):
    response = api.get(petition_url(tracked, "offices/"))

    assert response.status_code == 403
    assert "team" in response.json()["detail"]
