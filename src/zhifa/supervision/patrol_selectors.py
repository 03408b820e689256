"""网上巡查 reads: the staff list and page (scoped: a supervisor's region, an agency its own reports), and
the portal's published reports (no scope: published is public)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.organizations.models import Region
from zhifa.supervision.models_patrol import PatrolLine, PatrolReport, PatrolStatus


def _with_counts(qs: QuerySet[PatrolReport]) -> QuerySet[PatrolReport]:
    return qs.select_related("agency").annotate(
        n_lines=Count("lines"),
        n_failed=Count("lines", filter=Q(lines__final_passed=False)),
        n_pending=Count("lines", filter=Q(lines__verdict="")),
        n_generated_failed=Count("lines", filter=Q(lines__passed=False)),
    )


def staff_reports(
    *, scope: Scope, year: int | None = None, quarter: int | None = None, status: str = ""
) -> QuerySet[PatrolReport]:
    qs = PatrolReport.objects.filter(scope.agency_q("agency"))
    if year is not None:
        qs = qs.filter(year=year)
    if quarter is not None:
        qs = qs.filter(quarter=quarter)
    if status in PatrolStatus.values:
        qs = qs.filter(status=status)
    return _with_counts(qs).order_by("-year", "-quarter", "agency__name", "id")


def staff_get(*, scope: Scope, report_id: int) -> PatrolReport:
    report = (
        PatrolReport.objects.filter(scope.agency_q("agency"), pk=report_id)
        .select_related("agency__region", "published_by")
        .prefetch_related(
            Prefetch("lines", queryset=PatrolLine.objects.select_related("reviewed_by").order_by("position"))
        )
        .first()
    )
    if report is None:
        raise NotFound("没有找到该网上巡查报告，或您无权查看")
    return report


def regions_to_patrol(*, scope: Scope) -> QuerySet[Region]:
    """The regions a supervisor may run a patrol for: theirs and those under it (above township)."""
    if scope.agency_id is not None:
        return Region.objects.none()
    return Region.objects.filter(scope.region_q()).exclude(level="township").order_by("path")


def public_reports(*, year: int | None = None) -> QuerySet[PatrolReport]:
    qs = PatrolReport.objects.filter(status=PatrolStatus.PUBLISHED)
    if year is not None:
        qs = qs.filter(year=year)
    return _with_counts(qs).order_by("-published_on", "agency__name", "-id")


def public_get(*, report_id: int) -> PatrolReport:
    report = (
        PatrolReport.objects.filter(status=PatrolStatus.PUBLISHED, pk=report_id)
        .select_related("agency")
        .prefetch_related(Prefetch("lines", queryset=PatrolLine.objects.order_by("position")))
        .first()
    )
    if report is None:
        raise NotFound("没有找到该网上巡查报告")
    return report
