"""Pushing count changes to browsers: the count's channel, fanned out (cosign.fanout)."""

import asyncio
from collections import defaultdict
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection

from campaigns.signatures import counts
from campaigns.signatures.counts import CHANNEL, LOCAL_CHANNEL, Tally, stream_fields, tally_key
from cosign import redis as cosign_redis
from cosign.fanout import Fanout, Message


class Broadcaster(Fanout):
    def __init__(self) -> None:
        super().__init__(CHANNEL, LOCAL_CHANNEL)
        self._latest: dict[int, Message] = {}
        self._reading: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def current(self, campaign_id: int) -> dict[str, Any] | None:
        """The latest tally; None if Redis has none.

        Kept from the last message while the subscription runs, so a thousand listeners
        arriving at once cost one read, not a thousand.
        """
        if campaign_id in self._latest:
            return self._latest[campaign_id]
        async with self._reading[campaign_id]:
            if campaign_id not in self._latest:
                tally = await self._read(campaign_id)
                if tally is None:
                    return None
                self._latest[campaign_id] = stream_fields(tally)
        return self._latest[campaign_id]

    async def _read(self, campaign_id: int) -> Tally | None:
        if not cosign_redis.configured():
            # Not in the caller's thread: this may be the subscription, which outlives the
            # request that started it.
            return await sync_to_async(_count_in_database, thread_sensitive=False)(campaign_id)
        stored = await self.redis().hgetall(tally_key(campaign_id))
        return Tally.from_fields(stored) if stored else None

    def forget(self, campaign_id: int) -> None:
        # Nobody is listening: the kept count would go stale.
        self._latest.pop(campaign_id, None)

    async def resubscribed(self, campaign_ids: list[int]) -> None:
        self._latest.clear()
        for campaign_id in campaign_ids:
            if (fields := await self.current(campaign_id)) is not None:
                self.deliver(campaign_id, fields)

    def deliver(self, campaign_id: int, message: Message) -> None:
        if campaign_id in self._listeners:
            self._latest[campaign_id] = message
        super().deliver(campaign_id, message)


def _count_in_database(campaign_id: int) -> Tally:
    try:
        return counts.current(campaign_id)
    finally:
        connection.close()  # a thread of the pool: it must not keep a connection open


broadcaster = Broadcaster()
