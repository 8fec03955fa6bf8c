"""Signing someone up through the API on PostgreSQL and Redis, with a real worker: the
confirmation email goes out from the outbox after the request's commit, token or not, and the
counts the API shows move when the signer confirms."""

import json
import re

import pytest

from campaigns.api import services
from campaigns.letters.models import AuditEvent
from tests.factories import make_open_campaign, make_user

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def ann(email: str) -> str:
    return json.dumps({
        "person": {
            "given_name": "Ann", "family_name": "Lee", "email_addresses": [{"address": email}],
            "postal_addresses": [{"locality": "Boston", "region": "MA"}],
        },
        "kind": "individual",
    })  # fmt: skip


def test_the_helper_signs_people_up_and_the_worker_emails_their_links(client, celery_worker):
    alice = make_user("alice@example.org")
    letter = make_open_campaign(alice, allows_individuals=True, requires_approval=False)
    _, secret = services.token_create(
        user=alice, name="Partner form", scope="write", contacts=False
    )
    helper = f"/api/v1/petitions/{letter.slug}/record_signature_helper/"
    celery_worker.clear_outbox()

    anonymous = client.post(helper, ann("ann@example.org"), content_type="application/json")
    by_token = client.post(
        helper, ann("bo@example.org"), content_type="application/json",
        headers={"OSDI-API-Token": secret},
    )  # fmt: skip

    assert (anonymous.status_code, anonymous.json()) == (200, {})
    assert by_token.status_code == 201
    emails = {message["To"]: message for message in celery_worker.wait_for_emails(2)}
    assert set(emails) == {"ann@example.org", "bo@example.org"}
    assert AuditEvent.objects.get(subject_type="signature").actor_label.endswith("“Partner form”")
    body = emails["ann@example.org"].get_body(("plain",)).get_content()
    confirm = re.search(r"https?://[^/\s]+(/letters/[^\s]+/confirm/[^\s]+/)", body)[1]
    client.post(confirm)
    petition = client.get(f"/api/v1/petitions/{letter.slug}/").json()
    assert petition["total_signatures"] == 1
    celery_worker.wait_until_idle()
