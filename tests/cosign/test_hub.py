"""The in-process hub: messages published in worker threads, read in an event loop."""

import asyncio
import threading

from cosign.hub import Hub


def test_a_message_published_in_another_thread_reaches_the_loop_that_subscribed():
    hub = Hub()

    async def subscriber() -> list[str]:
        with hub.subscribe() as messages:
            assert hub.subscribed
            publisher = threading.Thread(target=lambda: [hub.publish(m) for m in ("1", "2")])
            publisher.start()
            received = [await asyncio.wait_for(anext(messages), 5) for _ in range(2)]
            publisher.join()
        return received

    assert asyncio.run(subscriber()) == ["1", "2"]
    assert not hub.subscribed


def test_with_nobody_subscribed_publishing_does_nothing():
    hub = Hub()
    hub.publish("lost")  # no event loop in this thread, no subscriber: not an error

    async def later() -> bool:
        with hub.subscribe() as messages:
            try:
                await asyncio.wait_for(anext(messages), 0.1)
            except TimeoutError:
                return True
        return False

    assert asyncio.run(later()), "a message published before subscribing was kept"


def test_a_subscriber_whose_loop_has_closed_is_forgotten():
    hub = Hub()
    loop = asyncio.new_event_loop()
    subscription = hub.subscribe()
    loop.run_until_complete(_enter(subscription))
    loop.close()  # the server stopped without leaving the block

    hub.publish("after")

    assert not hub.subscribed


async def _enter(subscription):
    subscription.__enter__()
