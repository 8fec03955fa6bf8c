"""An owner sends a letter's events to their own receiver: adds an endpoint, copies its secret
(shown once), sends a test event and reads it in the log. The journey makes its own letter."""

import json

import pytest

from tests.e2e.test_journeys import ORGANIZER, checked, fits_a_phone, log_in
from tests.receiver import Receiver
from tests.webhooks.conftest import readme_verify

pytestmark = pytest.mark.e2e


def make_a_draft(page, stage) -> str:
    """A letter of this journey's own, under a title no other journey searches for."""
    page.goto(stage.url + "/dashboard/new/")
    page.fill("input[name=title]", "Restore the wetlands grants")
    page.click("button:has-text('Create draft')")
    page.wait_for_url("**/letter/")
    return page.url.rstrip("/").split("/")[-2]


@pytest.fixture
def receiver():
    server = Receiver()
    server.answer = b'{"received": "<b>thanks</b>"}'
    yield server
    server.stop()


def test_an_owner_adds_an_endpoint_and_sees_a_signed_test_event_in_its_log(stage, page, receiver):
    log_in(page, stage, ORGANIZER)
    slug = make_a_draft(page, stage)

    page.goto(f"{stage.url}/dashboard/{slug}/")
    page.click("summary:has-text('More')")
    page.click("nav.tabs a:has-text('Webhooks')")
    page.wait_for_url(f"**/dashboard/{slug}/webhooks/")
    checked(page, "webhooks-letter-empty")
    page.fill("input[name=url]", receiver.url)
    page.check("input[value='signature.created']")
    page.check("input[value='pdf.ready']")
    page.click("button:has-text('Add the endpoint')")

    secret = page.locator("[data-secret]").inner_text().strip()
    assert secret.startswith("whsec_")
    checked(page, "webhooks-secret-shown-once")
    page.goto(f"{stage.url}/dashboard/{slug}/webhooks/")
    page.click(f"a:has-text('{receiver.url}')")
    page.wait_for_url("**/webhooks/*/")
    assert page.locator("[data-secret]").count() == 0  # once, and no more

    page.click("button:has-text('Send a test event')")
    for _ in range(50):  # the worker sends it; the page shows it once it has
        if page.locator(".webhook-log summary:has-text('HTTP 200')").count():
            break
        page.wait_for_timeout(200)
        page.reload()
    page.locator(".webhook-log summary").first.click()
    assert page.locator(".webhook-response").first.inner_text() == '{"received": "<b>thanks</b>"}'
    assert page.locator(".webhook-log b").count() == 0  # the answer is text, not markup
    checked(page, "webhooks-log")
    fits_a_phone(page, "the endpoint's log")

    [request] = receiver.requests
    assert json.loads(request.body)["type"] == "ping"
    assert readme_verify()(secret, request.headers, request.body)

    # The dashboard's Webhooks page lists it under its letter.
    page.goto(stage.url + "/dashboard/")
    page.click("a:has-text('Webhooks')")
    page.wait_for_url("**/webhooks/")
    assert page.locator(f"td:has-text('{receiver.url}')").count() == 1
    checked(page, "webhooks-all-letters")
    fits_a_phone(page, "the webhooks page")
