"""The sign form asks only what a signer has, and puts each refusal at the field it is about."""

import re

import pytest

from campaigns.signatures.models import Signature
from tests.factories import make_open_campaign
from tests.signing import confirm_from_email, sign, sign_member

pytestmark = pytest.mark.django_db


def field_errors(page: str, field: str) -> str:
    found = re.search(rf'<div class="field__errors" id="id_{field}_error">(.*?)</div>', page, re.S)
    return found[1] if found else ""


def test_a_national_organization_signs_without_a_city_or_state_and_is_credited_by_name(
    client, alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(
        alice, allows_legislators=False, allows_organizations=True, requires_approval=False
    )
    response = sign(
        client, campaign, django_capture_on_commit_callbacks,
        kind="organization", name="National Immigration Law Center", signer_name="Marielena Hincapié",
        signer_title="Executive Director", email="mh@nilc.example", city="", state="",
    )  # fmt: skip
    assert response.status_code == 302
    confirm_from_email(client, django_capture_on_commit_callbacks)

    signature = Signature.objects.get()
    assert (signature.city, signature.state) == ("", "")
    assert signature.credit() == "National Immigration Law Center"
    assert signature.credit("postal") == "National Immigration Law Center"
    listing = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert "National Immigration Law Center<" in listing
    assert "National Immigration Law Center," not in listing


def test_an_email_from_the_wrong_domain_is_refused_at_the_email_field(
    client, alice, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)

    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "staffer@gmail.com"
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "must come from an address at sanders.senate.gov" in field_errors(page, "email")
    assert page.count("must come from an address at sanders.senate.gov") == 1  # not at the top
    assert "Please correct the fields marked below." in page
    assert 'value="staffer@gmail.com"' in page  # kept as typed
