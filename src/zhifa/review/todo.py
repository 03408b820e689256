"""Review's part of the staff to-do list (core.todo; issue 18 §2): the reviewer's desk, soonest due first,
and the disputes a head must decide (SAMR 程序规定 Art.56: the handling unit's objection to the review
opinion goes to the agency's head)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from zhifa.accounts.models import Role
from zhifa.core import todo
from zhifa.core.scope import Scope
from zhifa.review import selectors
from zhifa.review.models import ReviewSubmission, SubmissionStatus


def _item(sub: ReviewSubmission, today: date) -> todo.TodoItem:
    case = sub.case
    due = sub.due_on
    return todo.TodoItem(
        title=f"{case.case_number or case.title} · {case.party.name}",
        href=reverse("review:submission", args=[sub.pk]),
        note=f"第 {sub.round} 轮 · {sub.get_status_display()}"
        + (f"；审核期限 {due:%Y-%m-%d}" if due else ""),
        due_on=due,
        overdue=bool(due and due < today),
    )


def reviewer_desk(user: Any, scope: Scope, today: date) -> todo.TodoSection:
    qs = selectors.queue(scope=scope, reviewer_user_id=user.pk, today=today)
    rows = list(qs[: todo.SHOWN])
    return todo.TodoSection(
        "review.desk", "待我审核", [_item(s, today) for s in rows], qs.count(), reverse("review:desk")
    )


def head_disputes(user: Any, scope: Scope, today: date) -> todo.TodoSection:
    qs = selectors.queue(scope=scope, today=today).filter(status=SubmissionStatus.DISPUTED)
    rows = list(qs[: todo.SHOWN])
    return todo.TodoSection(
        "review.disputes",
        "审核异议待我决定",
        [_item(s, today) for s in rows],
        qs.count(),
        reverse("review:desk"),
    )


def register() -> None:
    todo.register("review.desk", {Role.LEGAL_REVIEWER}, reviewer_desk)
    todo.register("review.disputes", {Role.AGENCY_HEAD}, head_disputes)
