"""What a source of figures is: it tallies its figures per agency (and month) with grouped aggregate
queries, and lists the rows behind any one of them (the drill-down a supervisor clicks through to).

The two paths are independent on purpose: `tally` is the fast path that computes a province at once,
`detail` recomputes one figure of a few agencies from the rows it lists; the tests check that they agree.
A source is registered by name (sources/__init__.py); one whose app is not installed is simply absent and
its figures read "not recorded"."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zhifa.lib.annual_report import Categorizer
from zhifa.statistics.figures import Value

# (agency id, month): month 0 is the whole period.
Key = tuple[int, int]
# The figures asked for (None: all).
Keys = frozenset[str] | None


def wants(keys: Keys, *names: str) -> bool:
    return keys is None or any(n in keys for n in names)


@dataclass(frozen=True)
class Period:
    """From the first day of `year` to `end` (31 December, or the day a report was made while the year
    was still running)."""

    year: int
    end: date

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def complete(self) -> bool:
        return self.end == date(self.year, 12, 31)

    @classmethod
    def of(cls, year: int, as_of: date) -> Period:
        return cls(year, min(date(year, 12, 31), as_of))


@dataclass
class Tally:
    """The figures of one agency for one period or month; `combos` counts penalty decisions by their
    kinds as the decision lists them, from which each template derives its categories."""

    values: dict[str, Value] = field(default_factory=dict)
    combos: Counter[tuple[str, ...]] = field(default_factory=Counter)

    def add(self, key: str, value: Value | None) -> None:
        if value is None:
            return
        current = self.values.get(key)
        if current is None:
            self.values[key] = value
        elif isinstance(current, int) and isinstance(value, int):
            self.values[key] = current + value
        else:
            self.values[key] = Decimal(current) + Decimal(value)

    def merge(self, other: Tally) -> None:
        for key, value in other.values.items():
            self.add(key, value)
        self.combos.update(other.combos)


@dataclass(frozen=True)
class Item:
    """One row behind a figure: a case, a registered decision, a review opinion, an officer, an
    inspection."""

    kind: str  # case | publication | opinion | officer | inspection
    id: int
    agency_id: int
    on: date | None
    number: str
    title: str
    amount: Decimal | None = None
    note: str = ""
    case_id: int | None = None  # the case a review opinion belongs to (its link)


@dataclass(frozen=True)
class Window:
    """Which rows of a drill-down to list: `limit` rows from `offset`, in the source's order (newest
    first). Slices a queryset (OFFSET/LIMIT in SQL) or a list alike."""

    offset: int = 0
    limit: int = 2000

    @property
    def stop(self) -> int:
        return self.offset + self.limit

    def of(self, rows: Any) -> Any:
        return rows[self.offset : self.stop]


ALL = Window()


@dataclass(frozen=True)
class Detail:
    """The figure recomputed from its rows, the rows of the window asked for, and how many rows there
    are in all (for a pager: `rows` is the number of cases, decisions… behind the figure, which is the
    figure itself for a count but not for an amount)."""

    value: Value | None
    items: list[Item]
    rows: int

    @property
    def refs(self) -> list[tuple[str, int]]:
        return [(i.kind, i.id) for i in self.items]


class Source(ABC):
    name: str
    label: str
    keys: tuple[str, ...]

    @abstractmethod
    def tally(
        self, agency_ids: Sequence[int], period: Period, *, by_month: bool, keys: Keys = None
    ) -> dict[Key, Tally]:
        """Grouped aggregates: one Tally per (agency, month) that has anything (month 0 unless
        `by_month`). With `keys`, a source may leave out the queries of figures not named (the
        dashboard shows a few); it may still return them."""

    @abstractmethod
    def detail(
        self,
        key: str,
        agency_ids: Sequence[int],
        period: Period,
        categorizer: Categorizer,
        window: Window = ALL,
    ) -> Detail:
        """The rows behind figure `key` for these agencies (those of `window`), and the figure
        recomputed from all of them. `key` may be a penalty category (figures.CATEGORY_PREFIX) for the
        penalty source."""


def first_per(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first row of each distinct `key` value, in order (one row per case, per business)."""
    seen: set[Any] = set()
    out = []
    for r in rows:
        if r[key] not in seen:
            seen.add(r[key])
            out.append(r)
    return out


def month_span(period: Period, month: int) -> tuple[date, date]:
    """The first and last day of `month` of the period's year, within the period."""
    start = date(period.year, month, 1)
    following = date(period.year + 1, 1, 1) if month == 12 else date(period.year, month + 1, 1)
    return start, min(period.end, following - timedelta(days=1))


def at(result: dict[Key, Tally], agency_id: int, month: int | None) -> Tally:
    key = (agency_id, month or 0)
    found = result.get(key)
    if found is None:
        found = result[key] = Tally()
    return found
