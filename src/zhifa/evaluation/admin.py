"""Rubrics are data: an administrator adds a province's variant (region, version) with its items here.

Every change is journaled (core.admin.JournaledAdmin; the items with it, since they are the rubric), and
a rubric a plan already uses can no longer be changed or deleted: the files scored under it keep the
rubric they were scored against. A change is a new version."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.core.admin import JournaledAdmin
from zhifa.evaluation.models import EvaluationPlan, Rubric, RubricItem
from zhifa.journal.services import record


class RubricItemInline(admin.TabularInline[RubricItem, Rubric]):
    model = RubricItem
    extra = 0


def _in_use(obj: Rubric | None) -> bool:
    return obj is not None and EvaluationPlan.objects.filter(rubric=obj).exists()


@admin.register(Rubric)
class RubricAdmin(JournaledAdmin[Rubric]):
    list_display = ("name", "code", "version", "region", "excellent_min", "good_min", "pass_min")
    inlines = [RubricItemInline]

    def has_change_permission(self, request: HttpRequest, obj: Rubric | None = None) -> bool:
        return not _in_use(obj) and bool(super().has_change_permission(request, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Rubric | None = None) -> bool:
        return not _in_use(obj) and bool(super().has_delete_permission(request, obj))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        rubric = form.instance
        items = [[i.code, i.kind, str(i.points), i.auto_check] for i in rubric.items.order_by("order", "pk")]
        record(
            event_type="admin.evaluation.rubric.changed",
            subject=rubric,
            agency_id=None,
            actor=request.user,
            payload={"changed": {"items": items}},
        )
