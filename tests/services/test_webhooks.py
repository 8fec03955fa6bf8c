"""Webhooks through real worker processes to a real receiver on loopback, while it fails."""

import json
import uuid

import pytest

from campaigns.delivery import services as delivery_services
from campaigns.documents import services as documents_services
from campaigns.documents.models import LetterDocument
from campaigns.letters.models import Recipient
from campaigns.signatures import services as signatures
from campaigns.signatures.services.signing import SignerDetails
from campaigns.webhooks import services
from campaigns.webhooks.models import EVENT_TYPES, Attempt, WebhookDelivery
from tests.factories import (
    add_signature,
    make_legislator,
    make_open_campaign,
    make_senator,
    make_user,
)
from tests.services.conftest import _service_env, stop_worker, wait_until
from tests.smtp import SMTPServer
from tests.webhooks.conftest import readme_verify

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

JOURNEY = [
    "signature.created", "signature.confirmed", "signature.approved",  # the senator's office
    "signature.created", "signature.confirmed", "signature.withdrawn",  # a person, who leaves
    "pdf.ready", "delivery.sent",
]  # fmt: skip


@pytest.fixture
def worker_env(media_root):
    def env(**overrides: str) -> dict[str, str]:
        return {
            **_service_env(media=media_root),
            "WEBHOOK_RETRY_SECONDS": "1",
            "WEBHOOK_LEASE_SECONDS": "4",
            "WEBHOOK_SWEEP_EVERY_SECONDS": "1",
            # Failing for a while here is a few seconds: it must not pause the endpoint.
            "WEBHOOK_PAUSE_AFTER_FAILURES": "1000",
            **overrides,
        }

    return env


def letter_with_endpoint(receiver):
    alice = make_user(f"alice-{uuid.uuid4().hex[:6]}@example.org")
    campaign = make_open_campaign(alice, allows_individuals=True)
    endpoint = services.endpoint_create(
        owner=alice, campaign=campaign, url=receiver.url, events=EVENT_TYPES
    )
    return campaign, alice, endpoint


def first_arrivals(receiver) -> list[dict]:
    """Each event once, in the order it first arrived."""
    seen: dict[str, dict] = {}
    for request in receiver.requests:
        body = json.loads(request.body)
        seen.setdefault(body["id"], body)
    return list(seen.values())


def test_a_journeys_events_all_arrive_signed_and_in_order_though_the_receiver_fails_a_while(
    queue, worker_env, workers, receiver
):
    smtp = SMTPServer().start()
    workers(
        worker_env(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_TIMEOUT="5"),
        log_name="webhooks-journey", queue=queue, beat=True,
    )  # fmt: skip
    campaign, alice, endpoint = letter_with_endpoint(receiver)
    campaign.recipients.update(channel=Recipient.Channel.EMAIL, email="president@wh.example")
    add_signature(campaign, make_legislator("L000397"), is_lead=True, lead_position=1)
    receiver.status = 500  # down for a while: first it answers 500s
    try:
        senator = signatures.signature_create(
            campaign=campaign, version_number=1,
            details=SignerDetails(kind="legislator", email="alex@sanders.senate.gov",
                                  signer_name="Alex Rivera", legislator=make_senator(),
                                  attested=True),
        )  # fmt: skip
        signatures.signature_confirm(signature_id=senator.pk)
        signatures.signature_approve(signature=senator, by=alice)
        wait_until(lambda: len(receiver.requests) >= 3, what="three failed attempts")

        receiver.stop()  # then it refuses connections
        wait_until(
            lambda: Attempt.objects.filter(delivery__endpoint=endpoint, status_code=None).exists(),
            what="a refused connection",
        )
        person = signatures.signature_create(
            campaign=campaign, version_number=1,
            details=SignerDetails(kind="individual", email="pat@example.org",
                                  signer_name="Pat Doe", city="Burlington", state="VT"),
        )  # fmt: skip
        signatures.signature_confirm(signature_id=person.pk)
        signatures.signature_withdraw(signature_id=person.pk)

        receiver.status = 200
        receiver.start()  # and recovers, on the same port
        document = documents_services.document_request(campaign=campaign)
        wait_until(lambda: LetterDocument.objects.get(pk=document.pk).is_ready, timeout=90,
                   what="the PDF")  # fmt: skip
        delivery_services.delivery_start(campaign=campaign, by=alice)
        wait_until(
            lambda: [e["type"] for e in first_arrivals(receiver)] == JOURNEY
            and not WebhookDelivery.objects.filter(status="pending").exists(),
            timeout=90, what="every event of the journey, delivered",
        )  # fmt: skip
    finally:
        smtp.stop()

    verify = readme_verify()
    for request in receiver.requests:
        assert verify(endpoint.secret, request.headers, request.body)
        assert request.headers["webhook-id"] == json.loads(request.body)["id"]
    deliveries = WebhookDelivery.objects.filter(endpoint=endpoint)
    assert set(deliveries.values_list("status", flat=True)) == {"delivered"}
    assert {str(d.event_id) for d in deliveries} == {e["id"] for e in first_arrivals(receiver)}
    created = [e["created_at"] for e in first_arrivals(receiver)]
    assert created == sorted(created)  # in the order they happened
    first = deliveries.order_by("created_at").first()
    assert first.attempts >= 4  # three 500s and a refused connection, at least, then a 2xx
    assert len(receiver.requests) > len(JOURNEY)  # the retries came with the same ids


def test_a_worker_killed_mid_send_loses_nothing(queue, worker_env, workers, receiver):
    first = workers(worker_env(), log_name="webhooks-killed", queue=queue)
    campaign, _alice, endpoint = letter_with_endpoint(receiver)
    receiver.hold.set()  # the receiver holds the request: the worker is caught sending

    services.ping_add(endpoint=endpoint)
    signatures.signature_create(
        campaign=campaign, version_number=1,
        details=SignerDetails(kind="individual", email="pat@example.org", signer_name="Pat Doe"),
    )  # fmt: skip
    assert receiver.arrived.wait(60), "the worker never sent"
    stop_worker(first, kill=True)  # SIGKILL, with the request open
    receiver.hold.clear()
    receiver.release.set()
    workers(worker_env(), log_name="webhooks-relief", queue=queue, beat=True)

    wait_until(
        lambda: WebhookDelivery.objects.filter(endpoint=endpoint, status="delivered").count() == 2,
        what="both events delivered by the relief", timeout=60,
    )  # fmt: skip
    ids = [request.headers["webhook-id"] for request in receiver.requests]
    ping = WebhookDelivery.objects.get(endpoint=endpoint, event="ping")
    assert ids[0] == str(ping.event_id)
    assert ids.count(str(ping.event_id)) == 2  # sent again, as the same event
    assert [e["type"] for e in first_arrivals(receiver)] == ["ping", "signature.created"]
