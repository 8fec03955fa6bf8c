from django.contrib import admin

from campaigns.signatures.models import Milestone, Reconfirmation, Signature, SignerContact


class SignerContactInline(admin.StackedInline):
    model = SignerContact
    can_delete = False
    fields = ("email", "signer_name", "signer_title", "phone")


@admin.register(SignerContact)
class SignerContactAdmin(admin.ModelAdmin):
    list_display = ("email", "signer_name", "signature")
    search_fields = ("email", "signer_name", "signature__campaign__title")
    raw_id_fields = ("signature",)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "campaign", "status", "verification", "is_lead", "created_at")
    list_filter = ("status", "kind", "verification", "is_lead")
    search_fields = ("name", "contact__email", "contact__signer_name", "campaign__title")
    inlines = [SignerContactInline]
    raw_id_fields = ("campaign", "version", "legislator", "decided_by")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("campaign", "count", "is_goal", "reached_at")
    list_filter = ("is_goal",)
    raw_id_fields = ("campaign",)


@admin.register(Reconfirmation)
class ReconfirmationAdmin(admin.ModelAdmin):
    list_display = ("signature", "version", "at", "by")
    raw_id_fields = ("signature", "version", "by")
