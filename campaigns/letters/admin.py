from django.contrib import admin
from django.http import HttpRequest

from campaigns.letters.models import (
    AuditEvent,
    Campaign,
    CampaignMember,
    Invitation,
    LetterVersion,
    Recipient,
)


class CampaignMemberInline(admin.TabularInline):
    model = CampaignMember
    extra = 0
    raw_id_fields = ("user", "office")


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
    list_display = ("campaign", "user", "role", "office", "created_at")
    list_filter = ("role",)
    search_fields = ("campaign__title", "user__email")
    raw_id_fields = ("campaign", "user", "office")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "campaign", "role", "created_at", "accepted_at")
    search_fields = ("email", "campaign__title")
    raw_id_fields = ("campaign", "invited_by", "office")


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


class ReadOnlyAdmin(admin.ModelAdmin):
    """For logs that are only ever appended to: readable, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: readable, never added, changed or deleted by hand."""

    list_display = ("at", "campaign", "actor_label", "subject_label", "from_state", "to_state")
    list_filter = ("subject_type",)
    search_fields = ("campaign__title", "subject_label", "actor_label")
    raw_id_fields = ("campaign", "actor")
