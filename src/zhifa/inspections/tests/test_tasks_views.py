"""The staff pages: a plan published, a task created from the form, approved by the head, pre-checked,
committed, seeded on its day (the form is closed before), a recusal registered."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhifa.inspections.models import Draw, Inspection, InspectionPlan, InspectionTask, Recusal
from zhifa.inspections.tests.draw_world import approved_task, make_draw_world, on_random_day, task_kwargs

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_draw_world(targets_per_county=5)


def _text(response) -> str:
    return str(response.content.decode())


def test_plan_pages(world, client):
    client.force_login(world.officer_user_a)
    assert client.get(reverse("inspections:staff_plans")).status_code == 200
    response = client.post(
        reverse("inspections:staff_plan_new"),
        {"year": 2027, "name": "2027年度双随机抽查计划", "description": ""},
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get()
    # An officer does not see the publish button, and cannot publish by posting.
    assert "公布</button>" not in _text(client.get(reverse("inspections:staff_plans")))
    client.post(reverse("inspections:staff_plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.DRAFT
    client.force_login(world.head_a)
    assert "公布</button>" in _text(client.get(reverse("inspections:staff_plans")))
    client.post(reverse("inspections:staff_plan_publish", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == InspectionPlan.Status.PUBLISHED


def test_task_from_form_to_draw(world, client, monkeypatch):
    kw = task_kwargs(world)
    client.force_login(world.officer_user_a)
    assert client.get(reverse("inspections:staff_task_new")).status_code == 200
    form = {
        "name": kw["name"],
        "items": [world.key_item.pk],
        "kind": "undirected",
        "kinds": ["enterprise"],
        "ratio_percent": "40",
        "inspectors_per_target": "2",
        "starts_on": kw["starts_on"].isoformat(),
        "ends_on": kw["ends_on"].isoformat(),
        "random_source": kw["random_source"],
        "random_source_on": kw["random_source_on"].isoformat(),
    }
    bad = client.post(reverse("inspections:staff_task_new"), {**form, "sectors": "餐饮"})
    assert bad.status_code == 200 and "不定向抽查只能限定主体类型和区划" in _text(bad)
    response = client.post(reverse("inspections:staff_task_new"), form)
    task = InspectionTask.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "inspections:staff_task", args=[task.pk]
    )
    page = _text(client.get(reverse("inspections:staff_task", args=[task.pk])))
    assert "待负责人批准" in page
    # The conditions in words, never the stored keys and codes.
    assert "主体类型：企业" in page and "kinds" not in page and "enterprise" not in page

    action = lambda name: reverse("inspections:staff_task_action", args=[task.pk, name])  # noqa: E731
    client.post(action("approve"))  # an officer cannot
    task.refresh_from_db()
    assert task.status == InspectionTask.Status.DRAFT
    client.force_login(world.head_a)
    client.post(action("approve"))
    task.refresh_from_db()
    assert task.status == InspectionTask.Status.APPROVED

    page = _text(client.get(reverse("inspections:staff_task", args=[task.pk]) + "?precheck=1"))
    assert "核查通过：抽取库 10 户，检查人员库 4 人" in page
    client.post(action("commit"))
    draw = Draw.objects.get()
    page = _text(client.get(reverse("inspections:staff_task", args=[task.pk])))
    assert draw.commitment_hash in page and "届时方可录入" in page
    assert 'name="random_value" maxlength="300" required disabled' in page
    # Posting anyway is refused by the service, not by the page.
    response = client.post(action("seed"), {"random_value": "01 02 03"}, follow=True)
    assert "之前不能录入" in _text(response)

    on_random_day(monkeypatch, task)
    page = _text(client.get(reverse("inspections:staff_task", args=[task.pk])))
    assert "届时方可录入" not in page
    response = client.post(action("seed"), {"random_value": "01 02 03 04 05 06 07"}, follow=True)
    assert "抽取结果" in _text(response)
    drawn = Inspection.objects.filter(task=task)
    assert drawn.exists()
    first = drawn.order_by("target__credit_code").first()
    assert first.target.name in _text(response) and first.code in _text(response)

    officer = first.assignments.order_by("rank").first().officer
    response = client.post(
        action("recusal"),
        {
            "officer": officer.pk,
            "credit_code": first.target.credit_code.lower(),
            "declared_by": "business",
            "reason": "企业申请回避",
        },
        follow=True,
    )
    assert "已登记回避" in _text(response)
    assert Recusal.objects.get().after_draw is True
    assert officer.pk not in set(first.assignments.values_list("officer_id", flat=True))


def test_precheck_refusal_is_shown(world, client):
    for o in world.officers_a[1:]:
        o.status = "left"
        o.save()
    task = approved_task(world)
    client.force_login(world.head_a)
    page = _text(client.get(reverse("inspections:staff_task", args=[task.pk]) + "?precheck=1"))
    assert "核查未通过" in page and "有资格且无需回避的只有 1 名" in page
    response = client.post(reverse("inspections:staff_task_action", args=[task.pk, "commit"]), follow=True)
    assert "抽取前核查未通过" in _text(response) and not Draw.objects.exists()


def test_another_agency_does_not_see_the_task(world, client):
    task = approved_task(world)
    client.force_login(world.head_b)
    assert client.get(reverse("inspections:staff_task", args=[task.pk])).status_code == 404
    assert task.code not in _text(client.get(reverse("inspections:staff_tasks")))
