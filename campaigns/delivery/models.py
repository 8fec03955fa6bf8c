from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q

from campaigns.documents.models import LetterDocument
from campaigns.letters.models.campaign import Campaign, Recipient


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def active(self) -> "DeliveryQuerySet":
        return self.exclude(status=Delivery.Status.CANCELLED)

    def done(self) -> "DeliveryQuerySet":
        return self.filter(status__in=[Delivery.Status.SENT, Delivery.Status.RECORDED])


class Delivery(models.Model):
    """The letter (one document) going to one recipient, by email or by hand."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        RECORDED = "recorded", "Delivered (recorded)"
        CANCELLED = "cancelled", "Cancelled"

    class Method(models.TextChoices):
        HAND = "hand", "Hand delivery"
        COURIER = "courier", "Courier"
        MAIL = "mail", "Postal mail"
        FAX = "fax", "Fax"
        OTHER = "other", "Other"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(Recipient, on_delete=models.PROTECT, related_name="deliveries")
    document = models.ForeignKey(
        LetterDocument, on_delete=models.PROTECT, related_name="deliveries"
    )
    channel = models.CharField(max_length=8, choices=Recipient.Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # Chosen once, when the delivery is created: every attempt sends the same Message-ID, so a
    # receiving server can discard the copy a retry sends after an attempt that did get through.
    message_id = models.CharField(max_length=255)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # An attempt ended without a clear answer (the connection broke, or the worker died while
    # sending): the message may have arrived, and the next attempt may be a duplicate.
    retried_after_unknown_outcome = models.BooleanField(default=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Print deliveries: how and when the organizer says the letter was handed over.
    method = models.CharField(max_length=8, choices=Method.choices, blank=True)
    delivered_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Print deliveries: the cover sheet and the letter, made by a task once the delivery is.
    packet = models.FileField(upload_to="packets/", blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["recipient__position", "recipient_id", "-created_at"]
        verbose_name_plural = "deliveries"
        constraints = [
            # Two clicks, or a click and the deadline's chain together: one delivery each.
            models.UniqueConstraint(
                fields=["recipient"],
                condition=~Q(status="cancelled"),
                name="one_active_delivery_per_recipient",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.campaign} to {self.recipient} ({self.get_status_display().lower()})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.RECORDED)

    @property
    def delivered_date(self) -> date | None:
        if self.status == self.Status.RECORDED:
            return self.delivered_on
        if self.status == self.Status.SENT and self.sent_at:
            return self.sent_at.astimezone(self.campaign.zone).date()
        return None


class DeliveryEvent(models.Model):
    """The delivery log: every attempt, retry, and change of hands, in order."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=24)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind}: {self.detail}"
