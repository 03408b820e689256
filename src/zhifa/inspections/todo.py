"""Inspections' part of the staff to-do list (core.todo; issue 18 §2): the officer's inspections to carry
out and results to enter, the result deadline first (the regional setting `inspection_result_days`:
企业公示信息抽查暂行办法 Art.11, 20 working days by default)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zhifa.accounts.models import Role
from zhifa.core import todo
from zhifa.core.scope import Scope
from zhifa.inspections import visits


def my_inspections(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    if visits.officer_of(user) is None:
        return None
    rows = visits.todo(user)
    items = [
        todo.TodoItem(
            title=f"{i.target.name} · {i.code}",
            href=reverse("inspections:visit_detail", args=[i.pk]),
            note=i.get_status_display() + (f"；结果公示期限 {i.result_due:%Y-%m-%d}" if i.result_due else ""),
            due_on=i.result_due,
            overdue=visits.late(i, today),
        )
        for i in rows[: todo.SHOWN]
    ]
    return todo.TodoSection("inspections.mine", "我的检查任务", items, len(rows), reverse("inspections:todo"))


def register() -> None:
    todo.register("inspections.mine", {Role.OFFICER, Role.AGENCY_HEAD}, my_inspections)
