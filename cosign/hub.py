"""Publish and subscribe inside one process: what Redis pub/sub does between processes.

Messages are published from any thread (under ASGI, sync views and the tasks they run
in-process run in worker threads) and read by coroutines in an event loop. With nobody
subscribed, which is so in management commands, tests and any process without an event loop,
publishing does nothing.
"""

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[asyncio.Queue[str], asyncio.AbstractEventLoop] = {}

    @property
    def subscribed(self) -> bool:
        return bool(self._subscribers)

    def publish(self, message: str) -> None:
        with self._lock:
            subscribers = list(self._subscribers.items())
        for queue, loop in subscribers:
            try:
                # asyncio queues are not thread-safe: the put runs in the subscriber's loop.
                loop.call_soon_threadsafe(queue.put_nowait, message)
            except RuntimeError:  # that loop has closed; nothing will read this queue again
                self._leave(queue)

    @contextmanager
    def subscribe(self) -> Iterator[AsyncIterator[str]]:
        """In a coroutine: the messages published from now on, until the block ends."""
        queue: asyncio.Queue[str] = asyncio.Queue()
        with self._lock:
            self._subscribers[queue] = asyncio.get_running_loop()
        try:
            yield _messages(queue)
        finally:
            self._leave(queue)

    def _leave(self, queue: "asyncio.Queue[str]") -> None:
        with self._lock:
            self._subscribers.pop(queue, None)


async def _messages(queue: "asyncio.Queue[str]") -> AsyncIterator[str]:
    while True:
        yield await queue.get()
