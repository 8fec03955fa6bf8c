from django.conf import settings
from django.db import models

from campaigns.letters.models.campaign import Campaign


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise TypeError("The audit trail is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")


class AuditEvent(models.Model):
    """One change of state of a letter, a text version, a signature or a delivery: who made
    it, when, from what to what, and why. Written once, never changed (on PostgreSQL a trigger
    refuses UPDATE and DELETE too); it goes only when its letter is deleted."""

    class Subject(models.TextChoices):
        CAMPAIGN = "campaign", "Letter"
        VERSION = "version", "Text version"
        SIGNATURE = "signature", "Signature"
        DELIVERY = "delivery", "Delivery"
        WEBHOOK = "webhook", "Webhook endpoint"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="audit_events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who, in words: the organizer's address (kept if the account goes), or "the signer",
    # "the deadline", "a worker" when nobody signed in did it.
    actor_label = models.CharField(max_length=200, blank=True)
    subject_type = models.CharField(max_length=10, choices=Subject.choices)
    subject_id = models.PositiveBigIntegerField()
    subject_label = models.CharField(max_length=300)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    reason = models.TextField(blank=True, max_length=2000)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "entry of its audit trail"
        verbose_name_plural = "entries of its audit trail"
        indexes = [models.Index(fields=["campaign", "-at"], name="audit_by_campaign")]

    def __str__(self) -> str:
        return f"{self.subject_label}: {self.from_state or '—'} → {self.to_state}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise TypeError("The audit trail is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only")

    @property
    def who(self) -> str:
        return self.actor_label or "—"
