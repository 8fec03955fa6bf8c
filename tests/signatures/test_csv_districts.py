"""The signatures CSV writes districts as a reader would: an at-large seat is "At-large"."""

import csv
import io

import pytest

from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def test_an_at_large_representative_is_at_large_in_the_csv_and_a_senator_has_no_district(
    client, alice
):
    campaign = make_open_campaign(alice)
    at_large = make_legislator(
        "P000610", first_name="Stacey", last_name="Plaskett", display_name="Stacey Plaskett",
        state="VT", district=0, website_host="plaskett.house.gov",
    )  # fmt: skip
    senator = make_legislator(
        "S000033", first_name="Bernard", last_name="Sanders", display_name="Bernie Sanders",
        chamber="senate", title="Sen.", state="VT", district=None,
        website_host="sanders.senate.gov",
    )  # fmt: skip
    add_signature(campaign, at_large)
    add_signature(campaign, senator, email="staff@sanders.senate.gov")
    client.force_login(alice)

    response = client.get(f"/dashboard/{campaign.slug}/signatures.csv")

    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    districts = {row["name"]: row["district"] for row in rows}
    assert districts == {"Stacey Plaskett": "At-large", "Bernie Sanders": ""}
