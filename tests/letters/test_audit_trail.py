"""The audit trail: every change of state, who made it and why, kept and never edited."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from campaigns.delivery import services as delivery_services
from campaigns.documents import services as documents_services
from campaigns.letters import services as letters_services
from campaigns.letters.models import AuditEvent
from campaigns.signatures import services as signatures_services
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user, revise

pytestmark = pytest.mark.django_db


def trail(campaign) -> list[tuple[str, str, str, str]]:
    """(who, what kind of thing, from, to), oldest first."""
    return [
        (e.who, e.subject_type, e.from_state, e.to_state)
        for e in campaign.audit_events.order_by("at", "id")
    ]


def test_a_letters_life_is_on_its_trail(client, alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, requires_approval=True)
    revise(campaign, "New text", by=alice, note="Tone")
    waiting = add_signature(campaign, make_legislator("L000397"), status="unconfirmed")
    signatures_services.signature_confirm(signature_id=waiting.pk)
    signatures_services.signature_approve(signature=waiting, by=alice)
    doubtful = add_signature(
        campaign,
        make_legislator("H000874", display_name="Steny Hoyer", last_name="Hoyer"),
        status="confirmed",
    )
    signatures_services.signature_reject(signature=doubtful, by=alice, reason="The office says no")
    leaving = add_signature(
        campaign, make_legislator("V000081", last_name="Velázquez"), status="approved"
    )
    signatures_services.signature_withdraw(signature_id=leaving.pk)
    letters_services.campaign_close(campaign_id=campaign.pk, by=alice)

    assert trail(campaign) == [
        ("alice@example.org", "version", "", "published"),
        ("alice@example.org", "campaign", "draft", "open"),
        ("alice@example.org", "version", "version 1", "published"),
        ("the signer", "signature", "unconfirmed", "confirmed"),
        ("alice@example.org", "signature", "confirmed", "approved"),
        ("alice@example.org", "signature", "confirmed", "rejected"),
        ("the signer", "signature", "approved", "withdrawn"),
        ("alice@example.org", "campaign", "open", "closed"),
    ]
    rejection = campaign.audit_events.get(to_state="rejected")
    assert rejection.reason == "The office says no"
    assert "Hoyer" in rejection.subject_label

    client.force_login(alice)
    page = client.get(reverse("letters:audit", args=[campaign.slug])).content.decode()
    assert "The office says no" in page and "withdrawn" in page
    only_signatures = client.get(
        reverse("letters:audit", args=[campaign.slug]), {"subject": "signature"}
    ).content.decode()
    assert "published" not in only_signatures and "rejected" in only_signatures


def test_the_deadline_and_the_workers_sign_their_changes(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice)
    campaign.recipients.update(channel="email", email="president@whitehouse.example")
    add_signature(campaign, make_legislator("L000397"))
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.delivery_start(campaign=campaign, by=alice)

    assert trail(campaign)[2:] == [
        ("alice@example.org", "campaign", "open", "closed"),
        ("alice@example.org", "delivery", "", "queued"),
        ("a worker", "delivery", "queued", "sending"),
        ("a worker", "delivery", "sending", "sent"),
        ("a worker", "campaign", "closed", "delivered"),
    ]


def test_a_signature_that_lapsed_unconfirmed_is_recorded(alice):
    campaign = make_open_campaign(alice)
    add_signature(campaign, make_legislator("L000397"), status="unconfirmed")

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert signatures_services.signatures_lapse() == 1

    event = campaign.audit_events.get(subject_type="signature")
    assert (event.from_state, event.to_state, event.who) == ("unconfirmed", "expired", "Cosign")
    assert event.reason == "Not confirmed within 48 hours"


def test_entries_are_never_changed_or_removed(alice):
    campaign = make_open_campaign(alice)
    event = campaign.audit_events.get(subject_type="campaign")

    event.reason = "Rewritten history"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(reason="Rewritten")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == "Published"


def test_the_database_itself_refuses_an_edit(alice):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; the services suite runs this there")
    campaign = make_open_campaign(alice)
    event = campaign.audit_events.get(subject_type="campaign")
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE letters_auditevent SET reason = 'x' WHERE id = %s", [event.pk])


def test_an_organizer_who_leaves_is_still_named(alice):
    campaign = make_open_campaign(alice)
    editor = make_user("bob@example.org")
    campaign.members.create(user=editor, role="editor")
    revise(campaign, "Bob's text", by=editor)
    editor.delete()

    event = campaign.audit_events.get(subject_type="version", from_state="version 1")
    assert event.actor is None
    assert event.who == "bob@example.org"
