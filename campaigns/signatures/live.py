"""Pushing count changes to browsers: one subscription per process, fanned out.

Runs in the ASGI server's event loop. A listener is an asyncio queue, not a thread or a
database connection, so one process holds thousands of open streams. Changes come from Redis,
which every process publishes to; without Redis there is one process (`make run`), and they
come from its own hub.
"""

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
from asgiref.sync import sync_to_async
from django.db import connection

from campaigns.signatures import counts
from campaigns.signatures.counts import CHANNEL, LOCAL_CHANNEL, Tally, stream_fields, tally_key
from cosign import redis as cosign_redis

logger = logging.getLogger(__name__)


class Broadcaster:
    def __init__(self) -> None:
        self._listeners: dict[int, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._client: redis.asyncio.Redis | None = None
        self._latest: dict[int, dict[str, Any]] = {}
        self._reading: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)

    def listen(self, campaign_id: int) -> "asyncio.Queue[dict[str, Any]]":
        # Only the newest count matters: a slow listener gets that, not a backlog.
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(maxsize=1)
        self._listeners[campaign_id].add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._subscribe())
        return queue

    def leave(self, campaign_id: int, queue: "asyncio.Queue[dict[str, Any]]") -> None:
        listeners = self._listeners.get(campaign_id)
        if listeners is not None:
            listeners.discard(queue)
            if not listeners:
                del self._listeners[campaign_id]
                # Nobody is listening: the kept count would go stale, so forget it.
                self._latest.pop(campaign_id, None)

    @property
    def listener_count(self) -> int:
        return sum(len(queues) for queues in self._listeners.values())

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
        stored = await self._redis().hgetall(tally_key(campaign_id))
        return Tally.from_fields(stored) if stored else None

    def _redis(self) -> redis.asyncio.Redis:
        if self._client is None:
            self._client = cosign_redis.async_connection()
        return self._client

    @asynccontextmanager
    async def _messages(self) -> AsyncIterator[AsyncIterator[str]]:
        """Each change published from now on, as JSON, until the block ends."""
        if not cosign_redis.configured():
            with LOCAL_CHANNEL.subscribe() as messages:
                yield messages
            return
        pubsub = self._redis().pubsub()
        try:
            await pubsub.subscribe(CHANNEL)
            yield (m["data"] async for m in pubsub.listen() if m["type"] == "message")
        finally:
            await pubsub.aclose()

    def _deliver(self, campaign_id: int, fields: dict[str, Any]) -> None:
        if campaign_id in self._listeners:
            self._latest[campaign_id] = fields
        for queue in list(self._listeners.get(campaign_id, ())):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(fields)

    async def _subscribe(self) -> None:
        while self._listeners:
            try:
                async with self._messages() as messages:
                    # Changes made while we were not subscribed would be lost: resend the counts.
                    self._latest.clear()
                    for campaign_id in list(self._listeners):
                        if (fields := await self.current(campaign_id)) is not None:
                            self._deliver(campaign_id, fields)
                    async for message in messages:
                        fields = json.loads(message)
                        self._deliver(fields.pop("campaign"), fields)
                        if not self._listeners:
                            break
            except (redis.RedisError, OSError) as error:
                logger.warning("Count stream lost Redis (%s); reconnecting", error)
                await asyncio.sleep(1)


def _count_in_database(campaign_id: int) -> Tally:
    try:
        return counts.current(campaign_id)
    finally:
        connection.close()  # a thread of the pool: it must not keep a connection open


broadcaster = Broadcaster()
