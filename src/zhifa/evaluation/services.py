"""Plans and self-evaluation (issue 15 part 1). The draw is in drawing.py, scoring in scoring.py, the
result notice, objections and rectification in results.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from zhifa.accounts.models import User
from zhifa.core.errors import DomainError
from zhifa.evaluation import recusal, rules
from zhifa.evaluation.drawing import closed_cases
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan, PlanEvaluator, ScoreSheet
from zhifa.evaluation.permissions import require_agency_staff, require_supervisor
from zhifa.evaluation.rubrics import rubric_for
from zhifa.journal.services import record
from zhifa.organizations.models import Agency, Region


def plan_create(
    *,
    region: Region,
    year: int,
    evaluators: Sequence[User],
    random_source: str,
    random_source_on: date,
    actor: Any,
    name: str = "",
) -> EvaluationPlan:
    """A region's evaluation of a year's closed files, with its rubric (the region's variant or the
    national default), the number of files per agency (regional setting) and the evaluator roster."""
    require_supervisor(actor, region, action="制定案卷评查方案")
    if not random_source.strip():
        raise DomainError("请写明公开随机数的来源（如某期双色球开奖号码）", field="random_source")
    if EvaluationPlan.objects.filter(region=region, year=year).exists():
        raise DomainError(f"{region.name}{year}年度的案卷评查方案已经存在")
    n = rules.files_per_agency(region)
    if n < 1:
        raise DomainError(
            f"每个执法主体抽取的案卷数设置为 {n}，应至少为 1，请检查办案参数", rule=rules.ORDER_231_ART_8
        )
    roster = _roster(evaluators)
    rubric = rubric_for(region)
    with transaction.atomic():
        plan = EvaluationPlan.objects.create(
            code=f"PJ{year}-{region.code}",
            name=name.strip() or f"{region.name}{year}年度行政执法案卷评查",
            region=region,
            year=year,
            rubric=rubric,
            files_per_agency=n,
            random_source=random_source.strip(),
            random_source_on=random_source_on,
            created_by=actor,
        )
        PlanEvaluator.objects.bulk_create(PlanEvaluator(plan=plan, user=u) for u in roster)
        record(
            event_type="evaluation.plan_created",
            subject=plan,
            agency_id=None,
            actor=actor,
            payload={
                "code": plan.code,
                "region": region.code,
                "year": year,
                "rubric": f"{rubric.code} v{rubric.version}",
                "files_per_agency": n,
                "evaluators": [u.pk for u in roster],
            },
        )
    return plan


def _roster(evaluators: Sequence[User]) -> list[User]:
    roster = sorted({u.pk: u for u in evaluators}.values(), key=lambda u: u.pk)
    inactive = [str(u) for u in roster if not u.is_active]
    if inactive:
        raise DomainError(f"评查人员账号已停用：{'、'.join(inactive)}", field="evaluators")
    if len(roster) < 2:
        # 第十条: at least two evaluators score each drawn file independently.
        raise DomainError(
            "评查人员名录至少需要 2 人（每份抽查案卷由两名以上评查人员独立评分）", rule=rules.ORDER_231_ART_10
        )
    return roster


def self_evaluation_open(*, plan: EvaluationPlan, agency: Agency, actor: Any) -> int:
    """The agency's self-evaluation (自评, 第六条: each department reviews its own files once a year): one
    file for every case it closed in the plan's year; returns how many were added."""
    require_agency_staff(actor, agency, action="开展案卷自评")
    if not agency.region.path.startswith(plan.region.path):
        raise DomainError(f"{agency.name}不在{plan.region.name}的评查范围内")
    with transaction.atomic():
        have = set(
            EvaluatedFile.objects.filter(plan=plan, agency=agency, kind=EvaluatedFile.Kind.SELF).values_list(
                "case_id", flat=True
            )
        )
        new = [c for c in closed_cases(plan, agency) if c.pk not in have]
        EvaluatedFile.objects.bulk_create(
            EvaluatedFile(plan=plan, case=c, agency=agency, kind=EvaluatedFile.Kind.SELF) for c in new
        )
        record(
            event_type="evaluation.self_opened",
            subject=plan,
            agency_id=agency.pk,
            actor=actor,
            payload={"plan_id": plan.pk, "agency_id": agency.pk, "files": len(new)},
        )
    return len(new)


def self_evaluation_take(*, file: EvaluatedFile, actor: Any) -> ScoreSheet:
    """One person of the agency takes a self-evaluation file (the lighter path: an evaluator of the
    agency itself is allowed for self-evaluation only; whoever acted on the case still recuses)."""
    if file.kind != EvaluatedFile.Kind.SELF:
        raise DomainError("抽查案卷的评查人员由监督人员指派")
    require_agency_staff(actor, file.agency, action="评查本机关的自评案卷")
    reason = recusal.conflict(actor, file.case, self_evaluation=True)
    if reason:
        raise DomainError(reason, rule=recusal.RULE)
    with transaction.atomic():
        if file.sheets.exists():
            raise DomainError("该自评案卷已有评查人员")
        sheet = ScoreSheet.objects.create(file=file, evaluator=actor)
        record(
            event_type="evaluation.evaluator_assigned",
            subject=file,
            agency_id=file.agency_id,
            actor=actor,
            payload={
                "plan_id": file.plan_id,
                "file_id": file.pk,
                "case_number": file.case.case_number,
                "evaluator_id": actor.pk,
            },
        )
    return sheet
