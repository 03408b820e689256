"""Publicity's part of the staff to-do list (core.todo; issue 18 §2): the clerk's drafts by their
publication deadline (SAMR 公示规定 Art.10: within 7 working days of the decision) and the withdrawals
owed (Art.11: within 3 working days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zhifa.accounts.models import Role
from zhifa.core import todo
from zhifa.core.scope import Scope
from zhifa.publicity import selectors


def _href(pk: int) -> str:
    return reverse("publicity:staff_detail", args=[pk])


def drafts_due(user: Any, scope: Scope, today: date) -> todo.TodoSection:
    qs = selectors.staff_queue(scope=scope)
    items = [
        todo.TodoItem(
            title=f"{p.decision_number} · {p.party_display}",
            href=_href(p.pk),
            note=f"{p.title}；公示期限 {p.due_on:%Y-%m-%d}",
            due_on=p.due_on,
            overdue=p.due_on < today,
        )
        for p in qs.only("pk", "title", "decision_number", "party_display", "due_on", "agency__name")[
            : todo.SHOWN
        ]
    ]
    return todo.TodoSection(
        "publicity.drafts", "待公示的决定", items, qs.count(), reverse("publicity:staff_queue")
    )


def withdrawals_due(user: Any, scope: Scope, today: date) -> todo.TodoSection | None:
    qs = selectors.withdrawal_queue(scope=scope)
    rows = list(qs[: todo.SHOWN])
    if not rows:
        return None  # nothing owed: no empty section to read past every morning
    items = [
        todo.TodoItem(
            title=f"{p.decision_number} · {p.party_display}",
            href=_href(p.pk),
            note=f"应于 {p.withdraw_due:%Y-%m-%d} 前撤下" if p.withdraw_due else "应撤下",
            due_on=p.withdraw_due,
            overdue=bool(p.withdraw_due and p.withdraw_due < today),
        )
        for p in rows
    ]
    return todo.TodoSection(
        "publicity.withdrawals", "待撤下的公示", items, qs.count(), reverse("publicity:staff_queue")
    )


def register() -> None:
    todo.register("publicity.drafts", {Role.PUBLICITY_CLERK}, drafts_due)
    todo.register("publicity.withdrawals", {Role.PUBLICITY_CLERK}, withdrawals_due)
