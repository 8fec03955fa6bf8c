"""Where a letter's events go: endpoints, the deliveries of each event to each endpoint, and
every attempt at one (the endpoint's log)."""

import base64
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from campaigns.letters.models import Campaign

EVENTS = [
    ("signature.created", "A signature is created"),
    ("signature.confirmed", "A signer confirms"),
    ("signature.approved", "A signature is approved"),
    ("signature.rejected", "A signature is rejected"),
    ("signature.withdrawn", "A signature is withdrawn"),
    ("petition.published", "The letter is published"),
    ("petition.closed", "The letter closes"),
    ("petition.released", "The letter is released"),
    ("pdf.ready", "A PDF is ready"),
    ("delivery.sent", "A delivery is sent"),
    ("delivery.failed", "A delivery fails"),
    ("tracker.changed", "An office's tracker row changes"),
]
EVENT_TYPES = [name for name, _label in EVENTS]
PING = "ping"

SECRET_PREFIX = "whsec_"  # noqa: S105 - the secrets' prefix, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode()


class Endpoint(models.Model):
    """A URL that receives a letter's events (`campaign`), or the events of every letter its
    `owner` owns (no `campaign`)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField("URL", max_length=500)
    events = models.JSONField(default=list)
    # Needed in the clear to sign; shown to its owners once, when made or rotated.
    secret = models.CharField(max_length=64, default=new_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    # Consecutive failed attempts, and when the first of them was made.
    failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    # While a sender holds the endpoint: one at a time, so its events go in order.
    leased_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def secret_bytes(self) -> bytes:
        return base64.b64decode(self.secret.removeprefix(SECRET_PREFIX))


class WebhookDelivery(models.Model):
    """One event for one endpoint: sent until the endpoint answers 2xx, or given up on."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Given up"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4)
    event = models.CharField(max_length=32)
    # The request body, made once: every attempt sends the same bytes.
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # When the event happened: the order they are sent in, though an event's fan-out may be
    # late (its outbox entry waited for the sweep).
    occurred_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="one_delivery_per_event")
        ]
        indexes = [
            # The sender's question: this endpoint's oldest undelivered event.
            models.Index(
                fields=["endpoint", "occurred_at", "id"],
                condition=Q(status="pending"),
                name="webhook_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id} to {self.endpoint}"


class Attempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(default=timezone.now)  # when the attempt began
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    # What the receiver answered, at most 1 KB: its text, shown inert.
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.status_code or self.error} at {self.at}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
