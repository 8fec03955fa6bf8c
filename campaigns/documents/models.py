from django.db import models

from campaigns.letters.models.campaign import Campaign, LetterVersion


class LetterDocumentQuerySet(models.QuerySet["LetterDocument"]):
    def ready(self) -> "LetterDocumentQuerySet":
        return self.filter(status=LetterDocument.Status.READY)

    def in_progress(self) -> "LetterDocumentQuerySet":
        return self.filter(
            status__in=[LetterDocument.Status.QUEUED, LetterDocument.Status.RENDERING]
        )


class LetterDocument(models.Model):
    """One rendering of the letter with its signature pages, as a PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="documents")
    version = models.ForeignKey(LetterVersion, on_delete=models.PROTECT, related_name="documents")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    signature_count = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    render_seconds = models.FloatField(default=0)
    file = models.FileField(upload_to="letters/", blank=True)
    # Page 1 as a PNG, drawn with the PDF: every ready document has one.
    preview = models.FileField(upload_to="previews/", blank=True)
    # Progress, for the organizer's page: chunks of signature pages done of all of them, and
    # how many had to be rendered (the others were reused, unchanged since an earlier render).
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    chunks_rendered = models.PositiveIntegerField(default=0)
    chunk_keys = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # When a worker last moved the rendering on; the sweeper queues it again if that was long
    # ago (its worker died).
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = LetterDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.campaign} PDF #{self.pk} ({self.get_status_display().lower()})"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def progress_percent(self) -> int:
        # The letter pages and the assembly count as one more step than the chunks.
        if self.is_ready:
            return 100
        return int(100 * self.chunks_done / (self.chunks_total + 1))
