"""预警 f (国办发〔2024〕54号): a business inspected by one agency more often than the yearly cap, and a
business inspected again within the quiet period; each raised once, resolved when its cause goes away."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from zhifa.cases.models import ProcedureSetting
from zhifa.inspections.models import Inspection, InspectionTarget
from zhifa.inspections.tests.visits_world import make_target
from zhifa.supervision import alert_services
from zhifa.supervision.models_alerts import Alert, AlertState
from zhifa.testing import World, make_world

_code = itertools.count(1)
TODAY = date(2026, 6, 30)


@pytest.fixture
def world(db: Any) -> World:
    return make_world()


@pytest.fixture
def target(world: World) -> InspectionTarget:
    return make_target(world.county_a)


def inspect(
    agency: Any, target: InspectionTarget, on: date | None, kind: str = "routine", **kw: Any
) -> Inspection:
    status = Inspection.Status.INSPECTED if on else Inspection.Status.ASSIGNED
    return Inspection.objects.create(
        agency=agency,
        target=target,
        kind=kind,
        code=f"T{next(_code):010d}",
        status=kw.pop("status", status),
        inspected_on=on,
        **kw,
    )


def run(rule: str, today: date = TODAY) -> alert_services.RuleResult:
    return alert_services.evaluate(today=today, keys=[rule]).rules[rule]


def alerts(rule: str, **kw: Any) -> list[Alert]:
    return list(Alert.objects.filter(rule=rule, **kw).order_by("id"))


def test_over_cap_guobanfa_2024_54_raised_once_resolved_when_an_inspection_is_cancelled(
    world: World, target: InspectionTarget
) -> None:
    """国办发〔2024〕54号: yearly cap (default 2) per agency and business; 个案 and planned don't count."""
    a = world.agency_a
    inspect(a, target, date(2026, 1, 10))
    second = inspect(a, target, date(2026, 3, 10))
    inspect(a, target, date(2026, 4, 10), kind="case", reason="投诉举报")  # 个案: outside the cap
    inspect(a, target, date(2026, 5, 10), kind="special", superior_deployed=True)  # deployed from above
    inspect(a, target, None, planned_on=date(2026, 7, 10))  # not happened yet
    inspect(world.agency_b, target, date(2026, 5, 20))  # another agency's own cap
    inspect(a, target, date(2025, 11, 10))  # last year
    assert run("inspection_over_cap").raised == 0

    third = inspect(a, target, date(2026, 6, 1))
    assert run("inspection_over_cap").raised == 1
    (al,) = alerts("inspection_over_cap")
    assert (al.subject_kind, al.subject_id, al.agency_id, al.role) == (
        "inspection",
        third.pk,
        a.pk,
        "agency_head",
    )
    assert "第3次" in al.detail and "上限2次" in al.detail and target.credit_code in al.reference

    # A fourth visit is the same excess: no new alert, the subject stays the inspection that went over.
    inspect(a, target, date(2026, 6, 20))
    assert run("inspection_over_cap").raised == 0
    assert run("inspection_over_cap").raised == 0
    assert Alert.objects.filter(rule="inspection_over_cap").count() == 1

    # Two cancelled: back at the cap, the alert resolves itself.
    Inspection.objects.filter(pk__in=[second.pk, third.pk]).update(status=Inspection.Status.CANCELLED)
    assert run("inspection_over_cap").resolved == 1
    al.refresh_from_db()
    assert al.state == AlertState.RESOLVED and al.resolved_auto


def test_over_cap_resolves_when_the_year_rolls_over_and_follows_the_regional_cap(
    world: World, target: InspectionTarget
) -> None:
    a = world.agency_a
    for on in (date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)):
        inspect(a, target, on)
    assert run("inspection_over_cap").raised == 1
    assert run("inspection_over_cap", date(2027, 1, 1)).resolved == 1

    ProcedureSetting.objects.create(key="inspection_yearly_cap", region=world.province, value=3)
    assert run("inspection_over_cap").raised == 0
    Alert.objects.filter(rule="inspection_over_cap").delete()
    ProcedureSetting.objects.filter(key="inspection_yearly_cap").update(value=1)
    assert run("inspection_over_cap").raised == 1
    (al,) = alerts("inspection_over_cap", state=AlertState.OPEN)
    assert "第2次" in al.detail


def test_repeat_guobanfa_2024_54_by_any_agency_within_quiet_period(
    world: World, target: InspectionTarget
) -> None:
    """国办发〔2024〕54号 (避免重复检查): a 2nd inspection within 90 days, by any agency, on the later one."""
    first = inspect(world.agency_a, target, date(2026, 4, 1))
    inspect(world.agency_a, make_target(world.county_a, name="江北市另一食品有限公司"), date(2026, 5, 1))
    inspect(world.agency_b, target, date(2025, 12, 1))  # 121 days before the first: apart
    assert run("inspection_repeat").raised == 0

    later = inspect(world.agency_b, target, date(2026, 6, 15), kind="case", reason="投诉举报")
    assert run("inspection_repeat").raised == 1
    (al,) = alerts("inspection_repeat")
    assert (al.subject_kind, al.subject_id, al.agency_id) == ("inspection", later.pk, world.agency_b.pk)
    assert world.agency_a.name in al.detail and "75日后" in al.detail
    assert run("inspection_repeat").raised == 0  # no duplicate on re-run
    assert Alert.objects.filter(rule="inspection_repeat").count() == 1

    # The later inspection cancelled: the cause is gone.
    Inspection.objects.filter(pk=later.pk).update(status=Inspection.Status.CANCELLED)
    assert run("inspection_repeat").resolved == 1
    al.refresh_from_db()
    assert al.state == AlertState.RESOLVED and al.resolved_auto

    # The earlier inspection's date corrected out of the window: raised again, then resolved.
    Inspection.objects.filter(pk=later.pk).update(status=Inspection.Status.INSPECTED)
    assert run("inspection_repeat").raised == 1
    Inspection.objects.filter(pk=first.pk).update(inspected_on=date(2026, 3, 1))  # 106 days before
    assert run("inspection_repeat").resolved == 1
    assert not alerts("inspection_repeat", state=AlertState.OPEN)


def test_repeat_resolves_when_the_quiet_period_of_the_later_inspection_ends(
    world: World, target: InspectionTarget
) -> None:
    inspect(world.agency_a, target, date(2026, 5, 1))
    inspect(world.agency_a, target, date(2026, 5, 1))  # two visits the same day count as a repeat
    assert run("inspection_repeat").raised == 1
    assert run("inspection_repeat", date(2026, 7, 30)).resolved == 0  # 90 days after: still in the period
    assert run("inspection_repeat", date(2026, 7, 31)).resolved == 1

    ProcedureSetting.objects.create(key="inspection_quiet_days", region=world.province, value=120)
    assert run("inspection_repeat", date(2026, 7, 31)).raised == 1
