"""Per-client rate limits, counted in the cache (Redis when configured), and hashed client IPs.

We never store an IP address: only a salted hash, enough to count and to spot a burst.
"""

import logging
import math
import time

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from cosign import redis as cosign_redis

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    if settings.TRUSTED_PROXY_HOPS:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.TRUSTED_PROXY_HOPS:
            return forwarded[-settings.TRUSTED_PROXY_HOPS]
    return str(request.META.get("REMOTE_ADDR", ""))


def ip_hash(request: HttpRequest) -> str:
    return salted_hmac("cosign.client-ip", client_ip(request)).hexdigest()[:32]


def allow(request: HttpRequest, action: str) -> bool:
    """Count one `action` by this client; False once it is over its limit for the window."""
    limit, window = settings.RATE_LIMITS[action]
    return _count(f"{action}:{ip_hash(request)}", window) <= limit


def allow_office_confirmation(*, campaign_id: int, legislator_id: int) -> bool:
    """Count one confirmation email to a Member's office about a letter; False once the office
    has had the day's share."""
    day = 24 * 3600
    return (
        _count(f"office-confirmations:{campaign_id}:{legislator_id}", day)
        <= settings.CONFIRMATIONS_PER_OFFICE_PER_DAY
    )


def _count(name: str, window: int) -> int:
    """Add one to `name`'s count in the current window of `window` seconds; the new count."""
    bucket = int(time.time() // window)
    key = f"cosign:ratelimit:{name}:{bucket}"
    if cosign_redis.configured():
        # One round trip: count, and let the key expire with its window.
        pipe = cosign_redis.connection().pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, window + 1, nx=True)
        try:
            return int(pipe.execute()[0])
        except redis.RedisError:
            # Without Redis nothing can be counted; let signers through rather than lose them.
            logger.warning("Rate limits are off: Redis is unreachable")
            return 0
    cache.add(key, 0, timeout=window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def retry_after(action: str) -> int:
    """Seconds until `action`'s current window closes and every client may start again."""
    _, window = settings.RATE_LIMITS[action]
    return math.ceil(window - time.time() % window)
