"""The owners' pages: adding an endpoint shows its secret once; its log shows what the
receiver answered as text; the letter's audit trail records what the owners did."""

from html import escape

from campaigns.letters.models import AuditEvent, CampaignMember
from campaigns.webhooks import services
from campaigns.webhooks.models import Endpoint
from tests.factories import add_member
from tests.hostile.corpus import HOSTILE
from tests.hostile.surfaces import assert_html_inert


def test_an_owner_adds_an_endpoint_and_sees_its_secret_once(client, alice, letter, receiver):
    client.force_login(alice)

    response = client.post(
        f"/dashboard/{letter.slug}/webhooks/",
        {"url": receiver.url, "events": ["signature.created", "pdf.ready"]},
    )

    endpoint = Endpoint.objects.get()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert endpoint.secret in response.content.decode()
    assert (endpoint.campaign, endpoint.events) == (letter, ["signature.created", "pdf.ready"])
    again = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert endpoint.secret not in again and receiver.url in again


def test_the_letters_more_menu_links_to_its_webhooks_for_owners_only(client, alice, bob, letter):
    add_member(letter, bob, CampaignMember.Role.EDITOR)
    link = f'href="/dashboard/{letter.slug}/webhooks/"'

    client.force_login(alice)
    assert link in client.get(f"/dashboard/{letter.slug}/").content.decode()
    client.force_login(bob)
    assert link not in client.get(f"/dashboard/{letter.slug}/").content.decode()


def test_the_log_shows_a_hostile_answer_as_text(client, alice, endpoint, receiver):
    corpus = "\n".join(v for v in HOSTILE.values() if "\x00" not in v)
    receiver.answer = corpus.encode("utf-8", "replace")[:1000]
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)
    client.force_login(alice)

    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()

    assert escape(HOSTILE["script"]) in page
    assert_html_inert(page, where="the endpoint's log")
    rotated = client.post(f"/webhooks/{endpoint.pk}/rotate/", {"confirm": "yes"}).content.decode()
    assert_html_inert(rotated, where="the endpoint's page with its new secret")


def test_adding_pausing_resuming_and_deleting_a_letters_endpoint_is_in_its_audit_trail(
    client, alice, letter, receiver
):
    client.force_login(alice)
    client.post(
        f"/dashboard/{letter.slug}/webhooks/", {"url": receiver.url, "events": ["petition.closed"]}
    )
    endpoint = Endpoint.objects.get()
    endpoint.failures, endpoint.paused_at = 10, endpoint.created_at
    endpoint.save()
    client.post(f"/webhooks/{endpoint.pk}/resume/")
    client.post(f"/webhooks/{endpoint.pk}/delete/", {"confirm": "yes"})

    trail = AuditEvent.objects.filter(subject_type="webhook").order_by("at", "id")
    assert [(e.from_state, e.to_state) for e in trail] == [
        ("", "added"), ("paused", "active"), ("active", "deleted"),
    ]  # fmt: skip
    assert all(e.actor == alice and receiver.url in e.subject_label for e in trail)
    assert not Endpoint.objects.exists()


def test_an_endpoint_for_all_ones_letters_is_ones_own(client, alice, mallory, receiver):
    client.force_login(alice)
    client.post("/webhooks/", {"url": receiver.url, "events": ["petition.closed"]})
    endpoint = Endpoint.objects.get(campaign=None)

    client.force_login(mallory)
    assert client.get(f"/webhooks/{endpoint.pk}/").status_code == 404
    assert client.post(f"/webhooks/{endpoint.pk}/delete/", {"confirm": "yes"}).status_code == 404
    assert receiver.url not in client.get("/webhooks/").content.decode()


def test_deleting_an_endpoint_or_rotating_its_secret_asks_first(client, alice, endpoint):
    client.force_login(alice)
    secret = endpoint.secret

    for action in ("delete", "rotate"):
        response = client.post(f"/webhooks/{endpoint.pk}/{action}/")
        assert response.status_code == 302 and response["Location"] == f"/webhooks/{endpoint.pk}/"

    endpoint.refresh_from_db()
    assert endpoint.secret == secret
    page = client.get(f"/webhooks/{endpoint.pk}/").content.decode()
    assert "Delete this endpoint…" in page and "its log goes with it" in page
