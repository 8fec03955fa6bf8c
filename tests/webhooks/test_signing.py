"""A receiver checks our requests with the README's own lines."""

import json
import time

import time_machine
from django.utils import timezone

from campaigns.webhooks import services
from campaigns.webhooks.models import new_secret
from tests.webhooks.conftest import readme_verify


def test_a_receiver_verifying_with_the_readmes_lines_accepts_our_request(endpoint, receiver):
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    [request] = receiver.requests
    assert readme_verify()(endpoint.secret, request.headers, request.body)
    body = json.loads(request.body)
    assert request.headers["webhook-id"] == body["id"]
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"].startswith("Cosign-Webhooks/1 (+http")
    assert body["type"] == "ping"
    assert body["petition"]["title"] == endpoint.campaign.title


def test_it_rejects_a_changed_body(endpoint, receiver):
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    [request] = receiver.requests
    changed = request.body.replace(b"ping", b"pong")
    assert not readme_verify()(endpoint.secret, request.headers, changed)


def test_it_rejects_a_request_signed_with_another_secret(endpoint, receiver):
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    [request] = receiver.requests
    assert not readme_verify()(new_secret(), request.headers, request.body)


def test_it_rejects_a_request_replayed_more_than_five_minutes_later(endpoint, receiver):
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)
    [request] = receiver.requests

    with time_machine.travel(timezone.now().timestamp() + 301):
        assert not readme_verify()(endpoint.secret, request.headers, request.body)
    assert abs(int(request.headers["webhook-timestamp"]) - time.time()) < 60


def test_a_rotated_secret_signs_from_then_on_and_the_old_one_no_longer_verifies(endpoint, receiver):
    old = endpoint.secret
    new = services.secret_rotate(endpoint=endpoint)
    services.ping_add(endpoint=endpoint)
    services.send_pending(endpoint_id=endpoint.pk)

    [request] = receiver.requests
    assert new.startswith("whsec_") and new != old
    assert readme_verify()(new, request.headers, request.body)
    assert not readme_verify()(old, request.headers, request.body)
