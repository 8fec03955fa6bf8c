from django.contrib import admin
from django.http import HttpRequest

from campaigns.models import (
    AuditEvent,
    Campaign,
    CampaignMember,
    Delivery,
    DeliveryEvent,
    Invitation,
    LetterDocument,
    LetterVersion,
    Milestone,
    Recipient,
    Signature,
)


class CampaignMemberInline(admin.TabularInline):
    model = CampaignMember
    extra = 0
    raw_id_fields = ("user",)


class RecipientInline(admin.StackedInline):
    model = Recipient
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "status", "deadline", "published_at")
    list_filter = ("status",)
    search_fields = ("title", "slug")
    readonly_fields = ("created_at", "updated_at", "published_at", "closed_at")
    inlines = [CampaignMemberInline, RecipientInline]


@admin.register(CampaignMember)
class CampaignMemberAdmin(admin.ModelAdmin):
    list_display = ("campaign", "user", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("campaign__title", "user__email")
    raw_id_fields = ("campaign", "user")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "campaign", "role", "created_at", "accepted_at")
    search_fields = ("email", "campaign__title")
    raw_id_fields = ("campaign", "invited_by")


@admin.register(LetterVersion)
class LetterVersionAdmin(admin.ModelAdmin):
    list_display = ("campaign", "number", "author", "created_at")
    search_fields = ("campaign__title",)
    # Published text is a record of what people signed: it is read-only here too.
    readonly_fields = [f.name for f in LetterVersion._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recipient)
class RecipientAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "campaign", "channel")
    search_fields = ("name", "organization", "campaign__title")
    raw_id_fields = ("campaign",)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "campaign", "status", "verification", "is_lead", "created_at")
    list_filter = ("status", "kind", "verification", "is_lead")
    search_fields = ("name", "email", "signer_name", "campaign__title")
    raw_id_fields = ("campaign", "version", "legislator", "decided_by")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("campaign", "count", "is_goal", "reached_at")
    list_filter = ("is_goal",)
    raw_id_fields = ("campaign",)


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
    readonly_fields = ("chunk_keys",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """For logs that are only ever appended to: readable, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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
    readonly_fields = ("message_id", "attempts", "created_at", "first_attempt_at", "sent_at")
    inlines = [DeliveryEventInline]


@admin.register(DeliveryEvent)
class DeliveryEventAdmin(ReadOnlyAdmin):
    """The delivery log is append-only: readable here, never edited."""

    list_display = ("at", "delivery", "kind", "detail")
    list_filter = ("kind",)
    raw_id_fields = ("delivery",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: readable, never added, changed or deleted by hand."""

    list_display = ("at", "campaign", "actor_label", "subject_label", "from_state", "to_state")
    list_filter = ("subject_type",)
    search_fields = ("campaign__title", "subject_label", "actor_label")
    raw_id_fields = ("campaign", "actor")
