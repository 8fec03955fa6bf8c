from django.db import models
from django.db.models import Q


class Entry(models.Model):
    """One side effect still to happen, or done: what (`kind`), for what (`target`, the
    handler's keyword arguments: ids, never objects), and a `key` that makes it happen once."""

    kind = models.CharField(max_length=64)
    target = models.JSONField(default=dict)
    key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # While a sender holds it (and, after a failure, until it may be tried again).
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "entries"
        indexes = [
            # The sweep's question: what is unsent, oldest first.
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent"
            ),
        ]

    def __str__(self) -> str:
        return self.key
