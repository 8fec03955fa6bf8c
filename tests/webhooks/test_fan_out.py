"""Each workflow says its event once; the endpoints that want it each get one delivery, and a
letter nobody listens to pays one query and writes nothing."""

import json
from datetime import date

from campaigns.circulation.services.targets import target_update, targets_add
from campaigns.delivery import services as delivery_services
from campaigns.documents import services as documents_services
from campaigns.letters.events import event_add
from campaigns.letters.models import CampaignMember
from campaigns.letters.services.campaigns import campaign_close, campaign_publish
from campaigns.signatures.services.moderation import signature_approve
from campaigns.webhooks import services
from campaigns.webhooks.models import WebhookDelivery
from cosign.outbox.models import Entry
from tests.factories import add_member, make_open_campaign
from tests.signing import confirm_from_email, sign_member
from tests.webhooks.conftest import readme_verify


def events_written() -> list[str]:
    return [entry.target["event"] for entry in Entry.objects.filter(kind="webhooks.event")]


def test_a_letter_nobody_listens_to_writes_no_event_and_asks_one_question(
    letter, django_assert_num_queries
):
    with django_assert_num_queries(1):
        written = event_add(
            "signature.created", campaign_id=letter.pk, subject_id=1, key="nobody-listens"
        )

    assert not written
    assert not Entry.objects.filter(kind="webhooks.event").exists()


def test_an_endpoint_for_other_events_does_not_make_this_one_written(alice, letter, receiver):
    services.endpoint_create(owner=alice, campaign=letter, url=receiver.url, events=["pdf.ready"])

    event_add("signature.created", campaign_id=letter.pk, subject_id=1, key="1")

    assert events_written() == []


def test_a_senators_sign_on_reaches_the_endpoint_signed_in_order_with_contact_details(
    client, alice, letter, sanders, endpoint, receiver, django_capture_on_commit_callbacks
):
    sign_member(client, letter, django_capture_on_commit_callbacks, sanders,
                "alex@sanders.senate.gov")  # fmt: skip
    confirm_from_email(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signature_approve(signature=letter.signatures.get(), by=alice)

    assert receiver.events() == ["signature.created", "signature.confirmed", "signature.approved"]
    verify = readme_verify()
    assert all(verify(endpoint.secret, r.headers, r.body) for r in receiver.requests)
    created = json.loads(receiver.requests[0].body)
    assert created["data"]["person"]["email_addresses"][0]["address"] == "alex@sanders.senate.gov"
    assert created["data"]["office"]["bioguide_id"] == sanders.bioguide_id
    assert created["petition"]["identifiers"] == [f"cosign:petition-{letter.pk}"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_the_owners_endpoint_for_all_their_letters_hears_each_but_an_editors_does_not(
    alice, bob, receiver, django_capture_on_commit_callbacks
):
    first, second = make_open_campaign(alice), make_open_campaign(alice, title="Another")
    add_member(second, bob, CampaignMember.Role.EDITOR)
    mine = services.endpoint_create(owner=alice, campaign=None, url=receiver.url,
                                    events=["petition.closed"])  # fmt: skip
    services.endpoint_create(owner=bob, campaign=None, url=receiver.url,
                             events=["petition.closed"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        campaign_close(campaign_id=first.pk)
        campaign_close(campaign_id=second.pk)

    titles = [json.loads(r.body)["petition"]["title"] for r in receiver.requests]
    assert sorted(titles) == sorted([first.title, second.title])
    assert set(WebhookDelivery.objects.values_list("endpoint", flat=True)) == {mine.pk}


def test_an_event_fanned_out_twice_is_one_delivery_per_endpoint(endpoint, letter):
    event = {"event": "petition.published", "campaign_id": letter.pk, "subject_id": letter.pk,
             "event_id": "0b6a0c43-4a51-4b8e-9d7c-1bd9f3a3a0f1",
             "created_at": "2026-12-01T00:00:00+00:00"}  # fmt: skip

    services.fan_out(**event)
    services.fan_out(**event)

    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1


def test_a_workflow_run_again_says_its_event_once(letter, endpoint):
    for _ in range(2):
        event_add("petition.released", campaign_id=letter.pk, subject_id=letter.pk,
                  key=str(letter.pk))  # fmt: skip

    assert events_written() == ["petition.released"]


def test_an_offices_tracker_row_is_sent_when_the_team_notes_a_call_and_when_it_signs(
    client, alice, letter, sanders, receiver, django_capture_on_commit_callbacks
):
    services.endpoint_create(owner=alice, campaign=letter, url=receiver.url,
                             events=["tracker.changed"])  # fmt: skip
    targets_add(campaign=letter, legislators=[sanders])
    target = letter.targets.get()

    with django_capture_on_commit_callbacks(execute=True):
        target_update(target=target, status="asked", note="Call back Tuesday",
                      next_step="Send the text", by=alice)  # fmt: skip
    sign_member(client, letter, django_capture_on_commit_callbacks, sanders,
                "alex@sanders.senate.gov")  # fmt: skip

    rows = [json.loads(r.body)["data"] for r in receiver.requests]
    assert [(row["status"], row["note"], row["next_step"]) for row in rows] == [
        ("asked", "Call back Tuesday", "Send the text"),
        ("signed_pending", "Call back Tuesday", "Send the text"),
    ]
    assert rows[0]["office"]["bioguide_id"] == sanders.bioguide_id


def test_an_office_not_on_the_tracker_sends_no_tracker_event(
    client, alice, letter, lofgren, receiver, django_capture_on_commit_callbacks
):
    services.endpoint_create(owner=alice, campaign=letter, url=receiver.url,
                             events=["tracker.changed"])  # fmt: skip

    sign_member(client, letter, django_capture_on_commit_callbacks, lofgren,
                "ana@mail.house.gov")  # fmt: skip

    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_publishing_sends_the_letter_as_the_api_shows_it(
    alice, draft, receiver, django_capture_on_commit_callbacks
):
    services.endpoint_create(owner=alice, campaign=draft, url=receiver.url,
                             events=["petition.published"])  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        campaign_publish(campaign=draft, user=alice)

    [request] = receiver.requests
    body = json.loads(request.body)
    assert body["type"] == "petition.published"
    assert body["data"]["status"] == "open" and body["data"]["version"] == 1
    assert body["data"]["total_signatures"] == 0


def test_a_printed_letter_recorded_as_handed_over_is_sent_once(
    alice, receiver, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, title="Handed over")
    services.endpoint_create(owner=alice, campaign=campaign, url=receiver.url,
                             events=["delivery.sent"])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = delivery_services.delivery_start(campaign=campaign, by=alice)

    for note in ("Left at the front desk", "Left with the chief of staff"):  # a correction
        with django_capture_on_commit_callbacks(execute=True):
            delivery_services.delivery_record(
                delivery=delivery, by=alice, method="hand", delivered_on=date(2016, 1, 12),
                note=note,
            )  # fmt: skip

    [request] = receiver.requests
    data = json.loads(request.body)["data"]
    assert data["status"] == "recorded"
    assert data["method"] == "hand" and data["delivered_on"] == "2016-01-12"
