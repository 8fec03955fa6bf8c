"""An organizer's whole path through a letter, through the views: draft, publish, revise, close."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.letters.models import Campaign, LetterVersion

pytestmark = pytest.mark.django_db


def test_create_edit_publish_revise_and_close(client, alice):
    client.force_login(alice)

    created = client.post("/dashboard/new/", {"title": "Protect refugee families"})
    campaign = Campaign.objects.get()
    assert created["Location"] == f"/dashboard/{campaign.slug}/letter/"
    assert campaign.slug == "protect-refugee-families"
    assert campaign.is_draft
    assert campaign.members.get().user == alice

    client.post(f"/dashboard/{campaign.slug}/letter/", {"markdown": "We ask you to act.\r\n"})
    campaign.refresh_from_db()
    assert campaign.draft_markdown == "We ask you to act.\n"
    assert not campaign.versions.exists()  # a draft is not a version

    deadline_day = (timezone.localdate() + timedelta(days=20)).isoformat()
    settings_page = client.post(
        f"/dashboard/{campaign.slug}/settings/",
        {
            "title": "Protect refugee families",
            "slug": "protect-families",
            "closing": "Sincerely,",
            "deadline_date": deadline_day,
            "time_zone": "America/New_York",
            "goal": "150",
            "allows_legislators": "on",
            "requires_approval": "on",
            "signer_order": "last_name",
            "credit_style": "ap",
        },
    )
    assert settings_page.status_code == 302
    campaign.refresh_from_db()
    assert campaign.slug == "protect-families"
    assert campaign.goal == 150

    client.post(
        f"/dashboard/{campaign.slug}/recipients/add/",
        {
            "name": "President Barack Obama",
            "organization": "The White House",
            "address": "1600 Pennsylvania Avenue NW\nWashington, DC 20500",
            "channel": "print",
        },
    )
    assert campaign.recipients.count() == 1

    published = client.post(f"/dashboard/{campaign.slug}/publish/")
    assert published.status_code == 302
    campaign.refresh_from_db()
    assert campaign.is_open
    assert campaign.published_at is not None
    first = campaign.versions.get()
    assert (first.number, first.markdown, first.author) == (1, "We ask you to act.\n", alice)
    assert first.text_sha256 == LetterVersion.fingerprint("We ask you to act.\n")
    assert client.get(f"/letters/{campaign.slug}/").status_code == 200

    client.post(
        f"/dashboard/{campaign.slug}/letter/",
        {"markdown": "We ask you to act now.\n", "change_note": "Urgency"},
    )
    assert campaign.versions.count() == 1  # a draft of the next version, not yet public
    client.post(
        f"/dashboard/{campaign.slug}/versions/next/publish/",
        {"kind": "correction", "confirm": "yes"},
    )
    second = campaign.versions.order_by("-number").first()
    assert (second.number, second.change_note, second.author) == (2, "Urgency", alice)
    assert LetterVersion.objects.get(pk=first.pk).markdown == "We ask you to act.\n"

    unchanged = client.post(
        f"/dashboard/{campaign.slug}/letter/", {"markdown": "We ask you to act now.\n"}
    )
    assert unchanged.status_code == 302
    assert campaign.versions.count() == 2  # saving the same text makes no version

    history = client.get(f"/dashboard/{campaign.slug}/versions/").content.decode()
    assert "Version 2" in history and "Urgency" in history
    diff = client.get(f"/dashboard/{campaign.slug}/versions/2/").content.decode()
    assert "<ins> now</ins>" in diff

    client.post(f"/dashboard/{campaign.slug}/close/", {"confirm": "yes"})
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED
    assert campaign.closed_at is not None

    refused = client.post(
        f"/dashboard/{campaign.slug}/letter/", {"markdown": "Too late."}, follow=True
    )
    assert "can no longer change" in refused.content.decode()
    assert campaign.versions.count() == 2


def test_publishing_lists_what_is_missing_and_changes_nothing(client, alice):
    client.force_login(alice)
    client.post("/dashboard/new/", {"title": "Half a letter"})
    campaign = Campaign.objects.get()

    response = client.post(f"/dashboard/{campaign.slug}/publish/", follow=True)

    page = response.content.decode()
    for problem in ("Write the letter", "Add at least one recipient", "Set a sign-on deadline"):
        assert problem in page
    campaign.refresh_from_db()
    assert campaign.is_draft
    assert not campaign.versions.exists()


def test_the_live_preview_returns_sanitized_html(client, draft, alice):
    client.force_login(alice)
    response = client.post(
        f"/dashboard/{draft.slug}/letter/preview/",
        {"markdown": "**Bold** <script>alert(1)</script>"},
    )
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in response.content.decode()
    assert "<script" not in response.content.decode()


def test_the_preview_button_works_without_javascript(client, draft, alice):
    client.force_login(alice)
    response = client.post(
        f"/dashboard/{draft.slug}/letter/", {"markdown": "*Fresh* text", "preview": "1"}
    )
    assert response.status_code == 200
    assert "<em>Fresh</em>" in response.content.decode()
    draft.refresh_from_db()
    assert draft.draft_markdown != "*Fresh* text"  # previewing does not save


def test_the_dashboard_lists_my_campaigns_with_status_deadline_and_count(client, alice, mallory):
    from tests.factories import make_campaign, make_open_campaign

    make_open_campaign(alice, title="Open letter one")
    make_campaign(alice, title="A draft")
    make_campaign(mallory, title="Somebody else's letter")
    client.force_login(alice)

    page = client.get("/dashboard/").content.decode()

    assert "Open letter one" in page and "A draft" in page
    assert "Somebody else" not in page
    assert "Open for signatures" in page and "Draft" in page
    assert "6 p.m." in page  # the deadline, in the campaign's time zone
