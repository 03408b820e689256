from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.journal.models import JournalEntry


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin[JournalEntry]):
    """Read-only: the journal has no change or delete path, here or anywhere."""

    list_display = ["id", "event_type", "subject", "agency_id", "actor_label", "occurred_at", "recorded_at"]
    list_filter = ["event_type"]
    search_fields = ["subject", "event_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
