"""Staff pages of random inspections under /workbench/inspections/: plans, tasks, and a task's page with its
pre-check, commitment, seed, draw result and recusals. Thin: forms in, services out; every rule and role
check is the services' (inspections.permissions over accounts.permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.accounts.models import Role
from zhifa.accounts.selectors import scope_for
from zhifa.core.errors import DomainError, NotFound
from zhifa.inspections import pool, selectors_public, selectors_tasks, services
from zhifa.inspections.drawing import DrawRefused
from zhifa.inspections.enterprise import draw_repeat_warnings
from zhifa.inspections.forms_staff import CancelForm, PlanForm, RecusalForm, SeedForm, TaskForm
from zhifa.inspections.models import Draw, Inspection, InspectionTarget, InspectionTask

PER_PAGE = 50


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    user: Any = request.user
    return render(
        request,
        "inspections/staff/plan_list.html",
        {
            "page": _page(request, selectors_tasks.plans(scope=scope)),
            "can_publish": user.role in (Role.AGENCY_HEAD, Role.ADMINISTRATOR),
        },
    )


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PlanForm(request.POST or None)
    if user.agency is None:
        return render(
            request,
            "inspections/staff/plan_form.html",
            {"form": form, "denied": "只有执法主体的人员可以制定计划"},
            status=403,
        )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(agency=user.agency, actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已制定计划 {plan.code}")
            return redirect("inspections:staff_plans")
    return render(request, "inspections/staff/plan_form.html", {"form": form})


@login_required
@require_POST
def plan_publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    try:
        plan = selectors_tasks.plan_get(scope=scope_for(request.user), plan_id=plan_id)
        services.plan_publish(plan=plan, actor=request.user)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "计划已公布")
    return redirect("inspections:staff_plans")


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    return render(
        request,
        "inspections/staff/task_list.html",
        {"page": _page(request, selectors_tasks.tasks(scope=scope))},
    )


@login_required
def task_new(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.agency is None:
        return render(
            request,
            "inspections/staff/task_form.html",
            {"form": None, "denied": "只有执法主体的执法人员或负责人可以创建抽查任务"},
            status=403,
        )
    form = TaskForm(request.POST or None, agency=user.agency)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            task = services.task_create(
                agency=user.agency,
                name=d["name"],
                plan=d["plan"],
                partner_agencies=list(d["partner_agencies"]),
                items=list(d["items"]),
                kind=d["kind"],
                conditions=form.conditions(),
                ratio_percent=d["ratio_percent"],
                inspectors_per_target=d["inspectors_per_target"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                random_source=d["random_source"],
                random_source_on=d["random_source_on"],
                actor=user,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已创建任务 {task.code}，请报负责人批准")
            return redirect("inspections:staff_task", task_id=task.pk)
    return render(request, "inspections/staff/task_form.html", {"form": form})


def _task_context(request: HttpRequest, task: InspectionTask) -> dict[str, Any]:
    user: Any = request.user
    draw = selectors_tasks.draw_of(task)
    today = timezone.localdate()
    parts = pool.participants(task)
    ctx: dict[str, Any] = {
        "task": task,
        # In words, as the portal shows them: the stored keys and codes are not for people.
        "conditions": selectors_public.conditions_in_words(task),
        "draw": draw,
        "participants": parts,
        "today": today,
        "is_head": user.role == Role.AGENCY_HEAD and user.agency_id == task.agency_id,
        "seed_open": task.random_source_on is not None and task.random_source_on <= today,
        "seed_form": SeedForm(),
        "cancel_form": CancelForm(),
        "recusal_form": RecusalForm(agency_ids=[p.agency.pk for p in parts]),
        "recusals": selectors_tasks.recusals(task=task),
    }
    if draw is not None and draw.status == Draw.Status.DRAWN:
        ctx["assigned"] = selectors_tasks.assignments(task=task)
    # Drawn businesses also inspected within the quiet period, or past the yearly cap: shown to the head,
    # never changed (enterprise.draw_repeat_warnings says why). One query while nothing is drawn.
    warnings = draw_repeat_warnings(task=task)
    warned = (
        Inspection.objects.filter(pk__in=list(warnings)).select_related("target").order_by("target__name")
    )
    ctx["repeat_warnings"] = [(i, warnings[i.pk]) for i in warned] if warnings else []
    return ctx


@login_required
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    try:
        task = selectors_tasks.task_get(scope=scope_for(request.user), task_id=task_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    ctx = _task_context(request, task)
    if request.GET.get("precheck") and task.status == InspectionTask.Status.APPROVED:
        # On demand: at a province's scale the list and the pool take seconds to build.
        ctx["precheck"] = services.draw_precheck(task=task)
    return render(request, "inspections/staff/task_detail.html", ctx)


@login_required
@require_POST
def task_action(request: HttpRequest, task_id: int, action: str) -> HttpResponse:
    try:
        task = selectors_tasks.task_get(scope=scope_for(request.user), task_id=task_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    user: Any = request.user
    try:
        if action == "approve":
            services.task_approve(task=task, actor=user)
            messages.success(request, "任务已批准")
        elif action == "cancel":
            form = CancelForm(request.POST)
            services.task_cancel(task=task, reason=form.data.get("reason", ""), actor=user)
            messages.success(request, "任务已撤销")
        elif action == "commit":
            draw = services.draw_commit(task=task, actor=user)
            messages.success(
                request,
                f"抽取库（{draw.list_count} 户）与人员库（{draw.pool_count} 人）已固定并记入全过程记录",
            )
        elif action == "seed":
            draw_obj = selectors_tasks.draw_of(task)
            if draw_obj is None:
                raise DomainError("本任务尚未固定抽取库，不能录入随机数")
            seed = SeedForm(request.POST)
            drawn = services.draw_seed(
                draw=draw_obj, random_value=seed.data.get("random_value", ""), actor=user
            )
            messages.success(request, f"已抽取 {drawn.selected_count} 户并指派检查人员")
        elif action == "recusal":
            parts = pool.participants(task)
            rform = RecusalForm(request.POST, agency_ids=[p.agency.pk for p in parts])
            if not rform.is_valid():
                raise DomainError("；".join(str(e) for errs in rform.errors.values() for e in errs))
            d = rform.cleaned_data
            target = InspectionTarget.objects.filter(credit_code=d["credit_code"]).first()
            if target is None:
                raise DomainError(f"检查对象名录库中没有统一社会信用代码为 {d['credit_code']} 的对象")
            services.recusal_declare(
                task=task,
                officer=d["officer"],
                target=target,
                declared_by=d["declared_by"],
                reason=d["reason"],
                actor=user,
            )
            messages.success(request, "已登记回避")
        else:
            raise Http404("未知操作")
    except DrawRefused as exc:
        for line in exc.message.splitlines():
            messages.error(request, line)
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("inspections:staff_task", task_id=task.pk)
