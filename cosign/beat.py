"""What Celery beat runs, and how often: the sweeps that make up for lost tasks, the privacy
purge, the letters' deadlines and release times, the counts' reconciliation, reminders and
digests. Read by settings as CELERY_BEAT_SCHEDULE; the periods that vary by site come from the
environment."""

from cosign.env import env_int

SCHEDULE = {
    "sweep-outbox": {
        "task": "cosign.outbox.tasks.sweep_outbox",
        "schedule": float(env_int("OUTBOX_SWEEP_EVERY_SECONDS", 30, minimum=1)),
    },
    "sweep-documents": {
        "task": "campaigns.documents.tasks.sweep_documents",
        "schedule": float(env_int("DOCUMENT_SWEEP_EVERY_SECONDS", 60, minimum=1)),
    },
    "sweep-deliveries": {
        "task": "campaigns.delivery.tasks.sweep_deliveries",
        "schedule": float(env_int("DELIVERY_SWEEP_EVERY_SECONDS", 60, minimum=1)),
    },
    "sweep-webhooks": {
        "task": "campaigns.webhooks.tasks.sweep_webhooks",
        "schedule": float(env_int("WEBHOOK_SWEEP_EVERY_SECONDS", 30, minimum=1)),
    },
    "purge-personal-data": {
        "task": "campaigns.circulation.tasks.purge_personal_data",
        "schedule": 3600.0,
    },
    "release-campaigns-at-their-time": {
        "task": "campaigns.letters.tasks.release_due_campaigns",
        "schedule": 60.0,
    },
    "close-campaigns-at-deadline": {
        "task": "campaigns.letters.tasks.close_due_campaigns",
        "schedule": 60.0,
    },
    "reconcile-counts": {
        "task": "campaigns.signatures.tasks.reconcile_counts",
        "schedule": 300.0,
    },
    "lapse-unconfirmed-signatures": {
        "task": "campaigns.signatures.tasks.lapse_unconfirmed_signatures",
        "schedule": 900.0,
    },
    "send-reminders": {"task": "campaigns.circulation.tasks.send_due_reminders", "schedule": 60.0},
    "send-digests": {"task": "campaigns.circulation.tasks.send_digests", "schedule": 3600.0},
    "approvals": {"task": "campaigns.signatures.tasks.send_approval_digests", "schedule": 3600.0},
}
