"""Every link in allauth's emails is built from SITE_URL, whatever Host the request gave.

Django checks a Host against ALLOWED_HOSTS without its port, so `letters.example.org:6666` is
let in; a link built from the request would send a password reset key to port 6666.
"""

import re

import pytest
from django.core import mail

from tests.factories import PASSWORD

SITE_URL = "https://letters.example.org"
FORGED_HOST = "letters.example.org:6666"


@pytest.fixture(autouse=True)
def _deployed_at_site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.ALLOWED_HOSTS = ["letters.example.org"]


def post(client, django_capture_on_commit_callbacks, path, data, *, host=FORGED_HOST):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path, data, headers={"host": host})


def texts_of(message) -> list[str]:
    return [message.subject, message.body, *(content for content, _ in message.alternatives)]


def links_in(message) -> list[str]:
    return [
        link for text in texts_of(message) for link in re.findall(r"https?://[^\s\"'<>]+", text)
    ]


def only_email() -> mail.EmailMessage:
    assert len(mail.outbox) == 1, [message.subject for message in mail.outbox]
    return mail.outbox[0]


def assert_every_link_is_on_the_site(message) -> list[str]:
    links = links_in(message)
    assert links, message.body
    assert all(link.startswith(SITE_URL + "/") for link in links), links
    assert not any("6666" in text for text in texts_of(message)), message.body
    return links


def test_a_password_reset_link_ignores_a_forged_host(
    client, alice, django_capture_on_commit_callbacks
):
    post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/password/reset/",
        {"email": "alice@example.org"},
    )

    [link] = assert_every_link_is_on_the_site(only_email())
    assert "/accounts/password/reset/key/" in link
    # The key survives: the link's path opens the form that sets a new password.
    opened = client.get(link.removeprefix(SITE_URL), headers={"host": "letters.example.org"})
    assert opened.status_code == 302
    assert opened["Location"].startswith("/accounts/password/reset/key/")
    assert opened["Location"].endswith("-set-password/")


def test_a_password_reset_for_an_unknown_address_links_to_signup_on_the_site(
    client, db, django_capture_on_commit_callbacks
):
    post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/password/reset/",
        {"email": "nobody@example.org"},
    )

    assert assert_every_link_is_on_the_site(only_email()) == [f"{SITE_URL}/accounts/signup/"]


def test_the_verification_link_after_signup_ignores_a_forged_host(
    client, db, django_capture_on_commit_callbacks
):
    post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/signup/",
        {"name": "Dana", "email": "dana@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    [link] = assert_every_link_is_on_the_site(only_email())
    assert "/accounts/confirm-email/" in link
    confirmed = client.post(link.removeprefix(SITE_URL), headers={"host": "letters.example.org"})
    assert confirmed.status_code == 302
    assert client.get("/dashboard/", headers={"host": "letters.example.org"}).status_code == 200


def test_the_warning_about_a_taken_address_links_to_the_site(
    client, alice, django_capture_on_commit_callbacks
):
    post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/signup/",
        {"name": "A", "email": "alice@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert assert_every_link_is_on_the_site(only_email()) == [
        f"{SITE_URL}/accounts/password/reset/"
    ]


def test_verifying_an_added_address_links_to_the_site(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/email/",
        {"email": "alice@work.example.org", "action_add": ""},
    )

    message = only_email()
    assert message.to == ["alice@work.example.org"]
    [link] = assert_every_link_is_on_the_site(message)
    assert "/accounts/confirm-email/" in link


def test_a_host_outside_allowed_hosts_is_refused_and_sends_nothing(
    client, alice, django_capture_on_commit_callbacks
):
    response = post(
        client,
        django_capture_on_commit_callbacks,
        "/accounts/password/reset/",
        {"email": "alice@example.org"},
        host="attacker.example",
    )

    assert response.status_code == 400
    assert mail.outbox == []
