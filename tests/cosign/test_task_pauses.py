"""No task waits as long as the broker lets a task stay unacknowledged: Redis would hand it out
again, and again, while it waited (Celery's documentation, "Using Redis: Caveats"); RabbitMQ
would close the worker's channel (its consumer_timeout). Held for both brokers, whichever this
process runs on."""

from datetime import UTC, datetime, timedelta

import pytest
from celery.app.task import Task
from django.conf import settings

from campaigns.delivery.tasks import deliver
from cosign import queues
from cosign.celery import app

BROKERS = ["redis://127.0.0.1:6379/0", "amqp://guest:guest@127.0.0.1:5672/"]


def unacknowledged_limit(broker_url: str) -> int:
    """How long the broker leaves a task with a worker that has not acknowledged it."""
    if broker_url.startswith("amqp"):
        return settings.RABBITMQ_CONSUMER_TIMEOUT_SECONDS
    return app.conf.broker_transport_options["visibility_timeout"]


def longest_pause_on(broker_url: str) -> int:
    return queues.pause_max_seconds(
        broker_url,
        visibility_timeout=app.conf.broker_transport_options["visibility_timeout"],
        consumer_timeout=settings.RABBITMQ_CONSUMER_TIMEOUT_SECONDS,
    )


def longest_retry_pause(task: Task) -> float:
    """What Celery waits before a retry, at most: an automatic retry's backoff, else the
    countdown the task retries with, else Celery's default delay."""
    countdown = getattr(task, "retry_kwargs", {}).get("countdown")
    if countdown is not None:
        return countdown
    if task.autoretry_for and task.retry_backoff:
        return task.retry_backoff_max
    return task.default_retry_delay


def test_the_longest_pause_is_the_one_for_the_broker_this_process_runs_on():
    assert longest_pause_on(app.conf.broker_url) == settings.TASK_PAUSE_MAX_SECONDS


@pytest.mark.parametrize("broker_url", BROKERS)
def test_the_longest_pause_stays_well_under_the_brokers_limit(broker_url):
    assert 0 < longest_pause_on(broker_url) <= unacknowledged_limit(broker_url) / 2


@pytest.mark.parametrize("broker_url", BROKERS)
def test_no_tasks_retries_wait_past_the_longest_pause_on_either_broker(broker_url):
    app.loader.import_default_modules()
    assert {"campaigns.delivery.tasks.deliver", "cosign.outbox.tasks.send_entry"} <= set(app.tasks)

    too_long = {
        name: longest_retry_pause(task)
        for name, task in app.tasks.items()
        if longest_retry_pause(task) > longest_pause_on(broker_url)
    }

    assert too_long == {}


def test_a_task_is_not_queued_with_a_countdown_past_the_longest_pause():
    with pytest.raises(ValueError, match="TASK_PAUSE_MAX_SECONDS"):
        deliver.apply_async((1,), countdown=settings.TASK_PAUSE_MAX_SECONDS + 1)


def test_a_task_is_not_queued_with_an_eta_past_the_longest_pause():
    # Made here, not when the tests are collected: a whole suite may run in between.
    eta = datetime.now(UTC) + timedelta(seconds=settings.TASK_PAUSE_MAX_SECONDS + 60)
    with pytest.raises(ValueError, match="TASK_PAUSE_MAX_SECONDS"):
        deliver.apply_async((1,), eta=eta)
