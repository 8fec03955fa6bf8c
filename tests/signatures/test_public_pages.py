import pytest

from campaigns.letters.models import CampaignMember
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign
from tests.inert import active_content

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_open_letters_newest_first_with_counts(client, alice, draft):
    older = make_open_campaign(alice, title="An older letter")
    newer = make_open_campaign(alice, title="A newer letter")
    add_signature(newer, make_legislator())
    closed = make_open_campaign(alice, title="A closed letter")
    closed.close()

    page = client.get("/").content.decode()

    assert page.index("A newer letter") < page.index("An older letter")
    assert "<strong>1</strong> signature" in page
    assert "<strong>0</strong> signatures" in page
    assert draft.title not in page  # "Suspend the raids" is still a draft
    assert "A closed letter" not in page
    assert older.get_absolute_url() in page


def test_the_letter_page_shows_the_letter_as_delivered(client, alice):
    campaign = make_open_campaign(
        alice, letterhead="Congress of the United States", salutation="Dear President Obama:"
    )
    lead = add_signature(campaign, make_legislator(), is_lead=True)
    add_signature(
        campaign,
        make_legislator(
            "H000874", display_name="Steny Hoyer", last_name="Hoyer", state="MD", district=5
        ),
    )
    add_signature(
        campaign,
        make_legislator("S000033", display_name="Zed Pending", last_name="Pending"),
        status="confirmed",
    )

    response = client.get(f"/letters/{campaign.slug}/")
    page = response.content.decode()

    assert response.status_code == 200
    assert "Congress of the United States" in page
    assert (
        "President Barack Obama<br>The White House<br>1600 Pennsylvania Avenue NW<br>Washington, DC 20500"
        in page
    )
    assert "Dear President Obama:" in page
    assert "<li>Suspend removal operations.</li>" in page
    assert "Sincerely," in page
    assert lead.credit() == "Rep. Zoe Lofgren, D-Calif."
    assert "Rep. Zoe Lofgren, D-Calif." in page
    assert "Rep. Steny Hoyer, D-Md." in page
    assert "Zed Pending" not in page  # not approved, not shown
    assert '<span class="count-box__value" data-count-value>2</span>' in page
    assert "6 p.m. E" in page  # the deadline
    assert '<meta property="og:title" content="Suspend the raids">' in page
    assert '<meta name="twitter:card" content="summary">' in page
    assert "staff.l000397@mail.house.gov" not in page  # staff contacts are never public


def test_a_draft_is_hidden_from_everyone_but_its_team(client, draft, mallory, carol):
    assert client.get(f"/letters/{draft.slug}/").status_code == 404
    client.force_login(mallory)
    assert client.get(f"/letters/{draft.slug}/").status_code == 404

    add_member(draft, carol, CampaignMember.Role.VIEWER)
    client.force_login(carol)
    preview = client.get(f"/letters/{draft.slug}/")
    assert preview.status_code == 200
    assert "This is a draft" in preview.content.decode()


def test_an_unknown_letter_is_a_404_page(client, db):
    response = client.get("/letters/no-such-letter/")
    assert response.status_code == 404
    assert "can’t find that page" in response.content.decode()


def test_titles_and_names_are_escaped_on_public_pages(client, alice):
    campaign = make_open_campaign(
        alice,
        title='<script>alert("t")</script>',
        summary='"><img src=x onerror=alert(1)>',
        letterhead="<b onclick=x>Congress</b>",
        contact="<a href=javascript:alert(1)>call</a>",
    )
    add_signature(campaign, make_legislator(display_name="<svg onload=alert(1)>"))

    for url in ("/", f"/letters/{campaign.slug}/"):
        html = client.get(url).content.decode()
        assert active_content(html) == [], url
        assert "&lt;script&gt;" in html
