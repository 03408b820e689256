"""Public reads of random inspections (一公开: 国办发〔2015〕58号 二(一)、国发〔2019〕5号 三(二)): the
inspection-item list (一单), published plans and their tasks, the human view of a draw, published results
as the national credit system shows them (检查实施机关 | 类型 | 日期 | 结果) and the page per business.

Only what the law makes public is read. A business is read through `TARGET_PUBLIC` alone: its legal
representative, contact, address, tags and credit class are staff-only (a natural person's data never
reaches the portal; the risk class is for supervision, not for publication), and a template that asked
for them would cost a query that the tests' query counts catch. A result's findings (free text written
by the inspectors) and its case number are not published either: only the outcome.

Everything here is for anonymous readers: no scope, but every list starts from what is published
(plans published or completed, tasks out of draft, results with `published_on`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import DomainError, NotFound
from zhifa.inspections.models import (
    CreditClass,
    Draw,
    Inspection,
    InspectionPlan,
    InspectionResult,
    InspectionTarget,
    InspectionTask,
    TargetKind,
)
from zhifa.lib.identifiers import check_credit_code
from zhifa.organizations.models import Agency, Region

# The only columns of a business the portal reads (see the module docstring).
TARGET_PUBLIC = ("id", "credit_code", "name", "kind", "region", "active")
PUBLIC_PLAN_STATUSES = (InspectionPlan.Status.PUBLISHED, InspectionPlan.Status.COMPLETED)
# A task is public once its head approved it (its random source is then named in advance); a draft is
# not. A cancelled task stays listed with its status: it may have been announced, even committed.
PUBLIC_TASK_STATUSES = (
    InspectionTask.Status.APPROVED,
    InspectionTask.Status.COMMITTED,
    InspectionTask.Status.DRAWN,
    InspectionTask.Status.COMPLETED,
    InspectionTask.Status.CANCELLED,
)


def max_rows() -> int:
    """How deep the result list pages (the portal's one setting, ZHIFA_PORTAL_MAX_ROWS): OFFSET reads
    every skipped row, so older results are reached with the filters or the CSV export instead."""
    return int(getattr(settings, "ZHIFA_PORTAL_MAX_ROWS", 5000))


# --------------------------------------------------------------------------- a page without a count


@dataclass(frozen=True)
class Window:
    """One page of a list whose size is not counted (COUNT over 3,000,000 results would cost more than
    the page): `has_next` is known by reading one row more than the page holds."""

    rows: Sequence[Any]
    number: int
    per_page: int
    has_next: bool
    capped: bool  # the next page would go past max_rows()

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0


def window(
    qs: QuerySet[Any],
    *,
    number: int,
    per_page: int,
    limit: int | None = None,
    load: Callable[[list[int]], Sequence[Any]] | None = None,
) -> Window:
    """Page `number` of the ordered `qs`, read as core.pagination does (the page's ids on the list's
    own table, then those rows, by `load(ids)` or as models), never deeper than `limit` rows (default
    max_rows())."""
    limit = max(limit if limit is not None else max_rows(), per_page)
    last = max(1, -(-limit // per_page))
    number = min(max(1, number), last)
    bottom = (number - 1) * per_page
    top = min(bottom + per_page, limit)
    ids = list(qs.select_related(None).prefetch_related(None).values_list("pk", flat=True)[bottom : top + 1])
    more = len(ids) > top - bottom
    ids = ids[: top - bottom]
    if load is not None:
        rows: Sequence[Any] = load(ids) if ids else []
    else:
        by_id = {row.pk: row for row in qs.filter(pk__in=ids)} if ids else {}
        rows = [by_id[pk] for pk in ids if pk in by_id]
    return Window(rows, number, per_page, has_next=more and top < limit, capped=more and top >= limit)


# --------------------------------------------------------------------------- 一单: the item list


@dataclass(frozen=True)
class ItemFilters:
    agency_id: int | None = None
    field: str = ""  # 抽查领域 as the list writes it
    kind: str = ""  # general / key


def item_list(*, filters: ItemFilters) -> QuerySet[InspectionItem]:
    """随机抽查事项清单, grouped by agency (国办发〔2015〕58号: each department publishes its list)."""
    qs = InspectionItem.objects.select_related("agency")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.field:
        qs = qs.filter(field_name=filters.field)
    if filters.kind in InspectionItem.Kind.values:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("agency__name", "agency_id", "field_name", "name", "id")


def item_agencies() -> QuerySet[Agency]:
    """The agencies that publish a list (the filter's choices)."""
    return (
        Agency.objects.filter(inspection_items__isnull=False).distinct().order_by("name").only("id", "name")
    )


def item_fields(*, agency_id: int | None = None) -> list[str]:
    qs = InspectionItem.objects.exclude(field_name="")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return list(qs.order_by("field_name").values_list("field_name", flat=True).distinct())


def percent(value: Decimal | None) -> str:
    """5.00 → "5%", 2.50 → "2.5%", None → "" (the list gives no ratio)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return f"{text}%"


def item_row(i: InspectionItem) -> dict[str, Any]:
    """One item as the JSON and CSV give it."""
    return {
        "id": i.pk,
        "agency": i.agency.name,
        "agency_id": i.agency_id,
        "field": i.field_name,
        "name": i.name,
        "target": i.target,
        "content": i.content,
        "basis": i.basis,
        "method": i.method,
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "ratio_percent": f"{i.ratio_percent.normalize():f}" if i.ratio_percent is not None else None,
        "frequency": i.frequency,
        "initiating_agency": i.initiating_agency,
        "partner_agencies": i.partner_agencies,
        "level": i.level,
    }


ITEM_CSV_HEADER = [
    "执法主体",
    "抽查领域",
    "抽查事项",
    "检查对象",
    "检查内容",
    "依据",
    "检查方式",
    "事项类别",
    "抽查比例",
    "抽查频次",
    "发起部门",
    "配合部门",
    "实施层级",
]


def item_csv_row(i: InspectionItem) -> list[Any]:
    return [
        i.agency.name,
        i.field_name,
        i.name,
        i.target,
        i.content,
        i.basis,
        i.method,
        i.get_kind_display(),
        percent(i.ratio_percent),
        i.frequency,
        i.initiating_agency,
        i.partner_agencies,
        i.level,
    ]


# --------------------------------------------------------------------------- plans and tasks


def plan_list(*, agency_id: int | None = None, year: int | None = None) -> QuerySet[InspectionPlan]:
    qs = InspectionPlan.objects.filter(status__in=PUBLIC_PLAN_STATUSES).select_related("agency")
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if year:
        qs = qs.filter(year=year)
    return qs.only(
        "id", "agency__id", "agency__name", "year", "code", "name", "status", "published_on"
    ).order_by("-year", "-published_on", "code", "id")


def plan_get(*, plan_id: int) -> InspectionPlan:
    plan = (
        InspectionPlan.objects.filter(pk=plan_id, status__in=PUBLIC_PLAN_STATUSES)
        .select_related("agency")
        .defer("created_by")
        .first()
    )
    if plan is None:
        raise NotFound("没有找到该抽查计划（或尚未公布）")
    return plan


def public_tasks() -> QuerySet[InspectionTask]:
    """The tasks the portal shows (their draws too: draw_page)."""
    return _public_tasks()


def _public_tasks() -> QuerySet[InspectionTask]:
    # A task outside any plan is public on its own status; inside a plan, only once the plan is.
    return InspectionTask.objects.filter(status__in=PUBLIC_TASK_STATUSES).filter(
        Q(plan__isnull=True) | Q(plan__status__in=PUBLIC_PLAN_STATUSES)
    )


def plan_tasks(*, plan: InspectionPlan) -> QuerySet[InspectionTask]:
    return _plan_tasks([plan.pk])


def tasks_by_plan(*, plans: Sequence[InspectionPlan]) -> dict[int, list[InspectionTask]]:
    """The public tasks of several plans in two queries (the plans' JSON)."""
    out: dict[int, list[InspectionTask]] = {p.pk: [] for p in plans}
    for t in _plan_tasks(list(out)):
        if t.plan_id is not None:
            out[t.plan_id].append(t)
    return out


def _plan_tasks(plan_ids: list[int]) -> QuerySet[InspectionTask]:
    return (
        _public_tasks()
        .filter(plan_id__in=plan_ids)
        .select_related("agency", "draw")
        .prefetch_related(Prefetch("partner_agencies", queryset=Agency.objects.only("id", "name")))
        .only(
            "id",
            "code",
            "name",
            "kind",
            "ratio_percent",
            "starts_on",
            "ends_on",
            "status",
            "agency__id",
            "agency__name",
            "draw__id",
            "draw__status",
            "draw__selected_count",
            "plan_id",
        )
        .order_by("starts_on", "code", "id")
    )


def public_task_list() -> QuerySet[InspectionTask]:
    """Every public task, latest first, with what `task_row` reads (the API's list)."""
    return (
        _public_tasks()
        .select_related("agency", "draw")
        .prefetch_related(Prefetch("partner_agencies", queryset=Agency.objects.only("id", "name")))
        .defer("created_by", "approved_by")
        .order_by("-starts_on", "-id")
    )


def task_list(*, limit: int = 20) -> list[InspectionTask]:
    """The latest public tasks (the landing page)."""
    return list(
        _public_tasks()
        .select_related("agency")
        .only("id", "code", "name", "starts_on", "ends_on", "status", "agency__id", "agency__name")
        .order_by("-starts_on", "-id")[:limit]
    )


def task_get(*, task_id: int) -> InspectionTask:
    task = (
        _public_tasks()
        .filter(pk=task_id)
        .select_related("agency", "plan", "draw")
        .defer("created_by", "approved_by", "plan__created_by", "plan__description")
        .prefetch_related(
            Prefetch("partner_agencies", queryset=Agency.objects.only("id", "name").order_by("name")),
            Prefetch(
                "items", queryset=InspectionItem.objects.select_related("agency").order_by("name", "id")
            ),
        )
        .first()
    )
    if task is None:
        raise NotFound("没有找到该抽查任务（或尚未公布）")
    return task


_KIND_LABELS = dict(TargetKind.choices)
_CLASS_LABELS = {"": "未分类", **dict(CreditClass.choices)}


def conditions_in_words(task: InspectionTask) -> list[tuple[str, str]]:
    """The task's conditions (抽取条件) as a reader says them: [("主体类型", "企业、个体工商户"), …].
    Region codes are named (one query when the task names regions)."""
    c: dict[str, Any] = task.conditions or {}
    out: list[tuple[str, str]] = []

    def names(values: Iterable[Any], labels: dict[str, str] | None = None) -> str:
        return "、".join(labels.get(str(v), str(v)) if labels else str(v) for v in values)

    if c.get("kinds"):
        out.append(("主体类型", names(c["kinds"], _KIND_LABELS)))
    if c.get("sectors"):
        out.append(("行业", names(c["sectors"])))
    if c.get("region_codes"):
        codes = [str(v) for v in c["region_codes"]]
        named = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
        out.append(("所在区划", "、".join(f"{named.get(code, '')}（{code}）".lstrip() for code in codes)))
    if c.get("credit_classes"):
        out.append(("信用风险分类", names(c["credit_classes"], _CLASS_LABELS)))
    if c.get("tags"):
        out.append(("标签", names(c["tags"])))
    if not out:
        out.append(("范围", "检查对象名录库中在册的全部检查对象（不定向抽查）"))
    return out


def plan_row(plan: InspectionPlan, tasks: Sequence[InspectionTask] = ()) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "code": plan.code,
        "name": plan.name,
        "year": plan.year,
        "agency": plan.agency.name,
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "published_on": plan.published_on.isoformat() if plan.published_on else None,
        "url": reverse("inspections:public_plan", args=[plan.pk]),
        "tasks": [task_row(t) for t in tasks],
    }


def task_row(t: InspectionTask) -> dict[str, Any]:
    draw = draw_of(t)
    return {
        "id": t.pk,
        "code": t.code,
        "name": t.name,
        "agency": t.agency.name,
        "partner_agencies": [a.name for a in t.partner_agencies.all()],
        "kind": t.kind,
        "ratio_percent": f"{t.ratio_percent.normalize():f}",
        "starts_on": t.starts_on.isoformat(),
        "ends_on": t.ends_on.isoformat(),
        "status": t.status,
        "status_label": t.get_status_display(),
        "url": reverse("inspections:public_task", args=[t.pk]),
        "draw_url": reverse("inspections:public_draw", args=[draw.pk]) if draw else None,
    }


def draw_of(task: InspectionTask) -> Draw | None:
    try:
        return task.draw
    except Draw.DoesNotExist:
        return None


# --------------------------------------------------------------------------- results (一公开)
#
# The two pages read at scale (a business among 1,000,000, a list over 3,000,000 results) read plain
# values into small rows, not models: no model instances to build, no `{% url %}` or get_*_display per row
# in the template, and a business row that has no field for a person's data at all.


@dataclass(frozen=True)
class ResultFilters:
    agency_id: int | None = None
    task_id: int | None = None
    outcome: str = ""
    since: date | None = None  # 检查日期 from
    until: date | None = None  # 检查日期 to
    q: str = ""  # a credit code, or the beginning of a business's name


@dataclass(frozen=True, slots=True)
class PublicResult:
    """One published result as the national credit system shows it (检查实施机关 | 类型 | 日期 | 结果),
    with the business, the task and the publication date. No findings, no case number, no person."""

    agencies: str  # 检查实施机关: the inspection's agency, and a joint task's partners (综合查一次)
    kind: str
    kind_label: str
    # Dates as ISO text, formatted once here: a date formatted by the template costs more than the rest
    # of its row (measured: 32 rows in 4.2 ms with the `date` filter, 1.5 ms without).
    inspected_on: str  # "" when not recorded
    outcome: str
    outcome_label: str
    published_on: str
    business_name: str
    credit_code: str
    business_url: str
    task_code: str
    task_name: str
    task_url: str


@dataclass(frozen=True, slots=True)
class PublicBusiness:
    """A business as the portal shows it: these fields and no other (TARGET_PUBLIC)."""

    pk: int
    credit_code: str
    name: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str
    active: bool
    url: str


def published_results() -> QuerySet[InspectionResult]:
    """Every published result, nothing else: a result entered but not yet published never shows."""
    return InspectionResult.objects.filter(published_on__isnull=False)


RESULT_VALUES = (
    "outcome",
    "published_on",
    "inspection__kind",
    "inspection__inspected_on",
    "inspection__agency__name",
    "inspection__task_id",
    "inspection__task__code",
    "inspection__task__name",
)
_TARGET_VALUES = ("inspection__target__name", "inspection__target__credit_code")
_KIND = dict(Inspection.Kind.choices)
_OUTCOME = dict(InspectionResult.Outcome.choices)


def _partners(task_ids: Iterable[int]) -> dict[int, list[str]]:
    """The partner agencies of these tasks by task (one query; none without tasks)."""
    ids = sorted(set(task_ids))
    out: dict[int, list[str]] = {}
    if not ids:
        return out
    through = InspectionTask.partner_agencies.through
    rows = (
        through.objects.filter(inspectiontask_id__in=ids)
        .order_by("agency__name")
        .values_list("inspectiontask_id", "agency__name")
    )
    for task_id, name in rows:
        out.setdefault(task_id, []).append(name)
    return out


def _rows(values: Sequence[tuple[Any, ...]], business: PublicBusiness | None = None) -> list[PublicResult]:
    """PublicResult rows from `RESULT_VALUES` (+ `_TARGET_VALUES` unless `business` is given)."""
    partners = _partners(v[5] for v in values if v[5] is not None)
    task_url = reverse("inspections:public_task", args=[1])[: -len("1/")]
    rows = []
    for v in values:
        outcome, published_on, kind, inspected_on, agency, task_id, task_code, task_name = v[:8]
        name, code = (business.name, business.credit_code) if business else (v[8], v[9])
        names = [agency, *(p for p in partners.get(task_id, ()) if p != agency)]
        rows.append(
            PublicResult(
                agencies="、".join(names),
                kind=kind,
                kind_label=_KIND.get(kind, kind),
                inspected_on=inspected_on.isoformat() if inspected_on else "",
                outcome=outcome,
                outcome_label=_OUTCOME.get(outcome, outcome),
                published_on=published_on.isoformat(),
                business_name=name,
                credit_code=code,
                business_url=business.url if business else business_url(code),
                task_code=task_code or "",
                task_name=task_name or "",
                task_url=f"{task_url}{task_id}/" if task_id else "",
            )
        )
    return rows


def business_url(credit_code: str) -> str:
    return reverse("inspections:public_business", args=[credit_code])


def name_prefix(field: str, q: str) -> Q:
    """Names that begin with `q`, answered by the name's b-tree at 1,000,000 businesses (a substring
    would read them all). PostgreSQL: LIKE 'q%' on the varchar_pattern_ops index Django adds to an
    indexed CharField. SQLite's LIKE ignores ASCII case and so never uses an index: a range over the
    column's BINARY (code point) order holds exactly the names that begin with `q`."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": q})
    return Q(**{f"{field}__gte": q, f"{field}__lt": q + "\U0010ffff"})


def credit_code_or_none(q: str) -> str | None:
    """`q` as a normalised credit code when it is one (checked by GB 32100's check characters)."""
    check = check_credit_code(q)
    return check.normalized if check.ok else None


def result_list(*, filters: ResultFilters) -> QuerySet[InspectionResult]:
    """Published results, newest publication first; with a date range, newest inspection first (the
    range is on the inspection date, and walking the publication order back to a year-old range would
    read every result published since). Indexes (migration 0002_portal_public_indexes): the publication
    order and the outcome within it on the results published, (inspected_on, id) on the inspections."""
    qs = published_results()
    if filters.agency_id:
        qs = qs.filter(inspection__agency_id=filters.agency_id)
    if filters.task_id:
        qs = qs.filter(inspection__task_id=filters.task_id)
    if filters.outcome in InspectionResult.Outcome.values:
        qs = qs.filter(outcome=filters.outcome)
    if filters.since:
        qs = qs.filter(inspection__inspected_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(inspection__inspected_on__lte=filters.until)
    if filters.q:
        code = credit_code_or_none(filters.q)
        if code:
            qs = qs.filter(inspection__target__credit_code=code)
        else:
            qs = qs.filter(name_prefix("inspection__target__name", filters.q))
    order = (
        ("-inspection__inspected_on", "-inspection_id")
        if filters.since or filters.until
        else ("-published_on", "-id")
    )
    return qs.order_by(*order)


def result_page(*, filters: ResultFilters, number: int, per_page: int) -> Window:
    """Page `number` of result_list as PublicResult rows: the page's ids (plus one), then their values."""
    return window(
        result_list(filters=filters),
        number=number,
        per_page=per_page,
        load=lambda ids: _rows(
            _in_order(
                ids,
                InspectionResult.objects.filter(pk__in=ids).values_list(
                    "id", *RESULT_VALUES, *_TARGET_VALUES
                ),
            )
        ),
    )


def _in_order(ids: Sequence[int], values: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """`values` (id first) in the order of `ids`, without their id."""
    by_id = {v[0]: v[1:] for v in values}
    return [by_id[pk] for pk in ids if pk in by_id]


def result_export(*, filters: ResultFilters, limit: int, chunk: int = 2000) -> Iterator[PublicResult]:
    """Every row of result_list up to `limit`, streamed in chunks (flat memory for a CSV of 100,000)."""
    values = result_list(filters=filters).values_list(*RESULT_VALUES, *_TARGET_VALUES)[:limit]
    batch: list[tuple[Any, ...]] = []
    for v in values.iterator(chunk_size=chunk):
        batch.append(v)
        if len(batch) == chunk:
            yield from _rows(batch)
            batch = []
    if batch:
        yield from _rows(batch)


def agency_choices() -> QuerySet[Agency]:
    return Agency.objects.filter(active=True).order_by("name").only("id", "name")


def result_row(r: PublicResult) -> dict[str, Any]:
    """One published result as the JSON gives it."""
    return {
        "agency": r.agencies,
        "kind": r.kind,
        "kind_label": r.kind_label,
        "inspected_on": r.inspected_on or None,
        "outcome": r.outcome,
        "outcome_label": r.outcome_label,
        "published_on": r.published_on,
        "target": {"name": r.business_name, "credit_code": r.credit_code, "url": r.business_url},
        "task": {"code": r.task_code, "name": r.task_name, "url": r.task_url} if r.task_url else None,
    }


RESULT_CSV_HEADER = [
    "检查实施机关",
    "类型",
    "日期",
    "结果",
    "检查对象",
    "统一社会信用代码",
    "抽查任务",
    "公示日期",
]


def result_csv_row(r: PublicResult) -> list[Any]:
    return [
        r.agencies,
        r.kind_label,
        r.inspected_on,
        r.outcome_label,
        r.business_name,
        r.credit_code,
        f"{r.task_code} {r.task_name}" if r.task_url else "",
        r.published_on,
    ]


# --------------------------------------------------------------------------- one business


class BadCreditCode(DomainError):
    """The address names no valid unified social credit code (GB 32100-2015)."""


_TARGET_KIND = dict(TargetKind.choices)
_BUSINESS_VALUES = ("id", "credit_code", "name", "kind", "region__code", "region__name", "active")


def _business(v: tuple[Any, ...]) -> PublicBusiness:
    pk, code, name, kind, region_code, region_name, active = v
    return PublicBusiness(
        pk=pk,
        credit_code=code,
        name=name,
        kind=kind,
        kind_label=_TARGET_KIND.get(kind, kind),
        region_code=region_code,
        region_name=region_name,
        active=active,
        url=business_url(code),
    )


def business_get(*, credit_code: str) -> PublicBusiness:
    """The business with this credit code (unique index). A malformed code is BadCreditCode with the
    checker's Chinese message; a valid one not in the directory is NotFound."""
    check = check_credit_code(credit_code)
    if not check.ok or check.normalized is None:
        raise BadCreditCode(f"“{credit_code[:40]}”不是有效的统一社会信用代码：{check.error}")
    found = (
        InspectionTarget.objects.filter(credit_code=check.normalized).values_list(*_BUSINESS_VALUES).first()
    )
    if found is None:
        raise NotFound(f"检查对象名录库中没有统一社会信用代码为 {check.normalized} 的检查对象")
    return _business(found)


def business_results_query(*, business: PublicBusiness) -> QuerySet[InspectionResult]:
    """Every published inspection of the business by every agency, newest first. The inspections of one
    business are found by the (target, inspected_on) index; their results by the one-to-one key."""
    return (
        published_results()
        .filter(inspection__target_id=business.pk)
        .order_by("-inspection__inspected_on", "-published_on", "-id")
    )


def business_results(*, business: PublicBusiness, limit: int | None = None) -> list[PublicResult]:
    values = business_results_query(business=business).values_list(*RESULT_VALUES)
    return _rows(list(values[:limit] if limit is not None else values), business)


def business_row(b: PublicBusiness) -> dict[str, Any]:
    return {
        "credit_code": b.credit_code,
        "name": b.name,
        "kind": b.kind,
        "kind_label": b.kind_label,
        "region": {"code": b.region_code, "name": b.region_name},
        "active": b.active,
        "url": b.url,
    }


def business_search(*, q: str, limit: int = 20) -> list[PublicBusiness]:
    """Businesses by credit code, or by the beginning of their name (see result_list)."""
    q = q.strip()
    if not q:
        return []
    code = credit_code_or_none(q)
    qs = InspectionTarget.objects.filter(Q(credit_code=code) if code else name_prefix("name", q))
    return [_business(v) for v in qs.order_by("name", "id").values_list(*_BUSINESS_VALUES)[:limit]]
