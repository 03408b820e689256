"""lib.penalties.settle: 加处罚款 on a schedule of sums (行政处罚法 Art.66 para.2, Art.72(1), Art.73)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from zhifa.lib.penalties import Due, late_payment_penalty, settle

D = Decimal
SCHEDULE = [
    Due(D(20000), date(2026, 5, 20)),
    Due(D(20000), date(2026, 6, 10)),
    Due(D(20000), date(2026, 7, 8)),
]


def test_only_the_overdue_instalment_owes_late_payment_penalty_art72():
    """Art.72(1): 3% a day of the overdue amount, from each instalment's own due day; those paid on time
    owe nothing."""
    paid = [(date(2026, 5, 20), D(20000)), (date(2026, 6, 15), D(20000)), (date(2026, 7, 1), D(20000))]
    s = settle(SCHEDULE, paid, on=date(2026, 7, 2))
    assert [x.late_payment_penalty for x in s.dues] == [D(0), D("3000.00"), D(0)]
    assert (s.principal, s.late_payment_penalty, s.outstanding, s.covered) == (
        D(60000),
        D(3000),
        D(3000),
        False,
    )
    s = settle(SCHEDULE, [*paid, (date(2026, 7, 2), D(3000))], on=date(2026, 7, 9))
    assert s.covered and s.covered_on == date(2026, 7, 2) and s.outstanding == 0


def test_a_partial_payment_stops_the_penalty_on_the_part_it_paid_art72():
    """Art.72(1) counts on the overdue amount: a part paid late stops its share from that day."""
    s = settle([Due(D(10000), date(2026, 5, 1))], [(date(2026, 5, 3), D(5000))], on=date(2026, 5, 5))
    # 5,000 two days late (300) + 5,000 still unpaid four days late (600).
    assert s.late_payment_penalty == D("900.00")


def test_the_penalty_is_capped_at_the_instalment_itself_art72():
    s = settle([Due(D(1000), date(2026, 1, 1))], [], on=date(2026, 12, 31))
    assert s.late_payment_penalty == D(1000) and s.outstanding == D(2000)


def test_no_penalty_for_the_days_a_challenge_is_pending_art73():
    """Art.73 para.3: the days a 复议 or 诉讼 is pending do not count."""
    s = settle(
        [Due(D(20000), date(2026, 5, 20))],
        [(date(2026, 5, 25), D(20000))],
        on=date(2026, 5, 25),
        pauses=[(date(2026, 5, 21), date(2026, 5, 22))],
    )
    assert s.late_payment_penalty == D("1800.00")


def test_confiscated_income_owes_no_late_payment_penalty_art72():
    s = settle([Due(D(500), date(2026, 1, 1), penalised=False)], [], on=date(2026, 2, 1))
    assert s.late_payment_penalty == 0 and s.outstanding == D(500)


@given(
    amount=st.integers(min_value=1, max_value=10**7),
    late=st.integers(min_value=0, max_value=400),
)
def test_one_sum_settles_as_the_single_fine_formula_art72(amount, late):
    """One sum unpaid until `on`: the same 加处罚款 as the whole-fine formula used before schedules."""
    due = date(2026, 1, 1)
    on = due + timedelta(days=late)
    s = settle([Due(D(amount), due)], [], on=on)
    assert s.late_payment_penalty == late_payment_penalty(principal=amount, due_on=due, paid_on=on)


@given(parts=st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=6))
def test_instalments_paid_on_time_owe_nothing_art66(parts):
    start = date(2026, 1, 1)
    dues = [Due(D(p), start + timedelta(days=30 * i)) for i, p in enumerate(parts)]
    s = settle(dues, [(d.due_on, d.amount) for d in dues], on=start + timedelta(days=400))
    assert s.late_payment_penalty == 0 and s.covered and s.outstanding == 0
