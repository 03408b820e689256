"""Periods in months end on the next working day when their last day is a holiday or rest day (SAMR
程序规定 Art.80; 民法典 Art.203; legal-rules §0.3); a period in hours does not move (行政强制法 Art.19)."""

from datetime import date

import pytest

from zhifa.cases import engine
from zhifa.cases.guards import add_months, court_application_closes, suit_period_ends
from zhifa.cases.tests.conftest import open_compulsion, step

pytestmark = pytest.mark.django_db


def test_six_months_to_sue_end_on_the_next_working_day_admin_litigation_law_art46():
    """行政诉讼法 Art.46: served 2026-04-02, the six months end on 10-02, inside the National Day holiday
    (10-01..07): the period ends on Thu 10-08."""
    assert suit_period_ends(date(2026, 4, 2)) == date(2026, 10, 8)
    # Served 2026-01-05: the six months end on Sun 07-05, a rest day: on Mon 07-06.
    assert suit_period_ends(date(2026, 1, 5)) == date(2026, 7, 6)
    assert suit_period_ends(date(2026, 1, 6)) == date(2026, 7, 6)  # Mon 07-06 itself
    # A 调休 working Saturday is a working day: served 2025-08-31, the six months end on Sat 2026-02-28
    # (clipped to February), a make-up working day of the Spring Festival arrangement: no move.
    assert suit_period_ends(date(2025, 8, 31)) == date(2026, 2, 28)


def test_the_court_application_window_runs_three_months_from_the_moved_end_compulsion_law_art53():
    """行政强制法 Art.53: 自期限届满之日起三个月内. Served Sat 2026-01-03: the six months end Fri 07-03; three
    months later is 10-03, National Day: the window closes on Thu 10-08."""
    assert court_application_closes(date(2026, 1, 3)) == date(2026, 10, 8)
    assert add_months(date(2026, 7, 3), 3) == date(2026, 10, 8)
    assert add_months(date(2026, 7, 8), 3) == date(2026, 10, 8)  # Thu 10-08 is a working day: no move


def _on_spot(cw, party, on):
    case = open_compulsion(cw, party, on, "紧急扣押")
    data = {"measure": "扣押", "items": "疑似有毒食品", "site_record": "笔录", "reason": "当事人正在转移"}
    return engine.execute(case=case, transition="enforce_on_spot", actor=cw.officer_user, data=data, on=on)


def test_the_24_hour_report_is_not_moved_off_a_holiday_compulsion_law_art19(cw, party):
    """行政强制法 Art.19: 二十四小时内向行政机关负责人报告 — hours run through the National Day holiday. A
    measure taken on Wed 2026-09-30 is reported by 10-01, not by the next working day 10-08."""
    case = _on_spot(cw, party, date(2026, 9, 30))
    report = case.deadlines.get(kind="on_spot_report")
    assert report.due_on == date(2026, 10, 1) and not report.provisional
    # The seizure period is in days: 30 days end on 10-30 (a Friday), as before.
    assert case.deadlines.get(kind="compulsion_period").due_on == date(2026, 10, 30)
    with pytest.raises(engine.TransitionRefused, match="二十四小时"):
        step(cw, case, "approve_on_spot", date(2026, 10, 8))
    assert step(cw, case, "approve_on_spot", date(2026, 10, 1)).state == "in_force"


def test_the_24_hour_report_is_not_moved_off_a_weekend_compulsion_law_art19(cw, party):
    case = _on_spot(cw, party, date(2026, 6, 5))  # a Friday
    assert case.deadlines.get(kind="on_spot_report").due_on == date(2026, 6, 6)  # Saturday, not Monday
    with pytest.raises(engine.TransitionRefused, match="二十四小时"):
        step(cw, case, "approve_on_spot", date(2026, 6, 8))
