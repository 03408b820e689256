"""Issue 17 part 9: gaps found by walking the procedures as the law reads. Each test names the article
it holds the code to."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.cases.tests.conftest import step, to_reported

pytestmark = pytest.mark.django_db

ON_SPOT = date(2026, 5, 6)


def refused(guard_code, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    codes = [r.guard for r in exc.value.refusals]
    assert guard_code in codes, codes
    return next(r for r in exc.value.refusals if r.guard == guard_code)


def summary_case(cw, *, officers=2, birth_date=None, kinds=("罚款",), fine="100", place_text="城关街道2号门前"):
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="张三",
        address="江北市幸福路8号",
        birth_date=birth_date,
    )
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        place_text=place_text,
        discovered_on=ON_SPOT,
        act_on=ON_SPOT,
        officers=cw.officers[:officers],
        penalty_kinds=list(kinds),
        fine_amount=Decimal(fine) if fine else None,
        actor=None,
    )


def decide_on_spot(cw, case, **data):
    return engine.execute(
        case=case, transition="decide_on_spot", actor=None, on=ON_SPOT, data={"facts": "f", **data}
    )


# -- 行政处罚法 Art.30: no penalty under 14, on any procedure ------------------------------------------


def test_summary_refuses_under_14_art30(cw):
    case = summary_case(cw, birth_date=date(2013, 1, 1))  # 13 on the day of the act
    r = refused("lenience_applied", lambda: decide_on_spot(cw, case))
    assert "不满十四周岁" in r.message and "第三十条" in r.article
    case.refresh_from_db()
    assert case.state == "on_spot" and not case.decision_number  # nothing issued


def test_summary_minor_of_14_to_18_gets_lenience_art30(cw):
    case = summary_case(cw, birth_date=date(2010, 1, 1))  # 16
    r = refused("lenience_applied", lambda: decide_on_spot(cw, case))
    assert "应当从轻或者减轻" in r.message
    assert decide_on_spot(cw, case, lenience="lighter").state == "decided"
