"""Working-day engine for statutory deadlines: pure, standard library only.

A :class:`WorkCalendar` knows, for each *loaded* year, which days are working
days under the State Council General Office's annual holiday arrangement
(国务院办公厅关于某年部分节假日安排的通知):

* a make-up working day (调休上班日, a Saturday or Sunday worked in exchange for
  a longer holiday) is a working day;
* a holiday date (法定节假日 and the rest days joined to it) is not;
* otherwise Monday to Friday are working days and Saturday/Sunday are not.

It never guesses: a question about a date in a year whose arrangement has not
been loaded raises :class:`CalendarYearNotLoaded` — silently falling back to
"weekends only" would give wrong deadlines around the Spring Festival and
National Day. A year can be loaded as *provisional* (e.g. entered before the
official notice was published); every computation reports whether it consulted
such a year, so the UI can flag the deadline.

Deadline rules implemented (the start day is never counted):

* 《行政处罚法》(2021) 第八十五条: "本法中'二日''三日''五日''七日'的规定是指工作日，
  不含法定节假日" — periods in working days: :meth:`WorkCalendar.add_working_days`.
* 《民法典》第二百零一条 "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算";
  《市场监督管理行政处罚程序规定》第八十条 — the start day is not counted, and
  "期间的最后一日是法定节假日的，以节假日后的第一日为期间届满的日期":
  :meth:`WorkCalendar.add_calendar_days`. Following 《民法典》第二百零三条
  ("期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日") and
  civil-procedure practice, where 法定休假日 includes the weekly rest days, a
  period whose last day is *any* non-working day (holiday or ordinary weekend)
  ends on the next working day instead. A make-up working day is a working day,
  so a period ending on one does not move.

Performance: the calendar keeps one sorted list of the ordinals of all working
days in the loaded years, so adding or counting working days is two binary
searches whatever the span.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "CalendarYearNotLoaded",
    "CountResult",
    "DeadlineResult",
    "WorkCalendar",
    "YearStatus",
]

_SATURDAY: Final = 5  # date.weekday(): Monday == 0 ... Saturday == 5, Sunday == 6


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (earlier when negative), clipped to that month's length:
    31 January + 1 month = 28/29 February. The nominal end of a period of months, before any move off a
    holiday."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on `day` (周岁: the birthday itself counts as the year completed)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _as_date(d: dt.date) -> dt.date:
    return d.date() if isinstance(d, dt.datetime) else d


class CalendarYearNotLoaded(LookupError):
    """A computation needed a year whose holiday arrangement is not loaded."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year} 年的节假日安排尚未录入，无法计算工作日期限；请管理员录入国务院办公厅公布的放假安排"
        )


class YearStatus(StrEnum):
    """How trustworthy a loaded year's arrangement is."""

    OFFICIAL = "official"  # as published by the State Council General Office
    PROVISIONAL = "provisional"  # entered ahead of (or without) the official notice


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """A computed date, plus the provisional years it relied on (sorted).

    ``provisional`` is true when any year consulted is only provisionally loaded.
    """

    date: dt.date
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


@dataclass(frozen=True, slots=True)
class CountResult:
    """A working-day count, plus the provisional years it relied on (sorted)."""

    count: int
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)


class WorkCalendar:
    """Working days for a set of loaded years. Immutable once built.

    ``holidays``: dates that are not working days although they may fall on
    Monday-Friday (法定节假日 and 调休 rest days; weekend dates are allowed and
    harmless). ``makeup_workdays``: Saturdays/Sundays that are working days
    (调休上班日). ``official_years`` / ``provisional_years``: the years whose
    arrangement is loaded. Holiday or make-up dates outside the loaded years are
    accepted (an arrangement for year Y may move a day in late Y-1) but queries
    on those years still raise :class:`CalendarYearNotLoaded`.

    Raises ``ValueError`` when a date is both a holiday and a make-up working
    day, a make-up working day is not a Saturday or Sunday, or a year is listed
    as both official and provisional.
    """

    __slots__ = ("_holidays", "_makeup", "_next_gap", "_status", "_workday_ordinals")

    def __init__(
        self,
        *,
        holidays: Iterable[dt.date],
        makeup_workdays: Iterable[dt.date],
        official_years: Iterable[int],
        provisional_years: Iterable[int] = (),
    ) -> None:
        # datetime is a subclass of date but hashes differently: keep plain dates.
        holiday_set = frozenset(_as_date(d) for d in holidays)
        makeup_set = frozenset(_as_date(d) for d in makeup_workdays)
        both = holiday_set & makeup_set
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates listed both as holiday and as make-up working day: {listed}")
        weekdays = sorted(d for d in makeup_set if d.weekday() < _SATURDAY)
        if weekdays:
            listed = ", ".join(d.isoformat() for d in weekdays)
            raise ValueError(f"make-up working days must be Saturdays or Sundays: {listed}")
        official = set(official_years)
        provisional = set(provisional_years)
        if official & provisional:
            raise ValueError(f"years both official and provisional: {sorted(official & provisional)}")
        self._status: dict[int, YearStatus] = {y: YearStatus.OFFICIAL for y in official}
        self._status.update({y: YearStatus.PROVISIONAL for y in provisional})
        for y in self._status:
            if not dt.MINYEAR < y < dt.MAXYEAR:
                # Keeps every "year + 1" and "Dec 31 + 1 day" computation valid.
                raise ValueError(f"year out of supported range: {y}")
        self._holidays = holiday_set
        self._makeup = makeup_set

        # For each loaded year, the first year after it that is NOT loaded: a
        # computation starting in year y may run up to next_gap[y] - 1.
        self._next_gap: dict[int, int] = {}
        for y in sorted(self._status, reverse=True):
            self._next_gap[y] = self._next_gap[y + 1] if y + 1 in self._status else y + 1

        ordinals: list[int] = []
        for y in sorted(self._status):
            first = dt.date(y, 1, 1).toordinal()
            last = dt.date(y, 12, 31).toordinal()
            ordinals.extend(o for o in range(first, last + 1) if self._raw_is_workday(o))
        self._workday_ordinals = ordinals

    # -- introspection -----------------------------------------------------

    @property
    def loaded_years(self) -> dict[int, YearStatus]:
        """Loaded years and their status (a copy), in ascending order."""
        return dict(sorted(self._status.items()))

    def year_status(self, year: int) -> YearStatus | None:
        """The status of ``year``, or ``None`` if it is not loaded."""
        return self._status.get(year)

    # -- single days ---------------------------------------------------------

    def _raw_is_workday(self, ordinal: int) -> bool:
        d = dt.date.fromordinal(ordinal)
        if d in self._makeup:  # 调休上班日
            return True
        if d in self._holidays:  # 法定节假日 / 调休休息日
            return False
        return d.weekday() < _SATURDAY

    def _require(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """Raise unless every year in [first.year, last.year] is loaded.

        Returns the provisional years in that range.
        """
        if first.year not in self._status:
            raise CalendarYearNotLoaded(first.year)
        if last.year >= self._next_gap[first.year]:
            raise CalendarYearNotLoaded(self._next_gap[first.year])
        return tuple(y for y in range(first.year, last.year + 1) if self._status[y] is YearStatus.PROVISIONAL)

    def is_workday(self, d: dt.date) -> bool:
        """Whether ``d`` is a working day. Raises :class:`CalendarYearNotLoaded`."""
        self._require(d, d)
        return self._raw_is_workday(d.toordinal())

    def next_workday(self, d: dt.date) -> DeadlineResult:
        """The first working day on or after ``d`` (``d`` itself if it is one)."""
        self._require(d, d)
        i = bisect_left(self._workday_ordinals, d.toordinal())
        if i == len(self._workday_ordinals):
            raise CalendarYearNotLoaded(self._next_gap[d.year])
        result = dt.date.fromordinal(self._workday_ordinals[i])
        return DeadlineResult(result, self._require(d, result))

    # -- periods in working days ---------------------------------------------

    def add_working_days_ex(self, start: dt.date, n: int) -> DeadlineResult:
        """The n-th working day after ``start``; ``start`` itself is not counted.

        This is the statutory way of counting "n 日" when the law says the days
        are working days (《行政处罚法》第八十五条; start day excluded per
        《民法典》第二百零一条 and 《市场监督管理行政处罚程序规定》第八十条).
        ``n == 0`` returns ``start`` unchanged. ``n < 0`` raises ``ValueError``.
        Every year from ``start`` to the result must be loaded; the result is
        flagged provisional if any of them is provisional.
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        provisional = self._require(start, start)
        if n == 0:
            return DeadlineResult(start, provisional)
        target = bisect_right(self._workday_ordinals, start.toordinal()) + n - 1
        if target >= len(self._workday_ordinals):
            raise CalendarYearNotLoaded(self._next_gap[start.year])
        result = dt.date.fromordinal(self._workday_ordinals[target])
        return DeadlineResult(result, self._require(start, result))

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """:meth:`add_working_days_ex` without the provisional flag."""
        return self.add_working_days_ex(start, n).date

    def count_working_days_ex(self, start: dt.date, end: dt.date) -> CountResult:
        """The number of working days in ``(start, end]`` — start excluded, end included.

        Consistent with :meth:`add_working_days`:
        ``count_working_days(s, add_working_days(s, n)) == n``. ``end < start``
        raises ``ValueError``; ``end == start`` gives 0.
        """
        if end < start:
            raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
        provisional = self._require(start, end)
        count = bisect_right(self._workday_ordinals, end.toordinal()) - bisect_right(
            self._workday_ordinals, start.toordinal()
        )
        return CountResult(count, provisional)

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """:meth:`count_working_days_ex` without the provisional flag."""
        return self.count_working_days_ex(start, end).count

    # -- periods in calendar days --------------------------------------------

    def add_calendar_days_ex(self, start: dt.date, n: int) -> DeadlineResult:
        """A period of ``n`` calendar days after ``start`` (start day not counted).

        The nominal last day is ``start + n days``; if it is not a working day
        (a 法定节假日, a 调休 rest day or an ordinary weekend) the period ends on
        the next working day instead (《市场监督管理行政处罚程序规定》第八十条,
        《民法典》第二百零三条; see the module docstring). ``n == 0`` returns
        ``start`` unchanged and consults nothing; ``n < 0`` raises ``ValueError``.

        Only the nominal last day and the days up to the moved result are
        consulted, so only their years need to be loaded (a 2-year limitation
        period starting in an unloaded year is fine if its end year is loaded).
        """
        if n < 0:
            raise ValueError(f"n must not be negative, got {n}")
        if n == 0:
            return DeadlineResult(start)
        return self.next_workday(start + dt.timedelta(days=n))

    def add_calendar_days(self, start: dt.date, n: int) -> dt.date:
        """:meth:`add_calendar_days_ex` without the provisional flag."""
        return self.add_calendar_days_ex(start, n).date
