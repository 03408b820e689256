"""Rubrics in the admin: every change journaled, and a rubric a plan uses is frozen (the files scored
under it keep the rubric they were scored against, 广东省令第231号 第十六条 grades by that rubric)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.sites import site
from django.test import RequestFactory

from zhifa.evaluation.models import Rubric
from zhifa.journal.models import JournalEntry
from zhifa.testing import make_user

from .conftest import make_plan


def _request(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_a_rubric_in_use_cannot_be_changed_or_deleted_and_admin_edits_are_journaled(
    ew: Any, client: Any
) -> None:
    plan = make_plan(ew)
    admin_user = make_user(username="root-eval", role="administrator")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    model_admin = site._registry[Rubric]
    request = _request(admin_user)
    assert not model_admin.has_change_permission(request, plan.rubric)
    assert not model_admin.has_delete_permission(request, plan.rubric)
    spare = Rubric.objects.create(code="GD-2027", version=1, name="广东省案卷评查标准（试行）")
    assert model_admin.has_change_permission(request, spare)
    client.force_login(admin_user)
    response = client.post(
        f"/admin/evaluation/rubric/{spare.pk}/change/",
        {
            "code": "GD-2027",
            "version": 1,
            "name": "广东省案卷评查标准",
            "total_points": "100",
            "excellent_min": "90",
            "good_min": "75",
            "pass_min": "60",
            "basis": "广东省行政执法案卷评查办法",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    events = list(
        JournalEntry.objects.filter(subject=f"evaluation.rubric:{spare.pk}").values_list(
            "event_type", flat=True
        )
    )
    assert events and set(events) == {"admin.evaluation.rubric.changed"}
