"""Hostile input through every field of the organizers' forms: refused, or stored and shown
inert on every page, in the widget and count.json, the CSV, the emails and the PDF."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, Delivery, Invitation, LetterVersion, Recipient, Signature
from tests.factories import LETTER_TEXT, add_signature, make_legislator, make_open_campaign
from tests.hostile.corpus import HOSTILE
from tests.hostile.surfaces import (
    assert_csv_inert,
    assert_email_inert,
    assert_emails_inert,
    assert_html_inert,
    assert_pages_inert,
    csv_cells,
    dashboard_urls,
    pdf_active_parts,
    pdf_text,
    public_urls,
    squeezed,
)
from tests.hostile.wire import post_form
from tests.pdfs import document_bytes
from tests.signing import confirm_from_email

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Form:
    path: str  # under /dashboard/<slug>/ unless absolute
    fields: list[str]
    shown_on: list[str]  # where its text comes back out


LETTER, DASHBOARD = "/letters/{slug}/", "/dashboard/{slug}/"
RECIPIENT_PAGES = [
    LETTER,
    DASHBOARD,
    f"{DASHBOARD}recipients/",
    f"{DASHBOARD}recipients/{{recipient}}/",
    f"{DASHBOARD}delivery/",
]
FORMS = {
    "new campaign": Form(
        "/dashboard/new/", ["title"],
        ["/dashboard/", DASHBOARD, f"{DASHBOARD}settings/", f"{DASHBOARD}letter/"],
    ),
    "settings": Form(
        "settings/",
        ["title", "summary", "letterhead", "salutation", "closing", "contact", "goal",
         "deadline_date", "deadline_time", "time_zone", "credit_style"],
        ["/", LETTER, f"{LETTER}signers/", f"{LETTER}sign/", f"{LETTER}embed/",
         f"{LETTER}count.json", DASHBOARD, f"{DASHBOARD}settings/", f"{DASHBOARD}letter/",
         f"{DASHBOARD}press/", f"{DASHBOARD}signatures/?show=all"],
    ),
    "draft settings": Form("settings/", ["slug"], [DASHBOARD, f"{DASHBOARD}settings/"]),
    "letter": Form("letter/", ["markdown", "change_note"],
                   [LETTER, f"{LETTER}sign/", f"{DASHBOARD}letter/", f"{DASHBOARD}versions/",
                    f"{DASHBOARD}versions/2/", f"{DASHBOARD}audit/"]),
    "letter preview": Form("letter/preview/", ["markdown"], []),
    "recipient add": Form("recipients/add/",
                          ["name", "title", "organization", "address", "email", "channel"],
                          RECIPIENT_PAGES),
    "recipient edit": Form("recipients/{recipient}/", ["name", "title", "address", "email"],
                           RECIPIENT_PAGES),
    "invitation": Form("team/invite/", ["email", "role"], [f"{DASHBOARD}team/"]),
    "rejection": Form("signatures/action/", ["reason"],
                      [f"{DASHBOARD}signatures/?show=all", f"{DASHBOARD}audit/"]),
}  # fmt: skip
CASES = [
    (name, field, label)
    for name, form in FORMS.items()
    for field in form.fields
    for label in HOSTILE
]
# One line of display text, like the signers' own fields: no line breaks, no direction overrides.
ONE_LINE = {
    Campaign: ["title", "letterhead", "salutation", "closing", "contact"],
    Recipient: ["name", "title", "organization"],
    LetterVersion: ["change_note"],
    Signature: ["rejection_reason"],
}
LINE_BREAKS_AND_OVERRIDES = set(
    "\r\n\x85\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def valid_data(form: str, letter: Campaign) -> dict[str, object]:
    """What an organizer would ordinarily send with each form."""
    deadline = timezone.localtime(letter.deadline, letter.zone)
    settings_data = {
        "title": "Suspend the raids", "slug": letter.slug, "summary": "146 Members ask.",
        "letterhead": "Congress of the United States", "salutation": "Dear President Obama:",
        "closing": "Sincerely,", "contact": "Alex Rivera, 202-225-3072", "goal": "150",
        "deadline_date": deadline.date().isoformat(), "deadline_time": "18:00",
        "time_zone": "America/New_York", "allows_legislators": "on",
        "allows_individuals": "on", "signer_order": "last_name", "credit_style": "ap",
    }  # fmt: skip
    recipient_data = {
        "name": "Secretary Jeh Johnson", "title": "Secretary of Homeland Security",
        "organization": "Department of Homeland Security", "email": "secretary@dhs.example",
        "address": "245 Murray Lane SW\nWashington, DC 20528", "channel": "print",
    }  # fmt: skip
    if form in ("settings", "draft settings"):
        return settings_data
    if form in ("recipient add", "recipient edit"):
        return recipient_data
    if form == "rejection":
        signature = letter.signatures.get()
        return {
            "action": "reject",
            "ids": [str(signature.pk)],
            "reason": "Not the office's address",
        }
    return {
        "new campaign": {"title": "Protect the children"},
        "letter": {"markdown": LETTER_TEXT + "\n3. Stop the raids.\n", "change_note": "Typo"},
        "letter preview": {"markdown": LETTER_TEXT},
        "invitation": {"email": "dan@example.org", "role": "editor"},
    }[form]


def stored_rows() -> list[list[dict]]:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Campaign, Recipient, Invitation, LetterVersion, Signature)
    ]


def stored_strings() -> list[str]:
    return [
        value
        for rows in stored_rows()
        for row in rows
        for value in row.values()
        if isinstance(value, str)
    ]


@pytest.fixture
def letter(alice):
    """Alice's open letter: one Member has signed it, and anyone may sign."""
    campaign = make_open_campaign(
        alice, allows_individuals=True, requires_approval=False, goal=150,
        letterhead="Congress of the United States", contact="Alex Rivera, 202-225-3072",
    )  # fmt: skip
    add_signature(campaign, make_legislator(), is_lead=True, lead_position=1)
    return campaign


def witness_signs(campaign: Campaign, callbacks) -> None:
    """Someone signs after the change, so that the confirmation email carries it."""
    if not campaign.accepting_signatures:
        return
    details = services.SignerDetails(
        kind="individual", email="wendy@example.org", signer_name="Wendy Witness",
        city="Oakland", state="CA",
    )  # fmt: skip
    with callbacks(execute=True):
        services.signature_create(
            campaign=campaign, version_number=campaign.current_version.number, details=details
        )


@pytest.mark.parametrize(("form", "field", "label"), CASES)
def test_hostile_input_is_refused_or_kept_inert(
    client, alice, letter, request, form, field, label, django_capture_on_commit_callbacks
):
    """An organizer types it into one field: the form refuses it, or it is stored and comes
    back out inert wherever that form's text is shown, and in the emails that follow."""
    campaign = request.getfixturevalue("draft") if form == "draft settings" else letter
    recipient = campaign.recipients.first().pk
    path = FORMS[form].path.format(recipient=recipient)
    url = path if path.startswith("/") else f"/dashboard/{campaign.slug}/{path}"
    client.force_login(alice)
    before = stored_rows()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, url, {**valid_data(form, campaign), field: HOSTILE[label]})

    html = response.content.decode()
    if form == "letter preview":  # a fragment of the editing page, never stored
        assert response.status_code in (200, 400), response.status_code
        assert_html_inert(html, where="preview")
        assert stored_rows() == before
        return
    if response.status_code != 302:
        assert response.status_code in (200, 400), response.status_code
        assert "field__errors" in html or "form-errors" in html
        assert_html_inert(html, where=url)
        assert stored_rows() == before
        return

    assert not any("\x00" in value for value in stored_strings())
    for model, names in ONE_LINE.items():
        for row in model.objects.values(*names):
            assert not LINE_BREAKS_AND_OVERRIDES & set("".join(row.values())), row
    if form == "new campaign":
        campaign = Campaign.objects.get(slug=response["Location"].split("/")[2])
    campaign = Campaign.objects.get(pk=campaign.pk)
    witness_signs(campaign, django_capture_on_commit_callbacks)
    assert_emails_inert(mail.outbox)
    newest = campaign.recipients.last()
    assert_pages_inert(
        client,
        [
            page.format(slug=campaign.slug, recipient=newest.pk if newest else None)
            for page in FORMS[form].shown_on
        ],
    )
    assert_csv_inert(client, campaign)


def test_a_title_with_ampersands_and_quotes_reaches_email_subjects_as_typed(
    client, alice, letter, django_capture_on_commit_callbacks
):
    """Subjects are plain text: “Jobs & Justice” must not arrive as “Jobs &amp; Justice”."""
    title = 'Jobs & Justice: "Children\'s" <Health> Act'
    client.force_login(alice)
    settings_data = {**valid_data("settings", letter), "title": title}
    saved = post_form(client, f"/dashboard/{letter.slug}/settings/", settings_data)
    assert saved.status_code == 302

    witness_signs(Campaign.objects.get(pk=letter.pk), django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.subject == f"Confirm your signature on “{title}”"
    assert_email_inert(message)


# One letter with every field hostile at once, rendered, delivered and exported --------------

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


def test_a_letter_hostile_everywhere_renders_delivers_and_exports_inert(
    client, alice, django_capture_on_commit_callbacks
):
    """An organizer fills every field with hostile text, hostile signers sign, and the letter is
    rendered, delivered by email and by hand, and exported: all of it shows that text as text."""
    callbacks = django_capture_on_commit_callbacks
    client.force_login(alice)
    campaign = publish_a_hostile_letter(client)
    dashboard = f"/dashboard/{campaign.slug}"
    hostile_signers_sign(campaign, callbacks)
    scripted = campaign.signatures.get(signer_name=HOSTILE["script"])
    lead = {"action": "lead", "ids": [str(scripted.pk)]}
    assert post_form(client, f"{dashboard}/signatures/action/", lead).status_code == 302

    with callbacks(execute=True):
        client.post(f"{dashboard}/documents/generate/")

    document = campaign.documents.get()
    assert document.status == "ready", document.error
    pdf = document_bytes(document)
    assert pdf_active_parts(pdf) == []
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

    with callbacks(execute=True):
        assert client.post(f"{dashboard}/delivery/start/").status_code == 302

    emailed = campaign.deliveries.get(channel="email")
    assert emailed.status == Delivery.Status.SENT, emailed.last_error
    [letter_email] = [m for m in mail.outbox if "president@whitehouse.example" in m.to]
    [(_name, attached, mimetype)] = letter_email.attachments
    assert mimetype == "application/pdf" and pdf_active_parts(attached) == []
    assert_emails_inert(mail.outbox)  # confirmations, receipts, the milestone, the letter
    printed = campaign.deliveries.get(channel="print")
    packet = client.get(f"{dashboard}/delivery/{printed.pk}/packet.pdf")
    packet_pdf = b"".join(packet.streaming_content)
    assert pdf_active_parts(packet_pdf) == []
    assert HOSTILE["svg onload"] in pdf_text(packet_pdf)  # the cover: the recipient's address
    record = {"method": "hand", "delivered_on": timezone.localdate().isoformat(),
              "note": HOSTILE["subject injection"] + HOSTILE["csv formula"]}  # fmt: skip
    recorded = post_form(client, f"{dashboard}/delivery/{printed.pk}/record/", record)
    assert recorded.status_code == 302
    printed.refresh_from_db()
    assert printed.status == Delivery.Status.RECORDED

    campaign = Campaign.objects.get(pk=campaign.pk)
    assert_pages_inert(client, [*dashboard_urls(campaign), *public_urls(campaign)])
    assert_csv_inert(client, campaign)
    [_header, *rows] = csv_cells(client, campaign)
    assert len(rows) == len(SIGNERS)
    assert "'" + HOSTILE["csv formula"] in [cell for row in rows for cell in row]
