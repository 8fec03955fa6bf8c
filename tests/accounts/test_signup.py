import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, django_capture_on_commit_callbacks, email="dana@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            "/accounts/signup/",
            {"name": "Dana Staffer", "email": email, "password1": PASSWORD, "password2": PASSWORD},
        )


def link_in(message) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert found, message.body
    return found[1]


def test_signing_up_sends_a_verification_email_after_commit(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="dana@example.org")
    assert user.name == "Dana Staffer"
    assert not user.has_verified_email()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dana@example.org"]
    assert "Confirm" in mail.outbox[0].subject


def test_the_emailed_link_asks_for_a_post_then_verifies_and_logs_in(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email="dana@example.org").verified  # GET changes nothing

    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="dana@example.org").verified
    assert client.get("/dashboard/").status_code == 200


def test_an_unverified_organizer_cannot_log_in_until_verified(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/login/", {"login": "dana@example.org", "password": PASSWORD}
        )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/dashboard/").status_code == 302


def test_a_verified_organizer_logs_in_and_out(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"

    assert client.get("/accounts/logout/").status_code == 200  # a GET only asks
    assert client.get("/dashboard/").status_code == 200

    client.post("/accounts/logout/")
    assert client.get("/dashboard/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_signing_up_with_a_taken_email_reveals_nothing_and_warns_the_owner(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taken = client.post(
            "/accounts/signup/",
            {
                "name": "A",
                "email": "ALICE@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    # The same answer as a new signup, so the form cannot be used to find who has an account.
    assert taken.status_code == 302
    assert taken["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_signup_refuses_mismatched_passwords(client, db):
    mismatched = client.post(
        "/accounts/signup/",
        {
            "name": "E",
            "email": "erin@example.org",
            "password1": PASSWORD,
            "password2": "x" + PASSWORD,
        },
    )
    assert mismatched.status_code == 200
    assert "same password" in mismatched.content.decode()
    assert not User.objects.filter(email="erin@example.org").exists()


def test_a_bot_filling_the_honeypot_gets_no_account(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "name": "Bot",
                "email": "bot@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "website": "http://spam.example",
            },
        )
    assert not User.objects.filter(email="bot@example.org").exists()
    assert mail.outbox == []


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    found = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )
    assert found, mail.outbox[0].body

    form_page = client.get(found[1], follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else found[1]
    client.post(
        action, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )

    client.logout()
    assert client.login(email="alice@example.org", password="a brand new passphrase")
