"""Pushing count changes to browsers: one Redis subscription per process, fanned out.

Runs in the ASGI server's event loop. A listener is an asyncio queue, not a thread or a
database connection, so one process holds thousands of open streams.
"""

import asyncio
import json
import logging
from collections import defaultdict
from typing import Any

import redis

from campaigns.counts import CHANNEL, Tally, stream_fields, tally_key
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
        """The latest tally, without touching the database; None if Redis has none.

        Kept from the last message while the subscription runs, so a thousand listeners
        arriving at once cost one read from Redis, not a thousand.
        """
        if campaign_id in self._latest:
            return self._latest[campaign_id]
        async with self._reading[campaign_id]:
            if campaign_id not in self._latest:
                stored = await self._redis().hgetall(tally_key(campaign_id))
                if not stored:
                    return None
                self._latest[campaign_id] = stream_fields(Tally.from_fields(stored))
        return self._latest[campaign_id]

    def _redis(self) -> redis.asyncio.Redis:
        if self._client is None:
            self._client = cosign_redis.async_connection()
        return self._client

    def _deliver(self, campaign_id: int, fields: dict[str, Any]) -> None:
        if campaign_id in self._listeners:
            self._latest[campaign_id] = fields
        for queue in list(self._listeners.get(campaign_id, ())):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(fields)

    async def _subscribe(self) -> None:
        while self._listeners:
            pubsub = self._redis().pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                # Changes made while we were not subscribed would be lost: resend the counts.
                self._latest.clear()
                for campaign_id in list(self._listeners):
                    if (fields := await self.current(campaign_id)) is not None:
                        self._deliver(campaign_id, fields)
                async for message in pubsub.listen():
                    if message["type"] != "message":
                        continue
                    fields = json.loads(message["data"])
                    self._deliver(fields.pop("campaign"), fields)
                    if not self._listeners:
                        break
            except (redis.RedisError, OSError) as error:
                logger.warning("Count stream lost Redis (%s); reconnecting", error)
                await asyncio.sleep(1)
            finally:
                await pubsub.aclose()


broadcaster = Broadcaster()
