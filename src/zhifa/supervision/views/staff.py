"""The handlers' complaint pages on the workbench: the list with its filters and clocks, and one
complaint with its actions. Thin over the selectors and services; a refused action says why in Chinese
and leaves the complaint as it was."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.params import page_number, query_id
from zhifa.journal import events
from zhifa.organizations.models import Agency
from zhifa.supervision import selectors, services
from zhifa.supervision.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintStatus,
    ConversionKind,
)

PER_PAGE = 50


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    g = request.GET
    filters = selectors.StaffFilters(
        status=g.get("status", "") if g.get("status") in ComplaintStatus.values else "",
        agency_id=query_id(g.get("agency"), name="agency", label="执法主体"),
        overdue=g.get("overdue") == "1",
        q=g.get("q", "").strip()[:40],
    )
    today = timezone.localdate()
    page = Paginator(selectors.complaint_list(scope=scope, filters=filters, today=today), PER_PAGE).get_page(
        page_number(g.get("page"))
    )
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/staff/complaint_list.html",
        {
            "page": page,
            "f": filters,
            "today": today,
            "statuses": ComplaintStatus.choices,
            "agencies": selectors.filter_agencies(scope=scope),
            "query": query.urlencode(),
        },
    )


def _get(request: HttpRequest, complaint_id: int) -> Complaint:
    try:
        return selectors.complaint_get(scope=scope_for(request.user), complaint_id=complaint_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail(
    request: HttpRequest, complaint: Complaint, identity: services.Identity | None = None
) -> HttpResponse:
    user: Any = request.user
    entries = list(selectors.complaint_timeline(complaint=complaint))
    for e in entries:
        e.label = events.label(e.event_type)  # type: ignore[attr-defined]
    supervisor = services.is_region_supervisor(user, complaint)
    return render(
        request,
        "supervision/staff/complaint_detail.html",
        {
            "c": complaint,
            "today": timezone.localdate(),
            "attachments": list(complaint.attachments.all()),
            "conversions": list(complaint.conversions.select_related("agency")),
            "timeline": entries,
            "identity": identity,
            "may_read_identity": services.may_read_identity(user, complaint),
            "may_decide": supervisor and complaint.status == ComplaintStatus.RECEIVED,
            "may_route": supervisor
            and complaint.status in (ComplaintStatus.ACCEPTED, ComplaintStatus.ROUTED),
            "may_answer": complaint.status == ComplaintStatus.ROUTED and services.may_answer(user, complaint),
            "may_convert": complaint.status in (ComplaintStatus.ACCEPTED, ComplaintStatus.ROUTED)
            and (supervisor or services.is_routed_agency_handler(user, complaint)),
            "route_choices": selectors.route_choices(actor_region=getattr(user, "region", None))
            if supervisor
            else [],
            "conversion_kinds": ConversionKind.choices,
        },
    )


@login_required
def complaint_detail(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return _detail(request, _get(request, complaint_id))


@login_required
@require_POST
def complaint_identity(request: HttpRequest, complaint_id: int) -> HttpResponse:
    """查看举报人信息: shown in this response only, after the read is journaled; never kept in a session."""
    complaint = _get(request, complaint_id)
    try:
        identity = services.complaint_identity_read(complaint=complaint, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:complaint_detail", complaint_id=complaint.pk)
    return _detail(request, complaint, identity)


@login_required
def complaint_attachment(request: HttpRequest, complaint_id: int, attachment_id: int) -> HttpResponseBase:
    complaint = _get(request, complaint_id)
    attachment = ComplaintAttachment.objects.filter(pk=attachment_id, complaint=complaint).first()
    if attachment is None:
        raise Http404("没有找到该附件")
    attachment.complaint = complaint
    try:
        fh = services.complaint_attachment_open(attachment=attachment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:complaint_detail", complaint_id=complaint.pk)
    response = FileResponse(
        fh, as_attachment=True, filename=attachment.original_filename, content_type=attachment.content_type
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _route_target(raw: str) -> services.RouteTarget:
    if raw == "supervision":
        return services.RouteTarget(None)
    agency_id = query_id(raw or None, name="route", label="承办机关")
    if agency_id is None:
        raise DomainError("请选择承办机关，或选择由监督机构办理", field="route")
    agency = Agency.objects.select_related("region").filter(pk=agency_id).first()
    if agency is None:
        raise DomainError("所选承办机关不存在", field="route")
    return services.RouteTarget(agency)


@login_required
@require_POST
def complaint_action(request: HttpRequest, complaint_id: int, action: str) -> HttpResponse:
    complaint = _get(request, complaint_id)
    p, user = request.POST, request.user
    try:
        if action == "accept":
            route = _route_target(p.get("route", "")) if p.get("route") else None
            services.complaint_accept(complaint=complaint, actor=user, route=route)
            done = "已受理" + ("并转交" if route else "")
        elif action == "refuse":
            services.complaint_refuse(complaint=complaint, actor=user, reason=p.get("reason", ""))
            done = "已决定不予受理"
        elif action == "route":
            target = _route_target(p.get("route", ""))
            services.complaint_route(
                complaint=complaint, actor=user, target=target, reason=p.get("reason", "")
            )
            done = "已转交"
        elif action == "answer":
            services.complaint_answer(complaint=complaint, actor=user, answer=p.get("answer", ""))
            done = "已答复，投诉举报人可凭受理编号和查询码在门户查看"
        elif action == "convert":
            services.complaint_convert(
                complaint=complaint, actor=user, kind=p.get("kind", ""), note=p.get("note", "")
            )
            done = "已转办"
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("supervision:complaint_detail", complaint_id=complaint.pk)
