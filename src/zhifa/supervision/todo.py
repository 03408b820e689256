"""Supervision's part of the staff to-do list (core.todo; issue 18 §2): the alerts waiting for the user
(the role each alert rule names; a supervisor sees every agency of the region) and the complaints whose
current deadline comes first (总局令第20号 Art.14, 21 as regional settings: supervision/rules.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zhifa.accounts.models import Role
from zhifa.core import todo
from zhifa.core.scope import Scope
from zhifa.supervision import alert_rules, alert_selectors, matter_selectors, selectors


def open_alerts(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    qs = alert_selectors.visible(scope=scope, user=user).filter(state="open")
    rows = list(qs.select_related("agency").order_by("-raised_at", "-id")[: todo.SHOWN])
    if not rows and user.role != Role.SUPERVISOR:
        return None  # an agency role with nothing flagged: no empty box on its home
    items = [
        todo.TodoItem(
            title=f"{alert_rules.title(a.rule)} · {a.reference}",
            href=reverse("supervision:alert_list") + f"?rule={a.rule}",
            note=f"{a.agency.name}：{a.detail}",
        )
        for a in rows
    ]
    return todo.TodoSection(
        "supervision.alerts", "待处理预警", items, qs.count(), reverse("supervision:alert_list")
    )


def complaints_due(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    qs = selectors.open_complaints(scope=scope)
    rows = list(qs[: todo.SHOWN])
    if not rows and user.role != Role.SUPERVISOR:
        return None
    items = [
        todo.TodoItem(
            title=f"{c.receipt_number} · {c.get_subject_kind_display()}",
            href=reverse("supervision:complaint_detail", args=[c.pk]),
            note=c.get_status_display() + (f"；期限 {c.due_on:%Y-%m-%d}" if c.due_on else ""),
            due_on=c.due_on,
            overdue=bool(c.due_on and c.due_on < today),
        )
        for c in rows
    ]
    return todo.TodoSection(
        "supervision.complaints", "待办投诉举报", items, qs.count(), reverse("supervision:complaint_list")
    )


def _matters(
    key: str, title: str, statuses: tuple[str, ...], user: Any, scope: Scope, today: date
) -> todo.TodoSection | None:
    qs = matter_selectors.matters_waiting(scope=scope, statuses=statuses)
    rows = list(qs[: todo.SHOWN])
    if not rows and user.role != Role.SUPERVISOR:
        return None
    items = [
        todo.TodoItem(
            title=f"{m.agency.name} · {m.title}",
            href=reverse("supervision:matter_detail", args=[m.pk]),
            note=m.get_status_display()
            + (f"；整改期限 {m.due_on:%Y-%m-%d}" if m.due_on else "")
            + ("；已升级督办" if m.escalated else ""),
            due_on=m.due_on,
            overdue=bool(m.escalated or (m.due_on and m.due_on < today)),
        )
        for m in rows
    ]
    return todo.TodoSection(key, title, items, qs.count(), reverse("supervision:matter_list"))


def matters_for_supervisor(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    """Documents to issue or serve, rectification reports to review."""
    moves = matter_selectors.SUPERVISOR_MOVES
    return _matters("supervision.matters", "监督事项待我办理", moves, user, scope, today)


def matters_for_agency(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    """Matters the agency must correct and report on (条例 第八条: the agency's own correction)."""
    moves = matter_selectors.AGENCY_MOVES
    return _matters("supervision.rectification", "待整改的监督事项", moves, user, scope, today)


def register() -> None:
    roles = {Role.SUPERVISOR, Role.AGENCY_HEAD, Role.OFFICER, Role.LEGAL_REVIEWER, Role.PUBLICITY_CLERK}
    todo.register("supervision.alerts", roles, open_alerts)
    todo.register("supervision.complaints", {Role.SUPERVISOR, Role.AGENCY_HEAD}, complaints_due)
    todo.register("supervision.matters", {Role.SUPERVISOR}, matters_for_supervisor)
    todo.register("supervision.rectification", {Role.AGENCY_HEAD}, matters_for_agency)
