"""Hostile input through every field of every signing form: refused, or stored and shown inert."""

import csv
import io
import re

import pytest
from django.core import mail

from campaigns.models import Signature
from tests.factories import make_legislator, make_open_campaign
from tests.hostile.corpus import HOSTILE
from tests.hostile.wire import post_form
from tests.inert import active_content
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
TEXT_FIELDS = {
    "legislator": ["legislator", "signer_name", "signer_title", "email", "phone"],
    "organization": ["name", "signer_name", "signer_title", "email", "city", "state"],
    "individual": ["signer_name", "email", "city", "state", "affiliation"],
}
CASES = [
    (kind, field, label)
    for kind, fields in TEXT_FIELDS.items()
    for field in fields
    for label in HOSTILE
]


@pytest.mark.parametrize(("kind", "field", "label"), CASES)
def test_hostile_input_is_refused_or_kept_inert(
    client, alice, kind, field, label, django_capture_on_commit_callbacks
):
    make_legislator()
    campaign = make_open_campaign(
        alice, allows_organizations=True, allows_individuals=True, requires_approval=False
    )
    data = {**VALID[kind], "kind": kind, "version": 1, field: HOSTILE[label]}

    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, f"/letters/{campaign.slug}/sign/", data)

    assert response.status_code in (302, 400), response.status_code
    html = response.content.decode()
    our_form = frozenset({"<form>", "<input>"})
    assert active_content(html, allow=our_form) == [], html
    if response.status_code == 400:
        assert not Signature.objects.exists()
        assert "field__errors" in html or "form-errors" in html
        return

    signature = Signature.objects.get()
    assert "\x00" not in signature.name + signature.signer_name
    assert "\u202e" not in signature.name + signature.signer_name + signature.city
    confirm_from_email(client, django_capture_on_commit_callbacks)
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "Bcc" not in message.message().get("Bcc", "")
        # Mail clients need inline styles; ours are the only ones allowed.
        assert (
            active_content(message.alternatives[0][0], allow=frozenset({"style attribute"})) == []
        )
    for url in (f"/letters/{campaign.slug}/", f"/letters/{campaign.slug}/signers/"):
        page = client.get(url).content.decode()
        assert active_content(page, allow=our_form) == [], url
        assert "SECRET_KEY" not in page or "{{ settings.SECRET_KEY }}" in page

    client.force_login(alice)
    queue = client.get(f"/dashboard/{campaign.slug}/signatures/?show=all").content.decode()
    assert active_content(queue, allow=our_form) == []
    export = b"".join(client.get(f"/dashboard/{campaign.slug}/signatures.csv").streaming_content)
    for row in csv.reader(io.StringIO(export.decode())):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), row


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
