import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from campaigns.signatures.models import Signature, SignerContact
from tests.factories import make_legislator, make_open_campaign
from tests.signing import link_in, sign_member

pytestmark = pytest.mark.django_db

WINDOW = 600


@pytest.fixture
def at_the_start_of_a_window():
    """Our limits count in fixed windows; a test crossing into the next one would see its
    counts start again, so time stands still at the start of one."""
    start = (int(time.time()) // WINDOW + 1) * WINDOW
    with time_machine.travel(datetime.fromtimestamp(start, UTC), tick=False):
        yield


def test_a_burst_from_one_address_is_slowed_and_keeps_what_was_typed(
    client, alice, settings, django_capture_on_commit_callbacks, at_the_start_of_a_window
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign": (3, WINDOW)}
    campaign = make_open_campaign(alice)
    members = [make_legislator(f"X{i:06}", display_name=f"Member {i}") for i in range(5)]

    statuses = [
        sign_member(
            client, campaign, django_capture_on_commit_callbacks, member, f"s{i}@mail.house.gov"
        ).status_code
        for i, member in enumerate(members)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert Signature.objects.count() == 3
    refused = sign_member(
        client, campaign, django_capture_on_commit_callbacks, members[4], "kept@mail.house.gov"
    )
    page = refused.content.decode()
    assert "Please wait a few minutes" in page
    assert refused["Retry-After"] == str(WINDOW)
    assert 'value="kept@mail.house.gov"' in page

    # Another address is not held back by this one's burst.
    other = client.post(
        f"/letters/{campaign.slug}/sign/",
        {"kind": "legislator", "legislator": members[4].bioguide_id, "signer_name": "A",
         "signer_title": "B", "email": "o@mail.house.gov", "phone": "202-225-3072",
         "attested": "on", "version": 1},
        REMOTE_ADDR="10.0.0.9",
    )  # fmt: skip
    assert other.status_code == 302


def assert_set_aside(response, campaign):
    assert response.status_code == 429
    assert response["Retry-After"] == str(WINDOW)
    page = response.content.decode()
    assert "<h1>Too many attempts</h1>" in page  # the login limits' page, in the letter's words
    assert "nothing was changed and no email was sent" in page
    assert "You can try again in 10 minutes." in page
    assert f'href="{campaign.get_absolute_url()}"' in page


def test_confirm_posts_beyond_the_limit_confirm_nothing_until_the_window_has_passed(
    client, alice, settings, django_capture_on_commit_callbacks, at_the_start_of_a_window
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "confirm": (2, WINDOW)}
    campaign = make_open_campaign(alice, requires_approval=False)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, make_legislator(), "a@mail.house.gov"
    )
    link = link_in(mail.outbox[0], "confirm")
    # Someone at this address guesses links...
    for guess in ("guess-1", "guess-2"):
        assert client.post(f"/letters/{campaign.slug}/confirm/{guess}/").status_code == 400

    # ...and the real one, pressed from the same address, is set aside.
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(link)

    assert_set_aside(refused, campaign)
    assert Signature.objects.get().status == "unconfirmed"
    assert len(mail.outbox) == 1
    assert client.get(link).status_code == 200  # opening the link is never limited
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=WINDOW)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert client.post(link).status_code == 302
    assert Signature.objects.get().status == "confirmed"


def test_new_link_requests_beyond_the_limit_send_nothing_until_the_window_has_passed(
    client, alice, settings, django_capture_on_commit_callbacks, at_the_start_of_a_window
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "resend": (2, WINDOW)}
    campaign = make_open_campaign(alice, requires_approval=False)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, make_legislator(), "a@mail.house.gov"
    )
    url = f"/letters/{campaign.slug}/sign/new-link/"

    def ask(client):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, {"email": "a@mail.house.gov"})

    assert [ask(client).status_code for _ in range(2)] == [200, 200]
    assert len(mail.outbox) == 3

    assert_set_aside(ask(client), campaign)
    assert len(mail.outbox) == 3
    # Another address is not held back by this one's requests.
    assert ask(Client(REMOTE_ADDR="10.0.0.9")).status_code == 200
    assert len(mail.outbox) == 4
    with time_machine.travel(timezone.now() + timedelta(seconds=WINDOW)):
        assert ask(client).status_code == 200
    assert len(mail.outbox) == 5
    assert Signature.objects.get().status == "unconfirmed"


def test_the_ip_is_stored_only_as_a_salted_hash(client, alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, make_legislator(), "a@mail.house.gov"
    )
    stored = Signature.objects.get().contact.ip_hash
    assert len(stored) == 32
    assert "127.0.0.1" not in str(Signature.objects.values().get())
    assert "127.0.0.1" not in str(SignerContact.objects.values().get())


def test_with_redis_unreachable_signers_are_let_through(settings):
    from django.test import RequestFactory

    from campaigns.signatures import ratelimit
    from cosign import redis as cosign_redis

    configured = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    cosign_redis.connection.cache_clear()
    try:
        assert ratelimit.allow(RequestFactory().post("/"), "sign") is True
    finally:
        settings.REDIS_URL = configured
        cosign_redis.connection.cache_clear()
