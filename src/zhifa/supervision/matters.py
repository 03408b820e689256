"""Supervision matter writes (监督事项), each step in one transaction with its journal entry (keyword-only,
atomic: a refused step leaves nothing written).

    open ─issue→ issued ─serve→ rectifying ─report→ reported ─accept→ accepted ─close→ closed
    reported ─return→ rectifying;  accepted ─issue→ issued (a further document);  open ─close→ closed
    (通知书/意见书/决定书; close from open: nothing to correct)
    rectifying past its deadline (daily job), or a report handed in late: escalated (+ alert matter_overdue)

Who may do what:
- open, issue, serve, accept, return, record a 约谈, close: a supervisor (监督人员) of a region containing the
  matter's (条例 第六条: the 司法行政部门 supervises the agencies of its government and those below);
- submit a rectification report: the staff of the agency concerned, and only they — the supervisor never
  corrects in the agency's place (条例 第八条: 不得以监督代替行政执法).
An administrator sees matters (scope) but takes no step."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.accounts.models import AGENCY_ROLES, Role
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evidence import blobstore
from zhifa.journal.services import Attachment, record
from zhifa.lib.officialdoc import to_json
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency, Region
from zhifa.supervision import alert_services, matter_rules
from zhifa.supervision import matter_documents as docs
from zhifa.supervision.models_matters import (
    DocumentKind,
    MatterSource,
    MatterStatus,
    PeriodUnit,
    RectificationAttachment,
    RectificationReport,
    ReportOutcome,
    SupervisionDocument,
    SupervisionMatter,
    SupervisoryTalk,
)
from zhifa.supervision.services import _check_attachments, _clean_text, _store, attachment_fields

CONDITION_6 = "《行政执法监督条例》第六条"
CONDITION_8 = "《行政执法监督条例》第八条"
TITLE_MAX = 200
TEXT_MAX = 5000
PERIOD_MAX = 365
OVERDUE_RULE = "matter_overdue"
MANUAL_SOURCES = (MatterSource.SPECIAL, MatterSource.HOTLINE, MatterSource.DAILY)


# --- who --------------------------------------------------------------------------------------------


def is_matter_supervisor(actor: Any, matter: SupervisionMatter) -> bool:
    region = getattr(actor, "region", None)
    return (
        getattr(actor, "role", None) == Role.SUPERVISOR
        and isinstance(region, Region)
        and matter.region.path.startswith(region.path)
    )


def is_agency_staff(actor: Any, matter: SupervisionMatter) -> bool:
    return (
        getattr(actor, "role", None) in AGENCY_ROLES and getattr(actor, "agency_id", None) == matter.agency_id
    )


def _require_supervisor(actor: Any, matter: SupervisionMatter, action: str) -> None:
    if not is_matter_supervisor(actor, matter):
        raise PermissionDenied(f"只有本区域的行政执法监督人员可以{action}（{CONDITION_6}）")


def _require_status(matter: SupervisionMatter, action: str, allowed: Sequence[str]) -> None:
    if matter.status in allowed:
        return
    label = MatterStatus(matter.status).label
    if matter.status == MatterStatus.CLOSED:
        raise DomainError(f"{matter.reference}已办结，不能再{action}")
    raise DomainError(f"{matter.reference}当前状态为“{label}”，不能{action}")


def _locked(matter: SupervisionMatter) -> SupervisionMatter:
    return (
        SupervisionMatter.objects.select_for_update(of=("self",))
        .select_related("region", "agency__region")
        .get(pk=matter.pk)
    )


def _current_document(matter: SupervisionMatter) -> SupervisionDocument | None:
    return SupervisionDocument.objects.filter(matter=matter).order_by("-issued_on", "-id").first()


# --- opening ----------------------------------------------------------------------------------------


def _open(
    *,
    region: Region,
    agency: Agency,
    source_kind: str,
    source_key: str,
    source_ref: str,
    title: str,
    facts: str,
    actor: Any,
    on: date,
) -> SupervisionMatter:
    """Write the matter and its `matter.opened` entry (inside the caller's transaction)."""
    matter = SupervisionMatter.objects.create(
        region=region,
        agency=agency,
        source_kind=source_kind,
        source_key=source_key,
        source_ref=source_ref[:120],
        title=title[:TITLE_MAX],
        facts=facts,
        opened_on=on,
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    record(
        event_type="matter.opened",
        subject=matter,
        agency_id=agency.pk,
        actor=actor,
        payload={
            "source_kind": source_kind,
            "source_key": source_key,
            "source_ref": matter.source_ref,
            "agency_id": agency.pk,
            "region": region.code,
            "title": matter.title,
            "facts_sha256": hashlib.sha256(facts.encode()).hexdigest(),
            "on": on,
        },
    )
    return matter


def _duplicate(source_key: str) -> SupervisionMatter | None:
    if not source_key:
        return None
    return SupervisionMatter.objects.filter(source_key=source_key).first()


def matter_open(
    *,
    actor: Any,
    agency: Agency,
    source_kind: str,
    source_ref: str = "",
    title: str,
    facts: str,
    on: date | None = None,
) -> SupervisionMatter:
    """A supervisor opens a matter by hand: a special inspection (专项监督), a 12345 hotline transfer (with
    its ticket number) or daily supervision, about an agency in their region."""
    on = on or timezone.localdate()
    region = getattr(actor, "region", None)
    if getattr(actor, "role", None) != Role.SUPERVISOR or not isinstance(region, Region):
        raise PermissionDenied(f"只有行政执法监督人员可以立项监督事项（{CONDITION_6}）")
    if source_kind not in MANUAL_SOURCES:
        raise DomainError("请选择事项来源：专项监督检查、12345热线转办或日常监督", field="source_kind")
    source_ref = _clean_text(source_ref, limit=120, label="来源编号", field="source_ref", required=False)
    if source_kind == MatterSource.HOTLINE and not source_ref:
        raise DomainError("12345热线转办的事项请填写工单编号", field="source_ref")
    title = _clean_text(title, limit=TITLE_MAX, label="事项名称", field="title", required=True)
    facts = _clean_text(facts, limit=TEXT_MAX, label="问题事实", field="facts", required=True)
    if not agency.region.path.startswith(region.path):
        raise DomainError(f"“{agency.name}”不在您监督的区域内，不能立项", field="agency")
    if agency.is_supervising_body:
        raise DomainError("不能对行政执法监督机构本身立项监督事项", field="agency")
    key = f"{source_kind}:{source_ref}" if source_ref else ""
    if _duplicate(key) is not None:
        raise DomainError(f"来源编号“{source_ref}”已立项监督事项，不能重复立项", field="source_ref")
    try:
        with transaction.atomic():
            return _open(
                region=region,
                agency=agency,
                source_kind=source_kind,
                source_key=key,
                source_ref=source_ref,
                title=title,
                facts=facts,
                actor=actor,
                on=on,
            )
    except IntegrityError as exc:
        raise DomainError(f"来源编号“{source_ref}”已立项监督事项，不能重复立项", field="source_ref") from exc


def matter_open_from_alert(
    *, alert: Any, actor: Any, facts: str = "", on: date | None = None
) -> SupervisionMatter:
    """立为监督事项 from an alert on the 预警 page: one matter per alert (a second request returns it)."""
    on = on or timezone.localdate()
    agency = Agency.objects.select_related("region").get(pk=alert.agency_id)
    region = getattr(actor, "region", None)
    if (
        getattr(actor, "role", None) != Role.SUPERVISOR
        or not isinstance(region, Region)
        or not agency.region.path.startswith(region.path)
    ):
        raise PermissionDenied(f"只有本区域的行政执法监督人员可以将预警立为监督事项（{CONDITION_6}）")
    key = f"alert:{alert.pk}"
    found = _duplicate(key)
    if found is not None:
        return found
    facts = _clean_text(facts, limit=TEXT_MAX, label="问题事实", field="facts", required=False)
    with transaction.atomic():
        return _open(
            region=region,
            agency=agency,
            source_kind=MatterSource.ALERT,
            source_key=key,
            source_ref=f"预警 {alert.reference}",
            title=f"预警：{alert.detail}"[:TITLE_MAX],
            facts=facts or f"{alert.reference}：{alert.detail}",
            actor=actor,
            on=on,
        )


# --- documents --------------------------------------------------------------------------------------


def document_issue(
    *,
    matter: SupervisionMatter,
    actor: Any,
    kind: str,
    requirements: str,
    period_days: int | None = None,
    on: date | None = None,
) -> SupervisionDocument:
    """Issue a numbered 通知书 / 意见书 / 决定书 to the agency, with its rectification period (the region's
    default for the kind, or the one the supervisor sets: 总局令第22号 第十九条 在规定期限内纠正). The content
    is composed and checked here, vouched for by the entry's digest; the PDF is rendered after the commit."""
    on = on or timezone.localdate()
    if kind not in DocumentKind.values:
        raise DomainError("请选择文书种类：通知书、意见书或决定书", field="kind")
    requirements = _clean_text(
        requirements, limit=TEXT_MAX, label="整改要求", field="requirements", required=True
    )
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "出具行政执法监督文书")
        _require_status(matter, "出具文书", [MatterStatus.OPEN, MatterStatus.ACCEPTED])
        if on < matter.opened_on:
            raise DomainError("出具日期不能早于立项日期", field="on")
        period = matter_rules.default_period(kind, matter.region)
        days = period.days if period_days is None else int(period_days)
        if not 1 <= days <= PERIOD_MAX:
            raise DomainError(
                f"整改期限应为 1 至 {PERIOD_MAX} {PeriodUnit(period.unit).label}", field="period_days"
            )
        issuer, code = docs.issuer_for(matter.region)
        serial, number = docs.next_number(matter.region, kind, on.year, code)
        doc = docs.compose(
            matter=matter,
            kind=kind,
            issuer=issuer,
            number=number,
            requirements=requirements,
            days=days,
            unit=period.unit,
            on=on,
            basis=period.basis if period_days is None else "本机关依照" + matter_rules.basis(kind) + "确定",
        )
        docs.check(doc, kind, requirements)
        content = to_json(doc)
        content_sha256 = hashlib.sha256(content.encode()).hexdigest()
        document = SupervisionDocument.objects.create(
            matter=matter,
            kind=kind,
            number=number,
            year=on.year,
            serial=serial,
            issued_on=on,
            issued_by=actor,
            requirements=requirements,
            period_days=days,
            period_unit=period.unit,
            content=content,
            content_sha256=content_sha256,
        )
        entry = record(
            event_type="matter.document_issued",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={
                "kind": kind,
                "number": number,
                "content_sha256": content_sha256,
                "period_days": days,
                "period_unit": period.unit,
                "on": on,
            },
            attachments=[
                Attachment(
                    sha256=content_sha256, name=f"{DocumentKind(kind).label} {number}.json", size=len(content)
                )
            ],
        )
        document.journal_entry_id = entry.pk
        document.save(update_fields=["journal_entry_id"])
        matter.status = MatterStatus.ISSUED
        matter.save(update_fields=["status"])
        docs.render_after_commit(document.pk)
    return document


def document_serve(*, matter: SupervisionMatter, actor: Any, on: date | None = None) -> SupervisionDocument:
    """Record service on the agency; the rectification period runs from the day after (行政处罚法 Art.85
    convention), in working days or calendar days as the document says (matter_rules)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "送达行政执法监督文书")
        _require_status(matter, "送达文书", [MatterStatus.ISSUED])
        document = _current_document(matter)
        assert document is not None  # issued ⇒ a document
        if on < document.issued_on:
            raise DomainError("送达日期不能早于文书出具日期", field="on")
        try:
            due_on, provisional = matter_rules.due(on, document.period_days, document.period_unit)
        except CalendarYearNotLoaded as exc:
            raise DomainError(
                f"整改期限延伸到 {exc.args[0] if exc.args else ''} 年，该年节假日安排尚未载入，"
                "请系统管理员载入后再登记送达",
                field="on",
            ) from exc
        document.served_on = on
        document.rectify_due_on, document.rectify_due_provisional = due_on, provisional
        document.save(update_fields=["served_on", "rectify_due_on", "rectify_due_provisional"])
        matter.status = MatterStatus.RECTIFYING
        matter.due_on, matter.due_provisional = due_on, provisional
        matter.save(update_fields=["status", "due_on", "due_provisional"])
        record(
            event_type="matter.document_served",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={
                "kind": document.kind,
                "number": document.number,
                "on": on,
                "rectify_due_on": due_on,
                "provisional": provisional,
                "rule": matter_rules.basis(document.kind),
            },
        )
    return document


# --- the agency's answer and the supervisor's review ------------------------------------------------


def report_submit(
    *,
    matter: SupervisionMatter,
    actor: Any,
    text: str,
    attachments: Sequence[File] = (),  # type: ignore[type-arg]
    on: date | None = None,
) -> RectificationReport:
    """The agency's rectification report, with attachments into the evidence blob store (checked before
    anything is stored, as a complaint's are). A report after the deadline is marked late and escalates the
    matter in the same step; a report on a closed matter is refused and nothing is stored."""
    on = on or timezone.localdate()
    if not is_agency_staff(actor, matter):
        raise PermissionDenied(
            f"整改报告由被监督的执法主体“{matter.agency.name}”提交；监督机构不代替执法机关整改（{CONDITION_8}）"
        )
    text = _clean_text(text, limit=TEXT_MAX, label="整改情况", field="text", required=True)
    current = SupervisionMatter.objects.get(pk=matter.pk)
    if current.status == MatterStatus.CLOSED:
        raise DomainError(f"{matter.reference}已于{current.closed_on:%Y年%m月%d日}办结，不能再提交整改报告")
    files = _check_attachments(attachments)
    with transaction.atomic():
        matter = _locked(matter)
        _require_status(matter, "提交整改报告", [MatterStatus.RECTIFYING])
        document = _current_document(matter)
        if document is not None and document.served_on and on < document.served_on:
            raise DomainError("提交日期不能早于文书送达日期", field="on")
        stored = [(item, _store(item)) for item in files]
        late = matter.due_on is not None and on > matter.due_on
        report = RectificationReport.objects.create(
            matter=matter,
            document=document,
            text=text,
            submitted_on=on,
            submitted_by=actor,
            due_on=matter.due_on,
            late=late,
        )
        rows = {
            blob.sha256: RectificationAttachment(report=report, **attachment_fields(item, blob))
            for item, blob in stored
        }
        RectificationAttachment.objects.bulk_create(rows.values())
        matter.status = MatterStatus.REPORTED
        matter.save(update_fields=["status"])
        record(
            event_type="matter.report_submitted",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={
                "report_id": report.pk,
                "on": on,
                "due_on": matter.due_on,
                "late": late,
                "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
                "attachments": len(rows),
            },
            attachments=[
                Attachment(sha256=a.sha256, name=a.original_filename, sm3=a.sm3, size=a.size)
                for a in rows.values()
            ],
        )
        if late and not matter.escalated:
            _escalate(matter, on, reason="整改报告逾期提交")
    return report


def _pending_report(matter: SupervisionMatter) -> RectificationReport:
    report = (
        RectificationReport.objects.select_for_update()
        .filter(matter=matter, outcome=ReportOutcome.PENDING)
        .order_by("-id")
        .first()
    )
    if report is None:  # reported ⇒ a pending report
        raise DomainError(f"{matter.reference}没有待审查的整改报告")
    return report


def report_accept(
    *, matter: SupervisionMatter, actor: Any, note: str = "", on: date | None = None
) -> RectificationReport:
    """The supervisor accepts the agency's correction: nothing more is awaited, the escalation (and its
    alert) ends."""
    on = on or timezone.localdate()
    note = _clean_text(note, limit=TEXT_MAX, label="审查意见", field="note", required=False)
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "审查整改报告")
        _require_status(matter, "审查整改报告", [MatterStatus.REPORTED])
        report = _pending_report(matter)
        if on < report.submitted_on:
            raise DomainError("审查日期不能早于整改报告提交日期", field="on")
        report.outcome, report.decided_on, report.decided_by = ReportOutcome.ACCEPTED, on, actor
        report.decision_note = note
        report.save(update_fields=["outcome", "decided_on", "decided_by", "decision_note"])
        matter.status = MatterStatus.ACCEPTED
        matter.due_on, matter.due_provisional, matter.escalated = None, False, False
        matter.save(update_fields=["status", "due_on", "due_provisional", "escalated"])
        record(
            event_type="matter.report_accepted",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={"report_id": report.pk, "on": on, "note": note},
        )
        _refresh_alert()
    return report


def report_return(
    *,
    matter: SupervisionMatter,
    actor: Any,
    reason: str,
    due_on: date | None = None,
    on: date | None = None,
) -> RectificationReport:
    """Send the report back with the reason; the agency rectifies again by the deadline that stands, or the
    new one the supervisor sets (after today)."""
    on = on or timezone.localdate()
    reason = _clean_text(reason, limit=TEXT_MAX, label="退回理由", field="reason", required=True)
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "退回整改报告")
        _require_status(matter, "退回整改报告", [MatterStatus.REPORTED])
        report = _pending_report(matter)
        if on < report.submitted_on:
            raise DomainError("退回日期不能早于整改报告提交日期", field="on")
        if due_on is not None and due_on <= on:
            raise DomainError("重新确定的整改期限应晚于退回日期", field="due_on")
        report.outcome, report.decided_on, report.decided_by = ReportOutcome.RETURNED, on, actor
        report.decision_note = reason
        report.save(update_fields=["outcome", "decided_on", "decided_by", "decision_note"])
        matter.status = MatterStatus.RECTIFYING
        if due_on is not None:
            matter.due_on, matter.due_provisional = due_on, False
        matter.save(update_fields=["status", "due_on", "due_provisional"])
        record(
            event_type="matter.report_returned",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={"report_id": report.pk, "on": on, "reason": reason, "due_on": matter.due_on},
        )
    return report


def may_read(actor: Any, matter: SupervisionMatter) -> bool:
    return is_matter_supervisor(actor, matter) or is_agency_staff(actor, matter)


def report_attachment_open(*, attachment: RectificationAttachment, actor: Any) -> File:  # type: ignore[type-arg]
    """Open a report attachment's bytes for the region's supervisors or the agency's staff, after journaling
    the read (DESIGN.md invariant 8)."""
    matter = attachment.report.matter
    if not may_read(actor, matter):
        raise PermissionDenied("只有本区域的监督人员或被监督执法主体的人员可以查看整改报告附件")
    fh = blobstore.open_blob(attachment.sha256)
    try:
        with transaction.atomic():
            record(
                event_type="matter.attachment_read",
                subject=matter,
                agency_id=matter.agency_id,
                actor=actor,
                payload={"report_id": attachment.report_id, "filename": attachment.original_filename},
                attachments=[
                    Attachment(
                        sha256=attachment.sha256,
                        name=attachment.original_filename,
                        sm3=attachment.sm3,
                        size=attachment.size,
                    )
                ],
            )
    except BaseException:
        fh.close()
        raise
    return fh


# --- 约谈, closing ------------------------------------------------------------------------------------


def talk_record(
    *,
    matter: SupervisionMatter,
    actor: Any,
    held_on: date,
    place: str,
    participants: str,
    summary: str,
) -> SupervisoryTalk:
    """Record a 约谈 with the agency's leaders (any time before the matter is closed)."""
    place = _clean_text(place, limit=200, label="约谈地点", field="place", required=True)
    participants = _clean_text(
        participants, limit=1000, label="参加人员", field="participants", required=True
    )
    summary = _clean_text(summary, limit=TEXT_MAX, label="约谈情况", field="summary", required=True)
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "记录约谈")
        _require_status(matter, "记录约谈", [s for s in MatterStatus.values if s != MatterStatus.CLOSED])
        if held_on < matter.opened_on:
            raise DomainError("约谈日期不能早于立项日期", field="held_on")
        if held_on > timezone.localdate():
            raise DomainError("约谈日期不能晚于今天：请在约谈后记录", field="held_on")
        talk = SupervisoryTalk.objects.create(
            matter=matter,
            held_on=held_on,
            place=place,
            participants=participants,
            summary=summary,
            recorded_by=actor,
        )
        record(
            event_type="matter.talk_recorded",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={
                "talk_id": talk.pk,
                "held_on": held_on,
                "place": place,
                "participants": participants,
                "summary_sha256": hashlib.sha256(summary.encode()).hexdigest(),
            },
        )
    return talk


def matter_close(
    *, matter: SupervisionMatter, actor: Any, note: str, on: date | None = None
) -> SupervisionMatter:
    """Close a matter whose correction was accepted, or one that needed no document (核查后无需整改:
    the note says why)."""
    on = on or timezone.localdate()
    note = _clean_text(note, limit=TEXT_MAX, label="办结说明", field="note", required=True)
    with transaction.atomic():
        matter = _locked(matter)
        _require_supervisor(actor, matter, "办结监督事项")
        _require_status(matter, "办结", [MatterStatus.OPEN, MatterStatus.ACCEPTED])
        if on < matter.opened_on:
            raise DomainError("办结日期不能早于立项日期", field="on")
        matter.status = MatterStatus.CLOSED
        matter.closed_on, matter.close_note = on, note
        matter.due_on, matter.escalated = None, False
        matter.save(update_fields=["status", "closed_on", "close_note", "due_on", "escalated"])
        record(
            event_type="matter.closed",
            subject=matter,
            agency_id=matter.agency_id,
            actor=actor,
            payload={"on": on, "note": note},
        )
        _refresh_alert()
    return matter


# --- escalation (the daily job) -----------------------------------------------------------------------


def _escalate(matter: SupervisionMatter, on: date, *, reason: str, refresh: bool = True) -> None:
    matter.escalated, matter.escalated_on = True, on
    matter.save(update_fields=["escalated", "escalated_on"])
    record(
        event_type="matter.escalated",
        subject=matter,
        agency_id=matter.agency_id,
        payload={"due_on": matter.due_on, "on": on, "reason": reason},
    )
    if refresh:
        _refresh_alert()


def _refresh_alert() -> None:
    """Raise or resolve the `matter_overdue` alert now, in the step's transaction, rather than on the next
    daily run: the matter's state is what the rule reads (alert_rules.matter_overdue)."""
    alert_services.evaluate(keys=[OVERDUE_RULE])


def escalate_overdue(*, today: date | None = None) -> int:
    """Escalate every matter whose rectification deadline has passed with no report handed in (the agency
    still owes its answer: status 整改中). A report awaiting review is not overdue — the wait is the
    supervisor's — unless it came late, which escalated it when it was submitted. Returns how many."""
    today = today or timezone.localdate()
    done = 0
    pending = SupervisionMatter.objects.filter(
        status=MatterStatus.RECTIFYING, escalated=False, due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in pending:
        with transaction.atomic():
            matter = SupervisionMatter.objects.select_for_update().get(pk=pk)
            if matter.status != MatterStatus.RECTIFYING or matter.escalated or not matter.due_on:
                continue
            if matter.due_on >= today:
                continue
            _escalate(
                matter,
                today,
                reason=f"整改期限{matter.due_on:%Y年%m月%d日}届满，未提交整改报告",
                refresh=False,
            )
            done += 1
    if done:
        with transaction.atomic():
            _refresh_alert()
    return done
