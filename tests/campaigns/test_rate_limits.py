import pytest

from campaigns.models import Signature
from tests.factories import make_legislator, make_open_campaign
from tests.signing import sign_member

pytestmark = pytest.mark.django_db


def test_a_burst_from_one_address_is_slowed_and_keeps_what_was_typed(
    client, alice, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "sign": (3, 600)}
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


def test_the_ip_is_stored_only_as_a_salted_hash(client, alice, django_capture_on_commit_callbacks):
    campaign = make_open_campaign(alice)
    sign_member(
        client, campaign, django_capture_on_commit_callbacks, make_legislator(), "a@mail.house.gov"
    )
    stored = Signature.objects.get().ip_hash
    assert len(stored) == 32
    assert "127.0.0.1" not in str(Signature.objects.values().get())


def test_with_redis_unreachable_signers_are_let_through(settings):
    from django.test import RequestFactory

    from campaigns import ratelimit
    from cosign import redis as cosign_redis

    configured = settings.REDIS_URL
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    cosign_redis.connection.cache_clear()
    try:
        assert ratelimit.allow(RequestFactory().post("/"), "sign") is True
    finally:
        settings.REDIS_URL = configured
        cosign_redis.connection.cache_clear()
