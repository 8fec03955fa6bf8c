"""The live count's event stream without Redis, as `make run` serves it: one uvicorn process,
SQLite, tasks in-process. A change made in the process reaches its open streams."""

import time

import httpx
import pytest

from campaigns.signatures import counts
from tests.events import events
from tests.factories import add_signature, make_legislator, make_open_campaign

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_open_stream_hears_of_an_approval_without_redis(asgi_server, client, alice):
    campaign = make_open_campaign(alice, requires_approval=True)
    add_signature(campaign, make_legislator())
    waiting = add_signature(campaign, make_legislator("H000874", state="MD"), status="confirmed")
    counts.rebuild(campaign.pk)  # the factory writes its rows without counting them
    client.force_login(alice)
    url = f"{asgi_server}/letters/{campaign.slug}/count/stream"

    # The read timeout is shorter than the heartbeat: an event that never comes fails the test.
    with httpx.stream("GET", url, timeout=httpx.Timeout(10.0)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = events(response)
        kind, fields = next(stream)
        assert (kind, fields["count"], fields["by_state"]) == ("count", 1, {"CA": 1})

        approved = client.post(
            f"/dashboard/{campaign.slug}/signatures/action/",
            {"action": "approve", "ids": [waiting.pk]},
        )
        assert approved.status_code == 302
        kind, fields = next(stream)

    assert kind == "count"
    assert fields["count"] == 2
    assert fields["by_chamber"] == {"house": 2}
    assert fields["by_state"] == {"CA": 1, "MD": 1}


def test_the_stream_of_a_draft_is_not_found(asgi_server, alice):
    draft = make_open_campaign(alice, title="A letter still in draft")
    draft.status = "draft"
    draft.save()
    response = httpx.get(f"{asgi_server}/letters/{draft.slug}/count/stream", timeout=10)
    assert response.status_code == 404


def test_under_wsgi_the_stream_answers_at_once_and_the_page_polls(client, alice):
    # Django's test client makes WSGI requests, as gunicorn's sync workers do.
    campaign = make_open_campaign(alice)
    started = time.monotonic()
    response = client.get(f"/letters/{campaign.slug}/count/stream")
    assert response.status_code == 204
    assert response.content == b""
    assert time.monotonic() - started < 1
