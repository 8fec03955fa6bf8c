"""The public list of signers: the letter's order, groups, credit styles, filters, counts."""

import pytest

from campaigns.signatures.models import Signature
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


def senator(bioguide_id, name, last, state, party="Democrat"):
    return make_legislator(
        bioguide_id, display_name=name, last_name=last, chamber="senate", title="Sen.",
        state=state, district=None, party=party, website_host=f"{last.lower()}.senate.gov",
    )  # fmt: skip


def representative(bioguide_id, name, last, state, district, party="Democrat", title="Rep."):
    return make_legislator(
        bioguide_id, display_name=name, last_name=last, state=state, district=district,
        party=party, title=title,
    )  # fmt: skip


@pytest.fixture
def campaign(alice):
    campaign = make_open_campaign(alice)
    add_signature(
        campaign,
        representative("L000397", "Zoe Lofgren", "Lofgren", "CA", 18),
        is_lead=True,
        lead_position=1,
    )
    add_signature(
        campaign, senator("S000033", "Bernie Sanders", "Sanders", "VT", party="Independent")
    )
    add_signature(
        campaign,
        representative("N000147", "Eleanor Holmes Norton", "Norton", "DC", 0, title="Del."),
    )
    add_signature(campaign, representative("H000874", "Steny Hoyer", "Hoyer", "MD", 5))
    add_signature(
        campaign,
        representative("R000001", "Ann Republican", "Republican", "TX", 3, party="Republican"),
    )
    add_signature(
        campaign, representative("P000001", "Pending Person", "Person", "CA", 1), status="confirmed"
    )
    add_signature(
        campaign,
        representative("W000001", "Withdrawn Person", "Withdrawn", "CA", 2),
        status="withdrawn",
    )
    return campaign


def test_leads_first_then_senate_then_house_by_last_name_in_ap_style(client, campaign):
    page = client.get(f"/letters/{campaign.slug}/signers/").content.decode()

    heading = '<h2 class="signer-list__group">{}</h2>'.format
    expected = [
        heading("Lead signers"), "Rep. Zoe Lofgren, D-Calif.",
        heading("Senate"), "Sen. Bernie Sanders, I-Vt.",
        heading("House of Representatives"), "Rep. Steny Hoyer, D-Md.",
        "Del. Eleanor Holmes Norton, D-D.C.", "Rep. Ann Republican, R-Texas",
    ]  # fmt: skip
    positions = [page.index(text) for text in expected]
    assert positions == sorted(positions)
    assert "Pending Person" not in page and "Withdrawn Person" not in page
    assert "<h1>5 signers</h1>" in page


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "postal",
            [
                "Rep. Zoe Lofgren (D-CA)",
                "Sen. Bernie Sanders (I-VT)",
                "Del. Eleanor Holmes Norton (D-DC)",
            ],
        ),
        ("name", ["Zoe Lofgren", "Bernie Sanders", "Eleanor Holmes Norton"]),
    ],
)
def test_other_credit_styles(client, campaign, style, expected):
    campaign.credit_style = style
    campaign.save()
    page = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    for credit in expected:
        assert credit in page
    assert "D-Calif." not in page


def test_counts_by_party_and_chamber_and_filters(client, campaign):
    page = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert "<strong>3</strong> Democrats" in page
    assert "<strong>1</strong> Republicans" in page and "<strong>1</strong> Independents" in page
    assert "<strong>1</strong> Senate" in page and "<strong>4</strong> House" in page

    democrats = client.get(f"/letters/{campaign.slug}/signers/?party=D").content.decode()
    assert (
        "Rep. Steny Hoyer" in democrats
        and "Sanders" not in democrats.split("<h1>")[1].split("</form>")[1]
    )
    california = client.get(f"/letters/{campaign.slug}/signers/?state=CA").content.decode()
    assert "1 match." in california
    senate = client.get(f"/letters/{campaign.slug}/signers/?chamber=senate").content.decode()
    assert "1 match." in senate
    nonsense = client.get(
        f"/letters/{campaign.slug}/signers/?party=<x>&state=ZZ&chamber=moon&page=-3"
    )
    assert nonsense.status_code == 200  # bad filters are ignored, not errors


def test_the_list_takes_the_same_number_of_queries_however_many_signed(
    client, campaign, django_assert_max_num_queries
):
    url = f"/letters/{campaign.slug}/signers/"
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    members = [
        Signature(
            campaign=campaign, version=campaign.current_version, kind="legislator", status="approved",
            verification="house_email",
            name=f"Member {i}", title="Rep.", chamber="house", party="D", state="CA",
            sort_name=f"member {i:04}", list_group=Signature.Group.HOUSE,
        )
        for i in range(600)
    ]  # fmt: skip
    Signature.objects.bulk_create(members)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Page 1 of 3" in page
    assert "Page 3 of 3" in client.get(url + "?page=3").content.decode()


def test_the_letter_page_shows_the_count_leads_first_signers_and_a_link(client, campaign):
    page = client.get(f"/letters/{campaign.slug}/").content.decode()
    assert '<span class="count-box__value" data-count-value>5</span>' in page
    assert "See all <span data-count-text>5</span> signers" in page
    assert page.index("Rep. Zoe Lofgren, D-Calif.") < page.index("Sen. Bernie Sanders, I-Vt.")
    assert "Sign this letter" in page
