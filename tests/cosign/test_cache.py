"""With Redis unreachable, the cache misses instead of failing the request."""

import pytest

from tests.factories import PASSWORD

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "cosign.cache.FailOpenRedisCache", "LOCATION": NOTHING_LISTENS}
    }


def test_an_organizer_logs_in_while_the_cache_is_unreachable(client, alice, unreachable_cache):
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_password_is_still_refused_while_the_cache_is_unreachable(
    client, alice, unreachable_cache
):
    response = client.post("/accounts/login/", {"login": alice.email, "password": "wrong"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/dashboard/").status_code == 302  # still not logged in


def test_the_cache_answers_like_a_miss(unreachable_cache):
    from django.core.cache import cache

    cache.set("k", 1)
    assert cache.get("k", "missing") == "missing"
    assert cache.add("lock", True) is True
    assert cache.delete("k") is False
