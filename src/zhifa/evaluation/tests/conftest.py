"""A city (江北市) with two agencies and their closed files of 2026, a supervisor and an evaluator roster:
two supervisors of the city (no agency) and an officer of the ecology bureau (cross-evaluation)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zhifa.accounts.models import User
from zhifa.cases import services as case_services
from zhifa.cases.models import Case
from zhifa.evaluation import drawing, scoring, services
from zhifa.evaluation.models import EvaluationPlan, RubricItem, ScoreSheet
from zhifa.testing import World, make_user, make_world

_n = itertools.count(1)


@contextmanager
def at(day: date, hour: int = 10) -> Iterator[None]:
    """Run services as on `day` (the draw's commitment must precede the public random value's day)."""
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    real = timezone.now
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real


def closed_case(
    world: World, agency: Any, *, closed_on: date = date(2026, 6, 1), state: str = "closed"
) -> Case:
    n = next(_n)
    party = case_services.party_create(
        agency=agency,
        kind="natural_person",
        name=f"当事人{n}",
        address="江北市城关街道1号",
    )
    item = world.item_a if agency == world.agency_a else world.item_b
    return Case.objects.create(
        agency=agency,
        procedure="general",
        state=state,
        case_number=f"江北罚〔2026〕{n}号",
        title=f"案件{n}",
        item=item,
        party=party,
        place=world.township_a,
        discovered_on=date(2026, 1, 5),
        act_on=date(2026, 1, 2),
        closed_on=closed_on,
    )


@dataclass
class EvalWorld:
    world: World
    supervisor: User
    ev1: User
    ev2: User
    cross: User  # an officer of agency_b on the roster
    staff_a: User
    staff_b: User
    cases_a: list[Case]
    cases_b: list[Case]


@pytest.fixture
def ew(db: Any) -> EvalWorld:
    w = make_world()
    sup = make_user(username="sup", role="supervisor", region=w.city)
    ev1 = make_user(username="ev1", role="supervisor", region=w.city)
    ev2 = make_user(username="ev2", role="supervisor", region=w.city)
    cross = make_user(username="cross", role="officer", agency=w.agency_b)
    staff_a = make_user(username="staff_a", role="agency_head", agency=w.agency_a)
    staff_b = make_user(username="staff_b", role="agency_head", agency=w.agency_b)
    cases_a = [closed_case(w, w.agency_a) for _ in range(5)]
    cases_b = [closed_case(w, w.agency_b) for _ in range(3)]
    # Not in the plan: still open, or closed in another year.
    closed_case(w, w.agency_a, state="filed")
    closed_case(w, w.agency_a, closed_on=date(2025, 12, 30))
    return EvalWorld(w, sup, ev1, ev2, cross, staff_a, staff_b, cases_a, cases_b)


RANDOM_SOURCE = "中国福利彩票双色球第2026150期开奖号码（红球升序后接蓝球，以空格分隔）"
RANDOM_VALUE = "02 09 14 20 26 31 07"


def make_plan(ew: EvalWorld, *, roster: list[User] | None = None) -> EvaluationPlan:
    today = timezone.localdate()
    return services.plan_create(
        region=ew.world.city,
        year=2026,
        evaluators=roster if roster is not None else [ew.ev1, ew.ev2, ew.cross],
        random_source=RANDOM_SOURCE,
        random_source_on=today + timedelta(days=1),
        actor=ew.supervisor,
    )


def drawn_plan(ew: EvalWorld, **kw: Any) -> EvaluationPlan:
    plan = make_plan(ew, **kw)
    plan = drawing.draw_commit(plan=plan, actor=ew.supervisor)
    with at(plan.random_source_on, 20):
        return drawing.draw_seed(plan=plan, random_value=RANDOM_VALUE, actor=ew.supervisor)


def entries_for(
    sheet: ScoreSheet,
    *,
    deductions: dict[str, str] | None = None,
    vetoes: dict[str, str] | None = None,
) -> dict[str, scoring.ItemInput]:
    """Every item of the sheet's rubric: scored items with the given deductions (reason given), veto items
    passed unless named in `vetoes` (code → reason). Items the record pre-filled are followed (a
    deduction of the whole points where it says failed), so the entry never needs an override reason."""
    deductions = deductions or {}
    vetoes = vetoes or {}
    prefill = scoring.prefill(sheet)
    out: dict[str, scoring.ItemInput] = {}
    for item in sheet.file.plan.rubric.items.all():
        p = prefill.get(item.code)
        record_failed = p is not None and p.passed is False
        if item.kind == RubricItem.Kind.VETO:
            if item.code in vetoes:
                out[item.code] = scoring.ItemInput(passed=False, reason=vetoes[item.code])
            else:
                out[item.code] = scoring.ItemInput(
                    passed=not record_failed, reason="记录核查" if record_failed else ""
                )
        else:
            d = Decimal(deductions.get(item.code, item.points if record_failed else "0"))
            out[item.code] = scoring.ItemInput(passed=d == 0, deduction=d, reason="扣分理由" if d else "")
    return out


@pytest.fixture(autouse=True)
def _record_cannot_tell(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan, scoring and result tests do not depend on what the record checks find (each check says
    "cannot tell"); the pre-fill tests patch in their own findings. The record checks' own tests
    (test_record_checks.py) run the real module."""
    if request.module.__name__.endswith("test_record_checks"):
        return
    from zhifa.evaluation import record_checks

    def judge_cases(case_ids: Any, **_: Any) -> dict[int, dict[str, record_checks.Finding]]:
        return {
            cid: {c: record_checks.Finding(c, None, ("记录无法判断",), "") for c in record_checks.CHECK_CODES}
            for cid in case_ids
        }

    monkeypatch.setattr(record_checks, "judge_cases", judge_cases)
