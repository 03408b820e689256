"""The 案卷评查 pages of the workbench: plans, a plan with its draw and files, a file with its sheets
(independent until all are in), the scoring form, objections, the result notice PDF and the
rectification ledger. Thin over services, drawing, scoring, results and selectors."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role, User
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError
from zhifa.core.params import parse_id
from zhifa.evaluation import drawing, results, scoring, selectors, services
from zhifa.evaluation.models import EvaluatedFile, FileStatus, RubricItem
from zhifa.evaluation.permissions import is_supervisor_of
from zhifa.organizations.models import Agency, Region


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise DomainError(f"日期“{value}”格式不对，应为 YYYY-MM-DD") from None


def _error(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, str(exc))


def _candidate_evaluators(user: User) -> list[User]:
    if user.region is None:
        return []
    path = user.region.path
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(region__path__startswith=path) | Q(agency__region__path__startswith=path))
        .select_related("agency")
        .order_by("agency_id", "pk")
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    if request.method == "POST":
        p = request.POST
        try:
            region = Region.objects.filter(pk=parse_id(p.get("region")) or 0).first()
            if region is None:
                raise DomainError("请选择评查区域")
            year = int(p.get("year", "0") or 0)
            if not 2000 <= year <= 2100:
                raise DomainError("请填写评查年度")
            on = _day(p.get("random_source_on", ""))
            if on is None:
                raise DomainError("请填写随机数产生日期")
            ids = [i for i in (parse_id(v) for v in p.getlist("evaluators")) if i]
            plan = services.plan_create(
                region=region,
                year=year,
                evaluators=list(User.objects.filter(pk__in=ids)),
                random_source=p.get("random_source", ""),
                random_source_on=on,
                name=p.get("name", ""),
                actor=user,
            )
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, f"已制定{plan.name}")
            return redirect("evaluation:plan_detail", plan_id=plan.pk)
    supervisor = user.role == Role.SUPERVISOR and user.region is not None
    regions = (
        list(Region.objects.filter(path__startswith=user.region.path).order_by("path"))
        if supervisor and user.region
        else []
    )
    return render(
        request,
        "evaluation/plan_list.html",
        {
            "plans": selectors.plans(scope=scope, user=user),
            "pending": selectors.pending_sheets(user=user),
            "can_create": supervisor,
            "regions": regions,
            "candidates": _candidate_evaluators(user) if supervisor else [],
            "this_year": timezone.localdate().year - 1,
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    plan = selectors.plan_get(scope=scope, user=user, plan_id=plan_id)
    if plan is None:
        raise Http404("没有找到该评查方案")
    files = selectors.plan_files(plan=plan, scope=scope, user=user)
    supervisor = is_supervisor_of(user, plan.region)
    agencies = sorted({f.agency for f in files if f.kind == EvaluatedFile.Kind.DRAWN}, key=lambda a: a.pk)
    notices = {n.agency_id: n for n in selectors.notices(plan, scope=scope)}
    return render(
        request,
        "evaluation/plan_detail.html",
        {
            "plan": plan,
            "drawn": [f for f in files if f.kind == EvaluatedFile.Kind.DRAWN],
            "self_files": [f for f in files if f.kind == EvaluatedFile.Kind.SELF],
            "draws": selectors.draws(plan) if supervisor or plan.status == "drawn" else [],
            "supervisor": supervisor,
            "agencies": [(a, notices.get(a.pk)) for a in agencies],
            "notices": list(notices.values()),
            "candidates": _candidate_evaluators(user) if supervisor else [],
            "roster": [pe.user for pe in plan.evaluators.select_related("user__agency")],
            "can_self": user.agency is not None and user.agency.region.path.startswith(plan.region.path),
        },
    )


@login_required
def rubric(request: HttpRequest, plan_id: int) -> HttpResponse:
    user = _user(request)
    plan = selectors.plan_get(scope=scope_for(user), user=user, plan_id=plan_id)
    if plan is None:
        raise Http404("没有找到该评查方案")
    return render(
        request,
        "evaluation/rubric.html",
        {"plan": plan, "rubric": plan.rubric, "items": plan.rubric.items.all()},
    )


@login_required
@require_POST
def plan_action(request: HttpRequest, plan_id: int, action: str) -> HttpResponse:
    user = _user(request)
    scope = scope_for(user)
    plan = selectors.plan_get(scope=scope, user=user, plan_id=plan_id)
    if plan is None:
        raise Http404("没有找到该评查方案")
    p = request.POST
    try:
        if action == "commit":
            drawing.draw_commit(plan=plan, actor=user)
            done = "已固定各执法主体的已结案卷抽取库，承诺已记入全过程记录"
        elif action == "seed":
            drawing.draw_seed(plan=plan, random_value=p.get("random_value", ""), actor=user)
            done = "已录入公开随机数并抽取案卷"
        elif action == "assign":
            file = selectors.file_get(scope=scope, user=user, file_id=parse_id(p.get("file")) or 0)
            evaluator = User.objects.filter(pk=parse_id(p.get("evaluator")) or 0).first()
            if file is None or evaluator is None or file.plan_id != plan.pk:
                raise DomainError("请选择案卷和评查人员")
            scoring.assign_evaluator(file=file, evaluator=evaluator, actor=user)
            done = f"已指派{evaluator}评查{file.case.case_number}"
        elif action == "notice":
            agency = Agency.objects.filter(pk=parse_id(p.get("agency")) or 0).first()
            if agency is None:
                raise DomainError("请选择执法主体")
            notice = results.notice_issue(
                plan=plan, agency=agency, actor=user, served_on=_day(p.get("served_on", ""))
            )
            done = f"已送达评查结果通知书{notice.number}"
        elif action == "self":
            agency = user.agency
            if agency is None:
                raise DomainError("只有执法主体的工作人员可以开展自评")
            n = services.self_evaluation_open(plan=plan, agency=agency, actor=user)
            done = f"已列入自评案卷 {n} 份"
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("evaluation:plan_detail", plan_id=plan.pk)


@login_required
def draw_record(request: HttpRequest, plan_id: int, agency_id: int) -> HttpResponse:
    """The draw's public record (zhifa-draw-record-1): `python3 tools/verify_draw.py` verifies it."""
    user = _user(request)
    plan = selectors.plan_get(scope=scope_for(user), user=user, plan_id=plan_id)
    d = plan.draws.filter(agency_id=agency_id).select_related("agency", "plan").first() if plan else None
    if d is None or not d.seed:
        raise Http404("没有找到该抽取记录")
    body = json.dumps(drawing.public_record(d), ensure_ascii=False, indent=1, sort_keys=True)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-draw-{d.task_code}.json"'
    return response


@login_required
def notice_pdf(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = selectors.notice_get(scope=scope_for(_user(request)), notice_id=notice_id)
    if notice is None:
        raise Http404("没有找到该通知书")
    try:
        pdf = results.notice_pdf(notice)
    except DomainError as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{notice.pk}.pdf"'
    return response


@login_required
def file_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    user = _user(request)
    file = selectors.file_get(scope=scope_for(user), user=user, file_id=file_id)
    if file is None:
        raise Http404("没有找到该案卷")
    sheets = selectors.sheets_visible(file=file, user=user)
    mine = file.sheets.filter(evaluator=user).first()
    return render(
        request,
        "evaluation/file_detail.html",
        {
            "file": file,
            "sheets": sheets,
            "hidden": file.sheets.count() - len(sheets),
            "mine": mine,
            "supervisor": is_supervisor_of(user, file.plan.region),
            "agency_staff": user.agency_id == file.agency_id,
            "notified": file.status == FileStatus.NOTIFIED,
            "objected": file.status == FileStatus.OBJECTED,
            "outcomes": results.OUTCOMES,
        },
    )


@login_required
def score(request: HttpRequest, file_id: int) -> HttpResponse:
    user = _user(request)
    file = selectors.file_get(scope=scope_for(user), user=user, file_id=file_id)
    sheet = file.sheets.filter(evaluator=user).first() if file else None
    if file is None or sheet is None:
        raise Http404("您不是该案卷的评查人员")
    items = list(file.plan.rubric.items.all())
    prefill = scoring.prefill(sheet)
    if request.method == "POST" and sheet.submitted_at is None:
        entries: dict[str, scoring.ItemInput] = {}
        p = request.POST
        try:
            for item in items:
                choice = p.get(f"i-{item.code}", "")
                reason = p.get(f"r-{item.code}", "")
                if item.kind == RubricItem.Kind.VETO:
                    if choice in ("pass", "fail"):
                        entries[item.code] = scoring.ItemInput(passed=choice == "pass", reason=reason)
                else:
                    raw = p.get(f"d-{item.code}", "").strip()
                    try:
                        d = Decimal(raw or "0")
                    except InvalidOperation:
                        raise DomainError(f"{item.code}的扣分“{raw}”不是数字") from None
                    entries[item.code] = scoring.ItemInput(passed=d == 0, deduction=d, reason=reason)
            scoring.score_submit(sheet=sheet, entries=entries, actor=user)
        except DomainError as exc:
            _error(request, exc)
        else:
            messages.success(request, "评分表已提交")
            return redirect("evaluation:file_detail", file_id=file.pk)
    rows: list[dict[str, Any]] = []
    for item in items:
        pf = prefill.get(item.code)
        rows.append(
            {
                "item": item,
                "prefill": pf,
                "checked_fail": pf is not None and pf.passed is False,
                "suggest": item.points
                if (pf is not None and pf.passed is False and item.kind == "scored")
                else "",
            }
        )
    return render(
        request,
        "evaluation/score.html",
        {
            "file": file,
            "sheet": sheet,
            "rows": rows,
            "post": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def file_action(request: HttpRequest, file_id: int, action: str) -> HttpResponse:
    user = _user(request)
    file = selectors.file_get(scope=scope_for(user), user=user, file_id=file_id)
    if file is None:
        raise Http404("没有找到该案卷")
    p = request.POST
    try:
        if action == "object":
            results.objection_file(file=file, text=p.get("text", ""), actor=user)
            done = "已提出异议"
        elif action == "accept":
            results.result_accept(file=file, actor=user)
            done = "已确认评查结果"
        elif action == "answer":
            raw = p.get("score", "").strip()
            try:
                new_score = Decimal(raw) if raw else None
            except InvalidOperation:
                raise DomainError(f"得分“{raw}”不是数字") from None
            results.objection_answer(
                file=file,
                outcome=p.get("outcome", ""),
                text=p.get("text", ""),
                score=new_score,
                vetoed=p.get("vetoed") == "1",
                actor=user,
            )
            done = "已答复异议"
        elif action == "rectified":
            results.rectification_report(file=file, note=p.get("note", ""), actor=user)
            done = "已报告整改情况"
        elif action == "take":
            services.self_evaluation_take(file=file, actor=user)
            return redirect("evaluation:score", file_id=file.pk)
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        _error(request, exc)
    else:
        messages.success(request, done)
    return redirect("evaluation:file_detail", file_id=file.pk)


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    return render(
        request, "evaluation/ledger.html", {"rows": selectors.ledger(scope=scope_for(_user(request)))}
    )
