"""No task waits as long as the broker's visibility timeout: Redis would hand it out again, and
again, while it waited (Celery's documentation, "Using Redis: Caveats")."""

from datetime import UTC, datetime, timedelta

import pytest
from celery.app.task import Task
from django.conf import settings

from campaigns.delivery.tasks import deliver
from cosign.celery import app


def visibility_timeout() -> int:
    return app.conf.broker_transport_options["visibility_timeout"]


def longest_retry_pause(task: Task) -> float:
    """What Celery waits before a retry, at most: an automatic retry's backoff, else the
    countdown the task retries with, else Celery's default delay."""
    countdown = getattr(task, "retry_kwargs", {}).get("countdown")
    if countdown is not None:
        return countdown
    if task.autoretry_for and task.retry_backoff:
        return task.retry_backoff_max
    return task.default_retry_delay


def test_the_longest_pause_stays_well_under_the_visibility_timeout():
    longest_pause = settings.TASK_PAUSE_MAX_SECONDS
    assert longest_pause <= visibility_timeout() / 2


def test_no_tasks_retries_wait_past_the_longest_pause():
    app.loader.import_default_modules()
    assert {"campaigns.delivery.tasks.deliver", "cosign.outbox.tasks.send_entry"} <= set(app.tasks)

    too_long = {
        name: longest_retry_pause(task)
        for name, task in app.tasks.items()
        if longest_retry_pause(task) > settings.TASK_PAUSE_MAX_SECONDS
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
