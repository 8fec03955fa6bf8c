"""Every page carries a strict Content-Security-Policy and the other protective headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import make_open_campaign

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pages(alice):
    campaign = make_open_campaign(alice, allows_individuals=True)
    slug = campaign.slug
    return {
        "home": reverse("signatures:home"),
        "letter": reverse("signatures:letter", args=[slug]),
        "signers": reverse("signatures:signers", args=[slug]),
        "sign": reverse("signatures:sign", args=[slug]),
        "count.json": reverse("signatures:count_json", args=[slug]),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "dashboard": reverse("letters:dashboard"),
        "overview": reverse("letters:overview", args=[slug]),
        "delivery": reverse("delivery:deliveries", args=[slug]),
        "admin": "/admin/",
    }


ANONYMOUS_ONLY = {"login", "signup"}


def visit(client, alice, name, url):
    """Account pages as a visitor (they send a signed-in organizer on), the admin as site staff,
    the rest as the organizer."""
    if name in ANONYMOUS_ONLY:
        client.logout()
    elif name == "admin":
        client.force_login(User.objects.create_user("staff@example.org", "x", is_staff=True))
    else:
        client.force_login(alice)
    return client.get(url)


@pytest.mark.django_db
def test_every_page_has_a_policy_without_unsafe_inline(client, alice, pages):
    for name, url in pages.items():
        response = visit(client, alice, name, url)
        assert response.status_code == 200, name
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, name
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name
        assert "frame-ancestors 'none'" in policy, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Frame-Options"] == "DENY", name


@pytest.mark.django_db
def test_only_the_widget_may_be_framed(client, alice):
    campaign = make_open_campaign(alice)
    response = client.get(reverse("signatures:embed", args=[campaign.slug]))
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "X-Frame-Options" not in response


@pytest.mark.django_db
def test_no_page_needs_inline_script_or_style(client, alice, pages):
    """What the policy forbids, the pages must not contain (the browser would drop it)."""
    for name, url in pages.items():
        if name in ("count.json", "admin"):
            continue
        html = visit(client, alice, name, url).content.decode()
        assert "<style" not in html and " style=" not in html, name
        for tag in html.split("<script")[1:]:
            assert " src=" in tag.split(">", 1)[0], f"inline script on {name}"
        assert " onclick=" not in html and " onload=" not in html, name


def test_the_deploy_check_finds_nothing_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "letters.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/deploy.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_favicon_is_where_browsers_look(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert client.get(response["Location"]).status_code == 200
