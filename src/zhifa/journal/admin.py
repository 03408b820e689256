from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.journal import events
from zhifa.journal.models import JournalEntry, PendingReaction, SubscriberCursor


@admin.register(JournalEntry)
class JournalEntryAdmin(admin.ModelAdmin[JournalEntry]):
    """Read-only: the journal has no change or delete path, here or anywhere."""

    list_display = ["id", "event_label", "subject", "agency_id", "actor_label", "occurred_at", "recorded_at"]
    list_filter = ["event_type"]
    search_fields = ["subject", "event_type"]

    @admin.display(description="事件", ordering="event_type")
    def event_label(self, obj: JournalEntry) -> str:
        return events.label(obj.event_type)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SubscriberCursor)
class SubscriberCursorAdmin(_ReadOnly):
    """How far each subscriber has got (journal.services.subscribe)."""

    list_display = ["subscriber", "last_entry_id", "handled", "updated_at"]


@admin.register(PendingReaction)
class PendingReactionAdmin(_ReadOnly):
    """Reactions still owed: a row with failures is retried by the worker and the daily job until its
    subscriber succeeds; it is never deleted by hand."""

    list_display = ["subscriber", "entry_id", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["subscriber"]
