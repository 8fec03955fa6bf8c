from django.contrib import admin
from django.http import HttpRequest

from campaigns.congress.models import Committee, CommitteeMembership, Legislator


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


class ImportedAdmin(admin.ModelAdmin):
    """Rows the import owns: every change would be undone by the next one, so staff only read."""

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return [field.name for field in self.opts.fields]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    fields = ("legislator", "side", "rank", "title")
    ordering = ("side", "rank")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("legislator")


@admin.register(Committee)
class CommitteeAdmin(ImportedAdmin):
    list_display = ("thomas_id", "name", "chamber", "parent", "current")
    list_filter = ("chamber", "current", ("parent", admin.EmptyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("thomas_id", "name")
    inlines = [MembershipInline]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ImportedAdmin):
    list_display = ("committee", "legislator", "side", "rank", "title")
    list_filter = ("side", "committee__chamber", "title")
    list_select_related = ("committee__parent", "legislator")
    search_fields = ("committee__thomas_id", "committee__name", "legislator__display_name")
