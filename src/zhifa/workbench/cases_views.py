"""Workbench pages of case handling: thin views over cases.selectors and cases.engine."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhifa.accounts.permissions import CASE_FILE_READERS, refusal_for
from zhifa.accounts.selectors import scope_for
from zhifa.cases import documents, engine, forms, selectors, services
from zhifa.cases.models import Case, ProcedureKind
from zhifa.cases.selectors_money import money_panel
from zhifa.catalog.calendar import CalendarYearNotLoaded
from zhifa.catalog.models import EnforcementItem
from zhifa.core.errors import DomainError, NotFound
from zhifa.core.pagination import DeferredJoinPaginator
from zhifa.core.params import MAX_DAY, MIN_DAY, day_in_range, page_number, query_date, query_id
from zhifa.journal import selectors as journal_selectors
from zhifa.organizations.models import Region
from zhifa.organizations.selectors import visible_agency_ids
from zhifa.personnel.models import Officer
from zhifa.review import selectors as review_selectors
from zhifa.review.views import case_review_panel
from zhifa.workbench import case_forms, step_forms

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
            "can_open": not refusal_for(
                request.user, action=services.OPEN_CASE, agency_id=getattr(request.user, "agency_id", None)
            ),
        },
    )


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    """线索登记 / 当场处罚 / 提出强制措施 (issue 18 §1). Only an agency's officers and heads open cases: the
    page says so instead of showing a form that would be refused."""
    agency = getattr(request.user, "agency", None)
    why = refusal_for(request.user, action=services.OPEN_CASE, agency_id=getattr(agency, "pk", None))
    if agency is None or why:
        raise Forbidden(why or "只有执法主体的执法人员和负责人可以登记案件")
    form = case_forms.CaseOpenForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        officers = list(Officer.objects.filter(agency=agency, pk__in=d["officer_ids"]))
        officers.sort(key=lambda o: d["officer_ids"].index(o.pk))
        lead = next((o for o in officers if o.pk == d["lead_officer_id"]), officers[0] if officers else None)
        try:
            case = services.case_open_with_party(
                agency=agency,
                party=form.party(),
                procedure=d["procedure"],
                item=EnforcementItem.objects.get(agency=agency, pk=d["item"]),
                title=d["title"],
                place=Region.objects.get(code=d["place"]),
                discovered_on=d["discovered_on"],
                act_on=d["act_on"],
                act_ended_on=d["act_ended_on"],
                place_text=d["place_text"],
                source=d["source"],
                officers=officers,
                lead_officer=lead,
                penalty_kinds=d["penalty_kinds"] if d["procedure"] == ProcedureKind.SUMMARY else (),
                fine_amount=d["fine_amount"] if d["procedure"] == ProcedureKind.SUMMARY else None,
                actor=request.user,
            )
        except DomainError as exc:
            form.refuse(exc.field, exc.message)
        else:
            label = engine.procedure_of(case).state_label(case.state)
            messages.success(request, f"已登记：{case.title}（{label}）")
            return redirect("workbench:case_detail", case_id=case.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "workbench/case_new.html", {"form": form, "agency": agency}, status=status)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        case = selectors.case_get(scope=scope, case_id=case_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _detail(request, case)


def _detail(request: HttpRequest, case: Case, *, status: int = 200, posted: str = "") -> HttpResponse:
    """The case page. `posted`: the step whose submission was just refused; its form opens again with
    what was typed (issue 18 §3). The proposal's change step opens with the current proposal."""
    scope = scope_for(request.user)
    proc = engine.procedure_of(case)
    actions = []
    for t, refusals in engine.available(case=case, actor=request.user):
        fields = forms.fields_for(t.name)
        if t.name == posted:
            values = step_forms.from_post(fields, request.POST)
        elif t.name == "revise_proposal":
            values = step_forms.from_case(fields, case)
        else:
            values = {}
        actions.append(
            {
                "t": t,
                "refusals": refusals,
                "fields": step_forms.bind(fields, values),
                "open": t.name == posted,
                "on": request.POST.get("on", "") if t.name == posted else "",
            }
        )
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
            "case_file_roles": CASE_FILE_READERS,
            "money": money_panel(case, timezone.localdate()),
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
    before = set(case.documents.values_list("pk", flat=True))
    try:
        engine.execute(case=case, transition=name, actor=request.user, data=data, on=on)
    except engine.TransitionRefused as exc:
        for r in exc.refusals:
            messages.error(request, f"{r.message}{'（' + r.article + '）' if r.article else ''}")
        # Not this user's step at all (their role, or another agency's case): 403, the case page with the
        # reason. A guard the user can still satisfy: 422, the page with the step's form as typed.
        forbidden = any(r.guard in FORBIDDEN for r in exc.refusals)
        fresh = selectors.case_get(scope=scope, case_id=case.pk)
        return _detail(request, fresh, status=403 if forbidden else 422, posted="" if forbidden else name)
    except (DomainError, CalendarYearNotLoaded) as exc:  # a deadline in a year not yet loaded
        messages.error(request, str(exc))
        return _detail(request, selectors.case_get(scope=scope, case_id=case.pk), status=422, posted=name)
    messages.success(request, step_forms.done_message(case, name, before))
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
