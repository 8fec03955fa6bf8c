from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from cosign.outbox.models import Entry


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("unsent", "Not yet sent"), ("failing", "Failing"), ("sent", "Sent")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Entry]) -> QuerySet[Entry]:
        if self.value() == "unsent":
            return queryset.filter(sent_at=None)
        if self.value() == "failing":
            return queryset.filter(sent_at=None).exclude(last_error="")
        if self.value() == "sent":
            return queryset.exclude(sent_at=None)
        return queryset


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """What the workers owe and what they did: read-only, for looking into a stuck email."""

    list_display = ["key", "kind", "created_at", "attempts", "sent_at", "last_error"]
    list_filter = [StateFilter, "kind"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Entry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Entry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Entry | None = None) -> bool:
        return False
