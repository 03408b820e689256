"""网上巡查 pages: the workbench (generate a quarter for a region, review each line, conclude, publish)
and the portal (the published reports: short, no JavaScript, no personal data). Thin over
patrol_selectors / patrol_services; a refused action says why and changes nothing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.params import page_number, query_id, query_int
from zhifa.supervision import patrol_selectors, patrol_services
from zhifa.supervision.models_patrol import LineVerdict, PatrolStatus

PER_PAGE = 50


def _last_quarter() -> tuple[int, int]:
    today = timezone.localdate()
    q = (today.month - 1) // 3  # the quarter before the current one (0 = last year's fourth)
    return (today.year, q) if q else (today.year - 1, 4)


@login_required
def patrol_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    g = request.GET
    year = query_int(g.get("year"), name="year", label="年度", minimum=2000, maximum=2100)
    quarter = query_int(g.get("quarter"), name="quarter", label="季度", minimum=1, maximum=4)
    status = g.get("status", "") if g.get("status") in PatrolStatus.values else ""
    qs = patrol_selectors.staff_reports(scope=scope, year=year, quarter=quarter, status=status)
    page = Paginator(qs, PER_PAGE).get_page(page_number(g.get("page")))
    default_year, default_quarter = _last_quarter()
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/patrols/staff_list.html",
        {
            "page": page,
            "year": year,
            "quarter": quarter,
            "status": status,
            "statuses": PatrolStatus.choices,
            "regions": patrol_selectors.regions_to_patrol(scope=scope),
            "default_year": default_year,
            "default_quarter": default_quarter,
            "query": query.urlencode(),
        },
    )


@login_required
@require_POST
def patrol_generate(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    p = request.POST
    region_id = query_id(p.get("region"), name="region", label="区域")
    region = (
        patrol_selectors.regions_to_patrol(scope=scope).filter(pk=region_id).first() if region_id else None
    )
    try:
        if region is None:
            raise DomainError("请选择巡查区域")
        year = query_int(p.get("year"), name="year", label="年度", minimum=2000, maximum=2100)
        quarter = query_int(p.get("quarter"), name="quarter", label="季度", minimum=1, maximum=4)
        if year is None or quarter is None:
            raise DomainError("请填写巡查的年度和季度")
        done = patrol_services.generate(region=region, year=year, quarter=quarter, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:patrol_list")
    note = f"，{done.existing}个执法主体已有本季度报告" if done.existing else ""
    messages.success(
        request, f"已生成{region.name}{year}年第{quarter}季度网上巡查报告{len(done.created)}份{note}"
    )
    return redirect(f"{reverse('supervision:patrol_list')}?year={year}&quarter={quarter}")


@login_required
def patrol_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    user = request.user
    try:
        report = patrol_selectors.staff_get(scope=scope_for(user), report_id=report_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "supervision/patrols/staff_detail.html",
        {
            "report": report,
            "lines": list(report.lines.all()),
            "may_edit": report.status == PatrolStatus.DRAFT
            and patrol_services.supervises(user, report.agency.region),
            "verdicts": LineVerdict,
        },
    )


@login_required
@require_POST
def patrol_action(request: HttpRequest, report_id: int, action: str) -> HttpResponse:
    try:
        report = patrol_selectors.staff_get(scope=scope_for(request.user), report_id=report_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    p = request.POST
    try:
        if action == "review":
            line_id = query_id(p.get("line"), name="line", label="巡查项目")
            line = next((x for x in report.lines.all() if x.pk == line_id), None)
            if line is None:
                raise Http404("没有找到该巡查项目")
            patrol_services.review_line(
                line=line, actor=request.user, verdict=p.get("verdict", ""), reason=p.get("reason", "")
            )
            done = f"已审核：{line.label}"
        elif action == "conclude":
            patrol_services.conclude(report=report, actor=request.user, conclusion=p.get("conclusion", ""))
            done = "已保存巡查结论"
        elif action == "publish":
            patrol_services.publish(report=report, actor=request.user)
            done = "巡查报告已在门户发布"
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("supervision:patrol_detail", report_id=report.pk)


# --- the portal --------------------------------------------------------------------------------------


@cache_control(max_age=300, public=True)
def public_list(request: HttpRequest) -> HttpResponse:
    year = query_int(request.GET.get("year"), name="year", label="年度", minimum=2000, maximum=2100)
    page = Paginator(patrol_selectors.public_reports(year=year), PER_PAGE).get_page(
        page_number(request.GET.get("page"))
    )
    return render(request, "supervision/patrols/public_list.html", {"page": page, "year": year})


@cache_control(max_age=300, public=True)
def public_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    try:
        report = patrol_selectors.public_get(report_id=report_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "supervision/patrols/public_detail.html",
        {"report": report, "lines": list(report.lines.all())},
    )
