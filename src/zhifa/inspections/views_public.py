"""The portal's pages of random inspections (双随机、一公开) and their open data: no login, no JavaScript,
server-rendered for a phone. Thin over selectors_public, which decides what is public."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from zhifa.catalog.models import InspectionItem
from zhifa.core.errors import NotFound
from zhifa.core.pagination import DeferredJoinPaginator
from zhifa.core.params import page_number, query_date, query_id, query_int
from zhifa.inspections import draw_page
from zhifa.inspections import selectors_public as sel
from zhifa.inspections.models import InspectionResult
from zhifa.lib.spreadsheet import safe_row

T = TypeVar("T")

# Public pages may be cached by the reader's browser and proxies for a minute, like the portal's home.
public = cache_control(max_age=60, public=True)

# Rows of one CSV export; a larger extract is cut by the filters (agency, date range).
CSV_LIMIT = 100_000
RESULTS_PER_PAGE = 20
RESULTS_PER_JSON_PAGE = 100
BUSINESS_PAGE_ROWS = 500


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(
    filename: str, header: list[str], rows: Iterable[T], cells: Callable[[T], list[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV (flat memory however many rows) with a BOM for spreadsheet programs; every cell
    through lib.spreadsheet.safe_row: a business name typed as "=HYPERLINK(…)" reaches the reader's
    spreadsheet as text, not as a formula (OWASP CSV injection)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(safe_row(cells(row)))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _query(request: HttpRequest) -> str:
    """The query string without `page`, for the pager's and the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _not_found(request: HttpRequest, message: str, *, business: bool = False) -> HttpResponse:
    context = {"title": "未找到", "message": message, "business": business}
    return render(request, "inspections/public/error.html", context, status=404)


# --------------------------------------------------------------------------- landing


@public
def landing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/public/landing.html",
        {"tasks": sel.task_list(limit=10), "plans": sel.plan_list()[:10]},
    )


# --------------------------------------------------------------------------- 一单


def _item_filters(request: HttpRequest) -> sel.ItemFilters:
    g = request.GET
    return sel.ItemFilters(
        agency_id=query_id(g.get("agency"), name="agency", label="执法主体"),
        field=g.get("field", "").strip()[:100],
        kind=g.get("kind", "") if g.get("kind") in InspectionItem.Kind.values else "",
    )


@public
def item_list(request: HttpRequest) -> HttpResponse:
    f = _item_filters(request)
    page = DeferredJoinPaginator(sel.item_list(filters=f), 50).get_page(page_number(request.GET.get("page")))
    return render(
        request,
        "inspections/public/items.html",
        {
            "page": page,
            "f": f,
            "query": _query(request),
            "agencies": sel.item_agencies(),
            "fields": sel.item_fields(agency_id=f.agency_id),
            "kinds": InspectionItem.Kind.choices,
        },
    )


@public
def item_json(request: HttpRequest) -> JsonResponse:
    paginator = DeferredJoinPaginator(sel.item_list(filters=_item_filters(request)), 100)
    page = paginator.get_page(page_number(request.GET.get("page")))
    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "items": [sel.item_row(i) for i in page.object_list],
        }
    )


@public
def item_csv(request: HttpRequest) -> StreamingHttpResponse:
    qs = sel.item_list(filters=_item_filters(request))[:CSV_LIMIT]
    return _csv("inspection-items.csv", sel.ITEM_CSV_HEADER, qs.iterator(chunk_size=1000), sel.item_csv_row)


# --------------------------------------------------------------------------- plans and tasks


def _plan_filters(request: HttpRequest) -> dict[str, int | None]:
    g = request.GET
    return {
        "agency_id": query_id(g.get("agency"), name="agency", label="执法主体"),
        "year": query_int(g.get("year"), name="year", label="年度", minimum=1990, maximum=2200),
    }


@public
def plan_list(request: HttpRequest) -> HttpResponse:
    f = _plan_filters(request)
    page = Paginator(sel.plan_list(**f), 20).get_page(page_number(request.GET.get("page")))
    return render(
        request,
        "inspections/public/plans.html",
        {"page": page, "f": f, "query": _query(request), "agencies": sel.agency_choices()},
    )


@public
def plan_json(request: HttpRequest) -> JsonResponse:
    paginator = Paginator(sel.plan_list(**_plan_filters(request)), 50)
    page = paginator.get_page(page_number(request.GET.get("page")))
    plans = list(page.object_list)
    tasks = sel.tasks_by_plan(plans=plans)
    return _json(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "plans": [sel.plan_row(p, tasks[p.pk]) for p in plans],
        }
    )


@public
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = sel.plan_get(plan_id=plan_id)
    except NotFound as exc:
        return _not_found(request, exc.message)
    return render(request, "inspections/public/plan.html", {"plan": plan, "tasks": sel.plan_tasks(plan=plan)})


@public
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = sel.task_get(task_id=task_id)
    except NotFound as exc:
        return _not_found(request, exc.message)
    return render(
        request,
        "inspections/public/task.html",
        {
            "task": task,
            "draw": sel.draw_of(task),
            "conditions": sel.conditions_in_words(task),
            "ratio": sel.percent(task.ratio_percent),
        },
    )


@public
def draw_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    """Rendered from the draw's public record (draw_page: records.draw_record), the JSON the verifier
    reads: the page and the record cannot disagree."""
    try:
        view = draw_page.draw_get(draw_id=draw_id)
    except NotFound as exc:
        return _not_found(request, exc.message)
    page = Paginator(view.businesses, 200).get_page(page_number(request.GET.get("page")))
    record = f"/inspections/draws/{view.draw_id}.json"
    return render(
        request,
        "inspections/public/draw.html",
        {
            "v": view,
            "page": page,
            "businesses": page.object_list,
            "record_path": record,
            "record_url": request.build_absolute_uri(record),
            "record_file": f"draw-{view.draw_id}.json",
        },
    )


# --------------------------------------------------------------------------- results


def _result_filters(request: HttpRequest) -> sel.ResultFilters:
    g = request.GET
    return sel.ResultFilters(
        agency_id=query_id(g.get("agency"), name="agency", label="检查实施机关"),
        task_id=query_id(g.get("task"), name="task", label="抽查任务"),
        outcome=g.get("outcome", "") if g.get("outcome") in InspectionResult.Outcome.values else "",
        since=query_date(g.get("from"), name="from", label="检查日期自"),
        until=query_date(g.get("to"), name="to", label="检查日期至"),
        q=g.get("q", "").strip()[:50],
    )


@public
def result_list(request: HttpRequest) -> HttpResponse:
    f = _result_filters(request)
    page = sel.result_page(filters=f, number=page_number(request.GET.get("page")), per_page=RESULTS_PER_PAGE)
    return render(
        request,
        "inspections/public/results.html",
        {
            "page": page,
            "f": f,
            "code": sel.credit_code_or_none(f.q) if f.q else None,
            "query": _query(request),
            "agencies": sel.agency_choices(),
            "outcomes": InspectionResult.Outcome.choices,
            "max_rows": sel.max_rows(),
        },
    )


@public
def result_json(request: HttpRequest) -> JsonResponse:
    page = sel.result_page(
        filters=_result_filters(request),
        number=page_number(request.GET.get("page")),
        per_page=RESULTS_PER_JSON_PAGE,
    )
    query = _query(request)
    base = reverse("inspections:public_results_json") + (f"?{query}&" if query else "?")
    return _json(
        {
            "page": page.number,
            "has_next": page.has_next,
            "next": f"{base}page={page.next_page_number}" if page.has_next else None,
            # pages reach at most this many rows; older results are reached with the date filters or CSV
            "paging_limit": sel.max_rows(),
            "items": [sel.result_row(r) for r in page.rows],
        }
    )


@public
def result_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = sel.result_export(filters=_result_filters(request), limit=CSV_LIMIT)
    return _csv("inspection-results.csv", sel.RESULT_CSV_HEADER, rows, sel.result_csv_row)


# --------------------------------------------------------------------------- one business


@public
def business_search(request: HttpRequest) -> HttpResponse:
    """The search box: a credit code (or a name that only one business starts with) goes straight to
    the business's page; otherwise the businesses whose names start with the words typed."""
    q = request.GET.get("q", "").strip()[:50]
    found = sel.business_search(q=q) if q else []
    if len(found) == 1:
        return redirect(found[0].url)
    return render(request, "inspections/public/business_search.html", {"q": q, "found": found})


def _business(request: HttpRequest, credit_code: str) -> sel.PublicBusiness | HttpResponse:
    try:
        return sel.business_get(credit_code=credit_code)
    except sel.BadCreditCode as exc:
        return render(
            request,
            "inspections/public/error.html",
            {"title": "统一社会信用代码有误", "message": exc.message, "business": True},
            status=400,
        )
    except NotFound as exc:
        return _not_found(request, exc.message, business=True)


@public
def business_detail(request: HttpRequest, credit_code: str) -> HttpResponse:
    business = _business(request, credit_code)
    if isinstance(business, HttpResponse):
        return business
    results = sel.business_results(business=business, limit=BUSINESS_PAGE_ROWS + 1)
    return render(
        request,
        "inspections/public/business.html",
        {
            "business": business,
            "rows": results[:BUSINESS_PAGE_ROWS],
            "more": len(results) > BUSINESS_PAGE_ROWS,
            "limit": BUSINESS_PAGE_ROWS,
        },
    )


@public
def business_json(request: HttpRequest, credit_code: str) -> JsonResponse:
    try:
        business = sel.business_get(credit_code=credit_code)
    except sel.BadCreditCode as exc:
        return _json({"error": exc.message}, status=400)
    except NotFound as exc:
        return _json({"error": exc.message}, status=404)
    results = sel.business_results(business=business)
    return _json(
        {"business": sel.business_row(business), "inspections": [sel.result_row(r) for r in results]}
    )


@public
def business_csv(request: HttpRequest, credit_code: str) -> HttpResponse | StreamingHttpResponse:
    business = _business(request, credit_code)
    if isinstance(business, HttpResponse):
        return business
    results = sel.business_results(business=business)
    return _csv(f"inspections-{business.credit_code}.csv", sel.RESULT_CSV_HEADER, results, sel.result_csv_row)
