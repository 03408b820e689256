"""A small world for the plan → task → commitment → seed tests: two agencies of one city (市场监管, 生态环境),
their inspection items, officers with certificates, heads, and a directory of businesses in two counties."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.catalog.models import InspectionItem
from zhifa.inspections import services
from zhifa.inspections.models import InspectionTarget, InspectionTask
from zhifa.lib.identifiers import complete_credit_code
from zhifa.organizations.models import Region
from zhifa.personnel.models import Officer
from zhifa.testing import World, make_certificate, make_officer, make_user, make_world

_serial = itertools.count(1)
CLASSES = ("A", "B", "C", "D", "")


@dataclass
class DrawWorld:
    w: World
    key_item: InspectionItem  # 市场监管, 重点
    general_item: InspectionItem  # 市场监管, 一般
    env_item: InspectionItem  # 生态环境, 重点
    officers_a: list[Officer]
    officers_b: list[Officer]
    head_a: User
    officer_user_a: User
    head_b: User
    targets: list[InspectionTarget] = field(default_factory=list)

    @property
    def today(self) -> date:
        return timezone.localdate()


def credit_code(n: int) -> str:
    return complete_credit_code(f"92990102{n:08d}"[:16])


def make_target(
    region: Region, *, credit_class: str = "", kind: str = "enterprise", **kw: Any
) -> InspectionTarget:
    n = next(_serial)
    return InspectionTarget.objects.create(
        credit_code=credit_code(n),
        name=kw.pop("name", f"江北测试商贸有限公司{n}号"),
        kind=kind,
        region=region,
        region_path=region.path,
        credit_class=credit_class,
        **kw,
    )


def inspection_item(agency: Any, enforcement_item: Any, *, name: str, kind: str) -> InspectionItem:
    return InspectionItem.objects.create(
        agency=agency, item=enforcement_item, name=name, target="企业", kind=kind, method="现场检查"
    )


def make_draw_world(*, officers_a: int = 4, officers_b: int = 3, targets_per_county: int = 10) -> DrawWorld:
    w = make_world()
    key = inspection_item(w.agency_a, w.item_a, name="食品经营者主体责任落实情况检查", kind="key")
    general = inspection_item(w.agency_a, w.item_a, name="食品标签标识检查", kind="general")
    env = inspection_item(w.agency_b, w.item_b, name="排污单位排放情况检查", kind="key")
    offs_a = [make_officer(agency=w.agency_a, name=f"市监{i}") for i in range(officers_a)]
    for o in offs_a:
        make_certificate(officer=o, field=w.field_market, area=w.city)
    offs_b = [make_officer(agency=w.agency_b, name=f"环保{i}") for i in range(officers_b)]
    for o in offs_b:
        make_certificate(officer=o, field=w.field_env, area=w.city)
    world = DrawWorld(
        w,
        key,
        general,
        env,
        offs_a,
        offs_b,
        make_user(username=f"head_a{next(_serial)}", role="agency_head", agency=w.agency_a),
        make_user(username=f"off_a{next(_serial)}", role="officer", agency=w.agency_a),
        make_user(username=f"head_b{next(_serial)}", role="agency_head", agency=w.agency_b),
    )
    for county in (w.county_a, w.county_b):
        for i in range(targets_per_county):
            world.targets.append(make_target(county, credit_class=CLASSES[i % len(CLASSES)]))
    return world


def task_kwargs(world: DrawWorld, **over: Any) -> dict[str, Any]:
    today = world.today
    kw: dict[str, Any] = {
        "agency": world.w.agency_a,
        "name": "2027年食品经营者双随机抽查",
        "items": [world.key_item],
        "ratio_percent": "20",
        "starts_on": today + timedelta(days=5),
        "ends_on": today + timedelta(days=60),
        "random_source": "中国福利彩票双色球第2027001期开奖号码（红球升序后接蓝球，以空格分隔）",
        "random_source_on": today + timedelta(days=3),
        "actor": world.officer_user_a,
    }
    kw.update(over)
    return kw


def approved_task(world: DrawWorld, **over: Any) -> InspectionTask:
    task = services.task_create(**task_kwargs(world, **over))
    return services.task_approve(task=task, actor=world.head_a)


def on_random_day(monkeypatch: Any, task: InspectionTask) -> None:
    """Move "today" to the task's random-value day (the seed is refused before it)."""
    day = task.random_source_on
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)
