"""Duplicating a letter, deleting a draft, archiving a delivered letter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.letters import services
from campaigns.letters.forms import CampaignSettingsForm
from campaigns.letters.models import AuditEvent, Campaign, CampaignMember
from campaigns.letters.services import lifecycle
from tests.factories import add_member, add_signature, make_campaign, make_open_campaign
from tests.hostile.surfaces import assert_html_inert

pytestmark = pytest.mark.django_db


def test_a_duplicate_is_a_new_draft_with_the_text_recipients_and_settings(
    client, alice, bob, lofgren
):
    original = make_open_campaign(alice, title="Suspend the raids", goal=120, closing="Yours,")
    add_member(original, bob, "editor")
    add_signature(original, lofgren)
    client.force_login(bob)

    response = client.post(f"/dashboard/{original.slug}/duplicate/")

    copy = Campaign.objects.exclude(pk=original.pk).get()
    assert response["Location"] == f"/dashboard/{copy.slug}/"
    assert copy.slug == "suspend-the-raids-2"
    assert copy.title == "Suspend the raids (copy)"
    assert copy.is_draft
    assert copy.draft_markdown == original.current_version.markdown
    assert not copy.versions.exists()
    assert (copy.goal, copy.closing, copy.deadline) == (120, "Yours,", original.deadline)
    assert list(copy.recipients.values_list("name", "address")) == list(
        original.recipients.values_list("name", "address")
    )
    assert list(copy.members.values_list("user__email", "role")) == [("bob@example.org", "owner")]
    assert not copy.signatures.exists()


def test_a_duplicate_drops_a_deadline_already_past(alice):
    past = timezone.now() - timedelta(days=2)
    original = make_campaign(alice, deadline=past)

    copy = services.campaign_duplicate(campaign=original, by=alice)

    assert copy.deadline is None


def test_duplicating_writes_to_both_letters_audit_trails(client, alice):
    original = make_campaign(alice)
    client.force_login(alice)

    client.post(f"/dashboard/{original.slug}/duplicate/")

    copy = Campaign.objects.exclude(pk=original.pk).get()
    assert (
        copy.audit_events.get().reason == "Duplicated from “Suspend the raids” (suspend-the-raids)"
    )
    assert original.audit_events.get().reason == (
        "Duplicated as “Suspend the raids (copy)” (suspend-the-raids-2)"
    )


def test_a_viewer_cannot_duplicate(client, alice, carol):
    original = make_campaign(alice)
    add_member(original, carol, "viewer")
    client.force_login(carol)

    assert client.post(f"/dashboard/{original.slug}/duplicate/").status_code == 403
    assert Campaign.objects.count() == 1


def test_deleting_a_draft_first_shows_what_goes(client, alice, bob):
    draft = make_campaign(alice, title="A draft to drop")
    add_member(draft, bob, "editor")
    client.force_login(alice)

    page = client.get(f"/dashboard/{draft.slug}/delete/").text

    assert "Delete this draft?" in page
    assert "<li>1 recipient</li>" in page
    assert "<li>2 team members</li>" in page
    assert Campaign.objects.filter(pk=draft.pk).exists()


def test_confirming_deletes_the_draft_and_all_it_holds(client, alice):
    draft = make_campaign(alice, title="A draft to drop")
    client.force_login(alice)

    response = client.post(f"/dashboard/{draft.slug}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Deleted the draft “A draft to drop”." in response.text
    assert not Campaign.objects.exists()
    assert not CampaignMember.objects.exists()


def test_a_published_letter_cannot_be_deleted(client, alice):
    letter = make_open_campaign(alice)
    client.force_login(alice)

    response = client.post(f"/dashboard/{letter.slug}/delete/", follow=True)

    assert "Only a draft can be deleted" in response.text
    assert Campaign.objects.filter(pk=letter.pk).exists()


def test_only_an_owner_may_delete_a_draft(client, alice, bob):
    draft = make_campaign(alice)
    add_member(draft, bob, "editor")
    client.force_login(bob)

    assert client.post(f"/dashboard/{draft.slug}/delete/").status_code == 403
    assert Campaign.objects.filter(pk=draft.pk).exists()


def test_archiving_a_delivered_letter_keeps_its_public_page(client, alice):
    letter = make_open_campaign(alice)
    Campaign.objects.filter(pk=letter.pk).update(
        status=Campaign.Status.DELIVERED, delivered_at=timezone.now()
    )
    client.force_login(alice)

    client.post(f"/dashboard/{letter.slug}/archive/")

    letter.refresh_from_db()
    assert letter.status == Campaign.Status.ARCHIVED
    event = letter.audit_events.filter(to_state="archived").get()
    assert (event.from_state, event.actor) == ("delivered", alice)
    client.logout()
    assert client.get(f"/letters/{letter.slug}/").status_code == 200


def test_a_letter_not_yet_delivered_cannot_be_archived(client, alice):
    letter = make_open_campaign(alice)
    client.force_login(alice)

    response = client.post(f"/dashboard/{letter.slug}/archive/", follow=True)

    assert "Only a delivered letter can be archived." in response.text
    letter.refresh_from_db()
    assert letter.is_open
    assert not AuditEvent.objects.filter(to_state="archived").exists()


def test_the_delete_confirmation_shows_a_hostile_title_as_text(client, alice):
    draft = make_campaign(alice, title='<script>alert(1)</script>"><img src=x onerror=alert(2)>')
    client.force_login(alice)

    page = client.get(f"/dashboard/{draft.slug}/delete/").text

    assert_html_inert(page, where="the delete confirmation")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_duplicate_copies_every_setting_an_organizer_sets_but_its_name_and_dates():
    # The title, slug and dates are the copy's own (past dates are dropped, as above).
    own = {"title", "slug", "deadline_date", "deadline_time", "release_at", "embargo_until",
           "letter_date"}  # fmt: skip
    settings_form = set(CampaignSettingsForm.base_fields)

    assert settings_form - own <= set(lifecycle.COPIED_SETTINGS)
