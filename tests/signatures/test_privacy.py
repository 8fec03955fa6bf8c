"""Signers' contact details: never public, removed on request and after delivery."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns.documents import services as documents_services
from campaigns.letters.models import Campaign
from campaigns.signatures import services as signatures_services
from campaigns.signatures.models import Signature, SignerContact
from cosign import tokens
from tests.factories import add_signature, make_legislator, make_open_campaign, revise
from tests.pdfs import document_bytes, lines

pytestmark = pytest.mark.django_db

STAFFER_EMAIL = "maria.staffer@mail.house.gov"
STAFFER_PHONE = "202-555-0147"
STAFFER_NAME = "Maria Staffer"


@pytest.fixture
def letter(alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice, allows_individuals=True)
    add_signature(
        campaign,
        make_legislator("L000397"),
        email=STAFFER_EMAIL,
        phone=STAFFER_PHONE,
        signer_name=STAFFER_NAME,
        signer_title="Legislative Director",
    )
    with django_capture_on_commit_callbacks(execute=True):
        documents_services.document_request(campaign=campaign)
    return campaign


def test_no_public_output_shows_a_signers_contact_details(client, letter):
    slug = letter.slug
    outputs = {
        name: client.get(reverse(f"signatures:{name}", args=[slug])).content.decode()
        for name in ("letter", "signers", "count_json", "embed")
    }
    outputs["pdf"] = "\n".join(lines(document_bytes(letter.documents.get())))
    for name, text in outputs.items():
        assert "Zoe Lofgren" in text or name in ("count_json", "embed"), name  # those have counts
        for private in (STAFFER_EMAIL, STAFFER_PHONE, STAFFER_NAME, "Legislative Director"):
            assert private not in text, f"{private} in {name}"


def test_a_signer_removes_their_contact_details_by_their_link(client, letter):
    signature = letter.signatures.get()
    url = reverse(
        "signatures:forget", args=[letter.slug, tokens.make_token(tokens.FORGET, signature.pk)]
    )

    page = client.get(url)
    assert "Remove my contact details" in page.content.decode()
    assert Signature.objects.get().contact.email == STAFFER_EMAIL  # a GET changes nothing

    done = client.post(url).content.decode()

    assert "Your contact details are removed" in done
    signature = Signature.objects.get()
    assert not SignerContact.objects.exists()  # deleted, not blanked
    assert signature.email_key is None and signature.personal_data_removed_at is not None
    assert signature.status == "approved" and signature.name == "Zoe Lofgren"  # still counted
    assert "Zoe Lofgren" in client.get(letter.get_absolute_url()).content.decode()
    event = letter.audit_events.get(to_state="contact removed")
    assert event.who == "the signer"
    assert client.post(url).status_code == 200  # a second time is harmless


def test_a_tampered_link_removes_nothing(client, letter):
    url = reverse("signatures:forget", args=[letter.slug, "not-a-token"])
    assert client.post(url).status_code == 400
    assert Signature.objects.get().contact.email == STAFFER_EMAIL


def test_nobody_is_emailed_after_their_details_are_removed(
    letter, alice, django_capture_on_commit_callbacks
):
    signature = letter.signatures.get()
    signatures_services.signature_forget(signature=signature)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        revise(letter, "A new text", by=alice)
    assert mail.outbox == []  # no version notice to a removed address


def test_contact_details_go_a_set_time_after_delivery(letter, settings):
    settings.PURGE_PERSONAL_DATA_AFTER_DAYS = 90
    Campaign.objects.filter(pk=letter.pk).update(
        status=Campaign.Status.DELIVERED, delivered_at=timezone.now()
    )
    assert signatures_services.purge_personal_data() == 0  # not yet

    with time_machine.travel(timezone.now() + timedelta(days=91), tick=False):
        call_command("purge_personal_data")

    signature = Signature.objects.get()
    assert not SignerContact.objects.exists()
    assert signature.email_key is None
    assert signature.name == "Zoe Lofgren" and signature.status == "approved"
    assert (
        "90 days after delivery"
        in letter.audit_events.get(subject_type="campaign", to_state="delivered").reason
    )
    assert signatures_services.purge_personal_data(now=timezone.now() + timedelta(days=200)) == 0


def test_open_letters_keep_their_contacts(letter):
    assert signatures_services.purge_personal_data(days=0) == 0
    assert Signature.objects.get().contact.email == STAFFER_EMAIL
