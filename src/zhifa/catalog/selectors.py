"""Catalogue reads, scoped; and which version of a benchmark applied at a moment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from zhifa.catalog.models import (
    BenchmarkTier,
    DiscretionBenchmark,
    EnforcementItem,
    InspectionItem,
    LegalBasis,
    LenienceEntry,
    MajorDecisionRule,
)
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope


def item_list(
    *, scope: Scope, agency_id: int | None = None, kind: str = "", search: str = ""
) -> QuerySet[EnforcementItem]:
    qs = EnforcementItem.objects.filter(scope.agency_q("agency"), active=True).select_related(
        "agency", "field"
    )
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return qs.prefetch_related(
        Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("law", "version"))
    )


def items_with_basis_gaps(*, scope: Scope, agency_id: int | None = None) -> QuerySet[EnforcementItem]:
    """Items whose legal basis is a gap to fill (issue 12): none recorded, or a citation kept as
    written because it could not be resolved (needs_review)."""
    return (
        item_list(scope=scope, agency_id=agency_id)
        .annotate(
            basis_count=Count("legal_bases", distinct=True),
            review_count=Count("legal_bases", filter=Q(legal_bases__needs_review=True), distinct=True),
        )
        .filter(Q(basis_count=0) | Q(review_count__gt=0))
        .order_by("agency__name", "code")
    )


def item_get(*, scope: Scope, item_id: int) -> EnforcementItem:
    item = (
        item_list(scope=scope)
        .filter(pk=item_id)
        .select_related("parent")
        .prefetch_related(
            Prefetch("children", queryset=EnforcementItem.objects.filter(active=True).order_by("code")),
            Prefetch(
                "benchmarks",
                queryset=DiscretionBenchmark.objects.filter(active=True).prefetch_related(
                    Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("id"))
                ),
            ),
        )
        .first()
    )
    if item is None:
        raise NotFound("未找到该执法事项，或您无权查看")
    return item


def public_item_list(*, agency_id: int) -> QuerySet[EnforcementItem]:
    """Published (事前公开) items of an agency: no scope, the list is public by law (118号 二(四))."""
    return item_list(scope=Scope.all()).filter(agency_id=agency_id)


def benchmark_list(*, scope: Scope, agency_id: int | None = None) -> QuerySet[DiscretionBenchmark]:
    qs = DiscretionBenchmark.objects.filter(scope.agency_q("item__agency"), active=True).select_related(
        "item"
    )
    if agency_id is not None:
        qs = qs.filter(item__agency_id=agency_id)
    return qs.prefetch_related(Prefetch("tiers", queryset=BenchmarkTier.objects.order_by("id")))


def benchmark_version_at(*, benchmark_id: int, when: datetime) -> Any:
    """The historical record of a benchmark as it stood at `when` (None if it did not exist yet).
    A case stores `history_id` of this record so later edits never change what applied."""
    return (
        DiscretionBenchmark.history.filter(id=benchmark_id, history_date__lte=when)
        .order_by("-history_date", "-history_id")
        .first()
    )


def lenience_entries(*, scope: Scope, agency_id: int) -> QuerySet[LenienceEntry]:
    return LenienceEntry.objects.filter(
        scope.agency_q("agency"), agency_id=agency_id, active=True
    ).select_related("item")


def major_rules(*, scope: Scope, agency_id: int) -> QuerySet[MajorDecisionRule]:
    return MajorDecisionRule.objects.filter(scope.agency_q("agency"), agency_id=agency_id, active=True)


def inspection_items(*, scope: Scope, agency_id: int) -> QuerySet[InspectionItem]:
    return InspectionItem.objects.filter(scope.agency_q("agency"), agency_id=agency_id).select_related("item")
