"""An invitation opened while signed out: the login and signup pages say what it is and to
which address, and logging in comes back to it."""

import re
from urllib.parse import quote

import pytest
from django.core import mail

from campaigns.letters.models import Invitation
from cosign import tokens
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(draft):
    invitation = Invitation.objects.create(
        campaign=draft, email="newcomer@example.org", role="editor"
    )
    return f"/invitations/{tokens.make_token(tokens.INVITATION, invitation.pk)}/"


def test_the_login_page_shows_the_invitation_that_sent_the_visitor_there(client, draft, link):
    response = client.get(link, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(f"/accounts/login/?next={quote(link)}", 302)]
    assert f"You’ve been invited to join “{draft.title}” as editor." in page
    assert "Log in or sign up with <strong>newcomer@example.org</strong> to accept" in page


def test_the_signup_page_reached_from_it_shows_the_invitation_too(client, draft, link):
    client.get(link)

    page = client.get(f"/accounts/signup/?next={link}").content.decode()

    assert f"You’ve been invited to join “{draft.title}” as editor." in page
    assert "Sign up with <strong>newcomer@example.org</strong> to accept" in page


def test_logging_in_comes_back_to_the_invitation(client, draft, link):
    make_user("newcomer@example.org")
    client.get(link)

    response = client.post(
        "/accounts/login/", {"login": "newcomer@example.org", "password": PASSWORD, "next": link}
    )

    assert response["Location"] == link
    page = client.get(link).content.decode()
    assert "Join as editor" in page
    assert "invited to join" not in client.get("/accounts/login/").content.decode()


def test_a_login_page_reached_otherwise_does_not_mention_it(client, link):
    client.get(link)

    page = client.get("/accounts/login/").content.decode()

    assert "invited" not in page


def test_a_forged_invitation_says_so_without_asking_to_log_in(client, db):
    response = client.get("/invitations/not-a-real-token/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_signing_up_from_it_comes_back_to_the_invitation_once_verified(
    client, draft, link, django_capture_on_commit_callbacks
):
    client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "name": "Newcomer", "email": "newcomer@example.org", "password1": PASSWORD,
                "password2": PASSWORD, "next": link,
            },
        )  # fmt: skip
    [verification] = mail.outbox
    confirm = re.search(r"(/accounts/confirm-email/[^\s]+/)", verification.body)[1]

    response = client.post(confirm)

    assert response["Location"] == link
    assert "Join as editor" in client.get(link).content.decode()
