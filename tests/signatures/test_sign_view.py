"""Signing a letter, end to end through the pages, for each kind of signer."""

import pytest
from django.core import mail

from campaigns.signatures.models import Signature
from tests.factories import make_legislator, make_open_campaign, revise
from tests.signing import confirm_from_email, link_in, sign, sign_member

pytestmark = pytest.mark.django_db


def test_a_house_staffer_signs_confirms_and_is_counted_once_approved(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, requires_approval=False)

    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "Alex.Rivera@mail.house.gov"
    )

    assert response["Location"] == f"/letters/{campaign.slug}/sign/check-email/"
    assert "alex.rivera@mail.house.gov" in client.get(response["Location"]).content.decode()
    signature = Signature.objects.get()
    assert signature.status == "unconfirmed"
    assert signature.contact.email == "alex.rivera@mail.house.gov"
    assert signature.verification == "house_email"
    assert signature.version == campaign.current_version
    assert signature.contact.ip_hash and "127.0.0.1" not in signature.contact.ip_hash
    (message,) = mail.outbox
    assert message.to == ["alex.rivera@mail.house.gov"]
    assert "Rep. Zoe Lofgren, D-Calif." in message.body
    assert link_in(message, "confirm") in message.alternatives[0][0]

    confirm_from_email(client, django_capture_on_commit_callbacks)
    signature.refresh_from_db()
    # mail.house.gov does not say which office: an organizer must approve, whatever the campaign.
    assert signature.status == "confirmed"
    assert "with the organizers" in mail.outbox[-1].subject.lower()
    assert campaign.signatures.counted().count() == 0

    client.force_login(alice)
    queue = client.get(f"/dashboard/{campaign.slug}/signatures/").content.decode()
    assert "alex.rivera@mail.house.gov" in queue
    assert "202-225-3072" in queue  # the office's DC phone, to call back
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/dashboard/{campaign.slug}/signatures/action/",
            {"row_action": f"approve:{signature.pk}"},
        )
    signature.refresh_from_db()
    assert signature.status == "approved"
    assert signature.decided_by == alice
    assert "You’re on the letter" in mail.outbox[-1].subject

    client.logout()
    listing = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert "Rep. Zoe Lofgren, D-Calif." in listing
    assert "alex.rivera" not in listing
    letter = client.get(f"/letters/{campaign.slug}/").content.decode()
    assert '<span class="count-box__value" data-count-value>1</span>' in letter


def test_a_senate_staffer_from_the_office_domain_is_counted_on_confirmation(
    client, alice, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, requires_approval=False)

    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "staffer@sanders.senate.gov"
    )
    confirm_from_email(client, django_capture_on_commit_callbacks)

    signature = Signature.objects.get()
    assert (signature.verification, signature.status) == ("senate_office", "approved")
    assert (
        "Sen. Bernie Sanders, I-Vt."
        in client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    )


def test_when_the_campaign_wants_approval_a_senate_sign_on_waits_for_it(
    client, alice, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice, requires_approval=True)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "staffer@sanders.senate.gov"
    )
    confirm_from_email(client, django_capture_on_commit_callbacks)
    assert Signature.objects.get().status == "confirmed"


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("staffer@gmail.com", "must come from an address at sanders.senate.gov"),
        ("staffer@leahy.senate.gov", "must come from an address at sanders.senate.gov"),
        ("staffer@mail.house.gov", "must come from an address at sanders.senate.gov"),
    ],
)
def test_a_senate_sign_on_from_another_domain_is_refused(
    client, alice, sanders, django_capture_on_commit_callbacks, email, message
):
    campaign = make_open_campaign(alice)
    response = sign_member(client, campaign, django_capture_on_commit_callbacks, sanders, email)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Signature.objects.exists()
    assert mail.outbox == []


def test_a_house_sign_on_from_a_private_address_is_refused_unless_the_campaign_accepts_it(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    strict = make_open_campaign(alice, title="Strict")
    refused = sign_member(
        client, strict, django_capture_on_commit_callbacks, lofgren, "me@gmail.com"
    )
    assert "must come from a mail.house.gov address" in refused.content.decode()

    lenient = make_open_campaign(
        alice, title="Lenient", accepts_unverified=True, requires_approval=False
    )
    sign_member(client, lenient, django_capture_on_commit_callbacks, lofgren, "me@gmail.com")
    confirm_from_email(client, django_capture_on_commit_callbacks)

    signature = lenient.signatures.get()
    assert (signature.verification, signature.status) == ("unverified", "approved")
    for page in (f"/letters/{lenient.slug}/signers/", f"/letters/{lenient.slug}/"):
        html = client.get(page).content.decode()
        assert 'Rep. Zoe Lofgren, D-Calif. <span class="unverified"' in html, page


def test_an_organization_signs_and_is_credited_with_its_place(
    client, alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(
        alice, allows_legislators=False, allows_organizations=True, requires_approval=False
    )
    response = sign(
        client, campaign, django_capture_on_commit_callbacks,
        kind="organization", name="Kids in Need of Defense", signer_name="Wendy Young",
        signer_title="President", email="wendy@supportkind.example", city="Washington", state="DC",
    )  # fmt: skip
    assert response.status_code == 302
    confirm_from_email(client, django_capture_on_commit_callbacks)

    signature = Signature.objects.get()
    assert signature.status == "approved"
    assert signature.credit() == "Kids in Need of Defense, Washington, D.C."
    assert signature.credit("postal") == "Kids in Need of Defense (Washington, DC)"
    listing = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert "Kids in Need of Defense, Washington, D.C." in listing
    assert "Wendy" not in listing


def test_an_individual_can_sign_without_showing_their_name(
    client, alice, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(
        alice, allows_legislators=False, allows_individuals=True, requires_approval=False,
        credit_style="postal",
    )  # fmt: skip
    sign(
        client, campaign, django_capture_on_commit_callbacks,
        kind="individual", signer_name="Maria Velázquez", email="maria@example.org",
        city="Oakland", state="CA", affiliation="Teacher",
    )  # fmt: skip
    confirm_from_email(client, django_capture_on_commit_callbacks)

    listing = client.get(f"/letters/{campaign.slug}/signers/").content.decode()
    assert "Name withheld (Oakland, CA)" in listing
    assert "Velázquez" not in listing and "Teacher" not in listing


def test_the_sign_page_offers_only_the_kinds_the_campaign_allows(client, alice):
    members_only = make_open_campaign(alice, title="Members")
    page = client.get(f"/letters/{members_only.slug}/sign/").content.decode()
    assert "Find the Member by name" in page
    assert "Organization" not in page
    # The honeypot is there for bots, hidden from people and screen readers.
    assert '<div class="honeypot" aria-hidden="true">' in page

    refused = client.get(f"/letters/{members_only.slug}/sign/?kind=organization").content.decode()
    assert "Find the Member by name" in refused  # an unknown kind falls back to the only one

    mixed = make_open_campaign(
        alice, title="Mixed", allows_organizations=True, allows_individuals=True
    )
    choose = client.get(f"/letters/{mixed.slug}/sign/").content.decode()
    assert "For a Member of Congress" in choose
    assert "As an individual" in choose


def test_finding_a_member_works_without_javascript_and_keeps_what_was_typed(client, alice, lofgren):
    campaign = make_open_campaign(alice)
    response = client.post(
        f"/letters/{campaign.slug}/sign/",
        {"kind": "legislator", "find": "1", "q": "lofgren", "signer_name": "Alex Rivera",
         "version": campaign.current_version.number},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="L000397"' in page
    assert 'value="Alex Rivera"' in page
    assert "This field is required" not in page


def test_the_member_search_answers_as_you_type(client, alice, lofgren, sanders):
    campaign = make_open_campaign(alice)
    data = client.get(f"/letters/{campaign.slug}/sign/members/?q=VT").json()
    assert data["results"] == [
        {
            "id": "S000033",
            "label": "Sen. Bernie Sanders, I-Vt.",
            "seat": "VT Senate",
            "already_signed": False,
        }
    ]
    assert (
        client.get(f"/letters/{campaign.slug}/sign/members/?q=CA-18").json()["results"][0]["id"]
        == "L000397"
    )
    assert client.get(f"/letters/{campaign.slug}/sign/members/?q=x").json()["results"] == []


def test_a_former_member_cannot_be_signed_on(client, alice, django_capture_on_commit_callbacks):
    former = make_legislator(
        "G000535", display_name="Luis Gutiérrez", last_name="Gutiérrez", in_office=False
    )
    campaign = make_open_campaign(alice)
    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, former, "x@mail.house.gov"
    )
    assert "Choose a sitting Member" in response.content.decode()
    assert not Signature.objects.exists()


def test_signing_a_draft_or_closed_letter_is_refused(
    client, alice, draft, lofgren, django_capture_on_commit_callbacks
):
    assert client.get(f"/letters/{draft.slug}/sign/").status_code == 404
    campaign = make_open_campaign(alice, title="Closed")
    campaign.close()
    page = client.get(f"/letters/{campaign.slug}/sign/")
    assert "not taking signatures" in page.content.decode()
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    assert not Signature.objects.exists()


def test_a_form_for_an_older_text_is_refused_and_shows_the_new_one(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    revise(campaign, "A new text.", by=alice, kind="correction")
    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov", version=1
    )
    page = response.content.decode()
    assert "text changed while you were reading" in page
    assert 'name="version" value="2"' in page
    assert not Signature.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_ignored(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov",
        website="http://spam.example",
    )  # fmt: skip
    # The answer a real signer gets, down to the address the link "went" to.
    assert response["Location"] == f"/letters/{campaign.slug}/sign/check-email/"
    assert "a@mail.house.gov" in client.get(response["Location"]).content.decode()
    assert not Signature.objects.exists()
    assert mail.outbox == []
