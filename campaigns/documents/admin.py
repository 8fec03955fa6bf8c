from django.contrib import admin

from campaigns.documents.models import LetterDocument


@admin.register(LetterDocument)
class LetterDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "campaign",
        "status",
        "signature_count",
        "pages",
        "render_seconds",
        "created_at",
    )
    list_filter = ("status",)
    raw_id_fields = ("campaign", "version", "requested_by")
    readonly_fields = ("chunk_keys", "preview")
