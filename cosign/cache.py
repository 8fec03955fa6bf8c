"""The Redis cache, except that an unreachable Redis is a miss rather than a server error."""

import logging
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


class FailOpenRedisCache(RedisCache):
    """What uses the cache is allauth: its login rate limits and its memory of used TOTP codes.

    With Redis down they are lifted, as our own signing limits are, rather than turning every
    login into a 500: for the length of the outage, failed logins are not counted and an
    authenticator code could be used twice within its 30 seconds.
    """

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except redis.RedisError as error:
            _unreachable("get", error)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except redis.RedisError as error:
            _unreachable("set", error)

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except redis.RedisError as error:
            _unreachable("add", error)
            return True  # as if added: a lock is taken, a code not seen before

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except redis.RedisError as error:
            _unreachable("delete", error)
            return False

    def clear(self) -> None:
        try:
            super().clear()
        except redis.RedisError as error:
            _unreachable("clear", error)


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("Cache %s skipped: Redis is unreachable (%s)", operation, error)
