from typing import Any

from django.contrib import admin
from django.db.models import QuerySet

from zhifa.catalog.models import (
    BenchmarkTier,
    CalendarYear,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    Holiday,
    InspectionItem,
    Law,
    LawVersion,
    LegalBasis,
    LenienceEntry,
    MajorDecisionRule,
    RecordingRequirement,
)
from zhifa.core.admin import JournaledAdmin


class LegalBasisInline(admin.TabularInline[LegalBasis, EnforcementItem]):
    model = LegalBasis
    extra = 0
    autocomplete_fields = ["law"]


class LawVersionInline(admin.TabularInline[LawVersion, Law]):
    model = LawVersion
    extra = 0


@admin.register(Law)
class LawAdmin(JournaledAdmin[Law]):
    list_display = ["name", "level", "issuer", "effective_date"]
    list_filter = ["level"]
    search_fields = ["name"]
    inlines = [LawVersionInline]


class BasisGapFilter(admin.SimpleListFilter):
    """执法依据待补充 (issue 12): items with no basis or with a citation kept for review."""

    title = "执法依据"
    parameter_name = "basis"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, str]]:
        return [("missing", "未登记"), ("review", "待核实")]

    def queryset(self, request: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "missing":
            return queryset.filter(legal_bases__isnull=True)
        if self.value() == "review":
            return queryset.filter(legal_bases__needs_review=True).distinct()
        return queryset


class TierInline(admin.TabularInline[BenchmarkTier, DiscretionBenchmark]):
    model = BenchmarkTier
    extra = 0


@admin.register(EnforcementItem)
class EnforcementItemAdmin(JournaledAdmin[EnforcementItem]):
    list_display = ["code", "name", "kind", "agency", "field", "active"]
    list_filter = ["kind", "field", "active", BasisGapFilter]
    search_fields = ["code", "name"]
    list_select_related = ["agency", "field"]
    raw_id_fields = ["parent"]
    inlines = [LegalBasisInline]


@admin.register(DiscretionBenchmark)
class DiscretionBenchmarkAdmin(JournaledAdmin[DiscretionBenchmark]):
    list_display = ["name", "item", "effective_from", "active"]
    search_fields = ["name", "item__name"]
    list_select_related = ["item"]
    inlines = [TierInline]


@admin.register(LenienceEntry)
class LenienceEntryAdmin(JournaledAdmin[LenienceEntry]):
    list_display = ["kind", "agency", "item", "obligation", "active"]
    list_filter = ["kind", "obligation"]


@admin.register(MajorDecisionRule)
class MajorDecisionRuleAdmin(JournaledAdmin[MajorDecisionRule]):
    list_display = [
        "name",
        "agency",
        "fine_threshold_natural",
        "fine_threshold_legal",
        "hearing_held",
        "active",
    ]


for model in (EnforcementField, RecordingRequirement, InspectionItem, Holiday):
    admin.site.register(model, JournaledAdmin)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "status", "source", "loaded_at"]
    readonly_fields = ["loaded_at"]
