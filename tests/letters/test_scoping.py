"""An organizer's URLs reach only their own letter's rows, whatever ids they are given.

Mallory owns one letter; Alice owns another. Every organizer URL that names a row by id is
tried with Mallory's slug and the id of Alice's row: each answers 404, and Alice's row is as it
was. (Who may open which URL at all is tests/letters/test_permissions.py.)
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.delivery.models import Delivery
from campaigns.documents.models import LetterDocument
from campaigns.letters.models import CampaignMember, Invitation
from campaigns.signatures.models import Signature
from tests.factories import add_member, add_signature, make_legislator, make_open_campaign
from tests.visitors import campaign_url_name, tiny_pdf

pytestmark = pytest.mark.django_db

# url name → the kind of row its id names.
ROW_URLS = {
    "recipient_edit": "recipient",
    "recipient_delete": "recipient",
    "member_role": "member",
    "member_remove": "member",
    "invitation_cancel": "invitation",
    "document_progress": "document",
    "document_file": "document",
    "document_preview": "document",
    "delivery_retry": "delivery",
    "delivery_record": "delivery",
    "delivery_packet": "delivery",
}


@pytest.fixture
def alices_rows(alice, bob):
    campaign = make_open_campaign(alice, title="Alice's letter")
    document = LetterDocument.objects.create(
        campaign=campaign, version=campaign.current_version, status="ready", pages=1
    )
    document.file.save("alice.pdf", ContentFile(tiny_pdf()))
    recipient = campaign.recipients.get()
    return campaign, {
        "recipient": recipient,
        "member": add_member(campaign, bob, CampaignMember.Role.EDITOR),
        "invitation": Invitation.objects.create(
            campaign=campaign, email="erin@example.org", role="viewer", invited_by=alice
        ),
        "document": document,
        "delivery": Delivery.objects.create(
            campaign=campaign,
            recipient=recipient,
            document=document,
            channel="print",
            message_id="<scoping@cosign.test>",
            status="failed",
        ),
        "signature": add_signature(campaign, make_legislator(), status="confirmed"),
    }


def snapshot(row) -> dict:
    return type(row).objects.filter(pk=row.pk).values().get()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("name", sorted(ROW_URLS))
def test_an_owner_cannot_reach_another_letters_row_through_their_own(
    client, mallory, alices_rows, name, method
):
    mine = make_open_campaign(mallory, title="Mallory's letter")
    _, rows = alices_rows
    row = rows[ROW_URLS[name]]
    before = snapshot(row)
    client.force_login(mallory)
    url = reverse(campaign_url_name(name), args=[mine.slug, row.pk])

    response = client.get(url) if method == "GET" else client.post(url, {"role": "owner"})

    assert response.status_code in (404, 405), f"{method} {url}: {response.status_code}"
    assert snapshot(row) == before


def test_moderating_another_letters_signatures_by_id_changes_nothing(client, mallory, alices_rows):
    mine = make_open_campaign(mallory, title="Mallory's letter")
    own = add_signature(mine, make_legislator("H000874", last_name="Hoyer"), status="confirmed")
    _, rows = alices_rows
    signature = rows["signature"]
    client.force_login(mallory)

    for data in (
        {"action": "lead", "ids": [signature.pk, own.pk]},
        {"action": "approve", "ids": [signature.pk, own.pk]},
        {"row_action": f"reject:{signature.pk}"},
    ):
        client.post(reverse("signatures:signatures_action", args=[mine.slug]), data)

    signature.refresh_from_db()
    own.refresh_from_db()
    assert (signature.status, signature.is_lead) == (Signature.Status.CONFIRMED, False)
    assert (own.status, own.is_lead) == (Signature.Status.APPROVED, True)  # the same posts work


def test_another_letters_versions_are_not_found_under_ones_own(client, mallory, alices_rows):
    mine = make_open_campaign(mallory, title="Mallory's letter")
    client.force_login(mallory)

    assert client.get(reverse("letters:version", args=[mine.slug, 1])).status_code == 200
    assert client.get(reverse("letters:version", args=[mine.slug, 2])).status_code == 404
