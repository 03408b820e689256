"""Writes of the annual statistics report: templates, and a report's approval after DHIS2's data approval —
the agency reviews its figures and writes the narrative, submits; the supervisor of its region approves or
returns it with reasons; the approved report is frozen (its snapshot's SHA-256 journaled, the row
immutable in the database) and published on the portal by the regional deadline (31 January by default,
国办发〔2018〕118号 二(六)). Each step is one transaction with its journal entry.

An actor of None is the platform itself (the demo loader), as in the other apps' services."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.canonical import canonical_json
from zhifa.journal.services import record
from zhifa.lib.annual_report import AMOUNT_UNITS, TIE_BREAKS, TemplateError
from zhifa.organizations.models import Agency, Region
from zhifa.statistics import rules, snapshot
from zhifa.statistics.models import AnnualReport, FrozenReport, ReportStatus, ReportTemplate
from zhifa.statistics.report_templates import TemplateSpec, parse
from zhifa.statistics.selectors import FIRST_YEAR, live_report

BASIS = "国办发〔2018〕118号 二（六）"
NARRATIVE_LIMIT = 50_000
REASON_LIMIT = 5_000


def _role(actor: Any) -> str:
    return str(getattr(actor, "role", ""))


def _require_agency_role(actor: Any, agency: Agency, roles: set[str], what: str) -> None:
    if actor is None:
        return
    if _role(actor) not in roles or getattr(actor, "agency_id", None) != agency.pk:
        names = "或".join(Role(r).label for r in sorted(roles))
        raise PermissionDenied(f"只有{agency.name}的{names}可以{what}")


def _require_supervisor(actor: Any, agency: Agency, what: str) -> None:
    """The supervisor of the agency's region (or one above it): 司法行政 reviews the agencies under it."""
    if actor is None:
        return
    region: Region | None = getattr(actor, "region", None)
    if _role(actor) != Role.SUPERVISOR or region is None or not agency.region.path.startswith(region.path):
        raise PermissionDenied(f"只有{agency.region.name}或其上级区域的监督人员可以{what}")


# --- the report ------------------------------------------------------------------------------------------


def report_submit(
    *, agency: Agency, year: int, narrative: str, actor: Any, on: date | None = None
) -> AnnualReport:
    """The agency head submits the report of `year`: its figures computed from the record now, frozen into
    the snapshot with the narrative (情况说明 / 行政执法工作年度报告, which may not be empty). A returned
    report is submitted again the same way; a pending or approved one is not."""
    on = on or timezone.localdate()
    _require_agency_role(actor, agency, {Role.AGENCY_HEAD}, "报送本机关的统计年报")
    if not FIRST_YEAR <= year <= on.year:
        raise DomainError(f"不能报送 {year} 年度的统计年报", field="year")
    text = (narrative or "").strip()
    if not text:
        # Real 年报 are 行政执法数据 + 情况说明 (大同市制度 Art.3; 广东样式); figures alone are not a report.
        raise DomainError(
            "请填写情况说明（行政执法工作年度报告）：统计年报由行政执法数据和情况说明两部分组成，情况说明不能为空",
            field="narrative",
            rule=BASIS,
        )
    if len(text) > NARRATIVE_LIMIT:
        raise DomainError(f"情况说明不能超过 {NARRATIVE_LIMIT} 个字", field="narrative")
    publish_by = rules.publish_by(agency, year)
    with transaction.atomic():
        locked = Agency.objects.select_for_update().select_related("region").get(pk=agency.pk)
        report = AnnualReport.objects.filter(agency=locked, year=year).first()
        if report is not None and report.status != ReportStatus.RETURNED:
            raise DomainError(
                f"{year} 年度的统计年报{ReportStatus(report.status).label}，不能再次报送"
                + ("；如需修改，请监督机构退回" if report.status == ReportStatus.SUBMITTED else "")
            )
        live = live_report(locked, year, on)
        data = snapshot.build(
            agency=locked,
            period=live.period,
            spec=live.spec,
            values=live.values,
            tables=live.tables,
            narrative=text,
            made_on=on,
        )
        body, digest = snapshot.serialize(data)
        fields: dict[str, Any] = {
            "template": live.template,
            "status": ReportStatus.SUBMITTED,
            "narrative": text,
            "snapshot": body,
            "snapshot_sha256": digest,
            "submitted_on": on,
            "submitted_by": actor,
            "publish_by": publish_by,
            "reviewed_on": None,
            "reviewed_by": None,
        }
        if report is None:
            report = AnnualReport.objects.create(agency=locked, year=year, **fields)
        else:
            for name, value in fields.items():
                setattr(report, name, value)
            report.submissions += 1
            report.save()
        record(
            event_type="statistics_report.submitted",
            subject=report,
            agency_id=locked.pk,
            actor=actor,
            payload={
                "year": year,
                "template": live.spec.code,
                "template_sha256": live.spec.sha256,
                "snapshot_sha256": digest,
                "submission": report.submissions,
                "period_end": live.period.end,
            },
        )
    return report


def _pending(report: AnnualReport) -> AnnualReport:
    locked = AnnualReport.objects.select_for_update().select_related("agency__region").get(pk=report.pk)
    if locked.status != ReportStatus.SUBMITTED:
        raise DomainError(f"该统计年报{ReportStatus(locked.status).label}，不在待审核状态")
    return locked


def report_return(*, report: AnnualReport, reason: str, actor: Any, on: date | None = None) -> AnnualReport:
    """The supervisor returns a submitted report with the reasons; the agency corrects and submits again."""
    on = on or timezone.localdate()
    _require_supervisor(actor, report.agency, "退回统计年报")
    text = (reason or "").strip()
    if not text:
        raise DomainError("请填写退回理由，说明需要核实或修改的内容", field="reason")
    if len(text) > REASON_LIMIT:
        raise DomainError(f"退回理由不能超过 {REASON_LIMIT} 个字", field="reason")
    with transaction.atomic():
        locked = _pending(report)
        locked.status = ReportStatus.RETURNED
        locked.returned_reason = text
        locked.reviewed_on, locked.reviewed_by = on, actor
        locked.save(update_fields=["status", "returned_reason", "reviewed_on", "reviewed_by"])
        record(
            event_type="statistics_report.returned",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={"year": locked.year, "reason": text, "snapshot_sha256": locked.snapshot_sha256},
        )
    return locked


def report_approve(*, report: AnnualReport, actor: Any, on: date | None = None) -> FrozenReport:
    """The supervisor approves the submitted report: its snapshot, exactly as submitted, becomes the frozen
    report whose SHA-256 the journal records. Nothing computed later changes it."""
    on = on or timezone.localdate()
    _require_supervisor(actor, report.agency, "审核通过统计年报")
    with transaction.atomic():
        locked = _pending(report)
        if not snapshot.verify(locked.snapshot, locked.snapshot_sha256):  # the stored text is what was sent
            raise DomainError("报送的统计数据与其摘要不一致，请退回后重新报送")
        locked.status = ReportStatus.APPROVED
        locked.returned_reason = ""
        locked.reviewed_on, locked.reviewed_by = on, actor
        locked.save(update_fields=["status", "returned_reason", "reviewed_on", "reviewed_by"])
        entry = record(
            event_type="statistics_report.approved",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={
                "year": locked.year,
                "snapshot_sha256": locked.snapshot_sha256,
                "publish_by": locked.publish_by,
            },
        )
        return FrozenReport.objects.create(
            report=locked,
            agency_id=locked.agency_id,
            year=locked.year,
            region_path=locked.agency.region.path,
            snapshot=locked.snapshot,
            sha256=locked.snapshot_sha256,
            summary=canonical_json(snapshot.summary(locked.snapshot_data)),
            approved_on=on,
            approved_entry_id=entry.pk,
            publish_by=locked.publish_by,
        )


def report_publish(*, report: AnnualReport, actor: Any, on: date | None = None) -> FrozenReport:
    """The agency publishes its approved report on the portal (谁执法谁公示), by the regional deadline; a
    later publication is recorded as late."""
    on = on or timezone.localdate()
    _require_agency_role(
        actor, report.agency, {Role.AGENCY_HEAD, Role.PUBLICITY_CLERK}, "公开本机关的统计年报"
    )
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.APPROVED:
            raise DomainError(
                f"该统计年报{ReportStatus(locked.status).label}，只有审核通过的统计年报才能公开"
            )
        frozen = FrozenReport.objects.get(report=locked)
        late = on > frozen.publish_by
        locked.status = ReportStatus.PUBLISHED
        locked.save(update_fields=["status"])
        entry = record(
            event_type="statistics_report.published",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={
                "year": locked.year,
                "snapshot_sha256": frozen.sha256,
                "published_on": on,
                "publish_by": frozen.publish_by,
                "late": late,
            },
        )
        # The only write the database lets through on a frozen report: its publication, once.
        FrozenReport.objects.filter(pk=frozen.pk).update(published_on=on, published_entry_id=entry.pk)
        frozen.refresh_from_db()
    return frozen


# --- templates -------------------------------------------------------------------------------------------


def template_save(
    *,
    code: str,
    name: str,
    definition: dict[str, Any],
    amount_unit: str = "yuan",
    tie_break: str = "heaviest",
    region: Region | None = None,
    basis: str = "",
    actor: Any,
) -> ReportTemplate:
    """Create or replace the template `code`. Refused with a Chinese message when its definition names an
    unknown category or figure, leaves a penalty kind out, or the unit or rule is not one of the known
    ones. Reports already submitted keep the template as it was in their snapshot."""
    if actor is not None and _role(actor) != Role.ADMINISTRATOR:
        raise PermissionDenied("只有系统管理员可以维护统计年报模板")
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise DomainError("请填写模板代码和名称", field="code" if not code else "name")
    if amount_unit not in AMOUNT_UNITS:
        raise DomainError(f"金额单位应为{'或'.join(AMOUNT_UNITS.values())}", field="amount_unit")
    if tie_break not in TIE_BREAKS:
        raise DomainError(f"并处多种处罚的计数规则应为：{'；'.join(TIE_BREAKS.values())}", field="tie_break")
    try:
        parse(definition)
    except TemplateError as exc:
        raise DomainError(f"模板“{name}”无法使用：{exc.message}", field="definition") from exc
    with transaction.atomic():
        existing = ReportTemplate.objects.select_for_update().filter(code=code).first()
        template = existing or ReportTemplate(code=code)
        template.name, template.definition, template.region = name, definition, region
        template.amount_unit, template.tie_break, template.basis = amount_unit, tie_break, basis
        if existing is None and not ReportTemplate.objects.filter(is_default=True).exists():
            template.is_default = True
        try:
            with transaction.atomic():
                template.save()
        except IntegrityError as exc:
            raise DomainError(f"区域“{region}”已有统计年报模板", field="region") from exc
        record(
            event_type="statistics_template.saved",
            subject=template,
            agency_id=None,
            actor=actor,
            payload={
                "code": code,
                "name": name,
                "region": region.code if region else "",
                "amount_unit": amount_unit,
                "tie_break": tie_break,
                "sha256": TemplateSpec.of(template).sha256,
                "created": existing is None,
            },
        )
    return template
