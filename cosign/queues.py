"""Which queue each kind of work waits on, so that one kind cannot hold up another: a burst of
confirmation emails does not wait behind a letter's render, nor a delivery behind a webhook
that times out. Read by settings as CELERY_TASK_QUEUES and CELERY_TASK_ROUTES.

The queues are named after the default one (CELERY_QUEUE, "celery" unless set): "celery" for
everything not named here (beat's sweeps and jobs), then "celery.emails", "celery.pdf",
"celery.delivery" and "celery.webhooks". A worker started without -Q consumes them all; a
deployment can give each its own workers (`celery -A cosign worker -Q celery.pdf`).

Most work reaches a worker as an outbox entry (cosign.outbox.tasks.send_entry), whose handler
may send an email, render or POST: the entry's task goes to the queue of the entry's kind.
"""

from fnmatch import fnmatchcase
from typing import Any

from celery import current_app
from kombu import Exchange, Queue

EMAILS = "emails"
PDF = "pdf"
DELIVERY = "delivery"
WEBHOOKS = "webhooks"
KINDS = (EMAILS, PDF, DELIVERY, WEBHOOKS)

SEND_ENTRY = "cosign.outbox.tasks.send_entry"

# Celery tasks by name; the first pattern that matches wins, the rest go on the default queue.
TASKS = [
    ("campaigns.documents.tasks.render_*", PDF),
    ("campaigns.documents.tasks.finish_document", PDF),
    ("campaigns.documents.tasks.document_failed", PDF),
    ("campaigns.delivery.tasks.deliver", DELIVERY),
    ("campaigns.webhooks.tasks.send_endpoint", WEBHOOKS),
]

# Outbox entries by kind, the same way. An email's kind says so ("…_email", "…_notice");
# the fan-outs that add one email per signer go with the emails they add.
OUTBOX_KINDS = [
    ("documents.ready", DELIVERY),  # a letter waiting for its final PDF goes as it is ready
    ("delivery.send", DELIVERY),
    ("documents.*", PDF),
    ("delivery.print_packet", PDF),
    ("webhooks.event", WEBHOOKS),
    ("webhooks.send", WEBHOOKS),
    ("email", EMAILS),
    ("*_email", EMAILS),
    ("*_emails", EMAILS),
    ("*_notice", EMAILS),
    ("*.version_notices", EMAILS),
    ("circulation.reminder_confirm", EMAILS),
    ("delivery.tell_signers", EMAILS),
]


def queue_name(kind: str | None, default: str) -> str:
    return default if kind is None else f"{default}.{kind}"


def declared(default: str) -> list[Queue]:
    """Every queue, each on a direct exchange of its own name: a message is routed to one
    queue only (sharing the default exchange and routing key, RabbitMQ would copy it to all)."""
    names = [queue_name(kind, default) for kind in (None, *KINDS)]
    return [Queue(name, Exchange(name, type="direct"), routing_key=name) for name in names]


def kind_of_task(name: str) -> str | None:
    return next((kind for pattern, kind in TASKS if fnmatchcase(name, pattern)), None)


def kind_of_entry(entry_kind: str) -> str | None:
    return next((kind for pattern, kind in OUTBOX_KINDS if fnmatchcase(entry_kind, pattern)), None)


def route(
    name: str, args: Any, kwargs: dict[str, Any] | None, options: Any, task: Any = None, **kw: Any
) -> dict[str, str]:
    """Celery's router (task_routes). The queue names follow the default queue as it is when
    the task is sent, so a process that changes it (a test's own queue) keeps all its work."""
    if name == SEND_ENTRY:
        kind = kind_of_entry((kwargs or {}).get("kind", ""))
    else:
        kind = kind_of_task(name)
    return {"queue": queue_name(kind, current_app.conf.task_default_queue)}


def pause_max_seconds(broker_url: str, *, visibility_timeout: int, consumer_timeout: int) -> int:
    """The longest a task may wait (a countdown, an ETA) before it runs.

    A task is unacknowledged from the moment a worker takes it until it has run, countdown
    included. Redis hands such a task to another worker once `visibility_timeout` passes,
    again and again (Celery's documentation, "Using Redis: Caveats"); RabbitMQ closes the
    channel of a consumer that holds one past the server's `consumer_timeout` (30 minutes
    unless the server says otherwise), and the worker's other tasks go back with it. Half of
    either: the other half is for a busy queue and the run itself."""
    if broker_url.startswith(("amqp://", "amqps://")):
        return consumer_timeout // 2
    return visibility_timeout // 2
