"""The organizers' receipt once every recipient has the letter."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from campaigns.delivery import services as delivery_services
from campaigns.documents import services as documents_services
from tests.factories import add_member, make_open_campaign

pytestmark = pytest.mark.django_db


def test_the_owners_and_editors_get_a_receipt_when_the_last_delivery_is_recorded(
    alice, bob, carol, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, title="Suspend the raids")
    add_member(campaign, bob, "editor")
    add_member(campaign, carol, "viewer")
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = delivery_services.delivery_start(campaign=campaign, by=alice)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        delivery_services.delivery_record(
            delivery=delivery, by=alice, method="hand", delivered_on=timezone.localdate(),
            note="Left at the front desk",
        )  # fmt: skip

    [receipt] = [m for m in mail.outbox if m.subject.startswith("Receipt:")]
    assert receipt.subject == "Receipt: “Suspend the raids” reached every recipient"
    assert sorted(receipt.to) == ["alice@example.org", "bob@example.org"]
    today = timezone.localdate()
    assert (
        "- President Barack Obama, The White House: delivered (recorded), "
        f"{today:%B} {today.day}, {today.year}\n"
    ) in receipt.body
    assert f"{settings.SITE_URL}/dashboard/{campaign.slug}/delivery/" in receipt.body
