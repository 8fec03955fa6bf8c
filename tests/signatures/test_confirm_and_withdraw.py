"""Links sent by email: confirming (POST only), asking for a new link, withdrawing."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.signatures.models import Signature
from campaigns.signatures.tasks import lapse_unconfirmed_signatures
from cosign import tokens
from tests.factories import add_signature, make_legislator, make_open_campaign, make_user
from tests.signing import confirm_from_email, link_in, sign_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(alice):
    return make_open_campaign(alice, requires_approval=False)


def test_opening_the_link_changes_nothing_until_the_button_is_pressed(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    link = link_in(mail.outbox[0], "confirm")

    page = client.get(link)

    assert "Confirm my signature" in page.content.decode()
    assert Signature.objects.get().status == "unconfirmed"  # a mail scanner's GET does nothing


def test_confirming_twice_is_harmless(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    link = confirm_from_email(client, django_capture_on_commit_callbacks)
    emails = len(mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link)

    assert again.status_code == 302
    assert Signature.objects.get().status == "confirmed"
    assert len(mail.outbox) == emails


def test_a_forged_or_foreign_token_is_refused(
    client, campaign, alice, lofgren, django_capture_on_commit_callbacks
):
    assert client.get(f"/letters/{campaign.slug}/confirm/forged-token/").status_code == 400
    withdraw_token = tokens.make_token(tokens.WITHDRAW, 1)  # right shape, wrong purpose
    assert client.post(f"/letters/{campaign.slug}/confirm/{withdraw_token}/").status_code == 400

    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    other = make_open_campaign(alice, title="Another letter")
    token = link_in(mail.outbox[0], "confirm").split("/")[-2]
    assert client.post(f"/letters/{other.slug}/confirm/{token}/").status_code == 400
    assert Signature.objects.get().status == "unconfirmed"


def test_a_link_expires_with_its_sign_on_and_offers_to_sign_again(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    link = link_in(mail.outbox[0], "confirm")

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        page = client.post(link)

    assert page.status_code == 400
    assert "This link has expired" in page.content.decode()
    assert "Sign again" in page.content.decode()
    assert Signature.objects.get().status == "unconfirmed"


def test_a_sign_on_left_unconfirmed_lapses_after_48_hours(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")

    with time_machine.travel(timezone.now() + timedelta(hours=47)):
        assert lapse_unconfirmed_signatures() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        assert lapse_unconfirmed_signatures() == 1

    assert Signature.objects.get().status == "expired"


def test_the_lapse_time_is_a_setting(
    client, campaign, lofgren, settings, django_capture_on_commit_callbacks
):
    settings.SIGNON_LAPSE_HOURS = 2
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    assert "The link works for 2 hours" in mail.outbox[0].body

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        assert lapse_unconfirmed_signatures() == 1


def test_asking_for_a_new_link_by_address_reveals_nothing(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    url = f"/letters/{campaign.slug}/sign/new-link/"

    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": "A@mail.house.gov"})
        unknown = client.post(url, {"email": "nobody@example.org"})

    assert known.content == unknown.content
    assert [message.to for message in mail.outbox] == [["a@mail.house.gov"]] * 2
    assert "Enter a valid email" in client.post(url, {"email": "nope"}).content.decode()


def test_a_second_staffer_of_an_office_already_on_is_told_so_and_nobody_is_emailed(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    add_signature(campaign, lofgren, email="first@mail.house.gov")  # counted

    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "second@mail.house.gov",
        signer_name="Someone Else",
    )  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 400
    assert "Rep. Zoe Lofgren is already on this letter" in page
    assert "first@mail.house.gov" not in page and "Alex Rivera" not in page
    assert Signature.objects.count() == 1
    assert mail.outbox == []


def test_signing_again_with_a_used_address_tells_its_owner_not_the_visitor(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    hoyer = make_legislator(
        "H000874", display_name="Steny Hoyer", last_name="Hoyer", state="MD", district=5
    )
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    confirm_from_email(client, django_capture_on_commit_callbacks)

    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, hoyer, "A@MAIL.HOUSE.GOV"
    )

    assert response["Location"].endswith("/sign/check-email/")  # the same answer as a new sign-on
    assert Signature.objects.count() == 1
    assert mail.outbox[-1].to == ["a@mail.house.gov"]
    assert "already signed" in mail.outbox[-1].subject


def test_a_signer_withdraws_with_the_link_and_organizers_are_told(
    client, campaign, alice, lofgren, django_capture_on_commit_callbacks
):
    from campaigns.letters.models import CampaignMember
    from tests.factories import add_member

    add_member(campaign, make_user("viewer@example.org"), CampaignMember.Role.VIEWER)
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    confirm_from_email(client, django_capture_on_commit_callbacks)
    withdraw = link_in(mail.outbox[-1], "withdraw")

    assert client.get(withdraw).status_code == 200
    assert Signature.objects.get().status == "confirmed"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(withdraw)

    assert "Your signature is withdrawn" in page.content.decode()
    signature = Signature.objects.get()
    assert signature.status == "withdrawn" and signature.withdrawn_at
    signer_note, organizer_note = mail.outbox[-2:]
    assert signer_note.to == ["a@mail.house.gov"]
    assert organizer_note.to == ["alice@example.org"]  # owners and editors, not viewers
    assert "Rep. Zoe Lofgren, D-Calif." in organizer_note.body

    # A withdrawn Member can be signed on again.
    again = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "b@mail.house.gov"
    )
    assert again.status_code == 302


def test_a_signer_may_still_withdraw_after_the_deadline_until_delivery(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    confirm_from_email(client, django_capture_on_commit_callbacks)
    withdraw = link_in(mail.outbox[-1], "withdraw")

    with time_machine.travel(campaign.deadline + timedelta(minutes=1)):
        page = client.post(withdraw)

    assert page.status_code == 200
    assert Signature.objects.get().status == "withdrawn"


def test_the_confirmation_page_gives_no_withdraw_link_to_whoever_holds_the_email(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    link = confirm_from_email(client, django_capture_on_commit_callbacks)

    # Someone the confirmation email was forwarded to opens its link again.
    page = client.get(f"{link}done/").content.decode()

    assert "Confirmed" in page
    assert "/withdraw/" not in page
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        assert client.get(f"{link}done/").status_code == 400


def test_a_rejected_sign_on_cannot_be_confirmed(
    client, campaign, alice, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    link = link_in(mail.outbox[0], "confirm")
    client.force_login(alice)
    client.post(
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"row_action": f"reject:{Signature.objects.get().pk}", "reason": "The office says no"},
    )
    client.logout()

    response = client.post(link)

    assert response.status_code == 409
    assert "did not accept" in response.content.decode()
    assert Signature.objects.get().status == "rejected"


def test_a_lapsed_sign_on_cannot_be_confirmed_even_with_a_fresh_link(
    client, campaign, lofgren, django_capture_on_commit_callbacks
):
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    signature = Signature.objects.get()

    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        fresh = tokens.make_token(tokens.CONFIRM, signature.pk)
        response = client.post(f"/letters/{campaign.slug}/confirm/{fresh}/")
        resent = client.post(
            f"/letters/{campaign.slug}/sign/new-link/", {"email": "a@mail.house.gov"}
        )

    assert response.status_code == 409
    assert "has lapsed" in response.content.decode()
    assert resent.status_code == 200
    assert len(mail.outbox) == 1  # no new link for a lapsed sign-on
    assert Signature.objects.get().status == "unconfirmed"  # the sweep records the lapse
