"""Money rules of execution, pure.

行政处罚法 Art.72(1): a party who does not pay on time is charged 加处罚款 of 3% of the fine per day,
and the total may not exceed the fine itself (also 行政强制法 Art.45)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAILY_RATE = Decimal("0.03")


def late_payment_penalty(*, principal: Decimal | int, due_on: date, paid_on: date) -> Decimal:
    """Days late are counted from the day after the due date up to and including the payment day."""
    base = Decimal(principal)
    days = max(0, (paid_on - due_on).days)
    amount = (base * DAILY_RATE * days).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(amount, base.quantize(Decimal("0.01")))
