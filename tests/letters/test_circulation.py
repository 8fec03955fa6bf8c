"""A letter circulating privately among offices: shown only through its circulation link until
it is released, by an owner, at its release time, or when delivered (tests/delivery)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from campaigns.letters import services
from campaigns.letters.models import AuditEvent, Campaign
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(alice, django_capture_on_commit_callbacks):
    """Alice's letter, published to circulate privately, one office already on it."""
    with django_capture_on_commit_callbacks(execute=True):
        campaign = make_open_campaign(alice, visibility=Campaign.Visibility.PRIVATE)
    add_signature(campaign, make_legislator("L000397"))
    return campaign


def public_pages(campaign):
    letter = f"/letters/{campaign.slug}"
    return {
        "letter": f"{letter}/",
        "signers": f"{letter}/signers/",
        "sign": f"{letter}/sign/",
        "count": f"{letter}/count.json",
        "widget": f"{letter}/embed/",
        "pdf": f"{letter}/letter.pdf",
    }


def statuses(client, campaign):
    return {name: client.get(url).status_code for name, url in public_pages(campaign).items()}


def test_the_public_finds_nothing_of_a_private_letter(client, private):
    assert set(statuses(client, private).values()) == {404}
    assert private.title not in client.get("/").content.decode()


def test_the_circulation_link_opens_the_letter_and_its_form_but_not_who_signed(client, private):
    opened = client.get(f"/circulate/{private.circulation_key}/")

    assert opened.status_code == 302 and opened["Location"] == private.get_absolute_url()
    assert statuses(client, private) == {
        "letter": 200, "signers": 404, "sign": 200, "count": 404, "widget": 404, "pdf": 404,
    }  # fmt: skip
    page = client.get(private.get_absolute_url())
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    text = page.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "Circulating privately among offices" in text
    assert "count-box__number" not in text and "Signed by" not in text


def test_signers_see_who_signed_when_the_organizers_allow_it(client, private):
    Campaign.objects.filter(pk=private.pk).update(signers_see_signers=True)
    client.get(f"/circulate/{private.circulation_key}/")

    assert client.get(f"/letters/{private.slug}/signers/").status_code == 200
    page = client.get(private.get_absolute_url()).content.decode()
    assert "count-box__number" in page and "Signed by" in page
    assert client.get(f"/letters/{private.slug}/count.json").status_code == 404  # still unlisted


def test_a_wrong_circulation_link_opens_nothing(client, private):
    last = private.circulation_key[-1]
    wrong_key = private.circulation_key[:-1] + ("y" if last == "x" else "x")
    assert client.get(f"/circulate/{wrong_key}/").status_code == 404
    assert client.get(private.get_absolute_url()).status_code == 404


def test_the_team_sees_its_private_letter(client, private, alice):
    client.force_login(alice)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert client.get(f"/letters/{private.slug}/signers/").status_code == 200
    overview = client.get(f"/dashboard/{private.slug}/").content.decode()
    assert f"/circulate/{private.circulation_key}/" in overview


def test_an_owner_releases_it_and_the_trail_says_who(client, private, alice):
    client.force_login(alice)
    response = client.post(f"/dashboard/{private.slug}/release/", {"confirm": "yes"})
    client.logout()

    assert response.status_code == 302
    assert set(statuses(client, private).values()) == {200, 202}  # the PDF is being made
    assert private.title in client.get("/").content.decode()
    release = private.audit_events.get(to_state="released")
    assert release.actor == alice and release.from_state == "circulating privately"


def test_the_releases_trail_entry_fits_its_columns(private, alice):
    """SQLite does not hold a CharField to its max_length; PostgreSQL refused "circulating
    privately" (21 characters) in a column of 20, and with it every release."""
    assert services.campaign_release(campaign_id=private.pk, by=alice)
    release = private.audit_events.get(to_state="released")
    for name in ("from_state", "to_state"):
        assert len(getattr(release, name)) <= AuditEvent._meta.get_field(name).max_length


def test_an_editor_cannot_release_it(client, private, bob):
    add_member(private, bob, "editor")
    client.force_login(bob)
    assert client.post(f"/dashboard/{private.slug}/release/").status_code == 403
    private.refresh_from_db()
    assert private.is_private


def test_it_releases_itself_at_its_release_time(private):
    Campaign.objects.filter(pk=private.pk).update(release_at=timezone.now() + timedelta(hours=2))

    assert services.release_due_campaigns() == []
    with time_machine.travel(timezone.now() + timedelta(hours=2, minutes=1), tick=False):
        assert services.release_due_campaigns() == [private.slug]
        assert services.release_due_campaigns() == []  # once

    private.refresh_from_db()
    assert not private.is_private
    assert private.audit_events.get(to_state="released").actor_label == "at its release time"


def test_once_published_it_leaves_private_circulation_only_by_release(client, private, alice):
    client.force_login(alice)
    form = client.get(f"/dashboard/{private.slug}/settings/").content.decode()
    assert "Fixed once published: release it instead." in form


def test_the_press_page_states_the_embargo_in_the_letters_zone(client, private, alice):
    moment = timezone.datetime(2026, 12, 14, 15, 0, tzinfo=private.zone)
    Campaign.objects.filter(pk=private.pk).update(embargo_until=moment)
    client.force_login(alice)

    page = client.get(f"/dashboard/{private.slug}/press/").content.decode()

    assert "Embargoed until Monday, December 14, 2026, 3 p.m. EST" in page
    assert "the letter still circulates privately" in page
