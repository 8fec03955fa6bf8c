"""allauth's emails name the site from SITE_NAME and SITE_URL, not from the request."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_up(client, django_capture_on_commit_callbacks) -> mail.EmailMessage:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "name": "Dana",
                "email": "dana@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    [message] = mail.outbox
    return message


def test_the_verification_email_greets_from_cosign(
    client, settings, django_capture_on_commit_callbacks
):
    message = sign_up(client, django_capture_on_commit_callbacks)

    domain = urlsplit(settings.SITE_URL).netloc
    assert message.body.startswith("Hello from Cosign!")
    assert f"Thank you for using Cosign!\n{domain}" in message.body
    assert f"register an account on {domain}." in message.body
    assert message.subject.startswith("[Cosign] ")


def test_the_site_is_named_by_the_settings(client, settings, django_capture_on_commit_callbacks):
    settings.SITE_NAME = "Letters for Peace"
    settings.SITE_URL = "https://letters.example.org"

    message = sign_up(client, django_capture_on_commit_callbacks)

    assert message.body.startswith("Hello from Letters for Peace!")
    assert "Thank you for using Letters for Peace!\nletters.example.org" in message.body
    assert "register an account on letters.example.org." in message.body
