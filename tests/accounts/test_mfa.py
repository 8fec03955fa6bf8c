import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def open_activation(client) -> None:
    """Open the activation page, confirming the password first where allauth asks again."""
    page = client.get("/accounts/2fa/totp/activate/")
    if page.status_code == 302 and page["Location"].startswith("/accounts/reauthenticate/"):
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200


def log_in(client) -> None:
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302


def test_an_organizer_turns_on_an_authenticator_app_and_needs_it_to_log_in(client, alice):
    log_in(client)
    assert client.get("/accounts/2fa/").status_code == 200

    open_activation(client)
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert activated.status_code == 302
    kinds = set(Authenticator.objects.filter(user=alice).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}

    client.post("/accounts/logout/")
    stage = client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert stage["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/dashboard/").status_code == 302  # the password alone is not enough

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/dashboard/").status_code == 302

    done = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_code_does_not_activate_the_authenticator(client, alice):
    log_in(client)
    open_activation(client)
    response = client.post("/accounts/2fa/totp/activate/", {"code": "123456x"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not Authenticator.objects.filter(user=alice).exists()
