"""Reads of the evaluation app, always scoped: a supervisor sees the plans of their region and below
(and every file in them); an agency's staff see the plans that cover their agency and only their own
agency's files; an evaluator sees the files they were assigned."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhifa.core.scope import Scope
from zhifa.evaluation.models import (
    AgencyDraw,
    EvaluatedFile,
    EvaluationPlan,
    FileStatus,
    ResultNotice,
    ScoreSheet,
)
from zhifa.evaluation.rubrics import FAILED


def plans(*, scope: Scope, user: Any) -> QuerySet[EvaluationPlan]:
    qs = EvaluationPlan.objects.select_related("region", "rubric")
    if scope.everything:
        return qs
    q = Q(pk__in=[])
    if scope.region_path is not None:
        q |= Q(region__path__startswith=scope.region_path)
    if scope.agency_id is not None:
        agency = getattr(user, "agency", None)
        if agency is not None:
            prefixes = [agency.region.path[: i + 1] for i, ch in enumerate(agency.region.path) if ch == "/"]
            q |= Q(region__path__in=prefixes)
    if user is not None and getattr(user, "pk", None):
        q |= Q(files__sheets__evaluator_id=user.pk)
    return qs.filter(q).distinct()


def plan_get(*, scope: Scope, user: Any, plan_id: int) -> EvaluationPlan | None:
    return plans(scope=scope, user=user).filter(pk=plan_id).first()


def files(*, scope: Scope, user: Any) -> QuerySet[EvaluatedFile]:
    qs = EvaluatedFile.objects.select_related("case", "agency", "plan__region", "notice")
    if scope.everything:
        return qs
    q = scope.agency_q("agency") if not scope.is_empty else Q(pk__in=[])
    if user is not None and getattr(user, "pk", None):
        q |= Q(sheets__evaluator_id=user.pk)
    return qs.filter(q).distinct()


def plan_files(*, plan: EvaluationPlan, scope: Scope, user: Any) -> list[EvaluatedFile]:
    return list(
        files(scope=scope, user=user)
        .filter(plan=plan)
        .prefetch_related("sheets__evaluator")
        .order_by("agency_id", "kind", "case_id")
    )


def file_get(*, scope: Scope, user: Any, file_id: int) -> EvaluatedFile | None:
    return files(scope=scope, user=user).select_related("plan__rubric").filter(pk=file_id).first()


def sheets_visible(*, file: EvaluatedFile, user: Any) -> list[ScoreSheet]:
    """Independence (第十条): while any sheet of the file is not submitted, nobody sees another's sheet —
    an evaluator sees only their own; once all are in, everyone who may see the file sees them all."""
    sheets = list(file.sheets.select_related("evaluator").prefetch_related("items__item"))
    if all(s.submitted_at is not None for s in sheets) and file.status != FileStatus.SCORING:
        return sheets
    return [s for s in sheets if s.evaluator_id == getattr(user, "pk", None)]


def draws(plan: EvaluationPlan) -> list[AgencyDraw]:
    return list(plan.draws.select_related("agency"))


def notices(plan: EvaluationPlan, *, scope: Scope) -> list[ResultNotice]:
    return list(plan.notices.filter(scope.agency_q("agency")).select_related("agency"))


def notice_get(*, scope: Scope, notice_id: int) -> ResultNotice | None:
    return (
        ResultNotice.objects.filter(scope.agency_q("agency"), pk=notice_id)
        .select_related("plan__region", "agency")
        .first()
    )


def ledger(*, scope: Scope) -> QuerySet[EvaluatedFile]:
    """The rectification ledger: every final failed drawn file in scope."""
    return (
        EvaluatedFile.objects.filter(
            scope.agency_q("agency"), grade=FAILED, status=FileStatus.FINAL, kind=EvaluatedFile.Kind.DRAWN
        )
        .select_related("case", "agency", "plan")
        .order_by("-plan__year", "agency_id", "case_id")
    )


def pending_sheets(*, user: Any) -> list[ScoreSheet]:
    """The caller's own sheets not yet submitted (their scoring to-do list)."""
    if user is None or not getattr(user, "pk", None):
        return []
    return list(
        ScoreSheet.objects.filter(evaluator_id=user.pk, submitted_at__isnull=True)
        .select_related("file__case", "file__agency", "file__plan")
        .order_by("file__plan_id", "file_id")
    )
