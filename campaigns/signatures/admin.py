from django.contrib import admin

from campaigns.signatures.models import Milestone, Signature


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
