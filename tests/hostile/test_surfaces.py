"""One letter hostile everywhere, and each surface it comes back out on: the pages (the widget
and count.json among them), the CSV export, the PDF and the emails, delivery included. An
organizer fills every field with hostile text and hostile signers sign; each surface shows that
text as text."""

from datetime import timedelta
from html import escape

import pytest
from django.core import mail
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from campaigns.circulation.models import OfficeTarget
from campaigns.delivery.models import Delivery
from campaigns.letters.models import Campaign, Invitation
from tests.factories import make_legislator
from tests.hostile.corpus import HOSTILE
from tests.hostile.surfaces import (
    CSV,
    PAGE,
    PDF,
    SHOWN_BY,
    assert_csv_inert,
    assert_emails_inert,
    assert_pages_inert,
    csv_cells,
    dashboard_urls,
    pdf_active_parts,
    pdf_text,
    public_urls,
    squeezed,
    token_urls,
)
from tests.hostile.wire import as_received, post_form
from tests.pdfs import document_bytes
from tests.signing import confirm_from_email
from tests.visitors import CAMPAIGN_APPS, url_patterns

pytestmark = pytest.mark.django_db

MARKDOWN = "\n\n".join(value for label, value in HOSTILE.items() if label != "nul byte")
BY_HAND = {
    "name": HOSTILE["rtl override"] + HOSTILE["homoglyph member"],
    "title": HOSTILE["markdown javascript link"], "organization": HOSTILE["svg onload"],
    "address": "\n".join([HOSTILE["data url"], HOSTILE["iframe srcdoc"], HOSTILE["sql"]]),
    "channel": "print",
}  # fmt: skip
BY_EMAIL = {
    "name": HOSTILE["subject injection"], "title": HOSTILE["csv formula"],
    "organization": HOSTILE["unterminated rtl override"],
    "email": "president@whitehouse.example", "channel": "email",
}  # fmt: skip
SIGNERS = {
    "script": "individual",
    "csv formula": "individual",
    "csv at": "individual",
    "homoglyph member": "individual",
    "zero width": "individual",
    "rtl override": "individual",
    "unicode": "individual",
    "homoglyph office": "organization",
}


def test_every_url_of_the_campaigns_app_names_the_surface_that_checks_it():
    """A new URL without an entry in SHOWN_BY fails here."""
    names = {name for namespace, name, _ in url_patterns() if namespace in CAMPAIGN_APPS}
    assert set(SHOWN_BY) == names


def publish_a_hostile_letter(client) -> Campaign:
    """Every field of every organizer form, filled in with hostile text, then published."""
    assert post_form(client, "/dashboard/new/", {"title": HOSTILE["script"]}).status_code == 302
    campaign = Campaign.objects.get()
    dashboard = f"/dashboard/{campaign.slug}"
    settings_data = {
        "title": HOSTILE["script"], "slug": campaign.slug,
        "summary": HOSTILE["template tag"] + HOSTILE["subject injection"],
        "letterhead": HOSTILE["css injection"], "salutation": HOSTILE["attribute breakout"],
        "closing": HOSTILE["event handler"],
        "contact": f"{HOSTILE['javascript url']} {HOSTILE['data url']}",
        "goal": "3", "deadline_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "deadline_time": "18:00", "time_zone": "America/New_York", "allows_individuals": "on",
        "allows_organizations": "on", "signer_order": "last_name", "credit_style": "ap",
    }  # fmt: skip
    assert post_form(client, f"{dashboard}/settings/", settings_data).status_code == 302
    assert post_form(client, f"{dashboard}/letter/", {"markdown": MARKDOWN}).status_code == 302
    for recipient in (BY_HAND, BY_EMAIL):
        assert post_form(client, f"{dashboard}/recipients/add/", recipient).status_code == 302
    assert client.post(f"{dashboard}/publish/").status_code == 302
    return Campaign.objects.get(pk=campaign.pk)


def hostile_signers_sign(campaign: Campaign, callbacks) -> None:
    """People and an organization sign with hostile names, and confirm from their emails."""
    signer = Client()
    for n, (label, kind) in enumerate(SIGNERS.items()):
        fields = {"kind": kind, "version": 1, "signer_name": HOSTILE[label],
                  "email": f"signer{n}@example.org", "city": HOSTILE["css injection"],
                  "state": "CA", "show_name": "on"}  # fmt: skip
        if kind == "organization":
            fields |= {"name": HOSTILE[label], "signer_name": "Pat Doe", "signer_title": "Aide"}
        with callbacks(execute=True):
            signed = post_form(signer, f"/letters/{campaign.slug}/sign/", fields)
        assert signed.status_code == 302, label
        confirm_from_email(signer, callbacks)


@pytest.fixture
def letter(client, alice, django_capture_on_commit_callbacks) -> Campaign:
    """Alice's letter, hostile everywhere, signed by hostile signers, the first one the lead."""
    client.force_login(alice)
    campaign = publish_a_hostile_letter(client)
    hostile_signers_sign(campaign, django_capture_on_commit_callbacks)
    scripted = campaign.signatures.get(contact__signer_name=HOSTILE["script"])
    lead = {"action": "lead", "ids": [str(scripted.pk)]}
    dashboard = f"/dashboard/{campaign.slug}"
    assert post_form(client, f"{dashboard}/signatures/action/", lead).status_code == 302
    # An office on the tracker, noted with hostile words.
    office = OfficeTarget.objects.create(campaign=campaign, legislator=make_legislator("H000874"))
    noted = {
        "status": "considering",
        "note": HOSTILE["script"],
        "next_step": HOSTILE["csv formula"],
    }
    assert post_form(client, f"{dashboard}/offices/{office.pk}/", noted).status_code == 302
    # A contact in the office and a Dear Colleague to it, both hostile, sent.
    contact = {
        "contact-name": HOSTILE["svg onload"], "contact-email": "aide@mail.house.gov",
        "contact-title": HOSTILE["template tag"], "contact-phone": "202-225-3072",
        "contact-submit": "1",
    }  # fmt: skip
    assert post_form(client, f"{dashboard}/offices/{office.pk}/", contact).status_code == 302
    composed = {
        "subject": HOSTILE["subject injection"], "body_markdown": MARKDOWN,
        "ids": [str(office.pk)], "review": "1",
    }  # fmt: skip
    assert post_form(client, f"{dashboard}/outreach/new/", composed).status_code == 302
    [dear_colleague] = campaign.dear_colleagues.all()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{dashboard}/outreach/{dear_colleague.pk}/")
    assert sent.status_code == 302
    # A reminder, labelled with hostile words.
    day_before = timezone.localtime(campaign.deadline, campaign.zone).date() - timedelta(days=1)
    reminder = {"label": HOSTILE["script"], "send_on": day_before.isoformat(), "send_time": "15:00"}
    assert post_form(client, f"{dashboard}/offices/reminders/add/", reminder).status_code == 302
    return Campaign.objects.get(pk=campaign.pk)


def generate_the_pdf(client, letter: Campaign, callbacks) -> bytes:
    with callbacks(execute=True):
        response = client.post(f"/dashboard/{letter.slug}/documents/generate/")
    assert response.status_code == 302
    document = letter.documents.get()
    assert document.status == "ready", document.error
    return document_bytes(document)


def test_every_page_shows_the_hostile_letter_as_text(client, alice, letter):
    """The public pages, the widget, count.json, the dashboard and the links in emails."""
    invitation = Invitation.objects.create(
        campaign=letter, email="dan@example.org", role="editor", invited_by=alice
    )
    signer = letter.signatures.get(contact__signer_name=HOSTILE["script"])
    urls = [*public_urls(letter), *dashboard_urls(letter), *token_urls(signer, invitation)]

    assert_pages_inert(client, urls)

    visited = {resolve(url.split("?")[0]).url_name for url in urls}
    assert visited == {name for name, surface in SHOWN_BY.items() if surface == PAGE}
    page = client.get(f"/letters/{letter.slug}/").content.decode()
    for shown in (HOSTILE["script"], HOSTILE["attribute breakout"], HOSTILE["event handler"]):
        assert escape(shown) in page, shown  # the title, salutation and closing, as typed
    count = client.get(f"/letters/{letter.slug}/count.json").json()
    assert count["count"] == len(SIGNERS)


def test_the_csv_export_shows_the_hostile_signers_as_text(client, letter):
    assert SHOWN_BY["signatures_csv"] == CSV

    assert_csv_inert(client, letter)

    [_header, *rows] = csv_cells(client, letter)
    assert len(rows) == len(SIGNERS)
    cells = [cell for row in rows for cell in row]
    assert "'" + HOSTILE["csv formula"] in cells
    assert "'" + HOSTILE["csv at"] in cells


def test_the_pdfs_show_the_hostile_letter_as_text(
    client, letter, django_capture_on_commit_callbacks
):
    """The letter's PDF, as the dashboard and the public page give it, and the print packet."""
    assert {name for name, surface in SHOWN_BY.items() if surface == PDF} == {
        "document_file", "letter_pdf", "delivery_packet",
    }  # fmt: skip
    pdf = generate_the_pdf(client, letter, django_capture_on_commit_callbacks)
    document = letter.documents.get()

    assert pdf_active_parts(pdf) == []
    served = client.get(f"/dashboard/{letter.slug}/documents/{document.pk}/letter.pdf")
    assert b"".join(served.streaming_content) == pdf
    public = Client().get(f"/letters/{letter.slug}/letter.pdf")
    assert b"".join(public.streaming_content) == pdf
    text = squeezed(pdf_text(pdf))
    for shown_as_text in (
        HOSTILE["script"],  # the title, and the lead signer's name
        HOSTILE["css injection"],  # the letterhead, and every signer's city
        HOSTILE["attribute breakout"],  # the salutation
        HOSTILE["event handler"],  # the closing
        HOSTILE["homoglyph member"],  # a signer, exactly as typed
        HOSTILE["homoglyph office"],
        HOSTILE["csv formula"],
        # Direction overrides are dropped, so nothing reads backwards: not "order Alex", and
        # not "Alex exe.png".
        "redro AlexN\u0430ncy Pelosi",  # the recipient's name
        "Alex gnp.exe",  # the other recipient's organization
    ):
        assert squeezed(shown_as_text) in text, shown_as_text

    with django_capture_on_commit_callbacks(execute=True):  # the print packet is made after it
        assert (
            client.post(f"/dashboard/{letter.slug}/delivery/start/", {"confirm": "yes"}).status_code
            == 302
        )
    printed = letter.deliveries.get(channel="print")
    packet = client.get(f"/dashboard/{letter.slug}/delivery/{printed.pk}/packet.pdf")
    assert packet.status_code == 200
    packet_pdf = b"".join(packet.streaming_content)
    assert pdf_active_parts(packet_pdf) == []
    assert HOSTILE["svg onload"] in pdf_text(packet_pdf)  # the cover: the recipient's address


def test_the_emails_show_the_hostile_letter_as_text(
    client, letter, django_capture_on_commit_callbacks
):
    """Confirmations, receipts, the milestone and the delivered letter itself."""
    callbacks = django_capture_on_commit_callbacks
    generate_the_pdf(client, letter, callbacks)

    with callbacks(execute=True):
        assert (
            client.post(f"/dashboard/{letter.slug}/delivery/start/", {"confirm": "yes"}).status_code
            == 302
        )

    emailed = letter.deliveries.get(channel="email")
    assert emailed.status == Delivery.Status.SENT, emailed.last_error
    [letter_email] = [m for m in mail.outbox if "president@whitehouse.example" in m.to]
    [(_name, attached, mimetype)] = letter_email.attachments
    assert mimetype == "application/pdf" and pdf_active_parts(attached) == []
    assert_emails_inert(mail.outbox)
    confirmation = mail.outbox[0]
    assert confirmation.subject == f"Confirm your signature on “{HOSTILE['script']}”"


def test_a_delivery_record_keeps_its_hostile_note_as_text(
    client, letter, django_capture_on_commit_callbacks
):
    """The record form: a payload each field of which is refused changes nothing; the whole
    corpus as a note is stored as typed (stripped) and shown inert."""
    callbacks = django_capture_on_commit_callbacks
    generate_the_pdf(client, letter, callbacks)
    with callbacks(execute=True):
        client.post(f"/dashboard/{letter.slug}/delivery/start/", {"confirm": "yes"})
    printed = letter.deliveries.get(channel="print")
    record = f"/dashboard/{letter.slug}/delivery/{printed.pk}/record/"
    deliveries = f"/dashboard/{letter.slug}/delivery/"
    refused = {"method": HOSTILE["script"], "delivered_on": HOSTILE["sql"], "note": "x" * 2001}
    note = " ".join(v for label, v in HOSTILE.items() if label not in ("nul byte", "overlong"))

    refusal = post_form(client, record, refused)
    printed.refresh_from_db()
    assert (refusal.status_code, refusal["Location"]) == (302, deliveries)
    assert printed.status != Delivery.Status.RECORDED
    shown = client.get(deliveries).content.decode()
    assert all(f"{label}:" in shown for label in ("How", "Delivered on", "Note"))

    recorded = post_form(
        client, record,
        {"method": "hand", "delivered_on": timezone.localdate().isoformat(), "note": note},
    )  # fmt: skip

    assert (recorded.status_code, recorded["Location"]) == (302, deliveries)
    printed.refresh_from_db()
    assert printed.status == Delivery.Status.RECORDED
    assert printed.note == as_received(note).strip()
    assert_pages_inert(client, [deliveries, f"/dashboard/{letter.slug}/audit/"])
