"""Workbench pages of case handling: thin views over cases.selectors and cases.engine."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.cases import documents, engine, forms, selectors
from zhifa.cases.models import Case, ProcedureKind
from zhifa.catalog.calendar import CalendarYearNotLoaded
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.pagination import DeferredJoinPaginator
from zhifa.core.params import MAX_DAY, MIN_DAY, day_in_range, page_number, query_date, query_id
from zhifa.journal import selectors as journal_selectors
from zhifa.organizations.selectors import visible_agency_ids
from zhifa.review import selectors as review_selectors
from zhifa.review.views import case_review_panel

STATES = sorted(
    {(k, v) for p in engine.PROCEDURES.values() for k, v in p.states.items()}, key=lambda kv: kv[1]
)


# Refusals that say the user may not take the step whatever they enter (engine._check_state).
FORBIDDEN = ("role", "agency")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    g = request.GET
    due = query_date(g.get("due"), name="due", label="期限截止")
    filters = selectors.CaseFilters(
        state=g.get("state", ""),
        procedure=g.get("procedure", ""),
        item_id=query_id(g.get("item"), name="item", label="执法事项"),
        officer_id=query_id(g.get("officer"), name="officer", label="执法人员"),
        due_before=due,
        search=g.get("q", "").strip(),
    )
    page = DeferredJoinPaginator(selectors.case_list(scope=scope, filters=filters), 50).get_page(
        page_number(g.get("page"))
    )
    return render(
        request,
        "workbench/case_list.html",
        {
            "page": page,
            "filters": g,
            "states": STATES,
            "procedures": ProcedureKind.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        case = selectors.case_get(scope=scope, case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _detail(request, case)


def _detail(request: HttpRequest, case: Case, *, status: int = 200) -> HttpResponse:
    scope = scope_for(request.user)
    proc = engine.procedure_of(case)
    actions = [
        {"t": t, "refusals": refusals, "fields": forms.fields_for(t.name)}
        for t, refusals in engine.available(case=case, actor=request.user)
    ]
    timeline = journal_selectors.entries_for_subject(
        subject=f"cases.case:{case.pk}", visible_agency_ids=visible_agency_ids(scope=scope)
    )
    return render(
        request,
        "workbench/case_detail.html",
        {
            "case": case,
            "state_label": proc.state_label(case.state),
            "procedure_label": proc.label,
            "actions": actions,
            "timeline": timeline,
            "benchmarks": case.item.benchmarks.filter(active=True).prefetch_related("tiers"),
            "officers": [co.officer for co in case.case_officers.all()],
            "today": timezone.localdate(),
            "review": case_review_panel(case),
            "submissions": review_selectors.submissions_of(case=case),
            # Issue 17: a case with several violations lists them (one is its own columns, above).
            "violations": selectors.case_violations(case) if case.violation_count > 1 else [],
        },
        status=status,
    )


@login_required
@require_POST
def case_step(request: HttpRequest, case_id: int, name: str) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        case = selectors.case_get(scope=scope, case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    on = timezone.localdate()
    if request.POST.get("on"):
        try:
            on = date.fromisoformat(request.POST["on"])
        except ValueError:
            on = MIN_DAY - timedelta(days=1)
        if not day_in_range(on):  # core/params.py: a date the deadlines can be computed from
            messages.error(request, f"办理日期格式应为 YYYY-MM-DD，且在 {MIN_DAY} 至 {MAX_DAY} 之间")
            return redirect("workbench:case_detail", case_id=case.pk)
    data = forms.data_from_post(name, request.POST)
    try:
        engine.execute(case=case, transition=name, actor=request.user, data=data, on=on)
        messages.success(request, "已办理")
    except engine.TransitionRefused as exc:
        for r in exc.refusals:
            messages.error(request, f"{r.message}{'（' + r.article + '）' if r.article else ''}")
        if any(r.guard in FORBIDDEN for r in exc.refusals):
            # Not this user's step at all (their role, or another agency's case): 403, the case page
            # with the reason, rather than a redirect as for a guard the user can still satisfy.
            return _detail(request, selectors.case_get(scope=scope, case_id=case.pk), status=403)
    except (DomainError, CalendarYearNotLoaded) as exc:  # a deadline in a year not yet loaded
        messages.error(request, str(exc))
    return redirect("workbench:case_detail", case_id=case.pk)


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    due = list(selectors.deadlines_due(scope=scope, within_days=7))
    today = timezone.localdate()
    return render(
        request,
        "workbench/deadlines.html",
        {
            "overdue": [d for d in due if d.due_on < today],
            "soon": [d for d in due if d.due_on >= today],
            "today": today,
        },
    )


@login_required
@require_GET
def case_document(request: HttpRequest, case_id: int, document_id: int) -> HttpResponseBase:
    """The PDF of an issued document (journaled as `document.downloaded`)."""
    try:
        document = selectors.document_get(
            scope=scope_for(request.user), case_id=case_id, document_id=document_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    try:
        fh = documents.document_open(document=document, actor=request.user)
    except DomainError as exc:  # the content no longer matches the record: nothing is served
        messages.error(request, exc.message)
        return redirect("workbench:case_detail", case_id=case_id)
    response = FileResponse(
        fh,
        as_attachment=True,
        filename=f"{document.title}{document.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
