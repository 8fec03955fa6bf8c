"""The hostile corpus through each signing form at once: what the cleaners accept is stored
exactly as they clean it and shown inert; what they refuse is refused, field by field.

The cleaners themselves meet any input at all in test_properties.py; here each form is tried
with every entry of the corpus, spread over its text fields in a few payloads."""

import re
from html import escape

import pytest
from django.core import mail

from campaigns.signatures.forms import SIGN_FORMS, ResendForm
from campaigns.signatures.models import Signature
from cosign.fields import plain_text
from tests.factories import make_legislator, make_open_campaign
from tests.hostile.corpus import HOSTILE, spread
from tests.hostile.surfaces import (
    assert_csv_inert,
    assert_emails_inert,
    assert_html_inert,
    assert_pages_inert,
    dashboard_urls,
    public_urls,
)
from tests.hostile.wire import as_received, post_form
from tests.signing import confirm_from_email

pytestmark = pytest.mark.django_db

VALID = {
    "legislator": {
        "legislator": "L000397", "signer_name": "Alex Rivera", "signer_title": "LD",
        "email": "alex@mail.house.gov", "phone": "202-225-3072", "attested": "on",
    },
    "organization": {
        "name": "Kids in Need of Defense", "signer_name": "Wendy Young", "signer_title": "President",
        "email": "wendy@kind.example", "city": "Washington", "state": "DC",
    },
    "individual": {
        "signer_name": "Maria Lopez", "email": "maria@example.org", "city": "Oakland",
        "state": "CA", "affiliation": "Teacher", "show_name": "on",
    },
}  # fmt: skip
# The free-text fields and how many characters each takes: the corpus is spread over these.
TEXT_FIELDS = {
    "legislator": {"signer_name": 200, "signer_title": 200},
    "organization": {"name": 200, "signer_name": 200, "signer_title": 200, "city": 100},
    "individual": {"signer_name": 200, "city": 100, "affiliation": 200},
}
# One payload per kind that every other field refuses: each field named here, and only these,
# must carry an error.
REFUSED = {
    "legislator": {
        "legislator": "\u0405000033",  # a Cyrillic Ѕ: a lookalike of a Member's id
        "signer_name": HOSTILE["overlong"], "signer_title": HOSTILE["nul byte"] + "x" * 200,
        "email": HOSTILE["email with crlf"], "phone": HOSTILE["csv plus"],
    },
    "organization": {
        "name": HOSTILE["overlong"], "signer_name": HOSTILE["script"] * 7,
        "signer_title": "x" * 201, "email": HOSTILE["email list"], "city": HOSTILE["sql"] * 3,
        "state": HOSTILE["sql"],
    },
    "individual": {
        "signer_name": HOSTILE["overlong"], "email": HOSTILE["header injection"],
        "city": "y" * 101, "state": HOSTILE["homoglyph office"][-2:],
        "affiliation": HOSTILE["unicode"] * 10,
    },
}  # fmt: skip
# Fields that take no text: nothing typed into them reaches a page.
NOT_TEXT = {"version", "website", "attested", "show_name", "keep_as_contact"}
# Entries too long for any one field: the refused payloads carry them.
TOO_LONG = {"overlong"}

# What is kept apart, as the signer's contact details, rather than on the signature.
CONTACT_FIELDS = {"email", "signer_name", "signer_title", "phone"}


def test_every_field_of_every_signing_form_gets_hostile_input():
    """A new field without hostile input here fails."""
    for kind, form in SIGN_FORMS.items():
        fields = set(form.base_fields) - NOT_TEXT
        assert set(REFUSED[kind]) == fields, kind
        assert set(TEXT_FIELDS[kind]) <= fields, kind
    assert set(ResendForm.base_fields) == {"email"}  # tried in the resend test below


@pytest.mark.parametrize("kind", sorted(SIGN_FORMS))
def test_a_form_full_of_hostile_text_stores_it_cleaned_and_shows_it_inert(
    client, alice, kind, django_capture_on_commit_callbacks
):
    """Every corpus entry, in some text field: signed, stored exactly as cleaned, confirmed, and
    shown inert on every page, in the emails and in the CSV. Then a payload whose every field
    is refused: a 400 that names each field, and nothing stored."""
    callbacks = django_capture_on_commit_callbacks
    campaign = make_open_campaign(
        alice, allows_organizations=True, allows_individuals=True, requires_approval=False
    )
    payloads = spread([label for label in HOSTILE if label not in TOO_LONG], TEXT_FIELDS[kind])
    sign = f"/letters/{campaign.slug}/sign/"

    for n, hostile in enumerate(payloads):
        data = {**VALID[kind], "kind": kind, "version": 1, **hostile}
        data["email"] = f"signer{n}@{VALID[kind]['email'].split('@')[1]}"
        if kind == "legislator":  # one office signs once: each payload is another Member's
            data["legislator"] = make_legislator(f"L{n:06d}").bioguide_id
        with callbacks(execute=True):
            response = post_form(client, sign, data)

        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == f"{sign}check-email/"
        signature = Signature.objects.get(contact__email=data["email"])
        for field, value in hostile.items():
            stored = (
                getattr(signature.contact, field)
                if field in CONTACT_FIELDS
                else signature.name
                if field == "name"
                else getattr(signature, field)
            )
            assert stored == plain_text(as_received(value)), field
        confirm_from_email(client, callbacks)

    # A mail.house.gov address does not name the office: a Member's staffer waits for approval.
    counted = Signature.Status.CONFIRMED if kind == "legislator" else Signature.Status.APPROVED
    assert list(Signature.objects.values_list("status", flat=True)) == [counted] * len(payloads)
    assert_emails_inert(mail.outbox)
    client.force_login(alice)
    assert_pages_inert(client, [*public_urls(campaign), *dashboard_urls(campaign)])
    queue = client.get(f"/dashboard/{campaign.slug}/signatures/?show=all").content.decode()
    for signature in Signature.objects.all():
        assert escape(signature.contact.signer_name) in queue, signature.contact.signer_name
    assert_csv_inert(client, campaign)

    before = Signature.objects.count()
    refused = post_form(client, sign, {**VALID[kind], "kind": kind, "version": 1, **REFUSED[kind]})

    assert refused.status_code == 400
    html = refused.content.decode()
    assert_html_inert(html, where=sign)
    shown = refused.context["form"]
    assert set(shown.errors) == set(REFUSED[kind]), shown.errors
    assert Signature.objects.count() == before


def test_a_new_link_is_never_sent_to_a_hostile_address(client, alice):
    campaign = make_open_campaign(alice, allows_individuals=True)
    resend = f"/letters/{campaign.slug}/sign/new-link/"
    for label in ("email with crlf", "email list", "header injection", "script", "nul byte"):
        response = post_form(client, resend, {"email": HOSTILE[label]})

        assert response.status_code == 400, label
        assert set(response.context["form"].errors) == {"email"}, label
        assert_html_inert(response.content.decode(), where=resend)
    assert mail.outbox == []


def test_a_lookalike_office_is_listed_as_what_signed_never_as_a_member(
    client, alice, django_capture_on_commit_callbacks
):
    """A person signing as Nаncy Pelosi (a Cyrillic а) and an organization calling itself the
    Office of Sen. Bеrnie Sаnders are listed as what they are; neither becomes a Member, and a
    lookalike of the Member's id is refused."""
    make_legislator("S000033", display_name="Bernie Sanders", last_name="Sanders",
                    chamber="senate", title="Sen.", state="VT", district=None,
                    party="Independent", website_host="sanders.senate.gov")  # fmt: skip
    campaign = make_open_campaign(
        alice, allows_organizations=True, allows_individuals=True, requires_approval=False
    )
    signing = [
        {**VALID["individual"], "kind": "individual", "signer_name": HOSTILE["homoglyph member"]},
        {**VALID["organization"], "kind": "organization", "name": HOSTILE["homoglyph office"]},
    ]
    for data in signing:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_form(client, f"/letters/{campaign.slug}/sign/", {**data, "version": 1})
        assert response.status_code == 302
        confirm_from_email(client, django_capture_on_commit_callbacks)
    lookalike_id = {
        **VALID["legislator"],
        "kind": "legislator",
        "version": 1,
        "legislator": "\u0405000033",  # a Cyrillic Ѕ
        "email": "aide@sanders.senate.gov",
    }
    refused = post_form(client, f"/letters/{campaign.slug}/sign/", lookalike_id)

    assert refused.status_code == 400
    assert not Signature.objects.filter(legislator__isnull=False).exists()
    assert sorted(Signature.objects.values_list("list_group", flat=True)) == [
        Signature.Group.ORGANIZATIONS, Signature.Group.INDIVIDUALS,
    ]  # fmt: skip
    count = client.get(f"/letters/{campaign.slug}/count.json").json()
    assert count["count"] == 2 and count["by_chamber"] == {} and count["by_party"] == {}
    signers = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    groups = re.findall(r'class="signer-list__group">([^<]*)<', signers)
    assert groups == ["Organizations", "Individuals"]
