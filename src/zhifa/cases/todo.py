"""The cases' part of the staff to-do list (core.todo; issue 18 §2).

An officer's home lists the open cases they are assigned to, the one whose next running clock ends first
on top. A head's home lists the approvals only a head gives (立案, 决定, 结案, 查封扣押的批准): the cases
of the agency standing in a state whose next step is one of those. Each section reads two queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse

from zhifa.accounts.models import Role
from zhifa.cases import engine
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, ProcedureKind
from zhifa.core import todo
from zhifa.core.scope import Scope

# States in which nothing is left to do on the case.
ENDED = ("closed", "archived", "declined", "released", "disposed")

# (procedure, state) → what the head is asked for. The heads' approvals of 国家市场监督管理总局 程序规定
# Art.20 (立案), Art.57/60 (决定), Art.71 (结案) and 行政强制法 Art.18(1), 19 (查封扣押的批准, 补办批准).
HEAD_APPROVALS: dict[tuple[str, str], str] = {
    (ProcedureKind.GENERAL, "lead"): "待立案审批",
    (ProcedureKind.NO_PENALTY, "lead"): "待立案审批",
    (ProcedureKind.GENERAL, "ready"): "待作出处罚决定",
    (ProcedureKind.GENERAL, "executed"): "待结案审批",
    (ProcedureKind.GENERAL, "referred"): "待结案审批",
    (ProcedureKind.NO_PENALTY, "decided"): "待结案审批",
    (ProcedureKind.COMPULSION, "proposed"): "待批准查封扣押",
    (ProcedureKind.COMPULSION, "on_spot"): "待补办批准手续",
}


def _next_clock() -> tuple[Subquery, Subquery]:
    running = Deadline.objects.filter(case=OuterRef("pk"), status=DeadlineStatus.RUNNING).order_by(
        "due_on", "id"
    )
    return Subquery(running.values("due_on")[:1]), Subquery(running.values("label")[:1])


def _title(case: Case) -> str:
    number = case.case_number or "（未立案）"
    return f"{number} {case.title} · {case.party.name}"


def _item(case: Any, note: str, today: date) -> todo.TodoItem:
    due = case.next_due
    clock = f"{case.next_label}至 {due:%Y-%m-%d}" if due else ""
    return todo.TodoItem(
        title=_title(case),
        href=reverse("workbench:case_detail", args=[case.pk]),
        note="；".join(p for p in (note, clock) if p),
        due_on=due,
        overdue=bool(due and due < today),
    )


def officer_cases(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    officer_id = getattr(getattr(user, "officer", None), "pk", None)
    if officer_id is None:
        return todo.TodoSection("cases.mine", "我承办的案件", [], 0, empty_text="本账号未关联执法人员")
    due, label = _next_clock()
    qs = (
        Case.objects.filter(scope.agency_q("agency"))
        .exclude(state__in=ENDED)
        .filter(pk__in=CaseOfficer.objects.filter(officer_id=officer_id).values("case_id"))
    )
    rows = list(
        qs.select_related("party")
        .annotate(next_due=due, next_label=label)
        .order_by(F("next_due").asc(nulls_last=True), "-id")[: todo.SHOWN]
    )
    items = [_item(c, engine.procedure_of(c).state_label(c.state), today) for c in rows]
    more = reverse("workbench:case_list") + f"?officer={officer_id}"
    return todo.TodoSection("cases.mine", "我承办的案件（按最近期限）", items, qs.count(), more)


def head_approvals(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    wanted = Q()
    for (procedure, state), _ in HEAD_APPROVALS.items():
        wanted |= Q(procedure=procedure, state=state)
    due, label = _next_clock()
    qs = Case.objects.filter(scope.agency_q("agency")).filter(wanted)
    rows = list(
        qs.select_related("party")
        .annotate(next_due=due, next_label=label)
        .order_by(F("next_due").asc(nulls_last=True), "id")[: todo.SHOWN]
    )
    items = [_item(c, HEAD_APPROVALS[(c.procedure, c.state)], today) for c in rows]
    return todo.TodoSection(
        "cases.approvals",
        "待我审批（立案、决定、结案、强制措施）",
        items,
        qs.count(),
        reverse("workbench:case_list"),
    )


def register() -> None:
    todo.register("cases.mine", {Role.OFFICER, Role.AGENCY_HEAD}, officer_cases)
    todo.register("cases.approvals", {Role.AGENCY_HEAD}, head_approvals)
