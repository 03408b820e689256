"""Case reads, always through the caller's scope; the list page's query count is pinned in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from zhifa.cases import engine
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope


@dataclass(frozen=True)
class CaseFilters:
    state: str = ""
    procedure: str = ""
    item_id: int | None = None
    officer_id: int | None = None
    due_before: date | None = None
    search: str = ""


def case_list(*, scope: Scope, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = Case.objects.filter(scope.agency_q("agency"))
    if f.state:
        qs = qs.filter(state=f.state)
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.item_id:
        qs = qs.filter(item_id=f.item_id)
    if f.officer_id:
        qs = qs.filter(case_officers__officer_id=f.officer_id)
    if f.due_before:
        qs = qs.filter(deadlines__status=DeadlineStatus.RUNNING, deadlines__due_on__lte=f.due_before)
    if f.search:
        qs = qs.filter(
            Q(case_number__icontains=f.search)
            | Q(title__icontains=f.search)
            | Q(party__name__icontains=f.search)
        )
    if f.officer_id or f.due_before:
        qs = qs.distinct()
    return (
        qs.select_related("agency", "item", "party")
        .prefetch_related(
            Prefetch(
                "deadlines",
                queryset=Deadline.objects.filter(status=DeadlineStatus.RUNNING).order_by("due_on"),
                to_attr="running_deadlines",
            )
        )
        .order_by("-id")
    )


def case_get(*, scope: Scope, case_id: int) -> Case:
    case = (
        Case.objects.filter(scope.agency_q("agency"), pk=case_id)
        .select_related("agency", "item", "party", "place", "benchmark")
        .prefetch_related(
            Prefetch("case_officers", queryset=CaseOfficer.objects.select_related("officer")),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on", "id")),
            "documents",
        )
        .first()
    )
    if case is None:
        raise NotFound("未找到该案件，或您无权查看")
    return case


def deadlines_due(*, scope: Scope, within_days: int = 3, today: date | None = None) -> QuerySet[Deadline]:
    """Running clocks due within `within_days` (due soon) or already past (overdue), soonest first."""
    today = today or timezone.localdate()
    return (
        Deadline.objects.filter(
            scope.agency_q("case__agency"),
            status=DeadlineStatus.RUNNING,
            due_on__lte=today + timedelta(days=within_days),
        )
        .exclude(kind__in=engine.PARTY_WINDOWS)
        .select_related("case", "case__agency")
        .order_by("due_on")
    )


def deadlines_missed(*, scope: Scope) -> QuerySet[Deadline]:
    return (
        Deadline.objects.filter(scope.agency_q("case__agency"), status=DeadlineStatus.MISSED)
        .select_related("case", "case__agency")
        .order_by("-due_on")
    )
