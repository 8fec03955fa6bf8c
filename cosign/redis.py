"""Connections to the Redis of REDIS_URL, for the counters and their pub/sub channel."""

import functools

import redis
import redis.asyncio
from django.conf import settings
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

# After Redis restarts, each pooled connection fails once ("connection closed by server"): one
# quick retry on a fresh connection hides that; a Redis that is down still fails fast.
RETRY = Retry(ExponentialBackoff(cap=0.2, base=0.02), retries=1)


def configured() -> bool:
    return bool(settings.REDIS_URL)


@functools.cache
def connection() -> redis.Redis:
    """One pool per process; the client is safe to share between threads."""
    return redis.Redis.from_url(
        settings.REDIS_URL,
        decode_responses=True,
        socket_timeout=5,
        socket_connect_timeout=5,
        health_check_interval=30,
        retry=RETRY,
        retry_on_error=[redis.ConnectionError],
    )


def async_connection() -> redis.asyncio.Redis:
    """A client for the running event loop (asyncio clients cannot be shared across loops).

    Its pool waits for a free connection rather than failing when many requests ask at once.
    """
    pool = redis.asyncio.BlockingConnectionPool.from_url(
        settings.REDIS_URL,
        max_connections=20,
        timeout=10,
        decode_responses=True,
        socket_connect_timeout=5,
        health_check_interval=30,
    )
    return redis.asyncio.Redis(connection_pool=pool)
