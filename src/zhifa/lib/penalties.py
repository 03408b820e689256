"""Money rules of execution, pure.

行政处罚法 Art.72(1): a party who does not pay on time is charged 加处罚款 of 3% of the fine per day,
and the total may not exceed the fine itself (also 行政强制法 Art.45). Art.73 para.3: 当事人申请行政复议
或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间不予计算 — the days a challenge is pending
do not count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


# --- What a schedule of sums owes, given the payments made (延期、分期缴纳罚款, Art.66 para.2) -------------


@dataclass(frozen=True)
class Due:
    """One sum owed by a day: the whole fine (Art.67: 15 days), one instalment or the deferred fine
    (Art.66 para.2), or confiscated income (no 加处罚款: Art.72(1) speaks of fines)."""

    amount: Decimal
    due_on: date
    penalised: bool = True
    label: str = ""


@dataclass(frozen=True)
class DueState:
    due: Due
    paid: Decimal
    settled_on: date | None  # the day the payments covered it in full
    late_payment_penalty: Decimal


@dataclass(frozen=True)
class Settlement:
    dues: tuple[DueState, ...]
    principal: Decimal  # the sums owed, without 加处罚款
    late_payment_penalty: Decimal  # on the overdue sums, each from its own due day (+ `accrued`)
    received: Decimal
    outstanding: Decimal  # what is still to pay, 加处罚款 included (0 once covered)
    covered_on: date | None  # the day the payments covered everything owed

    @property
    def covered(self) -> bool:
        return self.covered_on is not None or (self.principal == 0 and self.late_payment_penalty == 0)

    @property
    def total(self) -> Decimal:
        return self.principal + self.late_payment_penalty

    @property
    def principal_outstanding(self) -> Decimal:
        return sum((d.due.amount - d.paid for d in self.dues), Decimal(0))


def settle(
    dues: Iterable[Due],
    payments: Iterable[tuple[date, Decimal]],
    *,
    on: date,
    pauses: Iterable[tuple[date, date]] = (),
    accrued: Decimal = Decimal(0),
) -> Settlement:
    """Apply the payments, oldest first, to the sums owed in the order they fall due (the principal
    before any 加处罚款, so that a payment stops the penalty as early as it can); then the late-payment
    penalty of each sum: 3% a day (Art.72(1)) of the part still unpaid, from the day after its own due
    day to the day that part was paid (or `on`, for a part still unpaid), but the days a 复议 or 诉讼 was
    pending (`pauses`, Art.73 para.3), capped at the sum itself. An instalment paid on time owes nothing,
    whatever the others do. `accrued`: a penalty already owed (fixed) before this schedule applied."""
    ordered = sorted(dues, key=lambda d: d.due_on)
    pays = sorted(payments, key=lambda p: p[0])
    pause_list = list(pauses)
    left = [d.amount for d in ordered]
    chunks: list[list[tuple[date, Decimal]]] = [[] for _ in ordered]
    for when, amount in pays:
        rest = Decimal(amount)
        for i, owed in enumerate(left):
            if rest <= 0:
                break
            if owed <= 0:
                continue
            part = min(owed, rest)
            left[i] -= part
            rest -= part
            chunks[i].append((when, part))
    states = []
    for i, due in enumerate(ordered):
        penalty = Decimal(0)
        if due.penalised:
            parts = [*chunks[i], *([(on, left[i])] if left[i] > 0 else [])]
            raw = sum(
                (
                    Decimal(part) * DAILY_RATE * days_late(due_on=due.due_on, paid_on=when, pauses=pause_list)
                    for when, part in parts
                ),
                Decimal(0),
            )
            penalty = min(raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), due.amount)
        paid = due.amount - left[i]
        settled = chunks[i][-1][0] if left[i] <= 0 and chunks[i] else None
        states.append(DueState(due, paid, settled, penalty))
    principal = sum((d.amount for d in ordered), Decimal(0))
    late = sum((s.late_payment_penalty for s in states), Decimal(0)) + accrued
    received = sum((Decimal(a) for _, a in pays), Decimal(0))
    total = principal + late
    covered_on = None
    running = Decimal(0)
    for when, amount in pays:
        running += Decimal(amount)
        if running >= total:
            covered_on = when
            break
    outstanding = max(total - received, Decimal(0))
    return Settlement(tuple(states), principal, late, received, outstanding, covered_on)
