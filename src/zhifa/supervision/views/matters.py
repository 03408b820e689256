"""监督事项 pages of the workbench: the scoped list with its filters, opening one by hand or from an alert,
one matter with the actions the caller's role may take now, the documents' PDFs and the report
attachments. Thin over matter_selectors / matters; a refused action says why in Chinese and changes
nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.params import BadParameter, page_number, query_date, query_id, query_int
from zhifa.journal import events
from zhifa.organizations.models import Agency
from zhifa.supervision import (
    alert_selectors,
    matter_documents,
    matter_rules,
    matter_selectors,
    matters,
    selectors,
)
from zhifa.supervision.models_matters import (
    DocumentKind,
    MatterSource,
    MatterStatus,
    RectificationAttachment,
    SupervisionDocument,
    SupervisionMatter,
)

PER_PAGE = 50


@login_required
def matter_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    g = request.GET
    filters = matter_selectors.MatterFilters(
        status=g.get("status", "") if g.get("status") in MatterStatus.values else "",
        agency_id=query_id(g.get("agency"), name="agency", label="执法主体"),
        source=g.get("source", "") if g.get("source") in MatterSource.values else "",
        overdue=g.get("overdue") == "1",
    )
    today = timezone.localdate()
    qs = matter_selectors.matter_list(scope=scope, filters=filters, today=today)
    page = Paginator(qs, PER_PAGE).get_page(page_number(g.get("page")))
    query = g.copy()
    query.pop("page", None)
    return render(
        request,
        "supervision/staff/matter_list.html",
        {
            "page": page,
            "f": filters,
            "today": today,
            "statuses": MatterStatus.choices,
            "sources": MatterSource.choices,
            "agencies": selectors.filter_agencies(scope=scope),
            "may_open": getattr(request.user, "role", None) == Role.SUPERVISOR,
            "query": query.urlencode(),
        },
    )


@login_required
def matter_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if getattr(user, "role", None) != Role.SUPERVISOR or user.region is None:
        messages.error(request, "只有行政执法监督人员可以立项监督事项")
        return redirect("supervision:matter_list")
    form: dict[str, str] = {}
    if request.method == "POST":
        p = request.POST
        form = {k: p.get(k, "") for k in ("agency", "source_kind", "source_ref", "title", "facts")}
        try:
            agency_id = query_id(p.get("agency") or None, name="agency", label="执法主体")
            agency = (
                Agency.objects.select_related("region").filter(pk=agency_id).first() if agency_id else None
            )
            if agency is None:
                raise DomainError("请选择被监督的执法主体", field="agency")
            matter = matters.matter_open(
                actor=user,
                agency=agency,
                source_kind=form["source_kind"],
                source_ref=form["source_ref"],
                title=form["title"],
                facts=form["facts"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已立项")
            return redirect("supervision:matter_detail", matter_id=matter.pk)
    return render(
        request,
        "supervision/staff/matter_new.html",
        {
            "form": form,
            "sources": [(v, label) for v, label in MatterSource.choices if v in matters.MANUAL_SOURCES],
            "agencies": selectors.route_choices(actor_region=user.region),
        },
    )


@login_required
@require_POST
def matter_from_alert(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = alert_selectors.alert_get(scope=scope_for(request.user), user=request.user, alert_id=alert_id)
    if alert is None:
        raise Http404("没有找到该预警")
    try:
        matter = matters.matter_open_from_alert(alert=alert, actor=request.user)
    except DomainError as exc:
        messages.error(request, f"{alert.reference}：{exc.message}")
        return redirect("supervision:alert_list")
    messages.success(request, f"{alert.reference}：已立为监督事项")
    return redirect("supervision:matter_detail", matter_id=matter.pk)


def _get(request: HttpRequest, matter_id: int) -> SupervisionMatter:
    try:
        return matter_selectors.matter_get(scope=scope_for(request.user), matter_id=matter_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@login_required
def matter_detail(request: HttpRequest, matter_id: int) -> HttpResponse:
    m = _get(request, matter_id)
    user: Any = request.user
    entries = list(matter_selectors.matter_timeline(matter=m))
    for e in entries:
        e.label = events.label(e.event_type)  # type: ignore[attr-defined]
    supervisor = matters.is_matter_supervisor(user, m)
    staff = matters.is_agency_staff(user, m)
    status = m.status
    reports = list(m.reports.select_related("submitted_by", "decided_by").prefetch_related("attachments"))
    periods = {k: matter_rules.default_period(k, m.region) for k in DocumentKind.values}
    return render(
        request,
        "supervision/staff/matter_detail.html",
        {
            "m": m,
            "today": timezone.localdate(),
            "documents": list(m.documents.all()),
            "reports": reports,
            "talks": list(m.talks.all()),
            "timeline": entries,
            "may_issue": supervisor and status in (MatterStatus.OPEN, MatterStatus.ACCEPTED),
            "may_serve": supervisor and status == MatterStatus.ISSUED,
            "may_report": staff and status == MatterStatus.RECTIFYING,
            "may_review": supervisor and status == MatterStatus.REPORTED,
            "may_talk": supervisor and status != MatterStatus.CLOSED,
            "may_close": supervisor and status in (MatterStatus.OPEN, MatterStatus.ACCEPTED),
            "may_read": matters.may_read(user, m),
            "kinds": [(v, label, periods[v]) for v, label in DocumentKind.choices],
        },
    )


@login_required
def matter_document(request: HttpRequest, matter_id: int, document_id: int) -> HttpResponseBase:
    m = _get(request, matter_id)
    document = SupervisionDocument.objects.filter(pk=document_id, matter=m).first()
    if document is None:
        raise Http404("没有找到该文书")
    document.matter = m
    try:
        pdf = matter_documents.pdf_bytes(document, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:matter_detail", matter_id=m.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{document.pk}.pdf"
    return response


@login_required
def report_attachment(request: HttpRequest, matter_id: int, attachment_id: int) -> HttpResponseBase:
    m = _get(request, matter_id)
    attachment = (
        RectificationAttachment.objects.select_related("report")
        .filter(pk=attachment_id, report__matter=m)
        .first()
    )
    if attachment is None:
        raise Http404("没有找到该附件")
    attachment.report.matter = m
    try:
        fh = matters.report_attachment_open(attachment=attachment, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("supervision:matter_detail", matter_id=m.pk)
    response = FileResponse(
        fh, as_attachment=True, filename=attachment.original_filename, content_type=attachment.content_type
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_POST
def matter_action(request: HttpRequest, matter_id: int, action: str) -> HttpResponse:
    m = _get(request, matter_id)
    p, user = request.POST, request.user
    try:
        if action == "issue":
            raw = (p.get("period_days") or "").strip()
            period = (
                query_int(raw, name="period_days", label="整改期限", minimum=1, maximum=matters.PERIOD_MAX)
                if raw
                else None
            )
            d = matters.document_issue(
                matter=m,
                actor=user,
                kind=p.get("kind", ""),
                requirements=p.get("requirements", ""),
                period_days=period,
            )
            done = f"已出具{d.get_kind_display()}（{d.number}）"
        elif action == "serve":
            on = query_date(p.get("on") or None, name="on", label="送达日期")
            d = matters.document_serve(matter=m, actor=user, on=on)
            done = f"已登记送达，整改期限至{d.rectify_due_on:%Y年%m月%d日}"
        elif action == "report":
            matters.report_submit(
                matter=m, actor=user, text=p.get("text", ""), attachments=request.FILES.getlist("attachments")
            )
            done = "已提交整改报告"
        elif action == "accept":
            matters.report_accept(matter=m, actor=user, note=p.get("note", ""))
            done = "整改报告审查通过"
        elif action == "return":
            due_on = query_date(p.get("due_on") or None, name="due_on", label="整改期限")
            matters.report_return(matter=m, actor=user, reason=p.get("reason", ""), due_on=due_on)
            done = "已退回整改报告"
        elif action == "talk":
            held_on = query_date(p.get("held_on") or None, name="held_on", label="约谈日期")
            if held_on is None:
                raise DomainError("请填写约谈日期", field="held_on")
            matters.talk_record(
                matter=m,
                actor=user,
                held_on=held_on,
                place=p.get("place", ""),
                participants=p.get("participants", ""),
                summary=p.get("summary", ""),
            )
            done = "已记录约谈"
        elif action == "close":
            matters.matter_close(matter=m, actor=user, note=p.get("note", ""))
            done = "已办结"
        else:
            raise Http404("未知操作")
    except (DomainError, BadParameter) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("supervision:matter_detail", matter_id=m.pk)
