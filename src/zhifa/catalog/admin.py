from django.contrib import admin

from zhifa.catalog.models import (
    BenchmarkTier,
    CalendarYear,
    DiscretionBenchmark,
    EnforcementField,
    EnforcementItem,
    Holiday,
    InspectionItem,
    Law,
    LegalBasis,
    LenienceEntry,
    MajorDecisionRule,
    RecordingRequirement,
)
from zhifa.core.admin import JournaledAdmin


class LegalBasisInline(admin.TabularInline[LegalBasis, EnforcementItem]):
    model = LegalBasis
    extra = 0


class TierInline(admin.TabularInline[BenchmarkTier, DiscretionBenchmark]):
    model = BenchmarkTier
    extra = 0


@admin.register(EnforcementItem)
class EnforcementItemAdmin(JournaledAdmin[EnforcementItem]):
    list_display = ["code", "name", "kind", "agency", "field", "active"]
    list_filter = ["kind", "field", "active"]
    search_fields = ["code", "name"]
    list_select_related = ["agency", "field"]
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


for model in (EnforcementField, Law, RecordingRequirement, InspectionItem, Holiday):
    admin.site.register(model, JournaledAdmin)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    list_display = ["year", "status", "source", "loaded_at"]
    readonly_fields = ["loaded_at"]
