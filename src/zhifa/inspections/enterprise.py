"""Enterprise inspections outside a draw (日常 / 个案 / 专项: 国办发〔2024〕54号 and the 司法部 解答) and the
discipline that holds for every inspection of a business: the agency's yearly cap and the warning when
any agency inspected (or will inspect) the business within the quiet period. Both are regional settings
(inspections.rules)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import DateField
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhifa.accounts.permissions import refusal_for
from zhifa.cases import rules
from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections import codes
from zhifa.inspections.inspectors import require_qualified
from zhifa.inspections.models import Inspection, InspectionOfficer, InspectionTarget, InspectionTask
from zhifa.journal.services import record
from zhifa.organizations.models import Agency
from zhifa.personnel.models import Officer

Status = Inspection.Status
Kind = Inspection.Kind
CAP_KEY, QUIET_KEY = "inspection_yearly_cap", "inspection_quiet_days"
# 司法部 解答 (2025-04-18, supervision.md §2.2): the published cap covers 日常、个案、专项 inspections,
# except special inspections deployed by a higher authority; the 卫健 example (zgwg.gov.cn 2025-08-07,
# ≤ 2 per level per year) exempts 个案检查 (complaints, referrals, the business's own application, follow-up
# of a rectification, urgent cases …). We follow the example, which is how agencies publish their caps.
CAP_EXEMPTION = "个案检查（投诉举报、转办交办、数据监测、企业申请等）和上级部署的专项检查不受年度频次上限限制"


# --- the yearly cap and the repeat warning (国办发〔2024〕54号) -----------------------------------------


def counts_toward_cap(kind: str, superior_deployed: bool) -> bool:
    return kind != Kind.CASE and not (kind == Kind.SPECIAL and superior_deployed)


def day_of() -> Coalesce:
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
    return qs.annotate(day=day_of()).filter(day__year=year).count()


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
    pending = qs.filter(status=Status.ASSIGNED).annotate(day=day_of()).filter(day__gte=since, day__lte=until)
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
        .annotate(day=day_of())
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
        .annotate(day=day_of())
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
    require_qualified(officers, items, target.region, planned_on, agency)
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
