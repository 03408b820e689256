"""Officers are edited here; certificate status is read-only: its lifecycle goes through the services
(workbench and API), so that each step has a reason and a journal entry."""

from django.contrib import admin
from django.http import HttpRequest

from zhifa.core.admin import JournaledAdmin
from zhifa.personnel.models import (
    Certificate,
    CertificateEvent,
    Counsel,
    LegalReviewer,
    Officer,
    Sanction,
    TrainingRecord,
)


@admin.register(Officer)
class OfficerAdmin(JournaledAdmin[Officer]):
    list_display = ["name", "agency", "unit", "status", "law_qualification"]
    list_filter = ["status", "law_qualification"]
    search_fields = ["name"]
    list_select_related = ["agency", "unit"]
    raw_id_fields = ["user"]

    def has_delete_permission(self, request: HttpRequest, obj: Officer | None = None) -> bool:
        # An officer's record is history: cases, evidence (whose collector links the database keeps
        # immutable), certificates and the journal name them. Officers leave by status (调离执法岗位, 退休),
        # never by deletion, which would otherwise fail deep in the database.
        return False


class CertificateEventInline(admin.TabularInline[CertificateEvent, Certificate]):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = [
        "kind",
        "reason",
        "at",
        "from_status",
        "to_status",
        "valid_until",
        "actor_label",
        "journal_entry_id",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    list_display = ["number", "officer", "status", "valid_from", "valid_until", "area"]
    list_filter = ["status"]
    search_fields = ["number", "officer__name"]
    list_select_related = ["officer", "area"]
    readonly_fields = [
        "number",
        "officer",
        "status",
        "status_reason",
        "status_changed_at",
        "valid_from",
        "valid_until",
        "area",
    ]
    inlines = [CertificateEventInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin[Sanction]):
    list_display = ["officer", "kind", "date", "rule"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


for model in (TrainingRecord, LegalReviewer, Counsel):
    admin.site.register(model, JournaledAdmin)
