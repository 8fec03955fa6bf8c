"""allauth's pages in Cosign's words: sentence case, "Log in" and "Sign up"."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_login_page_speaks_in_sentence_case(client):
    page = client.get("/accounts/login/").content.decode()

    assert "<h1>Log in</h1>" in page or ">Log in</h1>" in page
    assert "Remember me" in page
    for title_case in ("Sign In", "Sign Up", "Remember Me"):
        assert title_case not in page
