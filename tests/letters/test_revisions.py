"""Revising a published letter: the next version is drafted, compared, then published by an
owner as a correction (nobody emailed) or as a substantive change (signers re-confirm)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.letters.models import Campaign
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign
from tests.signing import link_in

pytestmark = pytest.mark.django_db

TYPO = "We write to ask you to suspend the raids."


@pytest.fixture
def letter(alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator(), email="lofgren.staff@mail.house.gov")
    return campaign


def draft_next(client, letter, markdown, note=""):
    return client.post(
        f"/dashboard/{letter.slug}/letter/", {"markdown": markdown, "change_note": note}
    )


def test_an_editors_draft_of_the_next_version_stays_private_until_an_owner_publishes_it(
    client, letter, bob
):
    add_member(letter, bob, "editor")
    client.force_login(bob)
    saved = draft_next(client, letter, letter.current_version.markdown + "\n\nA new ask.")

    assert saved["Location"] == f"/dashboard/{letter.slug}/versions/next/"
    assert letter.versions.count() == 1
    assert "A new ask" not in client.get(f"/letters/{letter.slug}/").content.decode()
    compared = client.get(saved["Location"]).content.decode()
    assert "Draft of version 2" in compared and "<ins>A new ask.</ins>" in compared
    assert "An owner of the letter publishes it" in compared
    assert client.get(f"/dashboard/{letter.slug}/versions/next/publish/").status_code == 403


def test_a_correction_is_recorded_in_the_trail_and_the_history_and_emails_nobody(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    draft_next(client, letter, TYPO.replace("suspend", "halt"), note="Fix a word")
    publish = f"/dashboard/{letter.slug}/versions/next/publish/"
    page = client.get(publish, {"kind": "correction"}).content.decode()
    assert "Nobody is emailed" in page and "Publish as a correction" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish, {"kind": "correction", "confirm": "yes"})

    assert response["Location"] == f"/dashboard/{letter.slug}/versions/"
    version = letter.versions.get(number=2)
    assert (version.kind, version.reconfirm_by, version.change_note) == (
        "correction",
        None,
        "Fix a word",
    )
    assert letter.audit_events.filter(to_state="published as a correction").exists()
    assert mail.outbox == []
    assert "Correction" in client.get(f"/dashboard/{letter.slug}/versions/").content.decode()


def test_a_substantive_change_asks_earlier_signers_to_reconfirm_by_the_owners_date(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    draft_next(client, letter, TYPO.replace("suspend", "end"), note="Stronger ask")
    publish = f"/dashboard/{letter.slug}/versions/next/publish/"
    day = timezone.localdate() + timedelta(days=10)
    chosen = {"kind": "substantive", "reconfirm_by": day.isoformat()}
    page = client.get(publish, chosen).content.decode()
    assert "1 signer of earlier versions is emailed" in page
    assert f"re-confirm by {day:%B} {day.day}, {day.year}" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish, {**chosen, "confirm": "yes"})

    version = Campaign.objects.get(pk=letter.pk).current_version
    assert version.kind == "substantive"
    assert timezone.localtime(version.reconfirm_by, letter.zone).date() == day
    [notice] = mail.outbox
    assert "please re-confirm" in notice.subject
    assert f"by {day:%B} {day.day}, {day.year}" in notice.body
    assert link_in(notice, "reconfirm")


def test_a_one_click_post_publishes_nothing_and_keeps_the_choice(
    client, alice, letter, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    draft_next(client, letter, TYPO.replace("suspend", "end"))
    publish = f"/dashboard/{letter.slug}/versions/next/publish/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish, {"kind": "substantive", "reconfirm_by": "2099-01-31"})

    assert letter.versions.count() == 1 and mail.outbox == []
    assert response["Location"] == f"{publish}?kind=substantive&reconfirm_by=2099-01-31"
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was done: this needs your confirmation" in page
    assert 'value="2099-01-31"' in page


def test_a_substantive_change_needs_a_date_still_to_come(client, alice, letter):
    client.force_login(alice)
    draft_next(client, letter, TYPO.replace("suspend", "end"))
    publish = f"/dashboard/{letter.slug}/versions/next/publish/"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    missing = client.post(publish, {"kind": "substantive", "confirm": "yes"})
    past = client.post(
        publish, {"kind": "substantive", "reconfirm_by": yesterday, "confirm": "yes"}
    )

    assert missing.status_code == past.status_code == 400
    assert "Give the date by which signers re-confirm" in missing.content.decode()
    assert "Choose a date still to come" in past.content.decode()
    assert f'value="{yesterday}"' in past.content.decode()
    assert letter.versions.count() == 1


def test_an_editor_discards_the_draft_and_the_letter_reads_as_it_did(client, letter, bob):
    add_member(letter, bob, "editor")
    client.force_login(bob)
    draft_next(client, letter, letter.current_version.markdown + "\n\nA second thought.")

    discarded = client.post(f"/dashboard/{letter.slug}/versions/next/discard/", follow=True)

    letter.refresh_from_db()
    assert letter.revision_markdown == ""
    assert letter.versions.count() == 1
    assert "Discarded the draft" in discarded.content.decode()
    assert "Discarded the draft of the next version; the letter still reads as version 1" in (
        letter.audit_events.get(actor_label=bob.email).reason
    )
    assert mail.outbox == []
