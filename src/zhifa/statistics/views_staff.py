"""Staff pages of the annual statistics report under /workbench/statistics/: the dashboard (the year to
date per agency and month, with a chart), an agency's report (live figures, each one a link to the rows
behind it; submit, approve or return, publish), a region's roll-up and the drill-down. Thin over the
selectors and services; scoped by the user (an agency's staff see their agency, supervisors their
region)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.params import query_id, query_int
from zhifa.statistics import charts, compute, selectors, services
from zhifa.statistics.figures import DERIVED, FIGURES
from zhifa.statistics.models import ReportStatus
from zhifa.statistics.sources import source_of

ITEM_LINKS = {
    "case": "workbench:case_detail",
    "publication": "publicity:staff_detail",
    "officer": "workbench:officer_detail",
}


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    return (
        query_int(request.GET.get("year"), name="year", label="年度", minimum=2000, maximum=today.year)
        or today.year
    )


def _drillable(key: str) -> bool:
    return key not in DERIVED and source_of(key) is not None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    today = timezone.localdate()
    try:
        d = selectors.dashboard(scope=scope, year=_year(request), today=today)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    unit = d.spec.amount_unit

    def cells(values: compute.Figures) -> list[tuple[str, str, str, bool]]:
        """(key, label, shown, links to the drill-down) per column."""
        out = []
        for k in d.keys:
            value = values.get(k)
            shown = compute.display(value, FIGURES[k].unit, unit)
            out.append((k, FIGURES[k].label, shown, bool(value) and _drillable(k)))
        return out

    user: Any = request.user
    region = getattr(user, "region", None)
    context = {
        "d": d,
        "columns": [(k, FIGURES[k].label) for k in d.keys],
        "agencies": [(a, cells(v), d.reports.get(a.pk)) for a, v in d.agencies],
        "total": cells(d.total),
        "months": [(m, cells(v)) for m, v in d.months],
        "region": region if user.role == Role.SUPERVISOR else None,
        "pending": selectors.pending_reports(scope=scope),
        "years": list(range(today.year, max(today.year - 6, 1999), -1)),
    }
    return render(request, "statistics/staff_dashboard.html", context)


@login_required
def chart(request: HttpRequest, year: int) -> HttpResponse:
    """The dashboard's chart: penalty decisions and licensing decisions by month, for the user's scope."""
    scope = scope_for(request.user)
    try:
        d = selectors.dashboard(scope=scope, year=year, today=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    series = [
        (FIGURES["penalty_total"].label, [int(v.get("penalty_total") or 0) for _, v in d.months]),
        ("行政许可决定数", [int(v.get("licensing_total") or 0) for _, v in d.months]),
    ]
    body = charts.months(f"{year}年各月行政处罚与行政许可决定", series, unit="件")
    return HttpResponse(body, content_type="image/svg+xml; charset=utf-8")


def _rows_with_links(tables: list[compute.Table], query: str, year: int) -> list[dict[str, Any]]:
    base = reverse("statistics:staff_detail", args=[year])
    out = []
    for t in tables:
        rows = [
            {
                "row": r,
                "link": f"{base}?{query}&figure={r.key}" if _drillable(r.key) and r.value is not None else "",
            }
            for r in t.rows
        ]
        out.append({"table": t, "rows": rows})
    return out


@login_required
def agency(request: HttpRequest, year: int, agency_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    today = timezone.localdate()
    try:
        live = selectors.agency_report(scope=scope, agency_id=agency_id, year=year, as_of=today)
        report = selectors.report_get(scope=scope, agency_id=agency_id, year=year)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    user: Any = request.user
    role, own = getattr(user, "role", ""), getattr(user, "agency_id", None) == agency_id
    status = report.status if report else ""
    context = {
        "year": year,
        "live": live,
        "tables": _rows_with_links(live.tables, f"agency={agency_id}", year),
        "report": report,
        "submitted": report.snapshot_data if report else None,
        "changed": selectors.changed_since(report, live)
        if report and status == ReportStatus.SUBMITTED
        else [],
        "may_submit": role == Role.AGENCY_HEAD and own and status in ("", ReportStatus.RETURNED),
        "may_review": role == Role.SUPERVISOR and status == ReportStatus.SUBMITTED,
        "may_publish": role in (Role.AGENCY_HEAD, Role.PUBLICITY_CLERK)
        and own
        and status == ReportStatus.APPROVED,
        "publish_by": report.publish_by if report else None,
        "today": today,
    }
    return render(request, "statistics/staff_agency.html", context)


@login_required
@require_POST
def action(request: HttpRequest, year: int, agency_id: int, name: str) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        live_agency = selectors.agency_report(
            scope=scope, agency_id=agency_id, year=year, as_of=timezone.localdate()
        ).agency
        report = selectors.report_get(scope=scope, agency_id=agency_id, year=year)
        if name == "submit":
            services.report_submit(
                agency=live_agency, year=year, narrative=request.POST.get("narrative", ""), actor=request.user
            )
            messages.success(request, "已报送，等待监督机构审核")
        elif report is None:
            raise DomainError("该年度的统计年报尚未报送")
        elif name == "approve":
            frozen = services.report_approve(report=report, actor=request.user)
            messages.success(request, f"已审核通过并冻结（SHA-256 {frozen.sha256[:16]}…）")
        elif name == "return":
            services.report_return(report=report, reason=request.POST.get("reason", ""), actor=request.user)
            messages.success(request, "已退回")
        elif name == "publish":
            services.report_publish(report=report, actor=request.user)
            messages.success(request, "已在门户网站公开")
        else:
            raise Http404("未知操作")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("statistics:staff_agency", year=year, agency_id=agency_id)


@login_required
def region(request: HttpRequest, year: int, code: str) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        view = selectors.region_report(scope=scope, code=code, year=year, as_of=timezone.localdate())
    except NotFound as exc:
        raise Http404(exc.message) from exc
    keys = selectors.DASHBOARD_KEYS
    unit = view.spec.amount_unit
    children = [
        (
            kind,
            ident,
            view.names[f"{kind}:{ident}"],
            [compute.display(values.get(k), FIGURES[k].unit, unit) for k in keys],
            view.reports.get(int(ident)) if kind == "agency" else None,
        )
        for kind, ident, values in view.children
    ]
    context = {
        "view": view,
        "year": year,
        "tables": _rows_with_links(view.tables, f"region={view.region.code}", year),
        "columns": [FIGURES[k].label for k in keys],
        "children": children,
        "parent": view.region.parent
        if view.region.parent and selectors.region_visible(scope, view.region.parent)
        else None,
    }
    return render(request, "statistics/staff_region.html", context)


@login_required
def detail(request: HttpRequest, year: int) -> HttpResponse:
    scope = scope_for(request.user)
    agency_id = query_id(request.GET.get("agency"), name="agency", label="执法主体")
    code = request.GET.get("region", "").strip()[:12]
    key = request.GET.get("figure", "").strip()[:80]
    page = query_int(request.GET.get("page"), name="page", label="页码", minimum=1, maximum=10**6) or 1
    try:
        found = selectors.figure_detail(
            scope=scope,
            year=year,
            key=key,
            as_of=timezone.localdate(),
            agency_id=agency_id,
            region_code=code,
            page=page,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    items = []
    for item in found.items:
        target = item.case_id if item.kind == "opinion" else item.id
        name = "workbench:case_detail" if item.kind == "opinion" else ITEM_LINKS.get(item.kind)
        items.append(
            (item, reverse(name, args=[target]) if name else "", found.agency_names.get(item.agency_id, ""))
        )
    back = (
        reverse("statistics:staff_agency", args=[year, agency_id])
        if agency_id
        else reverse("statistics:staff_region", args=[year, code])
    )
    where: dict[str, Any] = {"agency": agency_id} if agency_id else {"region": code}
    query = urlencode({**where, "figure": key})
    here = f"{reverse('statistics:staff_detail', args=[year])}?{query}&page="
    context = {
        "d": found,
        "items": items,
        "back": back,
        "year": year,
        "previous": f"{here}{found.page - 1}" if found.page > 1 else "",
        "next": f"{here}{found.page + 1}" if found.page < found.pages else "",
        "first_row": (found.page - 1) * selectors.DETAIL_PAGE + 1,
    }
    return render(request, "statistics/staff_detail.html", context)
