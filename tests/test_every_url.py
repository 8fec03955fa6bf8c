"""Who may open which URL outside the campaigns app: allauth's pages, the admin, health and
favicon.

The campaigns app has its own table (tests/letters/test_permissions.py). This one is checked
against the URL configuration too, so a new URL without a rule fails here. Outside the campaigns
app a letter's team roles mean nothing: the owner, editor, viewer and outsider are all just
"signed in", and must all be answered alike. No request, GET or POST, may add or delete a row.

allauth, health and favicon are tried as every kind of visitor, GET and POST. The admin is not:
Django's `admin_view` sends everyone but site staff to the admin's login page, the same for each
of its pages, so that is checked once for the admin as a whole; its own pages are tried as site
staff, and each model it shows once as site staff without permissions and once as a superuser.
"""

from fnmatch import fnmatchcase

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import User
from campaigns.circulation.models import (
    DearColleague,
    OfficeContact,
    OfficeTarget,
    OutreachMessage,
    TargetList,
)
from campaigns.congress.models import Committee, CommitteeMembership, Legislator
from campaigns.delivery.models import Delivery, DeliveryEvent
from campaigns.letters.models import Campaign, CampaignMember
from campaigns.signatures.models import Milestone, Reconfirmation, Signature
from cosign.outbox.models import Entry
from tests.visitors import (
    ANONYMOUS,
    CAMPAIGN_APPS,
    OWNER,
    STAFF,
    VISITORS,
    build_world,
    url_patterns,
)

# An outcome is the status, and for a redirect where it leads (without its query string);
# `*` matches the id in a path.
LOGIN = "302 /accounts/login/"
ADMIN_LOGIN = "302 /admin/login/"
DASHBOARD = "302 /dashboard/"  # where allauth sends someone already signed in
REAUTHENTICATE = "302 /accounts/reauthenticate/"  # force_login leaves no recent password
SUPERUSER = "superuser"  # not one of the six visitors: only the admin's model pages see one


def by_visitor(*, get: tuple[str, str, str], post: tuple[str, str, str]) -> dict:
    """Outcomes for (anonymous, signed in, site staff), for GET and for POST."""
    return {"GET": get, "POST": post}


# In the helpers below, POST is answered as GET unless told otherwise.


def everyone(get: str, post: str = "") -> dict:
    post = post or get
    return by_visitor(get=(get, get, get), post=(post, post, post))


def signed_out(get: str, post: str = "") -> dict:
    """allauth's pages for the way in: anyone already signed in is sent on."""
    return by_visitor(get=(get, DASHBOARD, DASHBOARD), post=(post or get, DASHBOARD, DASHBOARD))


def signed_in(get: str, post: str = "") -> dict:
    post = post or get
    return by_visitor(get=(LOGIN, get, get), post=(LOGIN, post, post))


# Rules by URL name (admin: namespaced), or by route for an unnamed pattern.
RULES = {
    # allauth, the way in.
    "account_login": signed_out("200"),
    "account_signup": signed_out("200"),
    "account_confirm_login_code": signed_out(LOGIN),  # no login in progress
    "mfa_authenticate": signed_out(LOGIN),
    "account_logout": by_visitor(get=("302 /", "200", "200"), post=("302 /", "302 /", "302 /")),
    "account_inactive": everyone("200", "405"),
    "account_email_verification_sent": everyone("200", "405"),
    "account_reset_password": everyone("200"),
    "account_reset_password_done": everyone("200", "405"),
    "account_reset_password_from_key_done": everyone("200", "405"),
    # Links from emails, with real keys for another account's address and password: whoever
    # holds the key may use it. Confirming signs out anyone else signed in, to log in again.
    "account_confirm_email": everyone("200", LOGIN),
    "account_reset_password_from_key": everyone("302 /accounts/password/reset/key/*-set-password/"),
    # allauth, an account's own settings.
    "account_email": signed_in("200", "302 /accounts/email/"),
    "account_change_password": signed_in("200"),
    "account_set_password": signed_in("302 /accounts/password/change/"),  # they have one
    "account_reauthenticate": signed_in("200"),
    "account_request_reauthentication_code": signed_in("200"),  # a code by email
    "account_confirm_reauthentication_code": signed_in("302 /accounts/reauthenticate/code/"),
    "mfa_index": signed_in("200", "405"),
    "mfa_activate_totp": signed_in(REAUTHENTICATE),
    "mfa_generate_recovery_codes": signed_in(REAUTHENTICATE),
    "mfa_reauthenticate": signed_in(REAUTHENTICATE),
    # No visitor has an authenticator: nothing to turn off or show.
    "mfa_deactivate_totp": signed_in("404"),
    "mfa_view_recovery_codes": signed_in("404", "405"),
    "mfa_download_recovery_codes": signed_in("404"),
    # The admin's way in and out. Its login page is allauth's: anonymous visitors are sent to log
    # in there, and signed-in non-staff are refused.
    "admin:login": by_visitor(get=(LOGIN, "403", "302 /admin/"), post=(LOGIN, "403", "200")),
    # Non-staff are sent to the admin's index, still signed in.
    "admin:logout": by_visitor(
        get=("302 /admin/", "302 /admin/", "405"), post=("302 /admin/", "302 /admin/", "200")
    ),
    # In-process mode (SQLite, no Redis, tasks in-process) there is nothing to fail: 200.
    "healthz": everyone("200", "405"),
    "favicon.ico": everyone("301 /static/favicon.svg"),
}

# The admin's other pages, as site staff sees them (GET, POST); everyone else is sent to the
# admin's login page (test_the_admin_sends_everyone_but_site_staff_to_its_login_page). Site staff
# holds no model permission.
ADMIN_PAGES = {
    "admin:index": ("200", "200"),
    "admin:password_change": ("200", "200"),
    "admin:password_change_done": ("200", "405"),
    "admin:jsi18n": ("200", "405"),
    "admin:autocomplete": ("403", "405"),
    "admin:app_list": ("404", "404"),  # no app the staff member may see
    "admin:view_on_site": ("302 http://testserver/letters/*/", "302 http://testserver/letters/*/"),
    "admin:auth_user_password_change": ("403", "403"),
    "admin/(?P<url>.*)$": ("404", "404"),
}
ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "delete", "history")


def editable(*, add: str = "200") -> dict[str, str]:
    """A model's pages a superuser opens (GET), and what they get."""
    return {"changelist": "200", "add": add}


def read_only() -> dict[str, str]:
    """An append-only log, or rows an import owns: a superuser may read them but not add, and may
    neither open nor POST the delete page."""
    return {"changelist": "200", "add": "403", "delete": "403"}


# Every model the admin shows, by label.
ADMIN_MODELS = {
    "auth.group": editable(),
    "account.emailaddress": editable(),
    "mfa.authenticator": editable(),
    "accounts.user": editable(),
    "congress.legislator": editable(),
    "congress.committee": read_only(),  # the import's: staff read it
    "congress.committeemembership": read_only(),
    "letters.campaign": editable(),
    "letters.campaignmember": editable(),
    "letters.invitation": editable(),
    "letters.letterversion": editable(add="403"),  # published text is a record
    "letters.recipient": editable(),
    "signatures.signature": editable(),
    "signatures.signercontact": editable(),
    "signatures.milestone": editable(),
    "signatures.reconfirmation": editable(),
    "documents.letterdocument": editable(),
    "delivery.delivery": editable(),
    "delivery.deliveryevent": read_only(),
    "letters.auditevent": read_only(),
    "outbox.entry": read_only(),
    "circulation.officetarget": editable(),
    "circulation.targetlist": editable(),
    "circulation.officecontact": editable(),
    "circulation.dearcolleague": editable(),
    "circulation.outreachmessage": editable(),
    "circulation.reminder": editable(),  # its row: build_world's "A week before"
}


def admin_model_keys(model) -> list[str]:
    """A model's five admin pages, and the old-style object URL that redirects to its change
    page."""
    app_label, model_name = model._meta.app_label, model._meta.model_name
    return [f"admin:{app_label}_{model_name}_{view}" for view in ADMIN_MODEL_VIEWS] + [
        f"admin/{app_label}/{model_name}/<path:object_id>/"
    ]


SKIPPED = {
    "^media/(?P<path>.*)$": "uploads are served by Django only with DEBUG on, in development",
}


def site_url_keys() -> set[str]:
    """Every URL pattern outside the campaigns app, by namespaced name or by route."""
    return {
        route if name is None else f"{namespace}:{name}" if namespace else name
        for namespace, name, route in url_patterns()
        if namespace not in CAMPAIGN_APPS
    }


def test_every_url_outside_the_campaigns_app_has_a_rule():
    model_keys = {key for model in admin.site._registry for key in admin_model_keys(model)}
    assert site_url_keys() - set(SKIPPED) == set(RULES) | set(ADMIN_PAGES) | model_keys


def test_every_model_the_admin_shows_has_a_rule():
    assert {model._meta.label_lower for model in admin.site._registry} == set(ADMIN_MODELS)


@pytest.fixture(scope="module")
def site(rows_for_the_module):
    """The campaigns' world, a superuser, a row of every model the admin shows, and keys for
    email links."""
    people, kwargs = build_world()
    staff = people[STAFF]  # signs in through allauth, so has an address on file like anyone
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    people[SUPERUSER] = User.objects.create_superuser("root@example.org", "x")
    dave = CampaignMember.objects.get(pk=kwargs["pk_member"]).user  # on the team, never a visitor
    campaign = Campaign.objects.get(slug=kwargs["slug"])
    Group.objects.create(name="Moderators")
    Authenticator.objects.create(user=dave, type=Authenticator.Type.TOTP, data={"secret": "X"})
    Milestone.objects.create(campaign=campaign, count=1)
    Reconfirmation.objects.create(
        signature=Signature.objects.first(), version=campaign.versions.first()
    )
    DeliveryEvent.objects.create(delivery=Delivery.objects.get(), kind="queued")
    Entry.objects.create(kind="email", key="email:1", target={})
    TargetList.objects.create(owner=campaign.created_by, name="House Judiciary, minority")
    OfficeContact.objects.create(
        organizer=campaign.created_by, legislator=Legislator.objects.first(),
        name="Sam Staffer", email="sam@mail.house.gov",
    )  # fmt: skip
    dear_colleague = DearColleague.objects.create(
        campaign=campaign, subject="Join us", body_markdown="Please sign.",
        created_by=campaign.created_by,
    )  # fmt: skip
    OutreachMessage.objects.create(
        dear_colleague=dear_colleague, email="sam@mail.house.gov", name="Sam Staffer",
        target=OfficeTarget.objects.get_or_create(
            campaign=campaign, legislator=Legislator.objects.first()
        )[0],
    )  # fmt: skip
    judiciary = Committee.objects.create(thomas_id="HSJU", name="Judiciary", chamber="house")
    CommitteeMembership.objects.create(
        committee=judiciary, legislator=Legislator.objects.get(), side="minority", rank=3
    )
    new_address = EmailAddress.objects.create(user=dave, email="dave@example.net", verified=False)

    urls = {
        "account_confirm_email": reverse(
            "account_confirm_email", args=[EmailConfirmationHMAC(new_address).key]
        ),
        "account_reset_password_from_key": reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(dave),
                "key": default_token_generator.make_token(dave),
            },
        ),
        "admin:app_list": reverse("admin:app_list", args=["letters"]),
        "admin:view_on_site": reverse(
            "admin:view_on_site", args=[ContentType.objects.get_for_model(Campaign).pk, campaign.pk]
        ),
        "admin:auth_user_password_change": reverse(
            "admin:auth_user_password_change", args=[dave.pk]
        ),
        "admin/(?P<url>.*)$": "/admin/no-such-page/",
        "favicon.ico": "/favicon.ico",
    }
    for model in admin.site._registry:
        opts = model._meta
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        assert pk is not None, f"the admin tests need a {opts.model_name} row"
        for view in ADMIN_MODEL_VIEWS:
            args = [] if view in ("changelist", "add") else [pk]
            name = f"admin:{opts.app_label}_{opts.model_name}_{view}"
            urls[name] = reverse(name, args=args)
        urls[f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"] = (
            f"/admin/{opts.app_label}/{opts.model_name}/{pk}/"
        )
    return people, urls


def row_counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in admin.site._registry}


def outcome(response) -> str:
    if response.has_header("Location"):
        return f"{response.status_code} {response['Location'].split('?')[0]}"
    return str(response.status_code)


def assert_answers(client, method: str, url: str, expected: str, who: str) -> None:
    before = row_counts()

    response = client.get(url) if method == "GET" else client.post(url)

    got = outcome(response)
    assert fnmatchcase(got, expected), f"{method} {url} as {who}: {got}, not {expected}"
    assert row_counts() == before, f"{method} {url} as {who} added or deleted rows"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("key", sorted(RULES))
def test_access(db, client, site, key, visitor, method):
    people, urls = site
    if visitor != ANONYMOUS:
        client.force_login(people[visitor])
    column = {ANONYMOUS: 0, STAFF: 2}.get(visitor, 1)

    assert_answers(
        client, method, urls.get(key) or reverse(key), RULES[key][method][column], visitor
    )


@pytest.mark.parametrize("visitor", [v for v in VISITORS if v != STAFF])
def test_the_admin_sends_everyone_but_site_staff_to_its_login_page(db, client, site, visitor):
    people, _ = site
    if visitor != ANONYMOUS:
        client.force_login(people[visitor])

    for method in ("GET", "POST"):
        assert_answers(client, method, "/admin/", ADMIN_LOGIN, visitor)
    # ... which is allauth's: an anonymous visitor logs in there, anyone else is refused.
    assert_answers(
        client, "GET", "/admin/login/", LOGIN if visitor == ANONYMOUS else "403", visitor
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("key", sorted(ADMIN_PAGES))
def test_site_staff_on_the_admins_own_pages(db, client, site, key, method):
    people, urls = site
    client.force_login(people[STAFF])
    expected = ADMIN_PAGES[key][0 if method == "GET" else 1]

    assert_answers(client, method, urls.get(key) or reverse(key), expected, STAFF)


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_site_staff_without_permissions_are_refused_each_models_pages(db, client, site, label):
    people, urls = site
    client.force_login(people[STAFF])
    changelist, add, change, delete, history, object_url = admin_model_keys(apps.get_model(label))

    for key in (changelist, add, change, delete, history):
        for method in ("GET", "POST"):
            assert_answers(client, method, urls[key], "403", STAFF)
    for method in ("GET", "POST"):
        assert_answers(client, method, urls[object_url], f"302 {urls[change]}", STAFF)


@pytest.mark.parametrize("label", sorted(ADMIN_MODELS))
def test_a_superuser_opens_each_models_pages(db, client, site, label):
    people, urls = site
    client.force_login(people[SUPERUSER])
    app_label, model_name = label.split(".")

    for view, expected in ADMIN_MODELS[label].items():
        url = urls[f"admin:{app_label}_{model_name}_{view}"]
        assert_answers(client, "GET", url, expected, SUPERUSER)
        if expected == "403":  # refused whatever is posted: nothing added or deleted
            assert_answers(client, "POST", url, expected, SUPERUSER)


def test_an_organizer_who_opens_the_admin_is_refused_without_talk_of_campaign_roles(
    db, client, site
):
    people, _ = site
    client.force_login(people[OWNER])

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    refusal = response.text.split("<h1>", 1)[1].split("</main>", 1)[0]
    assert "Your account does not have access to this page." in refusal
    assert "campaign" not in refusal
