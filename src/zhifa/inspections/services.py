"""Plans and tasks of random inspections (双随机、一公开): written here, checked first, journaled in the
same transaction. The draw itself (pre-check, commitment, seed, recusal and the Inspection rows) is in
`drawing.py`, re-exported below so that callers find every write of the app here.

A plan (年度抽查工作计划) is published before it runs; a task (抽查任务) names its items, its conditions, its
ratio, its inspectors and — before anything is drawn — the public random value that will seed it, fixed
on a date after the commitment. The head approves it (国办发〔2024〕54号 问答: all inspections approved
in advance); it can be cancelled until it is drawn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases import rules
from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import DomainError
from zhifa.inspections import eligible
from zhifa.inspections.drawing import draw_commit, draw_precheck, draw_seed, recusal_declare
from zhifa.inspections.models import InspectionPlan, InspectionTask
from zhifa.inspections.permissions import require_head, require_worker
from zhifa.journal.services import record
from zhifa.organizations.models import Agency

__all__ = [
    "draw_commit",
    "draw_precheck",
    "draw_seed",
    "plan_create",
    "plan_publish",
    "recusal_declare",
    "task_approve",
    "task_cancel",
    "task_create",
]


def _today() -> date:
    return timezone.localdate()


def _short(agency: Agency) -> str:
    return agency.short_code or f"机关{agency.pk}"


def _next_code(model: type[InspectionPlan] | type[InspectionTask], prefix: str, year: int) -> str:
    taken = set(model.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    n = len(taken) + 1
    while f"{prefix}〔{year}〕{n}号" in taken:
        n += 1
    return f"{prefix}〔{year}〕{n}号"


# --- plans -----------------------------------------------------------------------------------------


def plan_create(
    *, agency: Agency, year: int, name: str, description: str = "", code: str = "", actor: Any
) -> InspectionPlan:
    """年度抽查工作计划 (国办发〔2024〕54号: 年度检查计划 formulated, filed and published before it runs)."""
    require_worker(actor, agency=agency, action="制定抽查计划", admin=True)
    name = name.strip()
    if not name:
        raise DomainError("请填写计划名称", field="name")
    if not 2000 <= year <= 2100:
        raise DomainError(f"年度 {year} 无效", field="year")
    with transaction.atomic():
        code = code.strip() or _next_code(InspectionPlan, f"{_short(agency)}抽查计划", year)
        if InspectionPlan.objects.filter(code=code).exists():
            raise DomainError(f"计划编号“{code}”已被使用", field="code")
        plan = InspectionPlan.objects.create(
            agency=agency,
            year=year,
            code=code,
            name=name,
            description=description.strip(),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            event_type="inspection_plan.created",
            subject=plan,
            agency_id=agency.pk,
            actor=actor,
            payload={"code": code, "year": year, "name": name, "agency_id": agency.pk},
        )
    return plan


def plan_publish(*, plan: InspectionPlan, actor: Any) -> InspectionPlan:
    """The head (or an administrator) publishes the plan; its tasks can be approved from then on."""
    require_head(actor, agency=plan.agency, action="公布抽查计划", admin=True)
    with transaction.atomic():
        plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != InspectionPlan.Status.DRAFT:
            raise DomainError(f"计划“{plan.name}”已公布，无需重复公布")
        plan.status = InspectionPlan.Status.PUBLISHED
        plan.published_on = _today()
        plan.save(update_fields=["status", "published_on"])
        record(
            event_type="inspection_plan.published",
            subject=plan,
            agency_id=plan.agency_id,
            actor=actor,
            payload={"code": plan.code, "published_on": plan.published_on},
        )
    return plan


# --- tasks -----------------------------------------------------------------------------------------


def _ratio(value: Decimal | str | int) -> Decimal:
    try:
        ratio = Decimal(str(value).strip().removesuffix("%"))
    except InvalidOperation:
        raise DomainError(f"抽查比例“{value}”不是数字", field="ratio_percent") from None
    if not ratio.is_finite() or not Decimal(0) < ratio <= Decimal(100):
        raise DomainError(f"抽查比例应大于 0% 且不超过 100%，收到 {ratio}%", field="ratio_percent")
    if ratio != ratio.quantize(Decimal("0.01")):
        raise DomainError("抽查比例最多保留两位小数", field="ratio_percent")
    return ratio


def _check_items(agency: Agency, partners: Sequence[Agency], items: Sequence[InspectionItem]) -> None:
    if not items:
        raise DomainError("请至少选择一项抽查事项", field="items")
    allowed = {agency.pk, *(p.pk for p in partners)}
    foreign = [i.name for i in items if i.agency_id not in allowed]
    if foreign:
        # 国办发〔2015〕58号: 清单之外无检查 — an agency inspects only what its own list names; a joint
        # task brings in the partners' lists.
        raise DomainError(
            f"抽查事项“{'、'.join(foreign)}”不在本任务各部门的随机抽查事项清单中", field="items"
        )
    unlinked = [i.name for i in items if i.item_id is None]
    if unlinked:
        # The pool is who may_act on the item: without its enforcement item there is no field to check
        # the certificates against (行政处罚法 第四十二条).
        raise DomainError(
            f"抽查事项“{'、'.join(unlinked)}”未关联执法事项，无法核对检查人员的执法类别；"
            "请先在随机抽查事项清单中填写其事项编码",
            field="items",
        )
    for a in (agency, *partners):
        if not any(i.agency_id == a.pk for i in items):
            raise DomainError(f"联合抽查的每个部门都须有本部门的抽查事项：{a.name}未选事项", field="items")


def _check_ratio_cap(agency: Agency, items: Sequence[InspectionItem], ratio: Decimal) -> None:
    """国市监信〔2019〕38号: a key item (重点检查事项) has no upper limit; an ordinary one (一般检查事项) is
    capped — by the regional setting inspection_ordinary_max_ratio (local policy, 20% by default)."""
    ordinary = [i.name for i in items if i.kind != InspectionItem.Kind.KEY]
    if not ordinary:
        return
    cap = rules.value("inspection_ordinary_max_ratio", agency)
    if ratio > cap:
        raise DomainError(
            f"抽查比例 {ratio}% 超过一般检查事项的上限 {cap}%（{'、'.join(ordinary)}为一般检查事项；"
            "重点检查事项不设上限）",
            rule="国市监信〔2019〕38号；inspection_ordinary_max_ratio",
            field="ratio_percent",
        )


def _per_agency(
    agency: Agency,
    partners: Sequence[Agency],
    per_target: int,
    given: Mapping[int, int] | None,
) -> dict[str, int]:
    """A joint task's inspectors per agency: each ≥ 1, together ≥ per_target. By default each partner
    sends one and the lead the rest."""
    if not partners:
        if given:
            raise DomainError("只有联合抽查才按部门设定检查人员数", field="inspectors_per_agency")
        return {}
    agencies = [agency, *partners]
    if given:
        counts = {int(k): int(v) for k, v in given.items()}
        unknown = set(counts) - {a.pk for a in agencies}
        if unknown:
            raise DomainError("检查人员数中有不参加本任务的部门", field="inspectors_per_agency")
    else:
        counts = {p.pk: 1 for p in partners}
        counts[agency.pk] = max(1, per_target - len(partners))
    for a in agencies:
        if counts.get(a.pk, 0) < 1:
            # 综合查一次: each agency inspects its own items, so each sends at least one inspector.
            raise DomainError(
                f"联合抽查的每个部门每户至少派 1 名检查人员：{a.name}未派", field="inspectors_per_agency"
            )
    total = sum(counts.values())
    if total < per_target:
        raise DomainError(
            f"各部门每户检查人员合计 {total} 名，少于每户检查人员数 {per_target} 名",
            field="inspectors_per_agency",
        )
    return {str(k): counts[k] for k in sorted(counts)}


def task_create(
    *,
    agency: Agency,
    name: str,
    items: Sequence[InspectionItem],
    ratio_percent: Decimal | str | int,
    starts_on: date,
    ends_on: date,
    random_source: str,
    random_source_on: date,
    kind: str = InspectionTask.Kind.UNDIRECTED,
    conditions: Mapping[str, Any] | None = None,
    inspectors_per_target: int | None = None,
    partner_agencies: Sequence[Agency] = (),
    inspectors_per_agency: Mapping[int, int] | None = None,
    plan: InspectionPlan | None = None,
    code: str = "",
    actor: Any,
) -> InspectionTask:
    """A task in draft, to be approved by the head. Every rule is checked here, before anything is saved."""
    require_worker(actor, agency=agency, action="创建抽查任务")
    name = name.strip()
    if not name:
        raise DomainError("请填写任务名称", field="name")
    if kind not in InspectionTask.Kind.values:
        raise DomainError(f"抽查方式“{kind}”无效", field="kind")
    partners = sorted({p.pk: p for p in partner_agencies if p.pk != agency.pk}.values(), key=lambda a: a.pk)
    items = list(items)
    _check_items(agency, partners, items)
    ratio = _ratio(ratio_percent)
    _check_ratio_cap(agency, items, ratio)
    minimum = rules.int_value("inspection_min_inspectors", agency)
    per_target = minimum if inspectors_per_target is None else int(inspectors_per_target)
    if per_target < minimum:
        # 企业公示信息抽查办法; 国办发〔2015〕58号: on-site checks by at least two inspectors.
        raise DomainError(
            f"每户检查人员不得少于 {minimum} 名", rule="企业公示信息抽查办法", field="inspectors_per_target"
        )
    per_agency = _per_agency(agency, partners, per_target, inspectors_per_agency)
    parsed = eligible.parse_conditions(conditions, agency=agency, kind=kind)
    if ends_on < starts_on:
        raise DomainError("结束日期不能早于开始日期", field="ends_on")
    random_source = random_source.strip()
    if not random_source:
        raise DomainError(
            "请写明公开随机数的来源及其产生日期（例如某期福利彩票开奖号码），抽取前须先公布",
            field="random_source",
        )
    today = _today()
    if random_source_on <= today:
        # The commitment is journaled before the random value exists: the value must come on a later day
        # than any commitment made from now on (issue 13 §3: commit before chance).
        raise DomainError(
            f"公开随机数的产生日期须晚于今天（{today.isoformat()}）：抽取库须在随机数产生之前固定",
            field="random_source_on",
        )
    if random_source_on > starts_on:
        raise DomainError("公开随机数须在任务开始之前产生（先抽取、后检查）", field="random_source_on")
    if plan is not None:
        if plan.agency_id != agency.pk:
            raise DomainError("只能在本部门的抽查计划下创建任务", field="plan")
        if plan.status == InspectionPlan.Status.COMPLETED:
            raise DomainError(f"计划“{plan.name}”已完成", field="plan")
        if plan.year != starts_on.year:
            raise DomainError(f"任务开始日期不在计划年度 {plan.year} 内", field="starts_on")
    with transaction.atomic():
        code = code.strip() or _next_code(InspectionTask, f"{_short(agency)}抽查", starts_on.year)
        if InspectionTask.objects.filter(code=code).exists():
            raise DomainError(f"任务编号“{code}”已被使用", field="code")
        task = InspectionTask.objects.create(
            plan=plan,
            agency=agency,
            code=code,
            name=name,
            kind=kind,
            conditions=parsed.as_json(),
            ratio_percent=ratio,
            inspectors_per_target=per_target,
            inspectors_per_agency=per_agency,
            starts_on=starts_on,
            ends_on=ends_on,
            random_source=random_source,
            random_source_on=random_source_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        task.items.set(items)
        task.partner_agencies.set(partners)
        record(
            event_type="inspection_task.created",
            subject=task,
            agency_id=agency.pk,
            actor=actor,
            payload={
                "code": code,
                "name": name,
                "agency_id": agency.pk,
                "partner_agency_ids": [p.pk for p in partners],
                "items": sorted(i.pk for i in items),
                "kind": kind,
                "conditions": parsed.as_json(),
                "ratio_percent": ratio,
                "inspectors_per_target": per_target,
                "inspectors_per_agency": per_agency,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "random_source": random_source,
                "random_source_on": random_source_on,
            },
        )
    return task


def task_approve(*, task: InspectionTask, actor: Any) -> InspectionTask:
    """负责人批准 (国办发〔2024〕54号 问答: every inspection approved in advance by the agency's head)."""
    require_head(actor, agency=task.agency, action="批准抽查任务")
    with transaction.atomic():
        task = InspectionTask.objects.select_for_update(of=("self",)).select_related("plan").get(pk=task.pk)
        if task.status != InspectionTask.Status.DRAFT:
            raise DomainError(f"任务“{task.name}”当前为“{task.get_status_display()}”，不能批准")
        if task.plan is not None and task.plan.status != InspectionPlan.Status.PUBLISHED:
            # A plan is published before it runs.
            raise DomainError(f"所属计划“{task.plan.name}”尚未公布，请先公布计划再批准任务")
        if task.random_source_on is not None and task.random_source_on <= _today():
            raise DomainError("公开随机数的产生日期已到，抽取库已无法在其之前固定；请撤销本任务后重新创建")
        task.status = InspectionTask.Status.APPROVED
        task.approved_by = actor if getattr(actor, "pk", None) else None
        task.approved_on = _today()
        task.save(update_fields=["status", "approved_by", "approved_on"])
        record(
            event_type="inspection_task.approved",
            subject=task,
            agency_id=task.agency_id,
            actor=actor,
            payload={"code": task.code, "approved_on": task.approved_on},
        )
    return task


def task_cancel(*, task: InspectionTask, reason: str, actor: Any) -> InspectionTask:
    """Cancel a task not yet drawn. A committed one stays public with its commitment: cancelling after the
    commitment is visible to anyone, so it cannot quietly hide a draw."""
    require_head(actor, agency=task.agency, action="撤销抽查任务")
    reason = reason.strip()
    if not reason:
        raise DomainError("请写明撤销理由", field="reason")
    with transaction.atomic():
        task = InspectionTask.objects.select_for_update().get(pk=task.pk)
        if task.status not in (
            InspectionTask.Status.DRAFT,
            InspectionTask.Status.APPROVED,
            InspectionTask.Status.COMMITTED,
        ):
            raise DomainError(
                f"任务“{task.name}”当前为“{task.get_status_display()}”，不能撤销；已抽取的检查可逐户取消"
            )
        task.status = InspectionTask.Status.CANCELLED
        task.save(update_fields=["status"])
        record(
            event_type="inspection_task.cancelled",
            subject=task,
            agency_id=task.agency_id,
            actor=actor,
            payload={"code": task.code, "reason": reason},
        )
    return task
