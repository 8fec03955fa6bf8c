"""Every URL outside the campaigns app × every kind of visitor × GET and POST.

The campaigns app has its own table (tests/campaigns/test_permissions.py); this one covers the
rest: allauth's pages, the admin, health and favicon. The table is checked against the URL
configuration, so a new URL without a rule fails here.
"""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import User
from campaigns.models import CampaignMember
from tests.factories import add_member, make_open_campaign, make_user

ANONYMOUS, OUTSIDER, STAFF, VIEWER, EDITOR, OWNER = (
    "anonymous", "outsider", "staff", "viewer", "editor", "owner",
)  # fmt: skip
VISITORS = [ANONYMOUS, OUTSIDER, STAFF, VIEWER, EDITOR, OWNER]

PUBLIC = "public"  # anyone; never a server error, never forbidden
ACCOUNT = "account"  # a signed-in organizer; anonymous visitors are sent to log in
SITE_STAFF = "site staff"  # the admin: everyone else is sent to the admin's login

# Rules by URL name (allauth, healthz) or by the route of an unnamed pattern.
RULES = {
    "account_login": PUBLIC,
    "account_logout": PUBLIC,
    "account_inactive": PUBLIC,
    "account_signup": PUBLIC,
    "account_reauthenticate": ACCOUNT,
    "account_request_reauthentication_code": ACCOUNT,
    "account_confirm_reauthentication_code": ACCOUNT,
    "account_email": ACCOUNT,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": ACCOUNT,
    "account_set_password": ACCOUNT,
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": PUBLIC,
    "account_confirm_email": PUBLIC,
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "mfa_index": ACCOUNT,
    "mfa_authenticate": PUBLIC,
    "mfa_reauthenticate": ACCOUNT,
    "mfa_activate_totp": ACCOUNT,
    "mfa_deactivate_totp": ACCOUNT,
    "mfa_view_recovery_codes": ACCOUNT,
    "mfa_generate_recovery_codes": ACCOUNT,
    "mfa_download_recovery_codes": ACCOUNT,
    "healthz": PUBLIC,
    "favicon.ico": PUBLIC,
}
ADMIN_PUBLIC = {"admin:login", "admin:logout"}
# Example arguments for the parts of a route.
EXAMPLE = {
    "^confirm-email/(?P<key>[-:\\w]+)/$": "confirm-email/not-a-key/",
    "^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "password/reset/key/1-x/",
}


def site_urls() -> dict[str, str]:
    """Every URL pattern outside the campaigns app: its rule key → an example path."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace != "campaigns":
                if route.startswith("^media/"):
                    continue  # served only with DEBUG on, for development
                key = f"{namespace}:{pattern.name}" if namespace else (pattern.name or route)
                if namespace == "admin" and pattern.name is None:
                    key = f"admin:{route}"
                found[key] = prefix + EXAMPLE.get(route, route)

    walk(get_resolver().url_patterns, "/", None)
    return found


def admin_model_urls() -> set[str]:
    views = {"changelist", "add", "history", "delete", "change"}
    return {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
        for model in admin.site._registry
        for view in views
    }


def admin_rules() -> set[str]:
    return admin_model_urls() | ADMIN_PUBLIC | {
        "admin:index", "admin:jsi18n", "admin:password_change", "admin:password_change_done",
        "admin:autocomplete", "admin:view_on_site", "admin:app_list",
        "admin:auth_user_password_change", "admin:<path:object_id>/", "admin:(?P<url>.*)$",
    }  # fmt: skip


def test_every_url_outside_the_campaigns_app_has_a_rule():
    assert set(site_urls()) == set(RULES) | admin_rules()


def example_path(path: str) -> str:
    """A concrete path for a route: ids of rows that exist, a real app, an unknown page."""
    return (
        path.replace("<path:content_type_id>/<path:object_id>", "1/1")
        .replace("<path:object_id>", "1")
        .replace("<id>", "1")
        .replace("^(?P<app_label>auth|account|mfa|accounts|campaigns)/$", "campaigns/")
        .replace("(?P<url>.*)$", "no-such-page/")
    )


def rule_for(key: str) -> str:
    if key in RULES:
        return RULES[key]
    return PUBLIC if key in ADMIN_PUBLIC else SITE_STAFF


@pytest.fixture
def people(db):
    owner = make_user("alice@example.org")
    campaign = make_open_campaign(owner)
    editor, viewer = make_user("bob@example.org"), make_user("carol@example.org")
    add_member(campaign, editor, CampaignMember.Role.EDITOR)
    add_member(campaign, viewer, CampaignMember.Role.VIEWER)
    return {
        OWNER: owner,
        EDITOR: editor,
        VIEWER: viewer,
        OUTSIDER: make_user("mallory@example.org"),
        STAFF: User.objects.create_user("staff@example.org", "x", is_staff=True),
    }


def sent_to(response, login: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login)


CASES = sorted(set(RULES) | admin_rules())


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("key", CASES)
def test_access(client, people, key, visitor, method):
    path = example_path(site_urls()[key])
    if visitor != ANONYMOUS:
        client.force_login(people[visitor])

    response = client.get(path) if method == "GET" else client.post(path)

    status = response.status_code
    seen = f"{method} {path} as {visitor}: {status}"
    assert status < 500 or (key == "healthz" and status == 503), seen
    rule = rule_for(key)
    if rule == PUBLIC:
        assert status != 403 and not sent_to(response, "/admin/login/"), seen
    elif rule == ACCOUNT:
        assert sent_to(response, "/accounts/") if visitor == ANONYMOUS else status != 403, seen
    elif visitor != STAFF:  # the admin, to anyone but site staff: its login page
        assert sent_to(response, "/admin/login/"), seen
    elif key in admin_model_urls():  # staff, but granted no model: forbidden
        # (Or, for an id with no row, the admin's "does not exist" redirect to its index.)
        assert status == 403 or response.get("Location") == "/admin/", seen
    else:
        assert not sent_to(response, "/admin/login/"), seen
