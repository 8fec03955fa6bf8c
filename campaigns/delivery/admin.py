from django.contrib import admin

from campaigns.delivery.models import Delivery, DeliveryEvent
from campaigns.letters.admin import ReadOnlyAdmin


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "kind", "detail")


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("campaign", "recipient", "channel", "status", "attempts", "sent_at")
    list_filter = ("status", "channel")
    search_fields = ("campaign__title", "recipient__name", "message_id")
    raw_id_fields = ("campaign", "recipient", "document", "requested_by", "recorded_by")
    readonly_fields = (
        "message_id", "attempts", "created_at", "first_attempt_at", "sent_at", "packet",
    )  # fmt: skip
    inlines = [DeliveryEventInline]


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnlyAdmin):
    """The delivery log is append-only: readable here, never edited."""

    list_display = ("at", "delivery", "kind", "detail")
    list_filter = ("kind",)
    raw_id_fields = ("delivery",)
