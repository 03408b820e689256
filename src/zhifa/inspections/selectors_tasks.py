"""Reads of plans, tasks and draws for the staff pages, always scoped: an agency's users see its own plans
and tasks and the joint tasks it takes part in; a supervisor those of the agencies in their region."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import NotFound
from zhifa.core.scope import Scope
from zhifa.inspections.models import (
    Draw,
    Inspection,
    InspectionOfficer,
    InspectionPlan,
    InspectionTask,
    Recusal,
)
from zhifa.organizations.models import Agency
from zhifa.personnel.models import Officer


def plans(*, scope: Scope) -> QuerySet[InspectionPlan]:
    return InspectionPlan.objects.filter(scope.agency_q("agency")).select_related("agency")


def plan_get(*, scope: Scope, plan_id: int) -> InspectionPlan:
    plan = plans(scope=scope).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("未找到该抽查计划，或您无权查看")
    return plan


def _task_q(scope: Scope) -> Q:
    """Its lead agency or one of its partners is visible (Scope.agency_q names a foreign key; the partners
    are many-to-many)."""
    own = scope.agency_q("agency")
    if scope.agency_id is not None:
        return own | Q(partner_agencies=scope.agency_id)
    if scope.region_path is not None:
        return own | Q(partner_agencies__region__path__startswith=scope.region_path)
    return own


def tasks(*, scope: Scope) -> QuerySet[InspectionTask]:
    ids = InspectionTask.objects.filter(_task_q(scope)).values("pk")
    return (
        InspectionTask.objects.filter(pk__in=ids)
        .select_related("agency", "plan")
        .order_by("-starts_on", "-pk")
    )


def task_get(*, scope: Scope, task_id: int) -> InspectionTask:
    task = (
        tasks(scope=scope)
        .prefetch_related(
            Prefetch("items", queryset=InspectionItem.objects.select_related("agency", "item")),
            "partner_agencies",
        )
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound("未找到该抽查任务，或您无权查看")
    return task


def draw_of(task: InspectionTask) -> Draw | None:
    return Draw.objects.filter(task=task).first()


@dataclass(frozen=True)
class AssignedRow:
    inspection: Inspection
    officers: list[Officer]


def assignments(*, task: InspectionTask, limit: int = 200) -> list[AssignedRow]:
    """The first `limit` inspections of the draw (by credit code) with their inspectors in rank order."""
    rows = (
        Inspection.objects.filter(task=task, kind=Inspection.Kind.RANDOM)
        .select_related("target", "target__region")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=InspectionOfficer.objects.select_related("officer").order_by("rank"),
            )
        )
        .order_by("target__credit_code")[:limit]
    )
    return [AssignedRow(i, [a.officer for a in i.assignments.all()]) for i in rows]


def recusals(*, task: InspectionTask) -> QuerySet[Recusal]:
    """Staff only: the reasons are never published."""
    return Recusal.objects.filter(task=task).select_related("officer", "target").order_by("created_at")


def items_for(*, agency: Agency) -> QuerySet[InspectionItem]:
    """The items a task of `agency` may name: its own list and those of the agencies of the same region
    (the partners of a joint task, 综合查一次)."""
    return (
        InspectionItem.objects.filter(Q(agency=agency) | Q(agency__region_id=agency.region_id))
        .select_related("agency")
        .order_by("agency_id", "name")
    )


def partner_candidates(*, agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(region_id=agency.region_id).exclude(pk=agency.pk).order_by("name")


def officers_of(*, agency_ids: list[int]) -> QuerySet[Officer]:
    return Officer.objects.filter(agency_id__in=agency_ids, status=Officer.Status.ACTIVE).order_by(
        "agency_id", "name"
    )
