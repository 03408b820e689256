"""行政检查: inspections carried out in the period (双随机抽查 and the 日常 / 个案 / 专项
enterprise inspections of 国办发〔2024〕54号), by kind, and the businesses inspected — 司法部's 2025
answers put the yearly inspection frequency into the 统计年报.

A pluggable source: it reads the inspections app's `Inspection` model through the app registry and is
registered only when that app is installed with the fields it reads (apps.py: `available()`), so the
statistics app runs, and its inspection rows read "not recorded", on a platform without it. An inspection
counts on its 检查日期 (`inspected_on`) unless it was cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth

from zhifa.lib.annual_report import Categorizer
from zhifa.statistics.sources.base import (
    ALL,
    Detail,
    Item,
    Key,
    Keys,
    Period,
    Source,
    Tally,
    Window,
    at,
    first_per,
)

FIELDS = ("agency", "kind", "status", "inspected_on", "target", "code")
KINDS = {
    "inspections_random": "random",
    "inspections_routine": "routine",
    "inspections_case": "case",
    "inspections_special": "special",
}
CANCELLED = "cancelled"


def model() -> Any | None:
    """The inspections app's Inspection model, or None when the app (or a field read here) is absent."""
    if not apps.is_installed("zhifa.inspections"):
        return None
    try:
        found = apps.get_model("inspections", "Inspection")
        for name in FIELDS:
            found._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):
        return None
    return found


def available() -> bool:
    return model() is not None


def inspections(agency_ids: Sequence[int], period: Period) -> QuerySet[Any]:
    m = model()
    assert m is not None  # registered only when available()
    qs: QuerySet[Any] = m.objects.filter(
        agency_id__in=agency_ids, inspected_on__range=(period.start, period.end)
    ).exclude(status=CANCELLED)
    return qs


class InspectionSource(Source):
    name = "inspections"
    label = "行政检查"
    keys = ("inspections_total", *KINDS, "inspections_targets")

    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        out: dict[Key, Tally] = {}
        month = {"month": ExtractMonth("inspected_on")} if by_month else {}
        counts = {key: Count("id", filter=Q(kind=kind)) for key, kind in KINDS.items()}
        rows = (
            inspections(agency_ids, period)
            .values("agency_id", **month)
            .annotate(
                inspections_total=Count("id"), inspections_targets=Count("target_id", distinct=True), **counts
            )
            .order_by()
        )
        for r in rows:
            t = at(out, r["agency_id"], r.get("month"))
            for key in self.keys:
                t.add(key, r[key])
        return out

    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        qs = inspections(agency_ids, period)
        if key in KINDS:
            qs = qs.filter(kind=KINDS[key])
        elif key not in ("inspections_total", "inspections_targets"):
            raise KeyError(key)
        rows: list[dict[str, Any]] = list(
            qs.order_by("-inspected_on", "-id").values(
                "id", "agency_id", "inspected_on", "code", "kind", "target_id", "target__name"
            )
        )
        if key == "inspections_targets":  # one row per business: its latest inspection
            rows = first_per(rows, "target_id")
        items = [
            Item(
                "inspection",
                r["id"],
                r["agency_id"],
                r["inspected_on"],
                r["code"],
                r["target__name"],
                note=r["kind"],
            )
            for r in window.of(rows)
        ]
        return Detail(len(rows), items, len(rows))
