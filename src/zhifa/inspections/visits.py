"""Inspecting (issue 13 part 4) and the discipline of enterprise inspections (国办发〔2024〕54号): the
inspectors' to-do list, 扫码入企 (check-in), the 现场检查笔录, results with their deadline and
publication, the business's rating, and inspections registered outside a draw (日常 / 个案 / 专项) with
the yearly cap and the repeat-inspection warning. Services (writes: check, then do, in one transaction
with their journal entries) and selectors (reads)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import DateField, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.accounts.permissions import refusal_for
from zhifa.cases import rules
from zhifa.cases.numbering import next_number
from zhifa.catalog import calendar
from zhifa.catalog.models import InspectionItem, ItemKind
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.core.scope import Scope
from zhifa.evidence.models import Evidence
from zhifa.inspections import codes, site_record
from zhifa.inspections.models import (
    Inspection,
    InspectionOfficer,
    InspectionRating,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    SiteInspectionRecord,
)
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record, subject_of
from zhifa.lib.officialdoc import to_json
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.organizations.models import Agency, Region
from zhifa.personnel.models import Certificate, CertificateStatus, Officer
from zhifa.personnel.selectors import may_act, status_on

Status = Inspection.Status
Kind = Inspection.Kind
Outcome = InspectionResult.Outcome

_LAW = "《中华人民共和国行政处罚法》第四十二条、第五十五条"
CERT_RULE = f"{_LAW}；国办发〔2024〕54号（严禁未取得执法证件的人员实施检查）"
CAP_KEY, QUIET_KEY, DAYS_KEY, MIN_KEY = (
    "inspection_yearly_cap",
    "inspection_quiet_days",
    "inspection_result_days",
    "inspection_min_inspectors",
)
# 司法部 解答 (2025-04-18, supervision.md §2.2): the published cap covers 日常、个案、专项 inspections,
# except special inspections deployed by a higher authority; the 卫健 example (zgwg.gov.cn 2025-08-07,
# ≤ 2 per level per year) exempts 个案检查 (complaints, referrals, the business's own application, follow-up
# of a rectification, urgent cases …). We follow the example, which is how agencies publish their caps.
CAP_EXEMPTION = "个案检查（投诉举报、转办交办、数据监测、企业申请等）和上级部署的专项检查不受年度频次上限限制"
CLOCK_SKEW = timedelta(minutes=10)
RATING_COMMENT_MAX = 500


# --- who ---------------------------------------------------------------------------------------------


def officer_of(user: Any) -> Officer | None:
    """The officer record of a staff login (Officer.user), if any."""
    if user is None or getattr(user, "pk", None) is None:
        return None
    return Officer.objects.filter(user_id=user.pk).first()


def _require_assigned(actor: Any, inspection: Inspection, action: str) -> Officer:
    """Check-in and the site record are the assigned inspectors' own acts (谁检查、谁记录)."""
    why = refusal_for(actor, action=action, agency_id=inspection.agency_id)
    if why:
        raise PermissionDenied(why)
    officer = officer_of(actor)
    if (
        officer is None
        or not InspectionOfficer.objects.filter(inspection=inspection, officer=officer).exists()
    ):
        raise PermissionDenied(f"只有本次检查指派的检查人员可以{action}")
    return officer


def _require_inspector_or_head(actor: Any, inspection: Inspection, action: str) -> None:
    """Results are entered by those who inspected (谁检查、谁录入) or by the agency's head."""
    why = refusal_for(actor, action=action, agency_id=inspection.agency_id)
    if why:
        raise PermissionDenied(why)
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


def assigned_officers(inspection: Inspection) -> list[Officer]:
    """The inspectors in their draw order, with their certificates for the qualification checks."""
    rows = (
        InspectionOfficer.objects.filter(inspection=inspection)
        .select_related("officer")
        .prefetch_related(
            Prefetch(
                "officer__certificates",
                queryset=Certificate.objects.select_related("area").prefetch_related("fields", "events"),
            )
        )
        .order_by("rank", "id")
    )
    return [r.officer for r in rows]


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


@dataclass(frozen=True)
class Qualification:
    officer: Officer
    certificate: Certificate | None
    reasons: Sequence[str]

    @property
    def ok(self) -> bool:
        return self.certificate is not None and not self.reasons


def qualification(officer: Officer, items: Sequence[InspectionItem], area: Region, on: date) -> Qualification:
    """May `officer` inspect these items in `area` on `on` (DESIGN.md invariant 3)? The same `may_act`
    question a case asks, for each item linked to an enforcement item of the officer's agency. An item
    linked to none (the list names the matter but not its 权责清单 entry) still needs a certificate valid
    on the date whose area holds the business: 国办发〔2024〕54号 forbids inspecting without one."""
    linked = [i.item for i in items if i.item is not None and i.item.agency_id == officer.agency_id]
    covering: Certificate | None = None
    if linked:
        for enforcement_item in linked:
            check = may_act(officer=officer, item=enforcement_item, area=area, on=on)
            if not check.allowed:
                return Qualification(officer, None, check.reasons)
            covering = covering or check.certificate
        return Qualification(officer, covering, ())
    if officer.status != Officer.Status.ACTIVE:
        return Qualification(
            officer, None, [f"{officer.name}已不在执法岗位（{officer.get_status_display()}）"]
        )
    certs = list(officer.certificates.all())
    for cert in certs:
        if status_on(cert, on) == CertificateStatus.VALID and cert.area.contains(area):
            return Qualification(officer, cert, ())
    return Qualification(
        officer,
        None,
        [f"{officer.name}没有在{on.isoformat()}有效、执法区域包含“{area.name}”的行政执法证"],
    )


def _require_qualified(
    officers: Sequence[Officer], items: Sequence[InspectionItem], area: Region, on: date, agency: Agency
) -> list[Qualification]:
    """≥ the regional minimum of inspectors (2 by default), each qualified on the date."""
    minimum = rules.int_value(MIN_KEY, agency)
    if len({o.pk for o in officers}) < minimum:
        raise DomainError(
            f"现场检查应当由不少于{minimum}名执法人员实施",
            rule=rules.DEFAULTS[MIN_KEY].basis,
            field="officers",
        )
    checks = [qualification(o, items, area, on) for o in officers]
    refused = [reason for q in checks for reason in q.reasons]
    if refused:
        raise DomainError("；".join(refused), rule=CERT_RULE, field="officers")
    return checks


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
        .annotate(day=_day())
        .order_by("status", "result_due", "day", "id")
    )
    return list(qs)


def inspection_get(*, scope: Scope, inspection_id: int) -> Inspection:
    found = (
        Inspection.objects.filter(scope.agency_q("agency"), pk=inspection_id)
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
    return (
        Inspection.objects.filter(code=code)
        .exclude(status=Status.CANCELLED)
        .select_related("agency", "target", "target__region", "task")
        .first()
    )


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


# --- the yearly cap and the repeat warning (国办发〔2024〕54号) -----------------------------------------


def counts_toward_cap(kind: str, superior_deployed: bool) -> bool:
    return kind != Kind.CASE and not (kind == Kind.SPECIAL and superior_deployed)


def _day() -> Coalesce:
    """The day an inspection counts on: done, else planned, else its task's start (a draw's)."""
    return Coalesce("inspected_on", "planned_on", "task__starts_on", output_field=DateField())


def yearly_count(
    *, target: InspectionTarget, agency: Agency, year: int, exclude_pk: int | None = None
) -> int:
    """Inspections of `target` by `agency` in `year` that count toward the cap."""
    qs = Inspection.objects.filter(target=target, agency=agency).exclude(status=Status.CANCELLED)
    qs = qs.exclude(kind=Kind.CASE).exclude(kind=Kind.SPECIAL, superior_deployed=True)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.annotate(day=_day()).filter(day__year=year).count()


def _cap_refusal(target: InspectionTarget, agency: Agency, year: int, count: int) -> str:
    cap = rules.int_value(CAP_KEY, agency)
    if count < cap:
        return ""
    return (
        f"{target.name}在{year}年已接受{agency.name}检查{count}次，再检查将超过年度检查频次上限{cap}次"
        f"（依据：{rules.DEFAULTS[CAP_KEY].basis}）。{CAP_EXEMPTION}；如属此类，请选择相应的检查类型并写明事由。"
    )


def repeat_warnings(
    *, target: InspectionTarget, agency: Agency, on: date, exclude_pk: int | None = None
) -> list[str]:
    """国办发〔2024〕54号 (no repeated inspections): another inspection of the same business by ANY agency
    within the quiet period before `on`, or one planned around it (which could be joined: 综合查一次).
    The other inspections' codes are not shown: a code lets its holder rate that inspection."""
    quiet = rules.int_value(QUIET_KEY, agency)
    since, until = on - timedelta(days=quiet), on + timedelta(days=quiet)
    qs = Inspection.objects.filter(target=target).exclude(status=Status.CANCELLED).select_related("agency")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    warnings = [
        f"{i.agency.name}已于{i.inspected_on:%Y年%m月%d日}对该企业实施{i.get_kind_display()}（{quiet}日内）"
        for i in qs.filter(inspected_on__gte=since, inspected_on__lte=on).order_by("inspected_on", "id")
    ]
    pending = qs.filter(status=Status.ASSIGNED).annotate(day=_day()).filter(day__gte=since, day__lte=until)
    warnings += [
        f"{i.agency.name}已安排于{i.day:%Y年%m月%d日}前后对该企业实施{i.get_kind_display()}，可协商联合检查（综合查一次）"
        for i in pending.order_by("day", "id")
    ]
    return warnings


def draw_repeat_warnings(*, task: InspectionTask) -> dict[int, list[str]]:
    """The warnings of a drawn task's inspections, by inspection id, for the task page.

    The rule chosen: a draw is never changed after the fact. Removing or replacing a drawn business
    because it was inspected recently or reached its cap would let the agency bias the draw after the
    seed is known, and the public record would no longer re-run (lib/draw.py: the selection follows from
    the commitment and the seed alone). Repeat inspections are avoided before the draw, in the task's
    published conditions (the eligible list may exclude businesses inspected within the quiet period);
    after it, the head sees these warnings on the task page and can merge visits with the other agency
    (综合查一次) or record why the visit goes ahead. Two grouped queries whatever the task's size."""
    mine = list(
        Inspection.objects.filter(task=task)
        .exclude(status=Status.CANCELLED)
        .select_related("agency", "target")
    )
    if not mine:
        return {}
    quiet = rules.int_value(QUIET_KEY, task.agency)
    since, until = task.starts_on - timedelta(days=quiet), task.ends_on + timedelta(days=quiet)
    drawn = Inspection.objects.filter(task=task).values("target_id")  # a subquery, whatever the size
    others = (
        Inspection.objects.filter(target_id__in=drawn)
        .exclude(task=task)
        .exclude(status=Status.CANCELLED)
        .select_related("agency")
        .annotate(day=_day())
        .filter(day__gte=since, day__lte=until)
    )
    by_target: dict[int, list[str]] = defaultdict(list)
    for o in others.order_by("day", "id"):
        by_target[o.target_id].append(f"{o.agency.name} {o.day:%Y-%m-%d} {o.get_kind_display()}")
    counts: dict[int, int] = defaultdict(int)
    capped = (
        Inspection.objects.filter(target_id__in=drawn, agency=task.agency)
        .exclude(status=Status.CANCELLED)
        .exclude(kind=Kind.CASE)
        .exclude(kind=Kind.SPECIAL, superior_deployed=True)
        .annotate(day=_day())
        .filter(day__year=task.starts_on.year)
    )
    for target_id in capped.values_list("target_id", flat=True):
        counts[target_id] += 1
    cap = rules.int_value(CAP_KEY, task.agency)
    found: dict[int, list[str]] = {}
    for insp in mine:
        lines = [f"{quiet}日内另有检查：{x}" for x in by_target.get(insp.target_id, [])]
        if counts.get(insp.target_id, 0) > cap:
            lines.append(
                f"本机关{task.starts_on.year}年对该企业的检查将达{counts[insp.target_id]}次，超过上限{cap}次"
            )
        if lines:
            found[insp.pk] = lines
    return found


# --- registering an inspection outside a draw --------------------------------------------------------


class RepeatInspectionWarning(DomainError):
    """The business was (or will be) inspected within the quiet period: the user must confirm."""

    def __init__(self, warnings: Sequence[str]) -> None:
        self.warnings = list(warnings)
        super().__init__(
            "该企业在避免重复检查的期间内另有检查："
            + "；".join(self.warnings)
            + "。确需检查的，请确认后再登记。",
            rule=rules.DEFAULTS[QUIET_KEY].basis,
        )


REGISTER = "登记涉企行政检查"


def inspection_register(
    *,
    agency: Agency,
    target: InspectionTarget,
    kind: str,
    items: Sequence[InspectionItem],
    officers: Sequence[Officer],
    planned_on: date,
    reason: str,
    actor: Any,
    superior_deployed: bool = False,
    confirm_repeat: bool = False,
) -> Inspection:
    """An enterprise inspection outside a draw (日常 / 个案 / 专项; 国办发〔2024〕54号 and its 解答), with
    its inspection code. Refused when it would exceed the agency's yearly cap for the business (个案 and
    superior-deployed special inspections exempt, CAP_EXEMPTION); when the business was or will be
    inspected by any agency within the quiet period, refused with RepeatInspectionWarning unless the user
    confirmed, and the confirmation is journaled (`inspection.repeat_warning`)."""
    why = refusal_for(actor, action=REGISTER, agency_id=agency.pk)
    if why:
        raise PermissionDenied(why)
    if kind not in Kind.values or kind == Kind.RANDOM:
        raise DomainError(
            "请选择日常检查、个案检查或专项检查；双随机抽查由抽查任务随机抽取产生", field="kind"
        )
    reason = reason.strip()
    if kind == Kind.CASE and not reason:
        raise DomainError(
            "个案检查须写明事由（投诉举报、转办交办、数据监测、企业申请等）",
            rule="国办发〔2024〕54号",
            field="reason",
        )
    if kind == Kind.SPECIAL and not reason:
        raise DomainError("专项检查须写明部署或批准的文件", rule="国办发〔2024〕54号", field="reason")
    if superior_deployed and kind != Kind.SPECIAL:
        raise DomainError("只有专项检查可以标明为上级部署", field="superior_deployed")
    if not target.active:
        raise DomainError(f"{target.name}已不在检查对象名录库中（已注销或迁出）", field="target")
    if not agency.region.contains(target.region):
        raise DomainError(
            f"{target.name}所在的“{target.region.name}”不在{agency.name}的管辖区域内", field="target"
        )
    if planned_on < timezone.localdate():
        raise DomainError("计划检查日期不能早于今天：检查须先登记、后实施", field="planned_on")
    items = list(dict.fromkeys(items))
    if not items:
        raise DomainError(
            "请选择检查事项：检查事项清单之外不得检查", rule="国办发〔2024〕54号", field="items"
        )
    foreign = [i.name for i in items if i.agency_id != agency.pk]
    if foreign:
        raise DomainError(f"检查事项不属于{agency.name}：{'、'.join(foreign)}", field="items")
    officers = list(dict.fromkeys(officers))
    strangers = [o.name for o in officers if o.agency_id != agency.pk]
    if strangers:
        raise DomainError(f"{'、'.join(strangers)}不是{agency.name}的执法人员", field="officers")
    _require_qualified(officers, items, target.region, planned_on, agency)
    with transaction.atomic():
        # One registration at a time per business: the cap is counted and the new row written under the
        # lock, so two clerks cannot both take the last place.
        InspectionTarget.objects.select_for_update().filter(pk=target.pk).first()
        if counts_toward_cap(kind, superior_deployed):
            refusal = _cap_refusal(
                target,
                agency,
                planned_on.year,
                yearly_count(target=target, agency=agency, year=planned_on.year),
            )
            if refusal:
                raise DomainError(refusal, rule=rules.DEFAULTS[CAP_KEY].basis, field="target")
        warnings = repeat_warnings(target=target, agency=agency, on=planned_on)
        if warnings and not confirm_repeat:
            raise RepeatInspectionWarning(warnings)
        inspection = Inspection.objects.create(
            agency=agency,
            target=target,
            kind=kind,
            code=codes.new_code(),
            planned_on=planned_on,
            reason=reason,
            superior_deployed=superior_deployed,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        inspection.items.set(items)
        InspectionOfficer.objects.bulk_create(
            [InspectionOfficer(inspection=inspection, officer=o, rank=n) for n, o in enumerate(officers)]
        )
        record(
            event_type="inspection.created",
            subject=inspection,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "code": inspection.code,
                "kind": kind,
                "agency_id": agency.pk,
                "credit_code": target.credit_code,
                "officers": [o.pk for o in officers],
                "items": [i.pk for i in items],
                "planned_on": planned_on,
                "superior_deployed": superior_deployed,
            },
        )
        if warnings:
            record(
                event_type="inspection.repeat_warning",
                subject=inspection,
                agency_id=agency.pk,
                actor=actor,
                payload={
                    "code": inspection.code,
                    "credit_code": target.credit_code,
                    "reason": "；".join(warnings),
                },
            )
    return inspection


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
        _require_qualified(officers, inspection_items(locked), locked.target.region, on, locked.agency)
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
        checks = _require_qualified(present, chosen, locked.target.region, on, locked.agency)
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


def violation_items(inspection: Inspection) -> list[InspectionItem]:
    """Items on which a violation can open a case: linked to a penalty item of the inspecting agency."""
    return [
        i
        for i in inspection_items(inspection)
        if i.item is not None and i.item.agency_id == inspection.agency_id and i.item.kind == ItemKind.PENALTY
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
    result = InspectionResult.objects.select_for_update().filter(inspection__code=code).first()
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
