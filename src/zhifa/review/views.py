"""The reviewer desk: the queue, a submission with its pre-check and its versions, the opinion form;
and the handling unit's submit / dispute and the head's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.selectors import scope_for
from zhifa.cases import selectors as case_selectors
from zhifa.core.errors import DomainError, NotFound
from zhifa.review import gate, precheck, selectors, services
from zhifa.review.models import OpinionKind
from zhifa.review.triggers import triggers_for


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    mine = request.GET.get("mine") == "1"
    items = selectors.queue(
        scope=scope, reviewer_user_id=request.user.pk if mine else None, today=timezone.localdate()
    )
    context = {
        "items": items,
        "mine": mine,
        "understaffed": selectors.understaffed(scope=scope),
    }
    return render(request, "review/desk.html", context)


@login_required
def submission(request: HttpRequest, submission_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        sub = selectors.submission_get(scope=scope, submission_id=submission_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    rounds, rows = selectors.versions(submission=sub)
    is_reviewer = sub.reviewer is not None and sub.reviewer.officer.user_id == request.user.pk
    return render(
        request,
        "review/submission.html",
        {
            "sub": sub,
            "checks": precheck.run(sub.case),
            "rounds": rounds,
            "rows": rows,
            "kinds": OpinionKind.choices,
            "is_reviewer": is_reviewer,
            "is_head": getattr(request.user, "role", "") == "agency_head",
            "opinion": getattr(sub, "opinion", None),
        },
    )


@login_required
@require_POST
def opinion(request: HttpRequest, submission_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        sub = selectors.submission_get(scope=scope, submission_id=submission_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    checklist = []
    for item in precheck.run(sub.case):
        decision = request.POST.get(f"check_{item.code}", "confirm")
        checklist.append(
            {
                "code": item.code,
                "label": item.label,
                "status": item.status,
                "decision": decision,
                "reason": request.POST.get(f"reason_{item.code}", ""),
            }
        )
    try:
        services.issue_opinion(
            submission=sub,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            checklist=checklist,
            actor=request.user,
        )
        messages.success(request, "审核意见已出具")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("review:submission", submission_id=sub.pk)


@login_required
@require_POST
def submit(request: HttpRequest, case_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        case = case_selectors.case_get(scope=scope, case_id=case_id)
        materials = {code: request.POST.get(code, "") for code in services.MATERIALS}
        sub = services.submit(case=case, materials=materials, actor=request.user)
        messages.success(request, f"已送法制审核（第 {sub.round} 轮）")
        return redirect("review:submission", submission_id=sub.pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("workbench:case_detail", case_id=case_id)


@login_required
@require_POST
def dispute(request: HttpRequest, submission_id: int) -> HttpResponse:
    scope = scope_for(request.user)
    try:
        sub = selectors.submission_get(scope=scope, submission_id=submission_id)
        services.dispute(submission=sub, reasons=request.POST.get("reasons", ""), actor=request.user)
        messages.success(request, "异议已提交负责人决定")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("review:submission", submission_id=submission_id)


@login_required
@require_POST
def head_decide(request: HttpRequest, submission_id: int) -> HttpResponse:
    from datetime import date

    scope = scope_for(request.user)
    try:
        sub = selectors.submission_get(scope=scope, submission_id=submission_id)
        raw = request.POST.get("collective_discussion_on", "")
        services.head_decide(
            submission=sub,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
            collective_discussion_on=date.fromisoformat(raw) if raw else None,
            actor=request.user,
        )
        messages.success(request, "已作出决定")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("review:submission", submission_id=submission_id)


def case_review_panel(case: object) -> dict[str, object]:
    """Context for the case page: whether review is needed, why, and the gate's current answer."""
    passed, why = gate.review_state(case)  # type: ignore[arg-type]
    materials = services.MATERIALS
    if getattr(case, "procedure", "") == "compulsion":  # a measure has no investigation report
        materials = {c: services.MATERIALS[c] for c in services.required_materials(case)}  # type: ignore[arg-type]
    return {
        "triggers": triggers_for(case),  # type: ignore[arg-type]
        "passed": passed,
        "why": why,
        "materials": materials,
        "submittable": getattr(case, "state", "") in services.submittable_states(case),  # type: ignore[arg-type]
    }
