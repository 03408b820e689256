"""Inspecting pages: the officer's to-do list, an inspection with its check-in, site record (and PDF),
result and publication; registering an inspection outside a draw; the supervisors' ratings; and the
public page of an inspection code. Thin over visits.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound, PermissionDenied
from zhifa.inspections import codes, joint, site_record, visits
from zhifa.inspections.forms_visits import RatingForm, RegisterForm, ResultForm, SiteRecordForm
from zhifa.inspections.models import Inspection, InspectionRating
from zhifa.journal.services import subject_of

# Unknown codes are answered the same way whatever the reason (malformed, never issued, cancelled), and a
# client asking for many unknown codes is slowed down: at 80 bits a code cannot be guessed, and this keeps
# anyone from trying. Per process (the default cache is local memory): a bound, not an exact quota.
MISS_LIMIT = 30
MISS_WINDOW_SECONDS = 600


def _inspection(request: HttpRequest, inspection_id: int) -> Inspection:
    try:
        return visits.inspection_get(scope=scope_for(request.user), inspection_id=inspection_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _refused(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc))


# --- staff ----------------------------------------------------------------------------------------------


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = [(i, visits.late(i, today)) for i in visits.todo(request.user)]
    has_officer = visits.officer_of(request.user) is not None
    return render(
        request, "inspections/visits/todo.html", {"rows": rows, "today": today, "has_officer": has_officer}
    )


@login_required
def detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    result = visits.result_of(inspection)
    warnings: list[str] = []
    if inspection.status == Inspection.Status.ASSIGNED:
        warnings = visits.repeat_warnings(
            target=inspection.target,
            agency=inspection.agency,
            on=visits.inspection_day(inspection),
            exclude_pk=inspection.pk,
        )
    case_number = ""
    if result is not None:
        case_number = result.case_number or visits.filed_case_number(result.case_ref)
    context: dict[str, Any] = {
        "inspection": inspection,
        "kind_label": visits.kind_label(inspection),
        "items": visits.inspection_items(inspection),
        "badges": visits.badges(inspection),
        "result": result,
        "case_number": case_number,
        "case_note": visits.case_note(inspection) if result is not None else "",
        "record": visits.site_record_of(inspection),
        "evidence": list(visits.evidence_of(inspection)),
        "evidence_ref": subject_of(inspection),
        "warnings": warnings,
        "late": visits.late(inspection),
        "grouped_code": codes.grouped(inspection.code),
        "public_url": codes.public_url(inspection.code),
    }
    user: Any = request.user
    own = user.agency_id == inspection.agency_id
    context["is_assigned"] = visits.officer_of(user) in visits.assigned_officers(inspection)
    context["can_enter"] = own and (context["is_assigned"] or user.role == Role.AGENCY_HEAD)
    context["can_publish"] = own and user.role in visits.PUBLISHERS
    parts = joint.parts_of(inspection)
    context["parts"] = parts
    context["can_enter_part"] = (
        user.agency_id in visits.partner_agency_ids(inspection)
        and (context["is_assigned"] or user.role == Role.AGENCY_HEAD)
        and inspection.inspected_on is not None
        and all(p.agency_id != user.agency_id for p in parts)
    )
    return render(request, "inspections/visits/detail.html", context)


@login_required
@require_POST
def check_in(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    try:
        visits.inspection_check_in(inspection=inspection, actor=request.user)
        messages.success(request, "已登记到达（扫码入企），请出示执法证件后开始检查")
    except DomainError as exc:
        _refused(request, exc)
    return redirect("inspections:visit_detail", inspection_id=inspection.pk)


@login_required
def site_record_form(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    officers = visits.assigned_officers(inspection)
    items = visits.inspection_items(inspection)
    initial = {
        "place": inspection.target.address,
        "officers": [o.pk for o in officers],
        "items": [i.pk for i in items],
    }
    if inspection.checked_in_at:
        start = timezone.localtime(inspection.checked_in_at)
        initial["started_at"] = start.strftime("%Y-%m-%dT%H:%M")
    form = SiteRecordForm(request.POST or None, officers=officers, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rec = visits.inspection_record_site(
                inspection=inspection,
                officers=list(d["officers"]),
                started_at=d["started_at"],
                ended_at=d["ended_at"],
                place=d["place"],
                representative_name=d["representative_name"],
                representative_title=d["representative_title"],
                items=list(d["items"]),
                findings=d["findings"],
                recusal_requested=d["recusal_requested"],
                actor=request.user,
            )
        except PermissionDenied as exc:
            return render(
                request,
                "inspections/visits/site_record_form.html",
                {"inspection": inspection, "form": form, "denied": exc.message},
                status=403,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request, f"现场检查笔录 {rec.number} 已生成，结果应于 {rec.inspection.result_due} 前公示"
            )
            return redirect("inspections:visit_detail", inspection_id=inspection.pk)
    return render(
        request, "inspections/visits/site_record_form.html", {"inspection": inspection, "form": form}
    )


@login_required
def site_record_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    rec = visits.site_record_of(inspection)
    if rec is None:
        raise Http404("该检查尚无现场检查笔录")
    try:
        pdf = site_record.pdf_bytes(rec, actor=request.user)
    except DomainError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="site-inspection-record-{inspection.code}.pdf"'
    return response


@login_required
def result_form(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    own = getattr(request.user, "agency_id", None)
    # A partner agency of a joint inspection enters its own part, on its own items (joint.py).
    partner = own in visits.partner_agency_ids(inspection)
    items = visits.violation_items(inspection, own if partner else None)
    form = ResultForm(request.POST or None, items=items)
    context: dict[str, Any] = {"inspection": inspection, "form": form, "violation_items": items}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            joint.result_record(
                inspection=inspection,
                outcome=d["outcome"],
                findings=d["findings"],
                item=d["item"],
                actor=request.user,
            )
        except PermissionDenied as exc:
            context["denied"] = exc.message
            return render(request, "inspections/visits/result_form.html", context, status=403)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "检查结果已录入，待公示管理员公示")
            return redirect("inspections:visit_detail", inspection_id=inspection.pk)
    return render(request, "inspections/visits/result_form.html", context)


@login_required
@require_POST
def publish(request: HttpRequest, inspection_id: int) -> HttpResponse:
    inspection = _inspection(request, inspection_id)
    try:
        result = visits.result_publish(inspection=inspection, actor=request.user)
        if result.published_late:
            messages.warning(request, f"已公示；已超过公示期限（{inspection.result_due}），标记为逾期公示")
        else:
            messages.success(request, "检查结果已公示")
    except DomainError as exc:
        _refused(request, exc)
    return redirect("inspections:visit_detail", inspection_id=inspection.pk)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.agency_id is None:
        return render(
            request,
            "inspections/visits/register.html",
            {"denied": "只有执法主体的执法人员或负责人可以登记检查"},
            status=403,
        )
    form = RegisterForm(request.POST or None, agency_id=user.agency_id)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            inspection = visits.inspection_register(
                agency=user.agency,
                target=d["credit_code"],
                kind=d["kind"],
                items=list(d["items"]),
                officers=list(d["officers"]),
                planned_on=d["planned_on"],
                reason=d["reason"],
                superior_deployed=d["superior_deployed"],
                confirm_repeat=d["confirm_repeat"],
                actor=user,
            )
        except visits.RepeatInspectionWarning as exc:
            context["warnings"] = exc.warnings
        except PermissionDenied as exc:
            context["denied"] = exc.message
            return render(request, "inspections/visits/register.html", context, status=403)
        except DomainError as exc:
            field = {"target": "credit_code"}.get(exc.field or "", exc.field)
            form.add_error(field if field in form.fields else None, str(exc))
        else:
            messages.success(request, f"已登记，检查码 {codes.grouped(inspection.code)}")
            return redirect("inspections:visit_detail", inspection_id=inspection.pk)
    return render(request, "inspections/visits/register.html", context)


@login_required
def ratings(request: HttpRequest) -> HttpResponse:
    try:
        rows = visits.ratings(actor=request.user, scope=scope_for(request.user))[:200]
    except PermissionDenied as exc:
        return render(request, "inspections/visits/ratings.html", {"denied": exc.message}, status=403)
    return render(request, "inspections/visits/ratings.html", {"rows": rows})


# --- public ---------------------------------------------------------------------------------------------


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def _missing(request: HttpRequest) -> HttpResponse:
    key = f"inspections:code-miss:{_client(request)}"
    cache.add(key, 0, MISS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, MISS_WINDOW_SECONDS)
    return render(request, "inspections/code_missing.html", {}, status=404)


def _throttled(request: HttpRequest) -> HttpResponse | None:
    if int(cache.get(f"inspections:code-miss:{_client(request)}", 0)) >= MISS_LIMIT:
        return render(request, "inspections/code_missing.html", {"throttled": True}, status=429)
    return None


@never_cache  # it holds a form (CSRF token), the visitor's messages and a status that changes
def code_page(request: HttpRequest, code: str) -> HttpResponse:
    """What the business sees when it scans the code: that the inspection is real, by whom, for what,
    when, its status and its published result; and a rating form once it happened. No personal data of
    the business (legal representative, contact) and nothing of the result before it is published."""
    throttled = _throttled(request)
    if throttled is not None:
        return throttled
    normalized = codes.normalize(code)
    inspection = visits.inspection_by_code(normalized)
    if inspection is None:
        return _missing(request)
    if normalized != code:
        return redirect("inspections:code", code=normalized)
    rated = InspectionRating.objects.filter(inspection=inspection).exists()
    cancelled = inspection.status == Inspection.Status.CANCELLED
    can_rate = inspection.inspected_on is not None and not rated and not cancelled
    form = RatingForm(request.POST or None) if can_rate else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "本次检查已经评价过，或尚未实施，暂不能评价")
            return redirect("inspections:code", code=inspection.code)
        if form.is_valid():
            try:
                visits.inspection_rate(
                    inspection=inspection,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                messages.success(request, "感谢您的评价，评价已直接送达行政执法监督机构")
                return redirect("inspections:code", code=inspection.code)
    result = visits.result_of(inspection)
    context = {
        "inspection": inspection,
        "grouped_code": codes.grouped(inspection.code),
        "kind_label": visits.kind_label(inspection),
        "items": visits.inspection_items(inspection),
        "badges": visits.badges(inspection),
        "cancelled": cancelled,
        "result": result if result is not None and result.published_on else None,
        "rated": rated,
        "form": form,
    }
    return render(request, "inspections/code.html", context)


def code_qr(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code of an inspection code's public URL (an image for the staff pages and for printing)."""
    throttled = _throttled(request)
    if throttled is not None:
        return throttled
    inspection = visits.inspection_by_code(code)
    if inspection is None:
        return _missing(request)
    response = HttpResponse(codes.code_svg(inspection.code), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
