"""Random inspections over REST (双随机、一公开; issue 13): the public reads — plans, tasks, draws with their
full public record (everything `tools/verify_draw.py` needs to re-run them) and published results — need
no login, like the portal; the staff reads and writes — an officer's own inspections, and entering a
result (the lead agency's, or a partner agency's part of a joint inspection) — go through the same
services and refusals as the workbench."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from zhifa.core.api import ERRORS, Paging, scope_of
from zhifa.core.errors import NotFound
from zhifa.core.params import Day, Id
from zhifa.inspections import joint, visits
from zhifa.inspections import selectors_public as sel
from zhifa.inspections.models import Draw, Inspection, InspectionPartResult, InspectionResult
from zhifa.inspections.records import draw_record

router = Router(tags=["双随机抽查"])

RESULTS_PER_PAGE = 100


class Rows:
    """A queryset paged by ninja's Paging, each model of the page turned into the portal's JSON row
    (selectors_public's *_row): one row builder for the portal and the API."""

    def __init__(self, qs: QuerySet[Any], row: Callable[[Any], dict[str, Any]]) -> None:
        self._qs, self._row = qs, row

    def all(self) -> "Rows":
        return self

    def count(self) -> int:
        return self._qs.count()

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        return [self._row(obj) for obj in self._qs[page]]


# --- public ----------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    code: str
    name: str
    agency: str
    partner_agencies: list[str]
    kind: str
    ratio_percent: str
    starts_on: date
    ends_on: date
    status: str
    status_label: str
    url: str
    draw_url: str | None


class PlanOut(Schema):
    id: int
    code: str
    name: str
    year: int
    agency: str
    status: str
    status_label: str
    published_on: date | None
    url: str
    tasks: list[TaskOut]


class DrawOut(Schema):
    id: int
    task: str
    task_name: str
    agency: str
    status: str
    algorithm: str
    commitment_hash: str
    random_source: str
    random_source_on: date | None
    list_count: int
    selected_count: int
    record: str  # this API's full record
    record_json: str  # the portal's /inspections/draws/<id>.json (the same record)


class TargetOut(Schema):
    name: str
    credit_code: str
    url: str


class ResultTaskOut(Schema):
    code: str
    name: str
    url: str


class PublicResultOut(Schema):
    agency: str
    kind: str
    kind_label: str
    inspected_on: date | None
    outcome: str
    outcome_label: str
    published_on: date
    target: TargetOut
    task: ResultTaskOut | None


class ResultPageOut(Schema):
    page: int
    has_next: bool
    paging_limit: int
    items: list[PublicResultOut]


@router.get(
    "/inspections/plans", auth=None, response={200: list[PlanOut], **ERRORS}, summary="公布的年度抽查计划"
)
@paginate(Paging)
def list_plans(request: HttpRequest, agency_id: Id | None = None, year: int | None = None) -> Any:
    return PlanRows(sel.plan_list(agency_id=agency_id, year=year))


class PlanRows(Rows):
    """Plans with their public tasks: two queries a page (selectors_public.tasks_by_plan)."""

    def __init__(self, qs: QuerySet[Any]) -> None:
        super().__init__(qs, sel.plan_row)

    def __getitem__(self, page: slice) -> list[dict[str, Any]]:
        plans = list(self._qs[page])
        tasks = sel.tasks_by_plan(plans=plans)
        return [sel.plan_row(p, tasks[p.pk]) for p in plans]


@router.get(
    "/inspections/tasks", auth=None, response={200: list[TaskOut], **ERRORS}, summary="公开的抽查任务"
)
@paginate(Paging)
def list_tasks(request: HttpRequest) -> Any:
    return Rows(sel.public_task_list(), sel.task_row)


@router.get(
    "/inspections/tasks/{task_id}", auth=None, response={200: TaskOut, **ERRORS}, summary="抽查任务详情"
)
def get_task(request: HttpRequest, task_id: Id) -> Any:
    return sel.task_row(sel.task_get(task_id=task_id))


def _public_draw(draw_id: int) -> Draw:
    draw = (
        Draw.objects.filter(pk=draw_id, task__in=sel.public_tasks())
        .select_related("task", "task__agency")
        .first()
    )
    if draw is None:
        raise NotFound("没有找到该抽取记录")
    return draw


def _draw_row(d: Draw) -> dict[str, Any]:
    return {
        "id": d.pk,
        "task": d.task.code,
        "task_name": d.task.name,
        "agency": d.task.agency.name,
        "status": d.status,
        "algorithm": d.algorithm,
        "commitment_hash": d.commitment_hash,
        "random_source": d.task.random_source,
        "random_source_on": d.task.random_source_on,
        "list_count": d.list_count,
        "selected_count": d.selected_count,
        "record": f"/api/v1/inspections/draws/{d.pk}",
        "record_json": f"/inspections/draws/{d.pk}.json",
    }


@router.get(
    "/inspections/draws", auth=None, response={200: list[DrawOut], **ERRORS}, summary="随机抽取记录列表"
)
@paginate(Paging)
def list_draws(request: HttpRequest) -> Any:
    draws = (
        Draw.objects.filter(task__in=sel.public_tasks())
        .select_related("task", "task__agency")
        .order_by("-committed_at", "-pk")
    )
    return [_draw_row(d) for d in draws[:1000]]


@router.get(
    "/inspections/draws/{draw_id}",
    auth=None,
    response={200: dict[str, Any], **ERRORS},
    summary="随机抽取的公开记录（可用 tools/verify_draw.py 复算）",
)
def get_draw(request: HttpRequest, draw_id: Id) -> dict[str, Any]:
    """The public record (format `zhifa-draw-record-1`, docs/draw-algorithm.md §7), the same as
    /inspections/draws/<id>.json: the commitment and its journal entry, the lists (inline, or the URLs of
    their committed files), the recusal pairs, the random value, the seed, the selection and the
    assignment. Save it and run `python tools/verify_draw.py record.json`."""
    return draw_record(_public_draw(draw_id))


@router.get(
    "/inspections/results", auth=None, response={200: ResultPageOut, **ERRORS}, summary="公示的检查结果"
)
def list_results(
    request: HttpRequest,
    agency_id: Id | None = None,
    task_id: Id | None = None,
    outcome: str = "",
    since: Day | None = None,
    until: Day | None = None,
    page: int = 1,
) -> dict[str, Any]:
    """Newest publication first (with `since`/`until`, newest inspection first); pages of 100 rows,
    uncounted (`has_next`), at most `paging_limit` rows deep."""
    filters = sel.ResultFilters(
        agency_id=agency_id,
        task_id=task_id,
        outcome=outcome if outcome in InspectionResult.Outcome.values else "",
        since=since,
        until=until,
    )
    window = sel.result_page(filters=filters, number=max(1, min(page, 10_000)), per_page=RESULTS_PER_PAGE)
    return {
        "page": window.number,
        "has_next": window.has_next,
        "paging_limit": sel.max_rows(),
        "items": [sel.result_row(r) for r in window.rows],
    }


# --- staff -----------------------------------------------------------------------------------------


class MineOut(Schema):
    id: int
    code: str
    kind: str
    status: str
    status_label: str
    agency: str
    task_code: str | None
    target_name: str
    credit_code: str
    planned_on: date | None
    inspected_on: date | None
    result_due: date | None

    @staticmethod
    def resolve_status_label(obj: Inspection) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_agency(obj: Inspection) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_task_code(obj: Inspection) -> str | None:
        return obj.task.code if obj.task is not None else None

    @staticmethod
    def resolve_target_name(obj: Inspection) -> str:
        return obj.target.name

    @staticmethod
    def resolve_credit_code(obj: Inspection) -> str:
        return obj.target.credit_code


class ResultIn(Schema):
    outcome: str
    findings: str = ""
    item_id: Id | None = None
    on: Day | None = None


class ResultOut(Schema):
    inspection: str  # its code
    agency: str  # whose result: the inspecting agency, or a partner agency's part
    part: bool
    outcome: str
    outcome_label: str
    findings: str
    entered_on: date


@router.get(
    "/inspections/mine", response={200: list[MineOut], **ERRORS}, summary="我的检查（指派给本人的检查）"
)
@paginate(Paging)
def my_inspections(request: HttpRequest, status: str = "") -> Any:
    return visits.my_inspections(request.user, status=status)


@router.post(
    "/inspections/{inspection_id}/result",
    response={201: ResultOut, **ERRORS},
    summary="录入检查结果（联合检查部门录入本部门的部分）",
)
def record_result(request: HttpRequest, inspection_id: Id, body: ResultIn) -> Status[dict[str, Any]]:
    inspection = visits.inspection_get(scope=scope_of(request), inspection_id=inspection_id)
    item = None
    if body.item_id is not None:
        item = next((i for i in visits.inspection_items(inspection) if i.pk == body.item_id), None)
        if item is None:
            raise NotFound("该检查事项不属于本次检查")
    result = joint.result_record(
        inspection=inspection,
        outcome=body.outcome,
        findings=body.findings,
        item=item,
        on=body.on,
        actor=request.user,
    )
    part = isinstance(result, InspectionPartResult)
    agency = result.agency if isinstance(result, InspectionPartResult) else inspection.agency
    return Status(
        201,
        {
            "inspection": inspection.code,
            "agency": agency.name,
            "part": part,
            "outcome": result.outcome,
            "outcome_label": result.get_outcome_display(),
            "findings": result.findings,
            "entered_on": result.entered_on,
        },
    )
