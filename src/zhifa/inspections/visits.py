"""Inspecting (issue 13 part 4) and the discipline of enterprise inspections (国办发〔2024〕54号): the
inspectors' to-do list, 扫码入企 (check-in), the 现场检查笔录, results with their deadline and
publication, the business's rating, and inspections registered outside a draw (日常 / 个案 / 专项) with
the yearly cap and the repeat-inspection warning. Services (writes: check, then do, in one transaction
with their journal entries) and selectors (reads)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.cases import rules
from zhifa.cases.numbering import next_number
from zhifa.catalog import calendar
from zhifa.catalog.models import InspectionItem, ItemKind
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.scope import Scope
from zhifa.evidence.models import Evidence
from zhifa.inspections import codes, site_record

# Enterprise inspections (enterprise.py) and the inspectors' questions (inspectors.py) have modules of
# their own; the pages and the tests reach them through this module too.
from zhifa.inspections.enterprise import (
    RepeatInspectionWarning as RepeatInspectionWarning,
)
from zhifa.inspections.enterprise import (
    counts_toward_cap as counts_toward_cap,
)
from zhifa.inspections.enterprise import (
    day_of as day_of,
)
from zhifa.inspections.enterprise import (
    draw_repeat_warnings as draw_repeat_warnings,
)
from zhifa.inspections.enterprise import (
    inspection_register as inspection_register,
)
from zhifa.inspections.enterprise import (
    repeat_warnings as repeat_warnings,
)
from zhifa.inspections.enterprise import (
    yearly_count as yearly_count,
)
from zhifa.inspections.inspectors import (
    Qualification as Qualification,
)
from zhifa.inspections.inspectors import (
    assigned_officers as assigned_officers,
)
from zhifa.inspections.inspectors import (
    officer_of as officer_of,
)
from zhifa.inspections.inspectors import (
    participant_agency as participant_agency,
)
from zhifa.inspections.inspectors import (
    partner_agency_ids as partner_agency_ids,
)
from zhifa.inspections.inspectors import (
    qualification as qualification,
)
from zhifa.inspections.inspectors import (
    require_qualified as require_qualified,
)
from zhifa.inspections.models import (
    Inspection,
    InspectionOfficer,
    InspectionRating,
    InspectionResult,
    SiteInspectionRecord,
)
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record, subject_of
from zhifa.lib.officialdoc import to_json
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency
from zhifa.personnel.models import CertificateStatus, Officer
from zhifa.personnel.selectors import status_on

Status = Inspection.Status
Kind = Inspection.Kind
Outcome = InspectionResult.Outcome

DAYS_KEY = "inspection_result_days"
CLOCK_SKEW = timedelta(minutes=10)
RATING_COMMENT_MAX = 500


# --- who ---------------------------------------------------------------------------------------------


def _require_assigned(actor: Any, inspection: Inspection, action: str) -> Officer:
    """Check-in and the site record are the assigned inspectors' own acts (谁检查、谁记录): of the
    inspecting agency or, in a joint inspection (综合查一次: one visit for every agency), of a partner."""
    participant_agency(actor, inspection, action)
    officer = officer_of(actor)
    if (
        officer is None
        or not InspectionOfficer.objects.filter(inspection=inspection, officer=officer).exists()
    ):
        raise PermissionDenied(f"只有本次检查指派的检查人员可以{action}")
    return officer


def _require_inspector_or_head(actor: Any, inspection: Inspection, action: str) -> None:
    """Results are entered by those who inspected (谁检查、谁录入) or by the agency's head. A partner
    agency of a joint inspection enters its own part (joint.part_result_enter), not the lead's result."""
    if participant_agency(actor, inspection, action) != inspection.agency_id:
        raise PermissionDenied(
            f"联合检查部门只能录入本部门事项的检查结果；{inspection.agency.name}的检查结果由其检查人员或负责人录入"
        )
    if actor is not None and getattr(actor, "role", None) == Role.OFFICER:
        officer = officer_of(actor)
        if (
            officer is None
            or not InspectionOfficer.objects.filter(inspection=inspection, officer=officer).exists()
        ):
            raise PermissionDenied(f"只有本次检查的检查人员或负责人可以{action}")


# --- reads -------------------------------------------------------------------------------------------


def inspection_items(inspection: Inspection) -> list[InspectionItem]:
    """What the inspection checks: the items it was registered with, else its task's (a draw)."""
    own = list(inspection.items.select_related("item", "item__field").order_by("id"))
    if own or inspection.task_id is None:
        return own
    return list(
        InspectionItem.objects.filter(tasks=inspection.task_id)
        .select_related("item", "item__field")
        .order_by("id")
    )


def inspection_day(inspection: Inspection) -> date:
    """The day the inspection is (or was) done: its date, else the planned date, else its task's start."""
    if inspection.inspected_on:
        return inspection.inspected_on
    if inspection.planned_on:
        return inspection.planned_on
    if inspection.task_id is not None:
        return inspection.task.starts_on  # type: ignore[union-attr]
    return timezone.localdate()


def kind_label(inspection: Inspection) -> str:
    if inspection.kind == Kind.RANDOM and inspection.task_id is not None:
        task = inspection.task
        assert task is not None
        return f"双随机抽查（任务编号：{task.code}）"
    label = inspection.get_kind_display()
    return (
        "涉企行政检查（上级部署的专项检查）" if inspection.superior_deployed else f"涉企行政检查（{label}）"
    )


def case_source(inspection: Inspection) -> str:
    """案件来源 of a case opened from this inspection (what the cases app writes on the lead)."""
    if inspection.kind == Kind.RANDOM:
        return f"双随机抽查（检查码 {inspection.code}）"
    return f"涉企行政检查（{inspection.get_kind_display()}，检查码 {inspection.code}）"


def badges(inspection: Inspection) -> list[tuple[str, str]]:
    """The inspectors by name and certificate number as shown to the business (亮证执法: public by law):
    the certificate that covers the inspection on its day, else the officer's certificate valid then."""
    items, area, on = inspection_items(inspection), inspection.target.region, inspection_day(inspection)
    shown: list[tuple[str, str]] = []
    for officer in assigned_officers(inspection):
        q = qualification(officer, items, area, on)
        cert = q.certificate or next(
            (c for c in officer.certificates.all() if status_on(c, on) == CertificateStatus.VALID), None
        )
        shown.append((officer.name, cert.number if cert else ""))
    return shown


def todo(user: Any) -> list[Inspection]:
    """The logged-in officer's inspections still to do: to inspect (assigned) and to enter the result of
    (inspected), soonest first, with their result deadlines."""
    officer = officer_of(user)
    if officer is None:
        return []
    qs = (
        Inspection.objects.filter(
            assignments__officer=officer, status__in=[Status.ASSIGNED, Status.INSPECTED]
        )
        .select_related("agency", "target", "task")
        .annotate(day=day_of())
        .order_by("status", "result_due", "day", "id")
    )
    return list(qs)


def my_inspections(user: Any, *, status: str = "") -> QuerySet[Inspection]:
    """Every inspection the logged-in officer is assigned to (of any agency: a partner's joint visits
    too), newest first; `status` narrows it."""
    officer = officer_of(user)
    if officer is None:
        raise PermissionDenied("当前用户没有对应的执法人员档案，没有指派给本人的检查")
    qs = (
        Inspection.objects.filter(assignments__officer=officer)
        .select_related("agency", "target", "task")
        .order_by("-id")
    )
    return qs.filter(status=status) if status in Status.values else qs


def inspection_get(*, scope: Scope, inspection_id: int) -> Inspection:
    """An inspection the caller's scope sees: of its agency, or of a joint task its agency joins."""
    seen = scope.agency_q("agency")
    if scope.agency_id is not None:
        seen |= Q(task__partner_agencies=scope.agency_id)
    found = (
        Inspection.objects.filter(pk__in=Inspection.objects.filter(seen, pk=inspection_id).values("pk"))
        .select_related("agency", "agency__region", "target", "target__region", "task")
        .first()
    )
    if found is None:
        raise NotFound("未找到该检查，或您无权查看")
    return found


def inspection_by_code(code: str) -> Inspection | None:
    """Public: the inspection a code names. A malformed code is not looked up (same answer, no query)."""
    if not codes.is_well_formed(code):
        return None
    # A cancelled inspection is found too: its page says so, so that anyone still showing its code at
    # the door can be turned away.
    found = Inspection.objects.filter(code=code).select_related("agency", "target", "target__region", "task")
    return found.first()


def result_of(inspection: Inspection) -> InspectionResult | None:
    return InspectionResult.objects.filter(inspection=inspection).first()


def evidence_refs(inspection: Inspection) -> list[str]:
    """How evidence names an inspection (Evidence.case_ref): its journal subject, or its code."""
    return [subject_of(inspection), inspection.code]


def evidence_of(inspection: Inspection) -> QuerySet[Evidence]:
    return Evidence.objects.filter(
        agency_id=inspection.agency_id, case_ref__in=evidence_refs(inspection)
    ).order_by("collected_at", "id")


def site_record_of(inspection: Inspection) -> SiteInspectionRecord | None:
    return SiteInspectionRecord.objects.filter(inspection=inspection).first()


def late(inspection: Inspection, today: date | None = None) -> bool:
    """Past its result deadline and not yet published (the to-do list's red flag)."""
    today = today or timezone.localdate()
    return (
        inspection.result_due is not None
        and inspection.status in (Status.INSPECTED, Status.RESULT_ENTERED)
        and today > inspection.result_due
    )


def case_note(inspection: Inspection) -> str:
    """Why no case was opened from a violation found, if the cases app said so (case.lead_not_opened)."""
    entry = (
        JournalEntry.objects.filter(subject=subject_of(inspection), event_type="case.lead_not_opened")
        .order_by("-id")
        .first()
    )
    return str(entry.payload_data.get("reason", "")) if entry else ""


def filed_case_number(case_ref: str) -> str:
    """The number a case got when it was filed (立案), from its journal (`case.file` carries it)."""
    if not case_ref:
        return ""
    entry = JournalEntry.objects.filter(subject=case_ref, event_type="case.file").order_by("-id").first()
    return str(entry.payload_data.get("case_number") or "") if entry else ""


def ratings(*, actor: Any, scope: Scope) -> QuerySet[InspectionRating]:
    """The businesses' ratings, for supervisors only (深圳龙华: 执法部门"不可见、不可溯"; supervision.md
    §2.3): an agency's own staff never see how its inspections were rated."""
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise PermissionDenied("检查评价直达监督机构，执法部门不可查看")
    return InspectionRating.objects.filter(scope.agency_q("inspection__agency")).select_related(
        "inspection", "inspection__agency", "inspection__target"
    )


# --- the visit ---------------------------------------------------------------------------------------


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("agency", "target", "target__region", "task")
        .get(pk=inspection.pk)
    )


def inspection_check_in(*, inspection: Inspection, actor: Any, at: datetime | None = None) -> Inspection:
    """扫码入企: an assigned inspector records the team's arrival before the check begins (深圳《"扫码入
    企"规定》; 四平: 未亮证、未扫码不得现场检查). The inspectors must be qualified on the day; the business
    sees the arrival on the code's page."""
    _require_assigned(actor, inspection, "登记到达（扫码入企）")
    at = at or timezone.now()
    if timezone.is_naive(at):
        raise DomainError("到达时间须带时区")
    if at > timezone.now() + CLOCK_SKEW:
        raise DomainError("到达时间不能晚于现在", field="at")
    on = timezone.localdate(at)
    with transaction.atomic():
        locked = _locked(inspection)
        if locked.status != Status.ASSIGNED:
            raise DomainError(f"该检查当前状态为“{locked.get_status_display()}”，不能再登记到达")
        if locked.checked_in_at is not None:
            raise DomainError(f"已于{timezone.localtime(locked.checked_in_at):%Y-%m-%d %H:%M}登记到达")
        officers = assigned_officers(locked)
        require_qualified(officers, inspection_items(locked), locked.target.region, on, locked.agency)
        locked.checked_in_at = at
        locked.save(update_fields=["checked_in_at"])
        record(
            event_type="inspection.checked_in",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            occurred_at=at,
            payload={"code": locked.code, "at": at, "officers": [o.pk for o in officers]},
        )
    return locked


def result_due_for(agency: Agency, on: date) -> date:
    """The result deadline: `inspection_result_days` working days (20 by default) after the inspection
    day, by the working-day engine (企业公示信息抽查暂行办法第十一条; 冀政办发〔2015〕22号)."""
    try:
        return calendar.add_working_days(on, rules.int_value(DAYS_KEY, agency)).date
    except CalendarYearNotLoaded as exc:
        raise DomainError(str(exc), rule=rules.DEFAULTS[DAYS_KEY].basis) from exc


RECORD = "制作现场检查笔录"


def inspection_record_site(
    *,
    inspection: Inspection,
    officers: Sequence[Officer],
    started_at: datetime,
    ended_at: datetime,
    place: str,
    representative_name: str,
    representative_title: str,
    items: Sequence[InspectionItem],
    findings: str,
    recusal_requested: bool = False,
    actor: Any,
) -> SiteInspectionRecord:
    """The 现场检查笔录: a numbered document (the agency's `site_inspection_record` series) vouched for by
    the `inspection.inspected` entry, rendered to PDF after the commit with the code's QR code. The
    inspection becomes inspected on the day it began and its result deadline starts."""
    _require_assigned(actor, inspection, RECORD)
    place, findings = place.strip(), findings.strip()
    representative_name, representative_title = representative_name.strip(), representative_title.strip()
    errors = [
        ("place", "请填写检查地点", not place),
        (
            "representative_name",
            "请填写被检查单位在场的负责人（拒绝在场或签字的，写明情况）",
            not representative_name,
        ),
        ("findings", "请填写检查情况", not findings),
        ("ended_at", "检查结束时间应晚于开始时间", ended_at <= started_at),
        ("started_at", "检查时间不能晚于现在", ended_at > timezone.now() + CLOCK_SKEW),
    ]
    for field, message, failed in errors:
        if failed:
            raise DomainError(message, field=field)
    if recusal_requested:
        # 行政处罚法 Art.43: a request for recusal is decided by the head before the check goes on.
        raise DomainError(
            "被检查单位申请检查人员回避的，应当中止检查，报负责人决定后再行检查",
            rule="《中华人民共和国行政处罚法》第四十三条",
            field="recusal_requested",
        )
    on = timezone.localdate(started_at)
    with transaction.atomic():
        locked = _locked(inspection)
        if locked.status != Status.ASSIGNED:
            raise DomainError(f"该检查当前状态为“{locked.get_status_display()}”，不能再制作现场检查笔录")
        if locked.checked_in_at is None:
            raise DomainError(
                "请先扫码入企（登记到达）再制作现场检查笔录", rule="国办发〔2024〕54号（扫码入企）"
            )
        if timezone.localdate(locked.checked_in_at) != on:
            raise DomainError("检查开始日期应为登记到达的日期", field="started_at")
        all_items = inspection_items(locked)
        chosen = list(dict.fromkeys(items))
        unknown = [i.name for i in chosen if i not in all_items]
        if not chosen or unknown:
            listed = f"：{'、'.join(unknown)}不在其中" if unknown else ""
            raise DomainError(f"检查事项须从本次检查的事项中选择{listed}", field="items")
        assigned = {o.pk: o for o in assigned_officers(locked)}
        present = [assigned[o.pk] for o in dict.fromkeys(officers) if o.pk in assigned]
        if len(present) != len(set(officers)):
            raise DomainError("在场检查人员须是本次检查指派的检查人员", field="officers")
        checks = require_qualified(present, chosen, locked.target.region, on, locked.agency)
        organ = locked.agency.deciding_agency
        serial, number = next_number(agency=organ, kind=site_record.KIND, year=on.year)
        evidence = [
            f"{e.get_kind_display()}“{e.original_filename}”（SHA-256 {e.sha256[:16]}…）"
            for e in evidence_of(locked)
        ]
        doc, elements = site_record.compose(
            site_record.SiteFacts(
                issuer=organ.name,
                number=number,
                code=locked.code,
                kind_label=kind_label(locked),
                target_name=locked.target.name,
                credit_code=locked.target.credit_code,
                address=locked.target.address,
                place=place,
                started_at=started_at,
                ended_at=ended_at,
                representative=f"{representative_name}（{representative_title}）"
                if representative_title
                else representative_name,
                officers=[(q.officer.name, q.certificate.number if q.certificate else "") for q in checks],
                items=[i.name for i in chosen],
                findings=findings,
                evidence=evidence,
                on=on,
            )
        )
        site_record.check(doc, elements)
        content = to_json(doc)
        digest = hashlib.sha256(content.encode()).hexdigest()
        locked.status = Status.INSPECTED
        locked.inspected_on = on
        locked.result_due = result_due_for(locked.agency, on)
        locked.save(update_fields=["status", "inspected_on", "result_due"])
        rec = SiteInspectionRecord.objects.create(
            inspection=locked,
            number=number,
            year=on.year,
            serial=serial,
            issued_on=on,
            started_at=started_at,
            ended_at=ended_at,
            place=place,
            representative_name=representative_name,
            representative_title=representative_title,
            item_ids=[i.pk for i in chosen],
            findings=findings,
            content=content,
            content_sha256=digest,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        entry = record(
            event_type="inspection.inspected",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            occurred_at=started_at,
            payload={
                "code": locked.code,
                "on": on,
                "officers": [o.pk for o in present],
                "number": number,
                "content_sha256": digest,
                "result_due": locked.result_due,
                "evidence": len(evidence),
            },
            attachments=[
                Attachment(sha256=digest, name=f"{site_record.TITLE} {number}.json", size=len(content))
            ],
        )
        rec.journal_entry_id = entry.pk
        rec.save(update_fields=["journal_entry_id"])
        site_record.render_after_commit(rec.pk)
    return rec


# --- results -----------------------------------------------------------------------------------------


def violation_items(inspection: Inspection, agency_id: int | None = None) -> list[InspectionItem]:
    """Items on which a violation can open a case: linked to a penalty item of the inspecting agency (or
    of `agency_id`, a partner agency of a joint inspection, for its part)."""
    agency_id = agency_id or inspection.agency_id
    return [
        i
        for i in inspection_items(inspection)
        if i.item is not None and i.item.agency_id == agency_id and i.item.kind == ItemKind.PENALTY
    ]


NO_PENALTY_ITEM = (
    "本次检查的事项均未关联本机关的行政处罚事项，无法据此登记案源：请在随机抽查事项清单中关联执法事项，"
    "或选择“其他”录入结果并另行登记案件线索"
)


def _violation_item(inspection: Inspection, item: InspectionItem | None) -> InspectionItem:
    """A violation opens a case on one enforcement item (cases.case_open). Refused here, when the result
    is entered, rather than left for the cases app to fail on later: the officer can still choose."""
    candidates = violation_items(inspection)
    if not candidates:
        raise DomainError(NO_PENALTY_ITEM, field="item")
    if item is None:
        if len(candidates) == 1:
            return candidates[0]
        raise DomainError("请选择发现违法行为的检查事项", field="item")
    if item not in candidates:
        raise DomainError(f"“{item.name}”未关联本机关的行政处罚事项，不能据此登记案源", field="item")
    return item


ENTER = "录入检查结果"


def result_enter(
    *,
    inspection: Inspection,
    outcome: str,
    findings: str,
    actor: Any,
    item: InspectionItem | None = None,
    on: date | None = None,
) -> InspectionResult:
    """Enter the result after the visit. Its deadline (`result_due`, set by the visit) is the day it must
    be published by. A violation (`violation`) journals `inspection.violation_found`, to which the cases
    app reacts by opening a lead (cases.reactions_inspections)."""
    _require_inspector_or_head(actor, inspection, ENTER)
    if outcome not in Outcome.values:
        raise DomainError("检查结果无效", field="outcome")
    findings = findings.strip()
    if outcome != Outcome.NO_PROBLEM and not findings:
        raise DomainError("请填写检查情况（发现的问题、责令改正的内容等）", field="findings")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("录入日期不能晚于今天", field="on")
    with transaction.atomic():
        locked = _locked(inspection)
        if locked.status != Status.INSPECTED:
            done = locked.status in (Status.RESULT_ENTERED, Status.PUBLISHED)
            raise DomainError(
                "该检查的结果已录入" if done else "请先完成现场检查（制作现场检查笔录）再录入结果"
            )
        assert locked.inspected_on is not None
        if on < locked.inspected_on:
            raise DomainError("录入日期不能早于检查日期", field="on")
        violated = _violation_item(locked, item) if outcome == Outcome.VIOLATION else None
        if locked.result_due is None:  # a drawn inspection completed outside the site-record form
            locked.result_due = result_due_for(locked.agency, locked.inspected_on)
        locked.status = Status.RESULT_ENTERED
        locked.save(update_fields=["status", "result_due"])
        result = InspectionResult.objects.create(
            inspection=locked,
            outcome=outcome,
            findings=findings,
            entered_by=actor if getattr(actor, "pk", None) else None,
            entered_on=on,
        )
        record(
            event_type="inspection.result_entered",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={"code": locked.code, "outcome": outcome, "due_on": locked.result_due, "entered_on": on},
        )
        if violated is not None:
            assert violated.item is not None
            target = locked.target
            record(
                event_type="inspection.violation_found",
                subject=locked,
                agency_id=locked.agency_id,
                actor=actor,
                payload={
                    "code": locked.code,
                    "agency_id": locked.agency_id,
                    "item_id": violated.item.pk,
                    "credit_code": target.credit_code,
                    "name": target.name,
                    "kind": target.kind,
                    "region": target.region.code,
                    # The business's registered 住所 / 经营场所, public registration data (shown on the
                    # 国家企业信用信息公示系统), which the case's party needs (行政处罚法 Art.59(1)).
                    # The legal representative and contact, natural persons' data, stay out.
                    "address": target.address,
                    "on": locked.inspected_on,
                    "officers": [o.pk for o in assigned_officers(locked)],
                    "source": case_source(locked),
                },
            )
    return result


PUBLISHERS = frozenset({Role.PUBLICITY_CLERK.value, Role.AGENCY_HEAD.value})


def result_publish(*, inspection: Inspection, actor: Any, on: date | None = None) -> InspectionResult:
    """Publish an entered result (检查实施机关 | 类型 | 日期 | 结果, as the national credit system shows it).
    By the agency's publicity clerk or its head, never automatically: the clerk checks it before it goes
    out, as for decisions. Allowed after the deadline — a late publication is better than none — but
    marked late (`published_late`), which the portal and the supervisors see."""
    if (
        getattr(actor, "role", None) not in PUBLISHERS
        or getattr(actor, "agency_id", None) != inspection.agency_id
    ):
        raise PermissionDenied("只有本机关的公示管理员或负责人可以公示检查结果")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("公示日期不能晚于今天", field="on")
    with transaction.atomic():
        locked = _locked(inspection)
        result = InspectionResult.objects.select_for_update().filter(inspection=locked).first()
        if result is None or locked.status == Status.INSPECTED:
            raise DomainError("该检查尚未录入结果")
        if locked.status == Status.PUBLISHED or result.published_on is not None:
            raise DomainError(f"该检查结果已于{result.published_on}公示")
        if on < result.entered_on:
            raise DomainError("公示日期不能早于录入日期", field="on")
        late_ = locked.result_due is not None and on > locked.result_due
        result.published_on, result.published_late, result.published_by = on, late_, actor
        if result.case_ref and not result.case_number:
            result.case_number = filed_case_number(result.case_ref)
        result.save(update_fields=["published_on", "published_late", "published_by", "case_number"])
        locked.status = Status.PUBLISHED
        locked.save(update_fields=["status"])
        record(
            event_type="inspection.result_published",
            subject=locked,
            agency_id=locked.agency_id,
            actor=actor,
            payload={"code": locked.code, "published_on": on, "due_on": locked.result_due, "late": late_},
        )
    return result


# --- the business's rating -----------------------------------------------------------------------------


def inspection_rate(*, inspection: Inspection, rating: str, comment: str) -> InspectionRating:
    """The business rates the inspection from the code's page, once it happened; one rating per
    inspection. Journaled without the agency (agency_id None: no agency's journal view shows it) and
    without the comment's text (free text may name people; its SHA-256 vouches for it)."""
    if rating not in InspectionRating.Rating.values:
        raise DomainError("请选择满意、基本满意或不满意", field="rating")
    comment = comment.strip()
    if len(comment) > RATING_COMMENT_MAX:
        raise DomainError(f"意见不超过{RATING_COMMENT_MAX}字", field="comment")
    if inspection.inspected_on is None or inspection.status == Status.CANCELLED:
        raise DomainError("检查实施后才能评价", field="rating")
    try:
        with transaction.atomic():
            if InspectionRating.objects.filter(inspection=inspection).exists():
                raise DomainError("本次检查已经评价过，每次检查只能评价一次", field="rating")
            rated = InspectionRating.objects.create(inspection=inspection, rating=rating, comment=comment)
            digest = hashlib.sha256(comment.encode()).hexdigest()
            record(
                event_type="inspection.rated",
                subject=rated,
                agency_id=None,
                actor=None,
                payload={"code": inspection.code, "rating": rating},
                attachments=[Attachment(sha256=digest, name="评价意见")] if comment else [],
            )
    except IntegrityError as exc:  # two submissions at once: the unique row decides
        raise DomainError("本次检查已经评价过，每次检查只能评价一次", field="rating") from exc
    return rated


# --- the case opened from a violation (reactions to the cases app's entries) ----------------------------


def on_case_lead(entry: JournalEntry) -> None:
    """`case.lead_from_inspection`: link the result to the lead (its journal subject) and, should the
    lead already be filed (a reaction retried late), copy its number. Idempotent."""
    code = str(entry.payload_data.get("code", ""))
    found = InspectionResult.objects.select_for_update().filter(inspection__code=code)
    if entry.agency_id is not None:
        # A partner agency's case (joint.on_case_lead_part) leaves the lead agency's result alone.
        found = found.filter(inspection__agency_id=entry.agency_id)
    result = found.first()
    if result is None:
        return
    result.case_ref = entry.subject
    result.case_number = result.case_number or filed_case_number(entry.subject)
    result.save(update_fields=["case_ref", "case_number"])


def fill_case_numbers(*, limit: int = 1000) -> int:
    """Copy the number of each lead opened from an inspection once it is filed (立案 numbers the case).

    Not a subscription to `case.file`: every filing of every case would then owe inspections a reaction,
    one more write inside the filing step, whose query budget is pinned (cases test_step_queries).
    Filings of inspection leads are few; the daily job, the publication of the result and the result's
    page (filed_case_number) find the number in the lead's journal, by its indexed subject."""
    done = 0
    pending = InspectionResult.objects.exclude(case_ref="").filter(case_number="").order_by("id")[:limit]
    for result in pending:
        number = filed_case_number(result.case_ref)
        if number:
            InspectionResult.objects.filter(pk=result.pk, case_number="").update(case_number=number)
            done += 1
    return done
