"""Plans and tasks: published plans, the head's approval, the ratio caps of ordinary items, joint tasks, the
random source named in advance, conditions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from zhifa.cases.models import ProcedureSetting
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.inspections import services
from zhifa.inspections.models import InspectionPlan, InspectionTask
from zhifa.inspections.tests.draw_world import approved_task, make_draw_world, task_kwargs
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_draw_world(targets_per_county=2)


def _events(name: str) -> int:
    return JournalEntry.objects.filter(event_type=name).count()


def test_plan_is_published_by_the_head_and_journaled(world):
    plan = services.plan_create(
        agency=world.w.agency_a, year=2027, name="2027年度抽查计划", actor=world.officer_user_a
    )
    assert plan.status == InspectionPlan.Status.DRAFT and plan.code.endswith("号")
    with pytest.raises(PermissionDenied):
        services.plan_publish(plan=plan, actor=world.officer_user_a)
    with pytest.raises(PermissionDenied):
        services.plan_publish(plan=plan, actor=world.head_b)  # another agency's head
    plan = services.plan_publish(plan=plan, actor=world.head_a)
    assert plan.status == InspectionPlan.Status.PUBLISHED and plan.published_on == world.today
    assert _events("inspection_plan.created") == 1 and _events("inspection_plan.published") == 1
    with pytest.raises(DomainError, match="已公布"):
        services.plan_publish(plan=plan, actor=world.head_a)


def test_a_task_of_an_unpublished_plan_is_not_approved(world):
    """A plan is published before it runs (国办发〔2024〕54号)."""
    plan = services.plan_create(
        agency=world.w.agency_a,
        year=(world.today + timedelta(days=5)).year,
        name="年度计划",
        actor=world.head_a,
    )
    task = services.task_create(**task_kwargs(world, plan=plan))
    with pytest.raises(DomainError, match="尚未公布"):
        services.task_approve(task=task, actor=world.head_a)
    services.plan_publish(plan=plan, actor=world.head_a)
    assert services.task_approve(task=task, actor=world.head_a).status == InspectionTask.Status.APPROVED


def test_only_the_head_approves_a_task_in_advance(world):
    """负责人批准: 国办发〔2024〕54号 问答 — every inspection is approved in advance by the agency's head."""
    task = services.task_create(**task_kwargs(world))
    assert task.status == InspectionTask.Status.DRAFT and _events("inspection_task.created") == 1
    with pytest.raises(PermissionDenied):
        services.task_approve(task=task, actor=world.officer_user_a)
    with pytest.raises(PermissionDenied):
        services.task_approve(task=task, actor=world.head_b)
    task = services.task_approve(task=task, actor=world.head_a)
    assert task.approved_by == world.head_a and task.approved_on == world.today
    with pytest.raises(DomainError, match="不能批准"):
        services.task_approve(task=task, actor=world.head_a)


def test_ordinary_item_ratio_is_capped_and_key_item_is_not(world):
    """国市监信〔2019〕38号: 重点检查事项 no upper limit; 一般检查事项 capped
    (inspection_ordinary_max_ratio)."""
    with pytest.raises(DomainError, match="一般检查事项的上限 20"):
        services.task_create(**task_kwargs(world, items=[world.general_item], ratio_percent="25"))
    with pytest.raises(DomainError, match="上限"):  # one ordinary item among key ones is enough
        services.task_create(
            **task_kwargs(world, items=[world.key_item, world.general_item], ratio_percent="30")
        )
    assert services.task_create(**task_kwargs(world, items=[world.general_item], ratio_percent="20"))
    assert services.task_create(**task_kwargs(world, items=[world.key_item], ratio_percent="100"))
    with pytest.raises(DomainError, match="不超过 100%"):
        services.task_create(**task_kwargs(world, ratio_percent="100.5"))
    # The cap is a regional setting: a province may allow more.
    ProcedureSetting.objects.create(
        key="inspection_ordinary_max_ratio", region=world.w.province, value=Decimal(30)
    )
    assert services.task_create(**task_kwargs(world, items=[world.general_item], ratio_percent="25"))


def test_at_least_the_regional_minimum_of_inspectors(world):
    """企业公示信息抽查办法: on-site checks by at least two inspectors (inspection_min_inspectors)."""
    with pytest.raises(DomainError, match="不得少于 2 名"):
        services.task_create(**task_kwargs(world, inspectors_per_target=1))
    ProcedureSetting.objects.create(key="inspection_min_inspectors", region=world.w.city, value=Decimal(3))
    with pytest.raises(DomainError, match="不得少于 3 名"):
        services.task_create(**task_kwargs(world, inspectors_per_target=2))
    assert services.task_create(**task_kwargs(world)).inspectors_per_target == 3


def test_random_source_is_named_in_advance_for_a_later_day(world):
    with pytest.raises(DomainError, match="晚于今天"):
        services.task_create(**task_kwargs(world, random_source_on=world.today))
    with pytest.raises(DomainError, match="来源"):
        services.task_create(**task_kwargs(world, random_source="  "))
    with pytest.raises(DomainError, match="任务开始之前"):
        services.task_create(**task_kwargs(world, random_source_on=world.today + timedelta(days=6)))


def test_items_come_from_the_agencies_own_lists(world):
    """清单之外无检查: an agency's own items, or its partners' in a joint task."""
    with pytest.raises(DomainError, match="不在本任务各部门的随机抽查事项清单中"):
        services.task_create(**task_kwargs(world, items=[world.key_item, world.env_item]))
    task = services.task_create(
        **task_kwargs(world, items=[world.key_item, world.env_item], partner_agencies=[world.w.agency_b])
    )
    assert task.inspectors_per_agency == {str(world.w.agency_a.pk): 1, str(world.w.agency_b.pk): 1}
    with pytest.raises(DomainError, match="未选事项"):
        services.task_create(
            **task_kwargs(world, items=[world.key_item], partner_agencies=[world.w.agency_b])
        )


def test_joint_task_needs_one_inspector_of_each_agency_and_the_total(world):
    kw = task_kwargs(world, items=[world.key_item, world.env_item], partner_agencies=[world.w.agency_b])
    a, b = world.w.agency_a.pk, world.w.agency_b.pk
    with pytest.raises(DomainError, match="至少派 1 名"):
        services.task_create(**{**kw, "inspectors_per_agency": {a: 2, b: 0}})
    with pytest.raises(DomainError, match="合计 2 名，少于每户检查人员数 3 名"):
        services.task_create(**{**kw, "inspectors_per_target": 3, "inspectors_per_agency": {a: 1, b: 1}})
    task = services.task_create(**{**kw, "inspectors_per_target": 3, "inspectors_per_agency": {a: 2, b: 1}})
    assert task.inspectors_per_agency == {str(a): 2, str(b): 1}


def test_an_item_without_its_enforcement_item_cannot_be_staffed(world):
    world.key_item.item = None
    world.key_item.save()
    with pytest.raises(DomainError, match="未关联执法事项"):
        services.task_create(**task_kwargs(world))


def test_conditions_directed_and_undirected(world):
    with pytest.raises(DomainError, match="不定向抽查只能限定主体类型和区划"):
        services.task_create(**task_kwargs(world, conditions={"sectors": ["餐饮"]}))
    with pytest.raises(DomainError, match="至少设定一项"):
        services.task_create(**task_kwargs(world, kind="directed"))
    with pytest.raises(DomainError, match="不存在"):
        services.task_create(**task_kwargs(world, conditions={"region_codes": ["123456"]}))
    with pytest.raises(DomainError, match="信用风险分类“E”无效"):
        services.task_create(**task_kwargs(world, kind="directed", conditions={"credit_classes": ["E"]}))
    task = services.task_create(
        **task_kwargs(
            world,
            kind="directed",
            conditions={
                "credit_classes": ["C", "D", "C"],
                "tags": "经营异常、投诉多",
                "region_codes": "990102",
            },
        )
    )
    assert task.conditions == {
        "region_codes": ["990102"],
        "credit_classes": ["C", "D"],
        "tags": ["经营异常", "投诉多"],
    }


def test_region_outside_the_agency_is_refused(world):
    from zhifa.organizations.services import region_create

    other = region_create(code="980000", name="他省", level="province", parent=None, actor=None)
    with pytest.raises(DomainError, match="不在江北市市场监督管理局的管辖区域"):
        services.task_create(**task_kwargs(world, conditions={"region_codes": [other.code]}))


def test_cancel_until_drawn(world):
    task = approved_task(world)
    with pytest.raises(PermissionDenied):
        services.task_cancel(task=task, reason="重复", actor=world.officer_user_a)
    with pytest.raises(DomainError, match="撤销理由"):
        services.task_cancel(task=task, reason=" ", actor=world.head_a)
    task = services.task_cancel(task=task, reason="与上级专项检查重复", actor=world.head_a)
    assert task.status == InspectionTask.Status.CANCELLED and _events("inspection_task.cancelled") == 1
    with pytest.raises(DomainError, match="不能撤销"):
        services.task_cancel(task=task, reason="again", actor=world.head_a)
