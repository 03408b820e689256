"""Supervision matter reads, scoped: a supervisor sees the matters of the supervising bodies at and below
their region; an agency's staff the matters concerning their agency; an administrator everything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.supervision.models_matters import MatterStatus, SupervisionMatter


def _visible(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    if scope.region_path is not None:
        return Q(region__path__startswith=scope.region_path)
    if scope.agency_id is not None:
        return Q(agency_id=scope.agency_id)
    return Q(pk__in=[])


@dataclass(frozen=True)
class MatterFilters:
    status: str = ""
    agency_id: int | None = None
    source: str = ""
    overdue: bool = False


def overdue_q(today: date) -> Q:
    """Past the deadline with the agency's answer still owed, or escalated and not yet accepted."""
    return Q(status=MatterStatus.RECTIFYING, due_on__lt=today) | Q(escalated=True)


def matter_list(
    *, scope: Scope, filters: MatterFilters, today: date | None = None
) -> QuerySet[SupervisionMatter]:
    today = today or timezone.localdate()
    qs = SupervisionMatter.objects.filter(_visible(scope)).select_related("agency", "region").defer("facts")
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.agency_id is not None:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.source:
        qs = qs.filter(source_kind=filters.source)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    return qs.order_by("-opened_on", "-id")


def matter_get(*, scope: Scope, matter_id: int) -> SupervisionMatter:
    found = (
        SupervisionMatter.objects.filter(_visible(scope), pk=matter_id)
        .select_related("agency__region", "region", "opened_by")
        .first()
    )
    if found is None:
        raise NotFound("没有找到该监督事项，或您无权查看")
    return found


def matter_timeline(*, matter: SupervisionMatter) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.filter(subject=subject_of(matter)).order_by("id")


def open_count(*, scope: Scope) -> int:
    return SupervisionMatter.objects.filter(_visible(scope)).exclude(status=MatterStatus.CLOSED).count()


# Whose move a matter waits for (the staff to-do list, core.todo): the supervisor issues, serves and
# reviews; the agency corrects and reports (条例 第八条: the correction is the agency's own).
SUPERVISOR_MOVES = (MatterStatus.OPEN, MatterStatus.ISSUED, MatterStatus.REPORTED)
AGENCY_MOVES = (MatterStatus.RECTIFYING,)


def matters_waiting(*, scope: Scope, statuses: tuple[str, ...]) -> QuerySet[SupervisionMatter]:
    """Matters in scope waiting in one of `statuses`, the nearest deadline first."""
    return (
        SupervisionMatter.objects.filter(_visible(scope), status__in=statuses)
        .select_related("agency")
        .only("pk", "title", "status", "due_on", "escalated", "agency__name")
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )
