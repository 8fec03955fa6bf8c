"""Queueing Celery tasks once the transaction commits, without losing them to a broker outage.

A sign-up must neither fail nor lose its confirmation email because Redis is unreachable: the
work is already committed, so a task that cannot be published is held in the database, and
`release_held_tasks` (run by beat) queues it again once the broker is back.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import kombu.exceptions
import redis
from celery import Task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from campaigns.letters.models import HeldTask
from cosign.celery import app as celery_app

logger = logging.getLogger(__name__)

# What publishing raises when the broker is down or unreachable.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.RedisError, OSError)
CLAIM = timedelta(minutes=2)
RELEASE_BATCH = 500


def queue_on_commit(task: Task, *args: Any) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside one)."""
    if task.app.conf.task_always_eager:
        # No broker: the task runs in this process after the commit, and its errors show.
        transaction.on_commit(partial(task.delay, *args))
        return

    def publish() -> None:
        queue(task, *args)

    # robust: the transaction has committed; nothing that happens here may undo or fail it.
    transaction.on_commit(publish, robust=True)


def queue(task: Task, *args: Any) -> None:
    try:
        _publish(task, args)
    except BROKER_ERRORS as error:
        HeldTask.objects.create(task_name=task.name, args=list(args), error=str(error)[:1000])
        logger.warning("The broker is unreachable; %s%s is held until it is back", task.name, args)


def _publish(task: Task, args: Sequence[Any]) -> None:
    # Nothing waits for these tasks' results: none is stored, and this process does not
    # subscribe to hear of one (a subscription that Redis going away would break for good).
    task.apply_async(tuple(args), ignore_result=True)


def release_held_tasks(*, now: datetime | None = None) -> int:
    """Queue the held tasks, oldest first; stop at the first that still cannot be queued."""
    celery_app.loader.import_default_modules()  # the tasks a held one may name
    now = now or timezone.now()
    claimable = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    released = 0
    for held in HeldTask.objects.filter(claimable)[:RELEASE_BATCH]:
        claimed = (
            HeldTask.objects.filter(claimable, pk=held.pk).update(claimed_until=now + CLAIM) == 1
        )
        if not claimed:
            continue  # another sweeper has it
        try:
            _publish(celery_app.tasks[held.task_name], held.args)
        except BROKER_ERRORS:
            HeldTask.objects.filter(pk=held.pk).update(claimed_until=None)
            logger.warning(
                "The broker is still unreachable; %s tasks stay held", HeldTask.objects.count()
            )
            break
        held.delete()
        released += 1
    if released:
        logger.info("Queued %s held tasks", released)
    return released
