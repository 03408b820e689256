"""网上巡查: generate a quarter's reports for the agencies of a region, review each line, conclude, publish.
Only the supervisors of the region (and an administrator without an agency) act; every change is
journaled in its transaction (patrol.generated / patrol.line_reviewed / patrol.concluded /
patrol.published). A published report is final."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.organizations.models import Agency, Region
from zhifa.supervision import patrol_checks
from zhifa.supervision.models_patrol import LineVerdict, PatrolLine, PatrolReport, PatrolStatus


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise DomainError("季度应为1至4", field="quarter")
    if not 2000 <= year <= 2100:
        raise DomainError("请填写正确的年度", field="year")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
    return start, end


def supervises(actor: Any, region: Region) -> bool:
    role = getattr(actor, "role", None)
    if role == Role.ADMINISTRATOR and getattr(actor, "agency_id", None) is None:
        return True
    own = getattr(actor, "region", None)
    return role == Role.SUPERVISOR and own is not None and region.path.startswith(own.path)


@dataclass
class Generated:
    created: list[PatrolReport]
    existing: int


def generate(*, region: Region, year: int, quarter: int, actor: Any, today: date | None = None) -> Generated:
    """One draft report per active agency of `region` (supervising bodies aside) for the quarter, once
    the quarter is over. An agency that already has its report for the quarter keeps it (counted)."""
    today = today or timezone.localdate()
    start, end = quarter_bounds(year, quarter)
    if not supervises(actor, region):
        raise PermissionDenied("只有本区域的监督人员可以开展网上巡查")
    if end >= today:
        raise DomainError(f"{year}年第{quarter}季度尚未结束，结束后方可生成网上巡查报告", field="quarter")
    agencies = list(
        Agency.objects.filter(region__path__startswith=region.path, active=True, is_supervising_body=False)
        .select_related("region")
        .order_by("name")
    )
    if not agencies:
        raise DomainError(f"{region.name}没有可巡查的执法主体")
    done = set(
        PatrolReport.objects.filter(agency__in=agencies, year=year, quarter=quarter).values_list(
            "agency_id", flat=True
        )
    )
    try:
        return _generate(agencies, done, year, quarter, start, end, today, actor)
    except IntegrityError as exc:  # another supervisor generated the same quarter meanwhile
        raise DomainError("本季度的巡查报告刚由其他监督人员生成，请刷新后查看") from exc


def _generate(
    agencies: list[Agency],
    done: set[int],
    year: int,
    quarter: int,
    start: date,
    end: date,
    today: date,
    actor: Any,
) -> Generated:
    created = []
    now = timezone.now()
    with transaction.atomic():
        for agency in agencies:
            if agency.pk in done:
                continue
            lines = patrol_checks.checklist(agency, start, end, today)
            report = PatrolReport.objects.create(
                agency=agency,
                year=year,
                quarter=quarter,
                period_start=start,
                period_end=end,
                as_of=today,
                generated_at=now,
                generated_by=actor,
            )
            PatrolLine.objects.bulk_create(
                PatrolLine(
                    report=report,
                    position=i,
                    key=x.key,
                    label=x.label,
                    basis=x.basis[:200],
                    passed=x.passed,
                    figures=x.figures[:300],
                    items=x.items,
                    items_public=x.items_public,
                )
                for i, x in enumerate(lines)
            )
            record(
                event_type="patrol.generated",
                subject=report,
                agency_id=agency.pk,
                actor=actor,
                payload={
                    "year": year,
                    "quarter": quarter,
                    "as_of": today,
                    "lines": {x.key: x.passed for x in lines},
                    "failed": sum(1 for x in lines if not x.passed),
                },
            )
            created.append(report)
    return Generated(created, len(done))


def _locked(report: PatrolReport, actor: Any) -> PatrolReport:
    report = (
        PatrolReport.objects.select_for_update(of=("self",))
        .select_related("agency__region")
        .get(pk=report.pk)
    )
    if not supervises(actor, report.agency.region):
        raise PermissionDenied("只有本区域的监督人员可以审核网上巡查报告")
    if report.status == PatrolStatus.PUBLISHED:
        raise DomainError("该巡查报告已发布，不能再修改")
    return report


def review_line(*, line: PatrolLine, actor: Any, verdict: str, reason: str = "") -> PatrolLine:
    """Confirm the generated finding, or override it (a failed line passed or the reverse) with a reason.
    A line may be reviewed again while the report is a draft."""
    reason = (reason or "").strip()
    if verdict not in (LineVerdict.CONFIRMED, LineVerdict.OVERRIDDEN):
        raise DomainError("请选择确认或更正", field="verdict")
    if verdict == LineVerdict.OVERRIDDEN and not reason:
        raise DomainError("更正系统检查结果须说明理由", field="reason")
    with transaction.atomic():
        _locked(line.report, actor)
        line = PatrolLine.objects.select_for_update().get(pk=line.pk)
        line.verdict = verdict
        line.final_passed = line.passed if verdict == LineVerdict.CONFIRMED else not line.passed
        line.review_reason = reason[:2000] if verdict == LineVerdict.OVERRIDDEN else ""
        line.reviewed_by, line.reviewed_at = actor, timezone.now()
        line.save(update_fields=["verdict", "final_passed", "review_reason", "reviewed_by", "reviewed_at"])
        record(
            event_type="patrol.line_reviewed",
            subject=line.report,
            agency_id=line.report.agency_id,
            actor=actor,
            payload={
                "line": line.key,
                "verdict": verdict,
                "passed": line.passed,
                "final_passed": line.final_passed,
                "reason": line.review_reason,
            },
        )
    return line


def conclude(*, report: PatrolReport, actor: Any, conclusion: str) -> PatrolReport:
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise DomainError("请填写巡查结论", field="conclusion")
    with transaction.atomic():
        report = _locked(report, actor)
        report.conclusion = conclusion[:4000]
        report.save(update_fields=["conclusion"])
        record(
            event_type="patrol.concluded",
            subject=report,
            agency_id=report.agency_id,
            actor=actor,
            payload={"conclusion": report.conclusion},
        )
    return report


def publish(*, report: PatrolReport, actor: Any, today: date | None = None) -> PatrolReport:
    """Every line reviewed and a conclusion written: the report goes on the portal, final."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _locked(report, actor)
        pending = list(report.lines.filter(verdict="").values_list("label", flat=True))
        if pending:
            raise DomainError("以下项目尚未审核：" + "、".join(pending))
        if not report.conclusion.strip():
            raise DomainError("请先填写巡查结论", field="conclusion")
        report.status = PatrolStatus.PUBLISHED
        report.published_on, report.published_at, report.published_by = today, timezone.now(), actor
        report.save(update_fields=["status", "published_on", "published_at", "published_by"])
        failed = list(report.lines.filter(final_passed=False).values_list("key", flat=True))
        record(
            event_type="patrol.published",
            subject=report,
            agency_id=report.agency_id,
            actor=actor,
            payload={"year": report.year, "quarter": report.quarter, "on": today, "failed": failed},
        )
    return report
