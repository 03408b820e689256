"""Money rules of execution, pure.

行政处罚法 Art.72(1): a party who does not pay on time is charged 加处罚款 of 3% of the fine per day,
and the total may not exceed the fine itself (also 行政强制法 Art.45). Art.73 para.3: 当事人申请行政复议
或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算 — the days a challenge is pending
do not count."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAILY_RATE = Decimal("0.03")


def days_late(*, due_on: date, paid_on: date, pauses: Iterable[tuple[date, date]] = ()) -> int:
    """The days from the day after `due_on` up to and including `paid_on`, but those inside a pause
    (from its first day to its last, both included; pauses may overlap)."""
    if paid_on <= due_on:
        return 0
    left_out: set[int] = set()
    for start, end in pauses:
        first, last = max(start, date.fromordinal(due_on.toordinal() + 1)), min(end, paid_on)
        left_out.update(range(first.toordinal(), last.toordinal() + 1))
    return (paid_on - due_on).days - len(left_out)


def late_payment_penalty(
    *, principal: Decimal | int, due_on: date, paid_on: date, pauses: Iterable[tuple[date, date]] = ()
) -> Decimal:
    """Days late are counted from the day after the due date up to and including the payment day, but
    the days of a pending 复议 or 诉讼 (`pauses`, Art.73 para.3)."""
    base = Decimal(principal)
    days = days_late(due_on=due_on, paid_on=paid_on, pauses=pauses)
    amount = (base * DAILY_RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(amount, base.quantize(Decimal("0.01")))
