"""Independent scoring (广东省令第231号 第十条: 评查人员独立评分，记录扣分及理由并签名).

- A drawn file has at least two evaluators (drawn from the roster, more may be assigned by a supervisor),
  none from the file's agency or who acted on the case (recusal.py).
- Each evaluator scores every item of the rubric on their own sheet; nobody sees a sheet until every
  sheet of the file is submitted (selectors.sheets_visible); a submitted sheet is final.
- Items with an `auto_check` are pre-filled from record_checks.judge_cases; the evaluator confirms, or
  overrides with a reason.
- The file's score is the MEAN of its evaluators' totals, rounded half up to 2 decimals. A veto item
  failed on ANY sheet makes the file fail (第十七条: 不论得分，评为不合格). A difference of more than
  DISAGREEMENT_POINTS between two totals, or a veto on one sheet only, is flagged for the supervisor."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evaluation import record_checks, recusal, rules
from zhifa.evaluation.models import EvaluatedFile, FileStatus, ItemScore, RubricItem, ScoreSheet
from zhifa.evaluation.permissions import require_supervisor
from zhifa.evaluation.rubrics import FAILED, grade, pts
from zhifa.journal.services import record

DISAGREEMENT_POINTS = Decimal(10)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Prefill:
    item_code: str
    passed: bool | None
    evidence: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class ItemInput:
    """What the evaluator entered for one item: `passed` (a veto item, or a scored item with no
    deduction), the points deducted (scored items) and the reason (of a deduction or an override)."""

    passed: bool
    deduction: Decimal = Decimal(0)
    reason: str = ""


def assign_evaluator(*, file: EvaluatedFile, evaluator: Any, actor: Any) -> ScoreSheet:
    """A supervisor adds an evaluator to a drawn file; recusal is enforced (第十条)."""
    require_supervisor(actor, file.plan.region, action="指派评查人员")
    if file.kind != EvaluatedFile.Kind.DRAWN:
        raise DomainError("自评案卷由执法主体自行评查")
    if file.status != FileStatus.SCORING:
        raise DomainError("该案卷的评分已经完成，不能再指派评查人员")
    reason = recusal.conflict(evaluator, file.case)
    if reason:
        raise DomainError(f"{evaluator}不能评查{file.case.case_number}：{reason}", rule=recusal.RULE)
    with transaction.atomic():
        if ScoreSheet.objects.filter(file=file, evaluator=evaluator).exists():
            raise DomainError(f"{evaluator}已是该案卷的评查人员")
        sheet = ScoreSheet.objects.create(file=file, evaluator=evaluator)
        record(
            event_type="evaluation.evaluator_assigned",
            subject=file,
            agency_id=file.agency_id,
            actor=actor,
            payload={
                "plan_id": file.plan_id,
                "file_id": file.pk,
                "case_number": file.case.case_number,
                "evaluator_id": evaluator.pk,
            },
        )
    return sheet


def prefill(sheet: ScoreSheet) -> dict[str, Prefill]:
    """What the record says about each item that has an auto_check (record_checks)."""
    items = [i for i in sheet.file.plan.rubric.items.all() if i.auto_check]
    if not items:
        return {}
    findings = record_checks.judge_cases([sheet.file.case_id]).get(sheet.file.case_id, {})
    out: dict[str, Prefill] = {}
    for item in items:
        f = findings.get(item.auto_check)
        if f is None:
            out[item.code] = Prefill(item.code, None, ("记录无法判断，由评查人员判断",), "")
        else:
            out[item.code] = Prefill(item.code, f.passed, tuple(f.evidence), f.basis)
    return out


def _decimal(value: Any) -> Decimal:
    try:
        d = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise DomainError(f"扣分“{value}”不是数字") from None
    if not d.is_finite():
        raise DomainError(f"扣分“{value}”不是数字")
    return d


def score_submit(*, sheet: ScoreSheet, entries: Mapping[str, ItemInput], actor: Any) -> ScoreSheet:
    """Submit one evaluator's sheet: every item scored, deductions within the item's points with a reason,
    an override of the record's finding with a reason. The file is scored once every sheet is in."""
    if sheet.evaluator_id != getattr(actor, "pk", None):
        raise PermissionDenied("只能填写本人的评分表")
    if sheet.submitted_at is not None:
        raise DomainError("评分表已经提交，不能修改")
    file = sheet.file
    if file.kind == EvaluatedFile.Kind.DRAWN:
        reason = recusal.conflict(actor, file.case)
        if reason:  # a conflict that arose after the assignment (e.g. a transfer)
            raise DomainError(reason, rule=recusal.RULE)
    rubric = file.plan.rubric
    items = list(rubric.items.all())
    auto = prefill(sheet)
    errors: list[str] = []
    rows: list[ItemScore] = []
    deducted = Decimal(0)
    vetoed = False
    for item in items:
        given = entries.get(item.code)
        if given is None:
            errors.append(f"{item.code}“{item.text}”未评")
            continue
        reason = given.reason.strip()
        if item.kind == RubricItem.Kind.VETO:
            deduction = Decimal(0)
            passed = given.passed
            if not passed:
                vetoed = True
                if not reason:
                    errors.append(f"{item.code}“{item.text}”判为不符合，须写明理由")
        else:
            deduction = _decimal(given.deduction)
            if deduction < 0 or deduction > item.points:
                errors.append(f"{item.code}“{item.text}”扣分应在 0 至 {pts(item.points)} 分之间")
                continue
            if deduction > 0 and not reason:
                errors.append(f"{item.code}“{item.text}”扣 {pts(deduction)} 分，须写明扣分理由")
            passed = deduction == 0
            deducted += deduction
        p = auto.get(item.code)
        overridden = p is not None and p.passed is not None and p.passed != passed
        if overridden and not reason:
            found = "符合" if p is not None and p.passed else "不符合"
            errors.append(f"{item.code}“{item.text}”与记录核查结论（{found}）不同，须写明改判理由")
        rows.append(
            ItemScore(
                item=item,
                passed=passed,
                deduction=deduction,
                reason=reason,
                auto_passed=p.passed if p else None,
                evidence=list(p.evidence) if p else [],
                overridden=overridden,
            )
        )
    if errors:
        raise DomainError("评分表未提交：\n" + "\n".join(errors), rule=rules.ORDER_231_ART_10)
    total = max(Decimal(0), rubric.total_points - deducted)
    with transaction.atomic():
        locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.submitted_at is not None:
            raise DomainError("评分表已经提交，不能修改")
        for r in rows:
            r.sheet = locked
        ItemScore.objects.bulk_create(rows)
        locked.total, locked.vetoed, locked.submitted_at = total, vetoed, timezone.now()
        locked.save(update_fields=["total", "vetoed", "submitted_at"])
        record(
            event_type="evaluation.sheet_submitted",
            subject=file,
            agency_id=file.agency_id,
            actor=actor,
            payload={
                "plan_id": file.plan_id,
                "file_id": file.pk,
                "evaluator_id": actor.pk,
                "total": total,
                "vetoed": vetoed,
                "overrides": [r.item.code for r in rows if r.overridden],
            },
        )
        _maybe_score_file(EvaluatedFile.objects.select_for_update().get(pk=file.pk), actor)
    return locked


def _maybe_score_file(file: EvaluatedFile, actor: Any) -> None:
    sheets = list(file.sheets.all())
    needed = 2 if file.kind == EvaluatedFile.Kind.DRAWN else 1
    if len(sheets) < needed or any(s.submitted_at is None for s in sheets):
        return
    totals = [s.total or Decimal(0) for s in sheets]
    score = (sum(totals, Decimal(0)) / len(totals)).quantize(CENT, rounding=ROUND_HALF_UP)
    vetoed = any(s.vetoed for s in sheets)
    flags = []
    if max(totals) - min(totals) > DISAGREEMENT_POINTS:
        flags.append(
            f"评查人员得分相差 {pts(max(totals) - min(totals))} 分（超过 {pts(DISAGREEMENT_POINTS)} 分）"
        )
    if vetoed and not all(s.vetoed for s in sheets):
        flags.append("否决项判断不一致（有评查人员判为否决，按否决处理）")
    file.score, file.vetoed = score, vetoed
    file.grade = grade(file.plan.rubric, score, vetoed=vetoed)
    file.disagreement = "；".join(flags)
    file.reasons = failure_reasons(file) if file.grade == FAILED else []
    file.status = FileStatus.SCORED if file.kind == EvaluatedFile.Kind.DRAWN else FileStatus.FINAL
    if file.kind == EvaluatedFile.Kind.SELF:
        file.final_on = timezone.localdate()
    file.save(update_fields=["score", "vetoed", "grade", "disagreement", "reasons", "status", "final_on"])
    record(
        event_type="evaluation.file_scored",
        subject=file,
        agency_id=file.agency_id,
        actor=actor,
        payload={
            "plan_id": file.plan_id,
            "file_id": file.pk,
            "case_number": file.case.case_number,
            "kind": file.kind,
            "score": score,
            "grade": file.grade,
            "vetoed": vetoed,
            "disagreement": file.disagreement,
        },
    )


def failure_reasons(file: EvaluatedFile) -> list[str]:
    """The Chinese reasons a file failed: each veto item failed (with the evaluator's reason), or the
    score below the pass mark."""
    out: list[str] = []
    seen: set[str] = set()
    vetoes = ItemScore.objects.filter(
        sheet__file=file, item__kind=RubricItem.Kind.VETO, passed=False
    ).select_related("item")
    for s in vetoes.order_by("item__order", "pk"):
        line = f"否决项{s.item.code}“{s.item.text}”：{s.reason}"
        if line not in seen:
            seen.add(line)
            out.append(line)
    if not out and file.score is not None:
        out.append(f"得分 {pts(file.score)} 分，低于合格分数线 {pts(file.plan.rubric.pass_min)} 分")
    return out
