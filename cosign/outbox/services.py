"""Writing side effects down, and the one sender that carries them out.

A workflow calls `add` inside its transaction: the row commits with the change or not at all.
Once it commits, the entry is sent at once (a Celery task, or in this process when tasks run
eagerly); if that never happens (the broker was down, the process died, the handler failed),
the sweep takes it up later. `send` claims an entry before running its handler, so it runs at
most once at a time and never after it succeeded: at least once, deduplicated by the key.
"""

import logging
import random
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import amqp.exceptions
import kombu.exceptions
import redis
from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from cosign.celery import app as celery_app
from cosign.outbox.models import Entry

logger = logging.getLogger(__name__)

Handler = Callable[..., object]
Wanted = Callable[..., bool]

_handlers: dict[str, Handler] = {}
_wanted: dict[str, Wanted] = {}
_loaded = False
_background: ThreadPoolExecutor | None = None

# What publishing raises when the broker is down or unreachable.
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.RedisError,
    amqp.exceptions.AMQPError,
    OSError,
)
BATCH = 1000


def handles(kind: str, *, wanted: Wanted | None = None) -> Callable[[Handler], Handler]:
    """Register the function that carries out entries of `kind` (in an app's tasks module).

    `wanted(**target)`, if given, is asked as an entry is written, in the writer's transaction:
    False and nothing is written. A workflow can then say what happened (a webhook event) at
    the cost of one query when nobody listens, without knowing who might."""

    def register(function: Handler) -> Handler:
        if _handlers.get(kind, function) is not function:
            raise ValueError(f"Two handlers for the outbox kind {kind!r}")
        _handlers[kind] = function
        if wanted is not None:
            _wanted[kind] = wanted
        return function

    return register


def load_handlers() -> None:
    """Import the apps' tasks modules, where the handlers are registered. The web servers call
    this as they start (cosign/wsgi.py, asgi.py), so no request pays for it; elsewhere the
    first entry written or sent does."""
    global _loaded
    if not _loaded:
        autodiscover_modules("tasks")
        _loaded = True


def handler_for(kind: str) -> Handler:
    if kind not in _handlers:
        load_handlers()
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"No handler for the outbox kind {kind!r}") from None


def add(kind: str, *, key: str, **target: Any) -> bool:
    """Write the side effect down, in the caller's transaction. False if `key` is known, or
    if its kind's handler does not want it."""
    handler_for(kind)  # a typo fails here, in the workflow's tests, not later in a worker
    if kind in _wanted and not _wanted[kind](**target):
        return False
    try:
        with transaction.atomic():
            entry = Entry.objects.create(kind=kind, key=key, target=target)
    except IntegrityError:
        return False
    _dispatch_on_commit(kind, [entry.pk])
    return True


def add_many(kind: str, targets: Iterable[tuple[str, dict[str, Any]]]) -> int:
    """`add` for many (key, target) pairs at once: a fan-out to every signer, say."""
    handler_for(kind)
    if kind in _wanted:
        targets = [(key, target) for key, target in targets if _wanted[kind](**target)]
    keys: list[str] = []
    for chunk in _chunks(targets):
        Entry.objects.bulk_create(
            [Entry(kind=kind, key=key, target=target) for key, target in chunk],
            ignore_conflicts=True,
        )
        keys.extend(key for key, _target in chunk)
    ids: list[int] = []
    for index in range(0, len(keys), BATCH):
        ids.extend(
            Entry.objects.filter(key__in=keys[index : index + BATCH], sent_at=None).values_list(
                "pk", flat=True
            )
        )
    _dispatch_on_commit(kind, ids)
    return len(ids)


def _chunks(
    pairs: Iterable[tuple[str, dict[str, Any]]],
) -> Iterable[list[tuple[str, dict[str, Any]]]]:
    chunk: list[tuple[str, dict[str, Any]]] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _dispatch_on_commit(kind: str, ids: list[int]) -> None:
    if not ids:
        return
    if celery_app.conf.task_always_eager and settings.OUTBOX_IN_BACKGROUND:
        # No broker, but a web server (`make run`): sent by a thread of this process, so that
        # the response does not wait for a PDF or a hundred emails.
        transaction.on_commit(partial(_send_in_background, ids))
        return
    if celery_app.conf.task_always_eager:
        # No broker: sent in this process after the commit, and a failure shows.
        transaction.on_commit(partial(_send_now, ids))
        return
    # robust: the transaction has committed; nothing here may undo or fail it.
    transaction.on_commit(partial(_publish, kind, ids), robust=True)


def _send_now(ids: list[int]) -> None:
    for entry_id in ids:
        send(entry_id)


def _send_in_background(ids: list[int]) -> None:
    global _background
    if _background is None:
        # One thread: entries go out one after another, in the order they were written.
        _background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")
    _background.submit(_send_each, ids)


def _send_each(ids: list[int]) -> None:
    try:
        for entry_id in ids:
            try:
                send(entry_id)
            except Exception:  # recorded on the entry by `send`; the rest still go
                logger.exception("Outbox entry %s failed in the background", entry_id)
    finally:
        connections.close_all()  # this thread's own connections


def _publish(kind: str, ids: list[int]) -> None:
    task = celery_app.tasks["cosign.outbox.tasks.send_entry"]
    try:
        # One connection for the lot: a fan-out publishes thousands at once.
        with celery_app.producer_or_acquire() as producer:
            for entry_id in ids:
                # Nothing waits for the result: none is stored or subscribed to. The kind
                # routes it to its queue (cosign/queues.py) and names it in the worker's log.
                task.apply_async((entry_id,), {"kind": kind}, ignore_result=True, producer=producer)
    except BROKER_ERRORS as error:
        # The entries wait in the database; the sweep sends them once the broker is back.
        logger.warning("The broker is unreachable (%s); outbox entries wait for the sweep", error)


def send(entry_id: int) -> bool:
    """Carry out one entry, unless it is done or another sender holds it. True if it ran."""
    now = timezone.now()
    claimable = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
    claimed = Entry.objects.filter(claimable, pk=entry_id, sent_at=None).update(
        claimed_until=now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    entry = Entry.objects.get(pk=entry_id)
    try:
        handler_for(entry.kind)(**entry.target)
    except Exception as error:
        pause = retry_pause(entry.attempts)
        Entry.objects.filter(pk=entry_id).update(
            claimed_until=timezone.now() + timedelta(seconds=pause),
            last_error=f"{error.__class__.__name__}: {error}"[:2000],
        )
        logger.warning(
            "Outbox %s (attempt %s) failed; tried again in %.0f s or later: %s",
            entry.key, entry.attempts, pause, error,
        )  # fmt: skip
        raise
    Entry.objects.filter(pk=entry_id).update(sent_at=timezone.now(), claimed_until=None)
    return True


def retry_pause(attempts: int) -> float:
    """Growing pauses with jitter: 30 s, 1 min, 2 min … up to an hour."""
    base = min(3600.0, settings.OUTBOX_RETRY_SECONDS * 2 ** max(0, attempts - 1))
    return base * random.uniform(0.75, 1.25)  # noqa: S311 - jitter, not secrecy


def due(now: datetime | None = None) -> Q:
    """Unsent, old enough that its own dispatch should have run, not held by a sender, and
    not given up on."""
    now = now or timezone.now()
    return Q(
        sent_at=None,
        created_at__lte=now - timedelta(seconds=settings.OUTBOX_SWEEP_AFTER_SECONDS),
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ) & (Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))


def sweep(*, budget_seconds: float = 20.0) -> int:
    """Send what was never sent: oldest first, within a time budget. How many were sent."""
    deadline = time.monotonic() + budget_seconds
    sent = 0
    for entry_id in (
        Entry.objects.filter(due()).order_by("created_at").values_list("pk", flat=True)[:BATCH]
    ):
        try:
            sent += send(entry_id)
        except Exception:  # recorded on the entry; the next sweep tries it again later
            logger.exception("Outbox entry %s failed in the sweep", entry_id)
        if time.monotonic() > deadline:
            break
    if sent:
        logger.info("The outbox sweep sent %s entries", sent)
    return sent


def prune(*, sent_before: datetime) -> int:
    """Forget entries sent before `sent_before`; how many. Their targets may name an address
    (a reminder's), so they go with the other contact details (the privacy purge). A key
    forgotten could be added again, so prune only past the time any workflow re-adds one: each
    adds its keys once, at the moment of its own change."""
    deleted, _ = Entry.objects.filter(sent_at__lt=sent_before).delete()
    return deleted
