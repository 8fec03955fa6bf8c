"""The office is the unit: only a proven sign-on holds a Member's office, and nobody can block
one with an address they cannot confirm."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from campaigns.signatures.models import Signature
from tests.factories import make_open_campaign
from tests.signing import confirm_from_email, link_in, sign_member

pytestmark = pytest.mark.django_db


def approve(client, campaign, organizer, signature):
    client.force_login(organizer)
    response = client.post(
        f"/dashboard/{campaign.slug}/signatures/action/",
        {"row_action": f"approve:{signature.pk}"},
        follow=True,
    )
    client.logout()
    return response


def test_a_sign_on_nobody_confirms_blocks_nobody(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    # Anyone can type an office's address and never confirm.
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "squatter@mail.house.gov"
    )

    response = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "real@mail.house.gov"
    )
    assert response.status_code == 302
    confirm_from_email(client, django_capture_on_commit_callbacks)
    real = Signature.objects.get(contact__email="real@mail.house.gov")
    approve(client, campaign, alice, real)

    real.refresh_from_db()
    assert real.status == "approved"
    assert Signature.objects.get(contact__email="squatter@mail.house.gov").status == "unconfirmed"


def test_the_first_sign_on_confirmed_holds_the_office_and_a_later_one_is_told_whom_to_ask(
    client, alice, sanders, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(
        alice, requires_approval=False, contact="Ana Ruiz, Rep. Lofgren's office, 202-225-3072"
    )
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "first@sanders.senate.gov"
    )
    first_link = link_in(mail.outbox[-1], "confirm")
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, sanders, "second@sanders.senate.gov"
    )
    confirm_from_email(client, django_capture_on_commit_callbacks)  # the second, first

    with django_capture_on_commit_callbacks(execute=True):
        late = client.post(first_link)

    page = late.content.decode()
    assert late.status_code == 409
    assert "Sen. Bernie Sanders is already on this letter" in page
    assert "Ana Ruiz, Rep. Lofgren&#x27;s office, 202-225-3072" in page
    statuses = dict(Signature.objects.values_list("contact__email", "status"))
    assert statuses == {
        "first@sanders.senate.gov": "unconfirmed",
        "second@sanders.senate.gov": "approved",
    }


def test_an_organizer_cannot_count_two_sign_ons_for_one_office(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    for email in ("one@mail.house.gov", "two@mail.house.gov"):
        sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, email)
        confirm_from_email(client, django_capture_on_commit_callbacks)
    one, two = Signature.objects.order_by("pk")
    approve(client, campaign, alice, one)

    page = approve(client, campaign, alice, two).content.decode()

    assert "Rep. Zoe Lofgren is already on this letter" in page
    assert "The office is already on the letter" in page
    assert dict(Signature.objects.values_list("pk", "status")) == {
        one.pk: "approved",
        two.pk: "confirmed",
    }


def test_the_public_search_says_already_signed_only_of_offices_the_public_list_shows(
    client, alice, lofgren, django_capture_on_commit_callbacks
):
    campaign = make_open_campaign(alice)
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    confirm_from_email(client, django_capture_on_commit_callbacks)  # awaiting approval
    search = f"/letters/{campaign.slug}/sign/members/?q=Lofgren"

    pending = client.get(search).json()["results"]
    form = client.get(f"/letters/{campaign.slug}/sign/?kind=legislator&q=Lofgren")
    approve(client, campaign, alice, Signature.objects.get())
    counted = client.get(search).json()["results"]

    assert [member["already_signed"] for member in pending] == [False]
    assert form.context["already_signed"] == set()
    assert [member["already_signed"] for member in counted] == [True]


def test_past_the_offices_daily_share_a_sign_on_is_saved_without_an_email(
    client, alice, lofgren, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATIONS_PER_OFFICE_PER_DAY = 3
    campaign = make_open_campaign(alice, contact="Ana Ruiz, 202-225-3072")
    for n in range(3):
        response = sign_member(
            client, campaign, django_capture_on_commit_callbacks, lofgren, f"{n}@mail.house.gov"
        )
        assert response.status_code == 302

    fourth = sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "real@mail.house.gov"
    )

    page = fourth.content.decode()
    assert fourth.status_code == 200
    assert "no confirmation link was sent to you" in page
    assert "Ana Ruiz, 202-225-3072" in page
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow = sign_member(
            client, campaign, django_capture_on_commit_callbacks, lofgren, "late@mail.house.gov"
        )
    assert tomorrow.status_code == 302
    assert len(mail.outbox) == 4


def test_an_organizer_approves_a_sign_on_left_unemailed_once_the_office_confirms_by_phone(
    client, alice, lofgren, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATIONS_PER_OFFICE_PER_DAY = 1
    campaign = make_open_campaign(alice)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "forged@mail.house.gov"
    )
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, lofgren, "real@mail.house.gov"
    )
    real = Signature.objects.get(contact__email="real@mail.house.gov")
    client.force_login(alice)
    queue = client.get(f"/dashboard/{campaign.slug}/signatures/?show=unconfirmed").content.decode()
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        approve(client, campaign, alice, real)

    assert "No email sent: the office had its day’s share" in queue
    real.refresh_from_db()
    assert real.status == "approved"
    assert campaign.audit_events.filter(reason="Confirmed with the office by phone").exists()
    assert Signature.objects.get(contact__email="forged@mail.house.gov").status == "unconfirmed"


def test_asking_for_new_links_counts_against_the_offices_share(
    client, alice, lofgren, settings, django_capture_on_commit_callbacks
):
    settings.CONFIRMATIONS_PER_OFFICE_PER_DAY = 2
    campaign = make_open_campaign(alice)
    sign_member(client, campaign, django_capture_on_commit_callbacks, lofgren, "a@mail.house.gov")
    resend = f"/letters/{campaign.slug}/sign/new-link/"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend, {"email": "a@mail.house.gov"})
        client.post(resend, {"email": "a@mail.house.gov"})

    assert len(mail.outbox) == 2
