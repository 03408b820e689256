"""The one working-day engine the platform computes deadlines with (DESIGN.md invariant 6).

The calendar lives in the Holiday and CalendarYear tables: seeded from `chinese-calendar` for every year
it covers and kept by administrators when the State Council publishes the next year's 放假安排. It is
cached per process and rebuilt when the tables change: one cheap fingerprint query (the years loaded,
their last change, the last holiday history row) tells, on every lookup. Inside `pinned()` (a case
step, a request) the fingerprint is read once, at the first lookup, and that calendar serves the rest
of the block; an edit committed meanwhile is seen by the next block.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.db import connections, router, transaction

from zhifa.catalog.models import CalendarYear, Holiday
from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.lib.workdays import CalendarYearNotLoaded, DeadlineResult, WorkCalendar

__all__ = [
    "CalendarYearNotLoaded",
    "DeadlineResult",
    "add_working_days",
    "count_working_days",
    "pinned",
    "work_calendar",
]

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], WorkCalendar] | None = None
# The calendar of the innermost `pinned()` block: a one-element list, empty until its first lookup.
_pin: ContextVar[list[WorkCalendar] | None] = ContextVar("zhifa_calendar_pin", default=None)


def _fingerprint() -> tuple[Any, ...]:
    """(years loaded, their latest loaded_at, the latest holiday history id), in one round trip."""
    db = router.db_for_read(CalendarYear)
    conn = connections[db]
    q = conn.ops.quote_name
    years, history = CalendarYear._meta.db_table, Holiday.history.model._meta.db_table
    with conn.cursor() as c:
        c.execute(
            f"SELECT (SELECT COUNT(*) FROM {q(years)}), (SELECT MAX({q('loaded_at')}) FROM {q(years)}), "
            f"(SELECT MAX({q('history_id')}) FROM {q(history)})"
        )
        row = c.fetchone()
    return tuple(row) if row else ()


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """Read the calendar's fingerprint once for the whole block (nested blocks share the outer one)."""
    if _pin.get() is not None:
        yield
        return
    token = _pin.set([])
    try:
        yield
    finally:
        _pin.reset(token)


def _unpin() -> None:
    pin = _pin.get()
    if pin:
        pin.clear()


def work_calendar() -> WorkCalendar:
    pin = _pin.get()
    if pin:
        return pin[0]
    calendar = _current()
    if pin is not None:
        pin.append(calendar)
    return calendar


def _current() -> WorkCalendar:
    global _cached
    fp = _fingerprint()
    with _lock:
        if _cached is not None and _cached[0] == fp:
            return _cached[1]
    years = dict(CalendarYear.objects.values_list("year", "status"))
    rows = list(Holiday.objects.values_list("date", "kind"))
    calendar = WorkCalendar(
        holidays=[d for d, k in rows if k == Holiday.Kind.HOLIDAY],
        makeup_workdays=[d for d, k in rows if k == Holiday.Kind.MAKEUP_WORKDAY],
        official_years=[y for y, s in years.items() if s == CalendarYear.Status.OFFICIAL],
        provisional_years=[y for y, s in years.items() if s == CalendarYear.Status.PROVISIONAL],
    )
    with _lock:
        _cached = (fp, calendar)
    return calendar


def add_working_days(start: date, n: int) -> DeadlineResult:
    """n working days after `start`, the start day not counted (行政处罚法 Art.85; SAMR 程序规定 Art.80)."""
    return work_calendar().add_working_days_ex(start, n)


def count_working_days(start: date, end: date) -> int:
    return work_calendar().count_working_days(start, end)


def add_calendar_days(start: date, n: int) -> DeadlineResult:
    """A period in calendar days; one that ends on a non-working day moves to the next working day."""
    return work_calendar().add_calendar_days_ex(start, n)


def year_load(
    *,
    year: int,
    holidays: list[tuple[date, str]],
    makeup_workdays: list[tuple[date, str]],
    status: str,
    source: str,
    actor: Any,
) -> CalendarYear:
    """An administrator enters a year's 放假安排 (replacing a provisional one). All or nothing."""
    if status not in CalendarYear.Status.values:
        raise DomainError("状态无效", field="status")
    for d, _ in makeup_workdays:
        if d.weekday() < 5:
            raise DomainError(f"{d.isoformat()} 不是周末，不能作为调休上班日", field="makeup_workdays")
    both = {d for d, _ in holidays} & {d for d, _ in makeup_workdays}
    if both:
        raise DomainError(f"{min(both).isoformat()} 既是放假日又是调休上班日", field="holidays")
    with transaction.atomic():
        current = CalendarYear.objects.select_for_update().filter(year=year).first()
        if (
            current is not None
            and current.status == CalendarYear.Status.OFFICIAL
            and status == CalendarYear.Status.PROVISIONAL
        ):
            raise DomainError(f"{year} 年已有正式安排，不能以暂定安排覆盖")
        Holiday.objects.filter(date__year=year).delete()
        Holiday.objects.bulk_create(
            [Holiday(date=d, kind=Holiday.Kind.HOLIDAY, name=n) for d, n in holidays]
            + [Holiday(date=d, kind=Holiday.Kind.MAKEUP_WORKDAY, name=n) for d, n in makeup_workdays]
        )
        cy, _ = CalendarYear.objects.update_or_create(
            year=year, defaults={"status": status, "source": source}
        )
        _unpin()  # a block that loads a year sees it from here on
        record(
            event_type="calendar.year_loaded",
            subject=f"catalog.calendaryear:{year}",
            agency_id=None,
            actor=actor,
            payload={
                "year": year,
                "status": status,
                "source": source,
                "holidays": sorted(d.isoformat() for d, _ in holidays),
                "makeup_workdays": sorted(d.isoformat() for d, _ in makeup_workdays),
            },
        )
    return cy


def provisional_holidays(year: int) -> list[tuple[date, str]]:
    """The statutory holidays of 全国年节及纪念日放假办法 (as revised by 国务院令第795号, in force 2025)
    for a year whose State Council arrangement is not out yet: 元旦 1 day, 春节 4 days (除夕 to 初三),
    清明 1 day (the solar term), 劳动节 2 days, 端午 1 day, 中秋 1 day, 国庆 3 days. Lunar dates are
    computed (lunardate); there are no make-up working days until the official notice."""
    from chinese_calendar import get_solar_terms
    from lunardate import LunarDate

    new_year = LunarDate(year, 1, 1).to_solar_date()
    eve = date.fromordinal(new_year.toordinal() - 1)
    qingming = next(d for d, _ in get_solar_terms(date(year, 4, 1), date(year, 4, 10)))
    days = [(date(year, 1, 1), "元旦")]
    days += [(date.fromordinal(eve.toordinal() + i), "春节") for i in range(4)]
    days += [(qingming, "清明节"), (date(year, 5, 1), "劳动节"), (date(year, 5, 2), "劳动节")]
    days += [
        (LunarDate(year, 5, 5).to_solar_date(), "端午节"),
        (LunarDate(year, 8, 15).to_solar_date(), "中秋节"),
    ]
    days += [(date(year, 10, d), "国庆节") for d in (1, 2, 3)]
    # A Spring Festival eve in the previous December would belong to the previous year's table.
    return sorted({d: n for d, n in days if d.year == year}.items())


def year_load_provisional(*, year: int, actor: Any) -> CalendarYear:
    """Load a not-yet-announced year as provisional: every deadline that touches it is flagged
    provisional until an administrator enters the official arrangement (DESIGN.md invariant 6)."""
    return year_load(
        year=year,
        holidays=provisional_holidays(year),
        makeup_workdays=[],
        status=CalendarYear.Status.PROVISIONAL,
        source="全国年节及纪念日放假办法（暂定，农历日期推算，无调休）",
        actor=actor,
    )
