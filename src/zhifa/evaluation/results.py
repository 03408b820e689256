"""After scoring: the result notice to each agency (a numbered document, its content hashed and
journaled, the PDF laid out by lib.officialdoc), the agency's objection within 10 working days of
service and the 复核 answer within 10 (广东省令第231号 第十二条（七）; regional settings), the final result,
and the rectification ledger: every failed file (不合格, vetoed or below the pass mark) is journaled as
`evaluation.rectification_required`, to which the supervision app subscribes to open a matter."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.catalog import calendar
from zhifa.core.errors import DomainError
from zhifa.evaluation import rules
from zhifa.evaluation.models import EvaluatedFile, EvaluationPlan, FileStatus, ResultNotice
from zhifa.evaluation.permissions import require_agency_head, require_agency_staff, require_supervisor
from zhifa.evaluation.rubrics import FAILED, grade, pts
from zhifa.journal.services import record
from zhifa.lib import officialdoc as od
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency

OUTCOMES = {"upheld": "维持原评查结果", "revised": "变更评查结果"}


def _add_working_days(start: date, n: int) -> tuple[date, bool]:
    try:
        result = calendar.add_working_days(start, n)
    except CalendarYearNotLoaded as exc:
        # DESIGN invariant 6: never guess a deadline into a year whose holidays are not loaded.
        raise DomainError(f"无法计算期限：{exc}。请系统管理员先载入该年度的节假日安排") from None
    return result.date, result.provisional


# --- the result notice -------------------------------------------------------------------------------


def compose_notice(
    plan: EvaluationPlan, agency: Agency, files: list[EvaluatedFile], number: str, on: date, due: date
) -> od.OfficialDocument:
    rows: list[list[str]] = [["案件编号", "案由", "得分", "等次"]]
    for f in files:
        rows.append(
            [
                f.case.case_number,
                f.case.title,
                f"{pts(f.score) if f.score is not None else ''}",
                f.grade + ("（否决）" if f.vetoed else ""),
            ]
        )
    paragraphs: list[od.Block] = [
        od.Paragraph(f"{agency.name}：", indent=0),
        f"根据{plan.name}，本机关按照《{plan.rubric.name}》对你单位{plan.year}年度随机抽取的 "
        f"{len(files)} 份行政执法案卷进行了评查，"
        "评查人员独立评分，现将评查结果通知如下：",
        od.Table(rows=rows, col_widths=(3, 4, 1.2, 1.6)),
    ]
    failed = [f for f in files if f.grade == FAILED]
    for f in failed:
        paragraphs.append(
            f"案卷{f.case.case_number}评为不合格，原因：{'；'.join(f.reasons)}。请于结果确定后依法整改，并报告整改情况。"
        )
    paragraphs.append(
        f"你单位对评查结果有异议的，可以在收到本通知书之日起 {rules.objection_days(agency)} 个工作日内"
        f"（即 {due.year}年{due.month}月{due.day}日前）"
        "书面提出，本机关将在收到异议之日起 "
        f"{rules.answer_days(agency)} 个工作日内复核并答复。逾期未提出异议的，评查结果即为最终结果。"
    )
    return od.OfficialDocument(
        issuer=f"{plan.region.name}行政执法案卷评查",
        number=number,
        title="行政执法案卷评查结果通知书",
        paragraphs=paragraphs,
        signature=f"{plan.region.name}司法行政部门（评查组）",
        date=on,
        metadata={"Subject": "行政执法案卷评查结果通知书"},
    )


def notice_issue(
    *, plan: EvaluationPlan, agency: Agency, actor: Any, served_on: date | None = None
) -> ResultNotice:
    """The numbered result notice to one agency, once every drawn file of it is scored; served the day
    given (default today), from which the objection period runs."""
    require_supervisor(actor, plan.region, action="送达评查结果通知书")
    today = timezone.localdate()
    served_on = served_on or today
    if served_on > today:
        raise DomainError("送达日期不能晚于今天")
    files = list(
        EvaluatedFile.objects.filter(plan=plan, agency=agency, kind=EvaluatedFile.Kind.DRAWN)
        .select_related("case")
        .order_by("case_id")
    )
    if not files:
        raise DomainError(f"{agency.name}没有抽查案卷")
    pending = [f.case.case_number for f in files if f.status == FileStatus.SCORING]
    if pending:
        raise DomainError(f"以下案卷尚未完成评分，不能送达结果通知书：{'、'.join(pending)}")
    due, provisional = _add_working_days(served_on, rules.objection_days(agency))
    with transaction.atomic():
        locked = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
        if ResultNotice.objects.filter(plan=plan, agency=agency).exists():
            raise DomainError(f"已向{agency.name}送达评查结果通知书")
        locked.notice_serial += 1
        locked.save(update_fields=["notice_serial"])
        number = f"{plan.region.name}评查〔{plan.year}〕{locked.notice_serial}号"
        content = od.to_json(compose_notice(plan, agency, files, number, today, due))
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        notice = ResultNotice.objects.create(
            plan=plan,
            agency=agency,
            number=number,
            issued_on=today,
            served_on=served_on,
            objection_due_on=due,
            provisional=provisional,
            content=content,
            content_sha256=digest,
        )
        entry = record(
            event_type="evaluation.notice_issued",
            subject=notice,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "plan_id": plan.pk,
                "agency_id": agency.pk,
                "number": number,
                "served_on": served_on,
                "objection_due_on": due,
                "content_sha256": digest,
                "files": [f.pk for f in files],
            },
        )
        notice.journal_seq = entry.pk
        notice.save(update_fields=["journal_seq"])
        EvaluatedFile.objects.filter(pk__in=[f.pk for f in files]).update(
            status=FileStatus.NOTIFIED, notice=notice
        )
    return notice


def notice_pdf(notice: ResultNotice) -> bytes:
    """The notice laid out after GB/T 9704 from its stored content (checked against its journaled digest)."""
    if hashlib.sha256(notice.content.encode("utf-8")).hexdigest() != notice.content_sha256:
        raise DomainError(f"评查结果通知书{notice.number}的内容与记录的摘要不一致，请联系管理员核查")
    return od.render_pdf(od.from_json(notice.content))


# --- objections --------------------------------------------------------------------------------------


def objection_file(
    *, file: EvaluatedFile, text: str, actor: Any, received_on: date | None = None
) -> EvaluatedFile:
    """The agency objects to a file's result within the objection period of the notice's service
    (第十二条（七）: 10 working days, a regional setting)."""
    require_agency_head(actor, file.agency, action="对评查结果提出异议")
    if not text.strip():
        raise DomainError("请写明异议的事实和理由", field="text")
    received_on = received_on or timezone.localdate()
    notice = file.notice
    if file.status != FileStatus.NOTIFIED or notice is None:
        raise DomainError(f"案卷{file.case.case_number}当前为“{file.get_status_display()}”，不能提出异议")
    if received_on > notice.objection_due_on:
        raise DomainError(
            f"已超过提出异议的期限：评查结果通知书{notice.number}于{notice.served_on:%Y年%m月%d日}送达，"
            f"异议应在 {rules.objection_days(file.agency)} 个工作日内"
            f"（{notice.objection_due_on:%Y年%m月%d日}前）提出，"
            "评查结果已为最终结果",
            rule=rules.ORDER_231_ART_12,
        )
    due, _ = _add_working_days(received_on, rules.answer_days(file.agency))
    with transaction.atomic():
        locked = EvaluatedFile.objects.select_for_update().get(pk=file.pk)
        if locked.status != FileStatus.NOTIFIED:
            raise DomainError("该案卷已提出异议或结果已确定")
        locked.status = FileStatus.OBJECTED
        locked.objection_text, locked.objection_on, locked.answer_due_on = text.strip(), received_on, due
        locked.save(update_fields=["status", "objection_text", "objection_on", "answer_due_on"])
        record(
            event_type="evaluation.objection_filed",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={
                "plan_id": locked.plan_id,
                "file_id": locked.pk,
                "received_on": received_on,
                "answer_due_on": due,
            },
        )
    return locked


def objection_answer(
    *,
    file: EvaluatedFile,
    outcome: str,
    text: str,
    actor: Any,
    score: Decimal | None = None,
    vetoed: bool | None = None,
) -> EvaluatedFile:
    """The 复核 answer: uphold, or revise the score (and the veto) with reasons; the result is then final.
    An answer after its period is still given, and recorded as late."""
    require_supervisor(actor, file.plan.region, action="答复评查异议")
    if outcome not in OUTCOMES:
        raise DomainError("请选择复核结论：维持或变更评查结果", field="outcome")
    if not text.strip():
        raise DomainError("请写明复核意见及理由", field="text")
    today = timezone.localdate()
    with transaction.atomic():
        locked = (
            EvaluatedFile.objects.select_for_update().select_related("plan__rubric", "case").get(pk=file.pk)
        )
        if locked.status != FileStatus.OBJECTED:
            raise DomainError("该案卷没有待答复的异议")
        if outcome == "revised":
            if score is None or not (Decimal(0) <= score <= locked.plan.rubric.total_points):
                raise DomainError(
                    f"变更评查结果须给出 0 至 {pts(locked.plan.rubric.total_points)} 分之间的得分",
                    field="score",
                )
            locked.score = score
            locked.vetoed = bool(vetoed)
            locked.grade = grade(locked.plan.rubric, score, vetoed=locked.vetoed)
            locked.reasons = [f"复核变更：{text.strip()}"] if locked.grade == FAILED else []
        locked.answer_text, locked.answered_on = text.strip(), today
        late = locked.answer_due_on is not None and today > locked.answer_due_on
        locked.save(update_fields=["score", "vetoed", "grade", "reasons", "answer_text", "answered_on"])
        record(
            event_type="evaluation.objection_answered",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={
                "plan_id": locked.plan_id,
                "file_id": locked.pk,
                "outcome": outcome,
                "score": locked.score,
                "grade": locked.grade,
                "late": late,
            },
        )
        _finalize(locked, actor, how="objection_answered")
    return locked


def result_accept(*, file: EvaluatedFile, actor: Any) -> EvaluatedFile:
    """The agency states it has no objection: the result is final at once."""
    require_agency_head(actor, file.agency, action="确认评查结果")
    with transaction.atomic():
        locked = EvaluatedFile.objects.select_for_update().select_related("case").get(pk=file.pk)
        if locked.status != FileStatus.NOTIFIED:
            raise DomainError("该案卷的评查结果不在异议期内，无需确认")
        _finalize(locked, actor, how="accepted")
    return locked


def finalize_expired(today: date | None = None) -> int:
    """Results whose objection period ran out without an objection become final (daily job)."""
    today = today or timezone.localdate()
    n = 0
    for pk in EvaluatedFile.objects.filter(
        status=FileStatus.NOTIFIED, notice__objection_due_on__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            locked = EvaluatedFile.objects.select_for_update().select_related("case").get(pk=pk)
            if locked.status == FileStatus.NOTIFIED:
                _finalize(locked, None, how="period_expired")
                n += 1
    return n


def _finalize(file: EvaluatedFile, actor: Any, *, how: str) -> None:
    file.status = FileStatus.FINAL
    file.final_on = timezone.localdate()
    fields = ["status", "final_on"]
    payload = {
        "plan_id": file.plan_id,
        "file_id": file.pk,
        "score": file.score,
        "grade": file.grade,
        "how": how,
    }
    record(
        event_type="evaluation.result_final",
        subject=file,
        agency_id=file.agency_id,
        actor=actor,
        payload=payload,
    )
    if file.grade == FAILED:
        entry = record(
            event_type="evaluation.rectification_required",
            subject=file,
            agency_id=file.agency_id,
            actor=actor,
            payload={
                "plan_id": file.plan_id,
                "file_id": file.pk,
                "case_id": file.case_id,
                "case_number": file.case.case_number,
                "agency_id": file.agency_id,
                "grade": file.grade,
                "score": file.score,
                "reasons": list(file.reasons),
            },
        )
        file.rectification = EvaluatedFile.Rectification.REQUIRED
        file.rectification_seq = entry.pk
        fields += ["rectification", "rectification_seq"]
    file.save(update_fields=fields)


def rectification_report(*, file: EvaluatedFile, note: str, actor: Any) -> EvaluatedFile:
    """The agency reports what it rectified for a failed file."""
    require_agency_staff(actor, file.agency, action="报告整改情况")
    if not note.strip():
        raise DomainError("请写明整改情况", field="note")
    with transaction.atomic():
        locked = EvaluatedFile.objects.select_for_update().get(pk=file.pk)
        if locked.rectification != EvaluatedFile.Rectification.REQUIRED:
            raise DomainError("该案卷没有待整改事项")
        locked.rectification = EvaluatedFile.Rectification.REPORTED
        locked.rectification_note = note.strip()
        locked.save(update_fields=["rectification", "rectification_note"])
        record(
            event_type="evaluation.rectification_reported",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={"plan_id": locked.plan_id, "file_id": locked.pk, "note": locked.rectification_note},
        )
    return locked
