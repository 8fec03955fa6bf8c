"""Everywhere stored text comes back out, and the checks that it comes out inert: pages, the
widget, count.json, the CSV export, emails and PDFs."""

import csv
import email
import email.policy
import io
import json
import re
from io import BytesIO

import pikepdf
import pypdfium2
from django.conf import settings
from django.test import Client

from campaigns.letters.models import Campaign, Invitation
from campaigns.signatures.models import Signature
from cosign import tokens
from tests.inert import active_content

OUR_FORMS = frozenset({"<form>", "<input>"})
# Mail clients ignore stylesheets, so our emails carry inline styles; nothing else is allowed.
OUR_MAIL_STYLES = frozenset({"style attribute"})
HEADERS_WE_SEND = {
    "Content-Type", "MIME-Version", "Content-Transfer-Encoding", "Subject", "From", "To",
    "Reply-To", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post",
}  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# PDF names that run something, open something, or act when the document is opened.
PDF_ACTIVE_NAMES = {
    "/JavaScript", "/JS", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/RichMedia",
    "/EmbeddedFile", "/EmbeddedFiles", "/GoToR", "/GoToE", "/AA", "/OpenAction", "/AcroForm",
    "/XFA", "/Sound", "/Movie", "/Rendition",
}  # fmt: skip
PDF_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Dashboard pages that preview our own output: the widget in a frame, a PDF's first page.
OUR_PREVIEWS = {"/press/": ("iframe", "/letters/"), "/documents/": ("img", "/dashboard/")}


# Where each URL of the campaigns app is checked for hostile text coming back out. A new URL
# without an entry fails test_surfaces.py.
PAGE, CSV, PDF = "a page", "the CSV export", "a PDF"
SHOWN_BY = {
    **dict.fromkeys(
        ["home", "letter", "signers", "sign", "embed", "count_json", "check_email", "resend",
         "confirm", "confirmed", "withdraw", "forget", "invitation", "dashboard", "new",
         "overview", "settings", "letter_edit", "versions", "version", "recipients",
         "recipient_add", "recipient_edit", "signatures", "press", "audit", "deliveries",
         "documents", "team", "tracker", "targets", "target_edit", "outreach",
         "outreach_compose", "outreach_review", "reminders", "reminder_add", "reminder_edit",
         "leave_address_book", "member_office", "revision", "revision_publish", "reconfirm",
         "close", "release", "delivery_start", "letter_webhooks", "webhooks"],
        PAGE,
    ),
    "signatures_csv": CSV,
    "tracker_csv": "Members' names from the directory and the team's notes, neutralized as in "
    "the signatures CSV (csv_export.neutralize)",
    "tracker_stream": "a bare \"changed\" event; the page then fetches itself (a 204 outside ASGI)",
    **dict.fromkeys(["document_file", "letter_pdf", "delivery_packet"], PDF),
    "document_preview": "an image of a PDF's first page: pixels run nothing",
    "document_progress": "numbers and a status word, nothing typed in",
    "count_stream": "numbers, as count.json (a 204 outside ASGI)",
    "member_search": "Members' names, searched with hostile queries in test_query_params.py",
    "letter_preview": "the rendered Markdown, in test_organizer_forms.py",
    **dict.fromkeys(
        ["publish", "recipient_delete", "recipient_pick", "signatures_action",
         "delivery_schedule", "delivery_cancel", "delivery_retry", "delivery_record",
         "document_generate", "invite", "invitation_cancel", "member_role",
         "member_remove", "circulation_link", "tracker_action", "sign_from",
         "reminder_cancel", "duplicate", "archive", "my_emails", "revision_discard",
         "webhook_test", "webhook_resume", "webhook_resend", "webhook_delete"],
        "a redirect: what it changed is shown on the pages",
    ),
    **dict.fromkeys(
        ["webhook", "webhook_rotate"],
        "an endpoint's log and secret, with a receiver answering hostile text, in "
        "tests/webhooks/test_pages.py",
    ),
    **dict.fromkeys(["tokens", "token_new"], PAGE),
    "token_revoke": "a redirect: what it changed is shown on the pages",
    **dict.fromkeys(
        ["entry_point", "petitions", "petition", "signature_list", "signature_detail",
         "record_signature_helper", "offices", "not_found"],
        "JSON (HAL), never HTML: a hostile letter and signers come back as JSON strings, in "
        "tests/api/test_hostile.py",
    ),
    "schema": "the OpenAPI schema: our own declarations, no stored text",
    "docs": "drf-spectacular's page from the sidecar's static files; no stored text",
    "delete": "a draft's confirmation (a published letter's is a redirect), checked with a hostile "
    "title in tests/letters/test_several_letters.py",
}  # fmt: skip


def public_urls(campaign: Campaign) -> list[str]:
    letter = f"/letters/{campaign.slug}"
    pages = ("", "signers/", "sign/", "sign/check-email/", "sign/new-link/", "embed/", "count.json")
    return ["/", *(f"{letter}/{page}" for page in pages)]


def token_urls(signature: Signature, invitation: Invitation) -> list[str]:
    """The pages a signer's, an invitee's and a staff contact's links open."""
    letter = f"/letters/{signature.campaign.slug}"
    confirm = tokens.make_token(tokens.CONFIRM, signature.pk)
    return [
        f"{letter}/confirm/{confirm}/",
        f"{letter}/confirm/{confirm}/done/",
        f"{letter}/withdraw/{tokens.make_token(tokens.WITHDRAW, signature.pk)}/",
        f"{letter}/forget/{tokens.make_token(tokens.FORGET, signature.pk)}/",
        f"{letter}/reconfirm/{tokens.make_token(tokens.RECONFIRM, signature.pk)}/",
        f"/invitations/{tokens.make_token(tokens.INVITATION, invitation.pk)}/",
        "/contacts/leave/"
        + tokens.make_address_token(
            tokens.LEAVE_ADDRESS_BOOK, signature.campaign.created_by_id, signature.contact.email
        )
        + "/",
    ]


def dashboard_urls(campaign: Campaign) -> list[str]:
    base = f"/dashboard/{campaign.slug}"
    return [
        "/dashboard/",
        "/dashboard/new/",
        "/webhooks/",
        "/accounts/api-tokens/",
        "/accounts/api-tokens/new/",
        *(
            f"{base}/{page}"
            for page in (
                "", "settings/", "letter/", "versions/", "recipients/", "recipients/add/", "team/",
                "signatures/?show=all", "press/", "audit/", "delivery/", "documents/",
                "offices/", "offices/add/", "outreach/", "outreach/new/", "offices/reminders/",
                "offices/reminders/add/", "versions/next/", "versions/next/publish/",
                "versions/next/publish/?kind=substantive&reconfirm_by=2099-01-01", "close/",
                "release/", "delivery/start/", "webhooks/",
            )
        ),
        *(f"{base}/offices/{pk}/" for pk in campaign.targets.values_list("pk", flat=True)),
        *(f"{base}/team/{pk}/office/" for pk in campaign.members.values_list("pk", flat=True)),
        *(f"{base}/outreach/{pk}/" for pk in campaign.dear_colleagues.values_list("pk", flat=True)),
        *(
            f"{base}/offices/reminders/{pk}/"
            for pk in campaign.reminders.values_list("pk", flat=True)
        ),
        *(f"{base}/versions/{n}/" for n in campaign.versions.values_list("number", flat=True)),
        *(f"{base}/recipients/{pk}/" for pk in campaign.recipients.values_list("pk", flat=True)),
    ]  # fmt: skip


def assert_html_inert(html: str, *, where: str, allow: frozenset[str] = OUR_FORMS) -> None:
    assert active_content(html, allow=allow) == [], where
    assert settings.SECRET_KEY not in html, where  # no template tag in a value was run


def assert_pages_inert(organizer: Client, urls: list[str]) -> None:
    """Each page answers and is inert: the dashboard's seen by `organizer`, the rest by anyone."""
    anyone = Client()
    for url in urls:
        signed_in = url.startswith(("/dashboard/", "/invitations/", "/webhooks/", "/accounts/"))
        response = (organizer if signed_in else anyone).get(url)
        assert response.status_code == 200, (url, response.status_code)
        if url.endswith("/count.json"):
            assert_count_json_sound(response, slug=url.split("/")[2])
            continue
        html = response.content.decode()
        # Other sites frame the widget: it has not even a form.
        allow = frozenset() if url.endswith("/embed/") else OUR_FORMS
        for page, (tag, own) in OUR_PREVIEWS.items():
            if url.endswith(page):
                sources = re.findall(rf'<{tag}[^>]*\ssrc="([^"]*)"', html)
                assert all(src.startswith(own) for src in sources), (url, sources)
                allow |= {f"<{tag}>"}
        assert_html_inert(html, where=url, allow=allow)


def assert_count_json_sound(response, *, slug: str) -> None:
    """Other sites' scripts read count.json: numbers and our own words, nothing typed in."""
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["slug"] == slug
    assert isinstance(document["count"], int)


def csv_cells(client: Client, campaign: Campaign) -> list[list[str]]:
    response = client.get(f"/dashboard/{campaign.slug}/signatures.csv")
    assert response.status_code == 200
    export = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(export)))


def assert_csv_inert(client: Client, campaign: Campaign) -> None:
    for row in csv_cells(client, campaign):
        assert not any(cell.startswith(FORMULA_STARTS) for cell in row), row


def assert_email_inert(message) -> None:
    """One line of subject, only our headers, only the intended recipients, inert HTML."""
    subject = message.subject
    assert subject == " ".join(subject.split()), repr(subject)
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    assert set(parsed.keys()) <= HEADERS_WE_SEND, parsed.keys()
    assert str(parsed["Subject"]).strip() == subject, parsed["Subject"]
    for address in message.recipients():
        assert "victim@" not in address and not set(address) & set('\r\n ,<>"'), address
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert_html_inert(html, where=f"email {subject!r}", allow=OUR_MAIL_STYLES)


def assert_emails_inert(messages) -> None:
    for message in messages:
        assert_email_inert(message)


def pdf_text(data: bytes) -> str:
    """The PDF's text layer, page after page, as a reader copying it would get it."""
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def squeezed(text: str) -> str:
    """Text without its whitespace: where the PDF wrapped a line no longer matters."""
    return "".join(text.split())


def pdf_active_parts(data: bytes) -> list[str]:
    """Whatever in a PDF could run, open or fetch something; empty when it is inert."""
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(BytesIO(data)) as pdf:
        stack = [pdf.trailer]
        while stack:
            obj = stack.pop()
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            if isinstance(obj, pikepdf.Stream):
                obj = obj.stream_dict
            if isinstance(obj, pikepdf.Dictionary):
                for key, value in obj.items():
                    if key in PDF_ACTIVE_NAMES:
                        problems.append(key)
                    if key == "/URI" and not str(value).lower().startswith(PDF_LINK_SCHEMES):
                        problems.append(f"/URI {str(value)!r}")
                    stack.extend(_containers([value]))
            else:
                stack.extend(_containers(obj))
    return problems


def _containers(values) -> list:
    return [v for v in values if isinstance(v, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)]
