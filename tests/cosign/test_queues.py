"""Each kind of work waits on a queue of its own (cosign/queues.py): a burst of emails does not
wait behind a render, nor a delivery behind a slow webhook."""

from django.conf import settings

from cosign import queues
from cosign.celery import app
from cosign.outbox import services as outbox

# Every outbox kind, and the queue its entries go on: a new kind must be placed here.
OUTBOX_QUEUES = {
    "email": "celery.emails",
    "circulation.dear_colleague_email": "celery.emails",
    "circulation.digest_email": "celery.emails",
    "circulation.reminder_confirm": "celery.emails",
    "circulation.reminder_email": "celery.emails",
    "delivery.delivered_email": "celery.emails",
    "delivery.failed_email": "celery.emails",
    "delivery.receipt_email": "celery.emails",
    "delivery.tell_signers": "celery.emails",
    "letters.invitation_email": "celery.emails",
    "signatures.approval_needed_email": "celery.emails",
    "signatures.approvals_digest_email": "celery.emails",
    "signatures.confirmation_email": "celery.emails",
    "signatures.decision_email": "celery.emails",
    "signatures.duplicate_notice": "celery.emails",
    "signatures.milestone_email": "celery.emails",
    "signatures.receipt_email": "celery.emails",
    "signatures.version_notice": "celery.emails",
    "signatures.version_notices": "celery.emails",
    "signatures.withdrawal_emails": "celery.emails",
    "signatures.withdrawal_request_email": "celery.emails",
    "webhooks.paused_email": "celery.emails",
    "documents.render": "celery.pdf",
    "documents.render_letter": "celery.pdf",
    "delivery.print_packet": "celery.pdf",
    "delivery.send": "celery.delivery",
    "documents.ready": "celery.delivery",
    "webhooks.event": "celery.webhooks",
    "webhooks.send": "celery.webhooks",
    "signatures.co_lead_sync": "celery",
    "signatures.rebuild_count": "celery",
}

# The tasks queued directly rather than through the outbox; every other task (beat's) goes on
# the default queue.
TASK_QUEUES = {
    "campaigns.documents.tasks.render_chunk": "celery.pdf",
    "campaigns.documents.tasks.render_footers": "celery.pdf",
    "campaigns.documents.tasks.finish_document": "celery.pdf",
    "campaigns.documents.tasks.document_failed": "celery.pdf",
    "campaigns.delivery.tasks.deliver": "celery.delivery",
    "campaigns.webhooks.tasks.send_endpoint": "celery.webhooks",
}


def queue_of(task_name: str, **kwargs) -> str:
    return app.amqp.router.route({}, task_name, (), kwargs)["queue"].name


def test_every_outbox_kind_is_sent_from_the_queue_of_its_kind_of_work():
    outbox.load_handlers()

    routed = {kind: queue_of(queues.SEND_ENTRY, kind=kind) for kind in outbox._handlers}

    assert routed == OUTBOX_QUEUES


def test_the_tasks_queued_directly_go_to_the_queue_of_their_kind_and_the_rest_to_the_default():
    app.loader.import_default_modules()
    ours = [name for name in app.tasks if not name.startswith("celery.")]

    routed = {name: queue_of(name) for name in ours}

    assert {name: queue for name, queue in routed.items() if queue != "celery"} == TASK_QUEUES
    assert routed["campaigns.documents.tasks.sweep_documents"] == "celery"


def test_a_worker_started_without_queues_named_consumes_every_queue():
    declared = {queue.name: queue for queue in settings.CELERY_TASK_QUEUES}

    assert set(declared) == {"celery", *OUTBOX_QUEUES.values(), *TASK_QUEUES.values()}
    # Each on its own exchange and key: RabbitMQ delivers a message to one queue, not all.
    assert {(q.exchange.name, q.routing_key) for q in declared.values()} == {
        (name, name) for name in declared
    }


def test_the_queues_follow_the_default_queue_as_it_is_when_a_task_is_sent(settings):
    default = app.conf.task_default_queue
    app.conf.task_default_queue = "elsewhere"
    try:
        assert queue_of(queues.SEND_ENTRY, kind="signatures.confirmation_email") == (
            "elsewhere.emails"
        )
        assert queue_of("campaigns.letters.tasks.close_due_campaigns") == "elsewhere"
    finally:
        app.conf.task_default_queue = default
