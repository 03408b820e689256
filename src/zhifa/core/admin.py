"""Admin base: every save or delete an administrator makes is journaled in the admin's own transaction
(Django wraps changeform and delete views in transaction.atomic), with the fields that changed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from zhifa.journal.services import record

M = TypeVar("M", bound=models.Model)


def _agency_id_of(obj: models.Model) -> int | None:
    for attr in ("agency_id",):
        value = getattr(obj, attr, None)
        if isinstance(value, int):
            return value
    for rel in ("item", "benchmark", "officer"):
        related = getattr(obj, rel, None)
        if related is not None:
            return _agency_id_of(related)
    if obj._meta.model_name == "agency":
        return int(obj.pk)
    return None


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


class JournaledAdmin(SimpleHistoryAdmin[M]):  # type: ignore[misc]
    def save_model(self, request: HttpRequest, obj: M, form: ModelForm[M], change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = {
            name: _plain(form.cleaned_data.get(name))
            for name in form.changed_data
            if name in form.cleaned_data
        }
        meta = obj._meta
        record(
            event_type=f"admin.{meta.app_label}.{meta.model_name}.{'changed' if change else 'created'}",
            subject=obj,
            agency_id=_agency_id_of(obj),
            actor=request.user,
            payload={"changed": changed},
        )

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        meta = obj._meta
        record(
            event_type=f"admin.{meta.app_label}.{meta.model_name}.deleted",
            subject=obj,
            agency_id=_agency_id_of(obj),
            actor=request.user,
            payload={"repr": str(obj)},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[M]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


admin.site.site_header = "执法平台管理"
admin.site.site_title = "执法平台管理"
admin.site.index_title = "登记簿与目录"
