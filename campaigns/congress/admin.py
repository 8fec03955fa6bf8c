from django.contrib import admin

from campaigns.congress.models import Legislator


@admin.register(Legislator)
class LegislatorAdmin(admin.ModelAdmin):
    list_display = ("display_name", "title", "state", "district", "party", "in_office")
    list_filter = ("chamber", "in_office", "party", "state")
    search_fields = ("display_name", "official_full", "last_name", "bioguide_id")
    readonly_fields = [
        f.name for f in Legislator._meta.fields if f.name not in ("display_name", "id")
    ]

    def save_model(self, request, obj, form, change):
        # A name staff chose is kept by later imports of the directory.
        if "display_name" in form.changed_data:
            obj.display_name_edited = True
        super().save_model(request, obj, form, change)
