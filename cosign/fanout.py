"""One pub/sub subscription per process, fanned out to the open streams of each letter.

Runs in the ASGI server's event loop. A listener is an asyncio queue, not a thread or a
database connection, so one process holds thousands of open streams. Messages come from Redis,
which every process publishes to; without Redis there is one process (`make run`), and they
come from its own hub. Each message is a JSON object naming its letter in "campaign".
"""

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis

from cosign import redis as cosign_redis
from cosign.hub import Hub

logger = logging.getLogger(__name__)

Message = dict[str, Any]


class Fanout:
    def __init__(self, channel: str, local: Hub) -> None:
        self.channel = channel
        self.local = local
        self._listeners: dict[int, set[asyncio.Queue[Message]]] = defaultdict(set)
        self._task: asyncio.Task[None] | None = None
        self._client: redis.asyncio.Redis | None = None

    def listen(self, campaign_id: int) -> "asyncio.Queue[Message]":
        # Only the newest message matters: a slow listener gets that, not a backlog.
        queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=1)
        self._listeners[campaign_id].add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._subscribe())
        return queue

    def leave(self, campaign_id: int, queue: "asyncio.Queue[Message]") -> None:
        listeners = self._listeners.get(campaign_id)
        if listeners is not None:
            listeners.discard(queue)
            if not listeners:
                del self._listeners[campaign_id]
                self.forget(campaign_id)

    @property
    def listener_count(self) -> int:
        return sum(len(queues) for queues in self._listeners.values())

    def forget(self, campaign_id: int) -> None:
        """Nobody listens to this letter here any more."""

    async def resubscribed(self, campaign_ids: list[int]) -> None:
        """Messages published while we were not subscribed are lost: make up for them."""

    def deliver(self, campaign_id: int, message: Message) -> None:
        for queue in list(self._listeners.get(campaign_id, ())):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(message)

    def redis(self) -> redis.asyncio.Redis:
        if self._client is None:
            self._client = cosign_redis.async_connection()
        return self._client

    @asynccontextmanager
    async def _messages(self) -> AsyncIterator[AsyncIterator[str]]:
        """Each message published from now on, as JSON, until the block ends."""
        if not cosign_redis.configured():
            with self.local.subscribe() as messages:
                yield messages
            return
        pubsub = self.redis().pubsub()
        try:
            await pubsub.subscribe(self.channel)
            yield (m["data"] async for m in pubsub.listen() if m["type"] == "message")
        finally:
            await pubsub.aclose()

    async def _subscribe(self) -> None:
        while self._listeners:
            try:
                async with self._messages() as messages:
                    await self.resubscribed(list(self._listeners))
                    async for raw in messages:
                        message = json.loads(raw)
                        self.deliver(message.pop("campaign"), message)
                        if not self._listeners:
                            break
            except (redis.RedisError, OSError) as error:
                logger.warning("Stream of %s lost Redis (%s); reconnecting", self.channel, error)
                await asyncio.sleep(1)


def publish(channel: str, local: Hub, message: Message) -> None:
    """Send `message` to every process's listeners of `channel`; best effort."""
    body = json.dumps(message)
    if not cosign_redis.configured():
        local.publish(body)
        return
    try:
        cosign_redis.connection().publish(channel, body)
    except redis.RedisError:
        logger.warning("Could not publish to %s: %s", channel, body)
