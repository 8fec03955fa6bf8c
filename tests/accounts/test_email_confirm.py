"""A verification link opened again, once its address is verified, says so and sends the user
on, signed in or not, instead of calling itself expired."""

import pytest
from django.core import mail

from tests.accounts.test_signup import link_in, sign_up

pytestmark = pytest.mark.django_db


def test_a_link_clicked_twice_by_the_signed_in_user_says_they_are_verified(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.post(link)  # verified, and logged in

    page = client.get(link).content.decode()

    assert "Your email address is verified" in page
    assert "<strong>dana@example.org</strong> is verified already, and you are logged in." in page
    assert 'href="/dashboard/">Go to your letters</a>' in page
    assert "expired" not in page


def test_a_link_clicked_again_in_another_browser_offers_to_log_in(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.post(link)
    client.logout()

    page = client.get(link).content.decode()

    assert "is verified already: log in to continue." in page
    assert 'href="/accounts/login/">Log in</a>' in page


def test_a_link_that_is_not_valid_says_so_and_offers_a_new_one(client, db):
    page = client.get("/accounts/confirm-email/not-a-key/").content.decode()

    assert "This confirmation link has expired or is not valid." in page
    assert "verified already" not in page
