from django.contrib import admin

from campaigns.circulation.models import (
    DearColleague,
    OfficeContact,
    OfficeTarget,
    OutreachMessage,
    Reminder,
    TargetList,
)


@admin.register(OfficeTarget)
class OfficeTargetAdmin(admin.ModelAdmin):
    list_display = ("legislator", "campaign", "status", "last_contact_at")
    list_filter = ("status",)
    search_fields = ("legislator__last_name", "campaign__title")
    raw_id_fields = ("campaign", "legislator", "last_contact_by")


@admin.register(TargetList)
class TargetListAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "created_at")
    raw_id_fields = ("owner",)
    filter_horizontal = ("legislators",)


@admin.register(OfficeContact)
class OfficeContactAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "legislator", "organizer", "source")
    list_filter = ("source",)
    search_fields = ("name", "email", "legislator__last_name")
    raw_id_fields = ("organizer", "legislator")


# Outreach --------------------------------------------------------------------------------------


@admin.register(DearColleague)
class DearColleagueAdmin(admin.ModelAdmin):
    list_display = ("subject", "campaign", "created_at", "sent_at")
    search_fields = ("subject", "campaign__title")
    raw_id_fields = ("campaign", "created_by")
    filter_horizontal = ("targets",)


@admin.register(OutreachMessage)
class OutreachMessageAdmin(admin.ModelAdmin):
    list_display = ("email", "dear_colleague", "status", "sent_at")
    list_filter = ("status",)
    search_fields = ("email", "name")
    raw_id_fields = ("dear_colleague", "target")


# Reminders ---------------------------------------------------------------------------------


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("label", "campaign", "send_at", "started_at", "cancelled_at")
    list_filter = ("slot",)
    search_fields = ("label", "campaign__title")
    raw_id_fields = ("campaign", "created_by")
