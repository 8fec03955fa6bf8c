"""allauth's own login limits, answered with our 429 page rather than a form error."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
WRONG = "not the password"
MISMATCH = "The email address and/or password you specified are not correct."


def log_in(client, password, email="alice@example.org"):
    return client.post(LOGIN, {"login": email, "password": password})


def guess_until_refused(client, email="alice@example.org", *, most=50):
    """Wrong passwords until the answer is a 429; how many were let through to be checked."""
    for guesses in range(most):
        response = log_in(client, WRONG, email)
        if response.status_code == 429:
            return guesses
        assert response.status_code == 200 and MISMATCH in response.content.decode()
    raise AssertionError(f"{most} wrong passwords and never refused")


def assert_too_many_attempts_page(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "<title>Too many attempts · Cosign</title>" in page  # ours, in the site's layout
    assert "We received too many attempts from your network, or for the same account" in page
    assert "You can try again within ten minutes." in page
    assert MISMATCH not in page


def assert_logged_in(response, client, user):
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_passwords_from_one_address_beyond_the_limit_get_the_too_many_attempts_page(
    alice, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/10m/ip,6/10m/key"
    }  # fmt: skip
    attacker = Client(REMOTE_ADDR="203.0.113.7")

    assert guess_until_refused(attacker) == 3
    assert_too_many_attempts_page(log_in(attacker, WRONG))
    # Even the right password is not checked from there: a lucky guess would teach it nothing.
    refused = log_in(attacker, PASSWORD)
    assert_too_many_attempts_page(refused)
    assert "_auth_user_id" not in attacker.session

    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert_logged_in(log_in(owner, PASSWORD), owner, alice)


def test_the_address_may_try_again_once_its_window_has_passed(alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/10m/ip,6/10m/key"
    }  # fmt: skip
    client = Client(REMOTE_ADDR="203.0.113.7")
    guess_until_refused(client)

    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        assert MISMATCH in log_in(client, WRONG).content.decode()
        assert_logged_in(log_in(client, PASSWORD), client, alice)


def test_the_configured_limits_stop_one_address_before_it_can_lock_the_owner_out(alice):
    attacker = Client(REMOTE_ADDR="203.0.113.7")

    guess_until_refused(attacker)

    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert_logged_in(log_in(owner, PASSWORD), owner, alice)


def test_guesses_spread_over_many_addresses_stop_at_the_accounts_ceiling(alice, bob, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/10m/ip,5/10m/key"
    }  # fmt: skip
    checked = [guess_until_refused(Client(REMOTE_ADDR=f"203.0.113.{n}")) for n in range(1, 5)]

    assert checked == [2, 2, 1, 0]  # five guesses at alice's password, then none from anywhere
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert_too_many_attempts_page(log_in(owner, PASSWORD))
    # The ceiling is alice's alone: bob, from an address that has not guessed, logs in.
    colleague = Client(REMOTE_ADDR="198.51.100.21")
    assert_logged_in(log_in(colleague, PASSWORD, "bob@example.org"), colleague, bob)
    with time_machine.travel(timezone.now() + timedelta(minutes=10, seconds=1)):
        assert_logged_in(log_in(owner, PASSWORD), owner, alice)


def test_guesses_under_forged_hosts_still_stop_at_the_accounts_ceiling(alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/10m/ip,5/10m/key"
    }  # fmt: skip
    # ALLOWED_HOSTS lets any port through; each guesser names another.
    guessers = [
        Client(REMOTE_ADDR=f"203.0.113.{n}", HTTP_HOST=f"127.0.0.1:{6000 + n}") for n in range(1, 5)
    ]

    assert [guess_until_refused(guesser) for guesser in guessers] == [2, 2, 1, 0]


def test_too_many_login_posts_from_one_address_get_the_page_whatever_the_password(alice, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    busy = Client(REMOTE_ADDR="203.0.113.7")
    assert log_in(busy, WRONG).status_code == 200
    assert log_in(busy, WRONG).status_code == 200

    refused = log_in(busy, PASSWORD)

    assert_too_many_attempts_page(refused)
    assert "_auth_user_id" not in busy.session
    assert busy.get(LOGIN).status_code == 200  # the form itself still shows
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert_logged_in(log_in(other, PASSWORD), other, alice)
