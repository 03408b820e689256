"""Tests for zhifa.lib.workdays.

The reference data is chinese_calendar 1.11.0 (arrangements 2004-2026), with a
cross-check against holidays 0.108 (``holidays.China``). Hand-checked examples
give the weekday of every date in a comment.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from bisect import bisect_right
from collections.abc import Iterator

import chinese_calendar
import holidays
import pytest
from chinese_calendar import constants as cc_constants
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.lib.workdays import (
    CalendarYearNotLoaded,
    CountResult,
    DeadlineResult,
    WorkCalendar,
    YearStatus,
)

D = dt.date
FIRST_YEAR, LAST_YEAR = 2004, 2026  # the years chinese_calendar 1.11.0 covers


def calendar_from_chinese_calendar(
    official: range = range(FIRST_YEAR, LAST_YEAR + 1), provisional: tuple[int, ...] = ()
) -> WorkCalendar:
    """Test fixture helper: a WorkCalendar from chinese_calendar's data tables.

    ``chinese_calendar.constants.holidays`` maps every day off of the holiday
    arrangements (including weekend days inside a holiday block) and
    ``chinese_calendar.constants.workdays`` every make-up working day.
    """
    years = set(official) | set(provisional)
    return WorkCalendar(
        holidays=(d for d in cc_constants.holidays if d.year in years),
        makeup_workdays=(d for d in cc_constants.workdays if d.year in years),
        official_years=official,
        provisional_years=provisional,
    )


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return calendar_from_chinese_calendar()


def all_days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    d = first
    while d <= last:
        yield d
        d += dt.timedelta(days=1)


# Reference working days computed once from chinese_calendar.is_workday (slow
# per call), used by brute-force reference implementations below.
REFERENCE_WORKDAYS = [
    d.toordinal()
    for d in all_days(D(FIRST_YEAR, 1, 1), D(LAST_YEAR, 12, 31))
    if chinese_calendar.is_workday(d)
]

REFERENCE_WORKDAY_SET = frozenset(REFERENCE_WORKDAYS)


def reference_add(start: dt.date, n: int) -> dt.date:
    """The n-th working day after start, by walking day by day (statutory rule)."""
    d, left = start, n
    while left:
        d += dt.timedelta(days=1)
        if d.toordinal() in REFERENCE_WORKDAY_SET:
            left -= 1
    return d


# ---------------------------------------------------------------------------
# is_workday
# ---------------------------------------------------------------------------


def test_agrees_with_chinese_calendar_every_day_2004_2026(cal: WorkCalendar) -> None:
    ours = [d.toordinal() for d in all_days(D(FIRST_YEAR, 1, 1), D(LAST_YEAR, 12, 31)) if cal.is_workday(d)]
    assert ours == REFERENCE_WORKDAYS


def test_every_makeup_workday_is_a_workday(cal: WorkCalendar) -> None:
    assert len(cc_constants.workdays) > 100
    for d in cc_constants.workdays:
        assert d.weekday() >= 5, d  # always a Saturday or Sunday
        assert cal.is_workday(d), d


def test_every_arrangement_holiday_is_a_rest_day(cal: WorkCalendar) -> None:
    for d in cc_constants.holidays:
        assert not cal.is_workday(d), d


def test_2025_spring_festival(cal: WorkCalendar) -> None:
    assert cal.is_workday(D(2025, 1, 26))  # Sunday, make-up working day
    for day in range(28, 32):
        assert not cal.is_workday(D(2025, 1, day))  # Tue 28 - Fri 31
    for day in range(1, 5):
        assert not cal.is_workday(D(2025, 2, day))  # Sat 1 - Tue 4
    assert cal.is_workday(D(2025, 2, 5))  # Wednesday, back to work
    assert cal.is_workday(D(2025, 2, 8))  # Saturday, make-up working day
    assert not cal.is_workday(D(2025, 2, 9))  # Sunday, ordinary rest day


def test_2025_national_day(cal: WorkCalendar) -> None:
    assert not cal.is_workday(D(2025, 9, 27))  # Saturday, ordinary rest day
    assert cal.is_workday(D(2025, 9, 28))  # Sunday, make-up working day
    for day in range(1, 9):
        assert not cal.is_workday(D(2025, 10, day))  # Wed 1 - Wed 8 (National Day + Mid-Autumn)
    assert cal.is_workday(D(2025, 10, 9))  # Thursday
    assert cal.is_workday(D(2025, 10, 11))  # Saturday, make-up working day
    assert not cal.is_workday(D(2025, 10, 12))  # Sunday


def test_2026_makeup_days(cal: WorkCalendar) -> None:
    makeup_2026 = sorted(d for d in cc_constants.workdays if d.year == 2026)
    assert makeup_2026 == [
        D(2026, 1, 4),
        D(2026, 2, 14),
        D(2026, 2, 28),
        D(2026, 5, 9),
        D(2026, 9, 20),
        D(2026, 10, 10),
    ]
    # Sun Jan 4, Sat Feb 14, Sat Feb 28, Sat May 9, Sun Sep 20, Sat Oct 10
    assert [d.strftime("%a") for d in makeup_2026] == ["Sun", "Sat", "Sat", "Sat", "Sun", "Sat"]
    assert all(cal.is_workday(d) for d in makeup_2026)
    for day in range(15, 24):
        assert not cal.is_workday(D(2026, 2, day))  # Spring Festival, Sun 15 - Mon 23
    assert cal.is_workday(D(2026, 2, 24))  # Tuesday


# ---------------------------------------------------------------------------
# add_working_days: hand-checked examples
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Statutory example: a decision on Friday 2026-09-25 (itself the Mid-Autumn
        # holiday) + 7 working days. Not counted: Fri 25 (start). Sat 26, Sun 27 holiday;
        # Mon 28 (1), Tue 29 (2), Wed 30 (3); Oct 1-7 National Day; Thu Oct 8 (4),
        # Fri 9 (5), Sat 10 make-up (6); Sun 11 rest; Mon Oct 12 (7).
        (D(2026, 9, 25), 7, D(2026, 10, 12)),
        # Fri 2025-01-24 -> Sun Jan 26 is a make-up working day.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 2, D(2025, 1, 27)),  # Mon
        (D(2025, 1, 24), 3, D(2025, 2, 5)),  # Wed, after Spring Festival Jan 28 - Feb 4
        (D(2025, 1, 27), 4, D(2025, 2, 8)),  # Mon -> Wed 5, Thu 6, Fri 7, Sat 8 (make-up)
        (D(2025, 1, 27), 5, D(2025, 2, 10)),  # ... Sun 9 rest, Mon 10
        # Fri 2025-09-26: Sat 27 rest, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3),
        # Oct 1-8 holiday, Thu Oct 9 (4), Fri 10 (5), Sat 11 make-up (6), Sun 12, Mon 13 (7).
        (D(2025, 9, 26), 1, D(2025, 9, 28)),
        (D(2025, 9, 26), 3, D(2025, 9, 30)),
        (D(2025, 9, 26), 4, D(2025, 10, 9)),
        (D(2025, 9, 26), 6, D(2025, 10, 11)),
        (D(2025, 9, 26), 7, D(2025, 10, 13)),
        # Start on a holiday: Wed 2025-10-01 + 1 -> Thu Oct 9.
        (D(2025, 10, 1), 1, D(2025, 10, 9)),
        # 2026 Spring Festival: Fri Feb 13 -> Sat Feb 14 (make-up) is day 1; Sun 15 - Mon 23 off.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),  # Tue
        (D(2026, 2, 24), 4, D(2026, 2, 28)),  # Tue -> Wed 25, Thu 26, Fri 27, Sat 28 (make-up)
        # New Year 2026: Wed 2025-12-31 -> Thu Jan 1 - Sat Jan 3 off, Sun Jan 4 make-up.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),  # Mon
        # Ordinary week: Mon 2025-03-03 + 5 -> Mon 2025-03-10.
        (D(2025, 3, 3), 5, D(2025, 3, 10)),
        # n == 0 returns the start even on a holiday.
        (D(2025, 10, 1), 0, D(2025, 10, 1)),
    ],
)
def test_add_working_days_examples(cal: WorkCalendar, start: dt.date, n: int, expected: dt.date) -> None:
    assert cal.add_working_days(start, n) == expected
    assert reference_add(start, n) == expected
    if n:
        assert cal.count_working_days(start, expected) == n


def test_differs_from_chinese_calendar_find_workday_when_start_is_a_rest_day(cal: WorkCalendar) -> None:
    # chinese_calendar.find_workday(n, d) first moves d to the next working day and
    # counts from there; the statute counts from the day after the start whatever
    # the start is. They agree when the start is a working day.
    assert chinese_calendar.find_workday(7, D(2026, 9, 25)) == D(2026, 10, 13)
    assert cal.add_working_days(D(2026, 9, 25), 7) == D(2026, 10, 12)
    for start in all_days(D(2025, 1, 1), D(2026, 11, 30)):
        if chinese_calendar.is_workday(start):
            for n in (1, 5, 7, 15):
                assert cal.add_working_days(start, n) == chinese_calendar.find_workday(n, start)


def test_add_working_days_matches_reference_every_start_2025_2026(cal: WorkCalendar) -> None:
    workdays = REFERENCE_WORKDAYS
    for start in all_days(D(2025, 1, 1), D(2026, 10, 31)):
        base = bisect_right(workdays, start.toordinal())
        for n in range(1, 31):
            assert cal.add_working_days(start, n) == D.fromordinal(workdays[base + n - 1])


def test_add_working_days_rejects_negative(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="negative"):
        cal.add_working_days(D(2025, 5, 6), -1)
    with pytest.raises(ValueError, match="negative"):
        cal.add_calendar_days(D(2025, 5, 6), -1)


# ---------------------------------------------------------------------------
# count_working_days
# ---------------------------------------------------------------------------


def test_count_working_days_examples(cal: WorkCalendar) -> None:
    assert cal.count_working_days(D(2025, 3, 3), D(2025, 3, 3)) == 0
    assert cal.count_working_days(D(2025, 3, 3), D(2025, 3, 4)) == 1  # Mon -> Tue
    assert cal.count_working_days(D(2025, 3, 7), D(2025, 3, 9)) == 0  # Fri -> Sun
    # Fri 2025-09-26 .. Mon 2025-10-13: Sep 28, 29, 30, Oct 9, 10, 11, 13.
    assert cal.count_working_days(D(2025, 9, 26), D(2025, 10, 13)) == 7
    # Whole year 2025 (starts on a Wednesday): 261 weekdays; minus 18 weekday rest days
    # (Jan 1; Jan 28-31, Feb 3-4; Apr 4; May 1-2, 5; Jun 2; Oct 1-3, 6-8); plus 5 make-up
    # days (Jan 26, Feb 8, Apr 27, Sep 28, Oct 11) = 248.
    total_2025 = sum(1 for o in REFERENCE_WORKDAYS if D.fromordinal(o).year == 2025)
    assert cal.count_working_days(D(2024, 12, 31), D(2025, 12, 31)) == total_2025 == 248
    with pytest.raises(ValueError, match="before start"):
        cal.count_working_days(D(2025, 3, 4), D(2025, 3, 3))


def test_count_is_additive(cal: WorkCalendar) -> None:
    a, b, c = D(2024, 11, 30), D(2025, 2, 8), D(2026, 10, 10)
    assert cal.count_working_days(a, c) == cal.count_working_days(a, b) + cal.count_working_days(b, c)


# ---------------------------------------------------------------------------
# add_calendar_days
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 3, 3), 15, D(2025, 3, 18)),  # Mon + 15 = Tue, a working day: unchanged
        (D(2025, 3, 3), 12, D(2025, 3, 17)),  # nominal end Sat Mar 15 -> Mon Mar 17
        (D(2025, 3, 3), 13, D(2025, 3, 17)),  # nominal end Sun Mar 16 -> Mon Mar 17
        (D(2025, 9, 16), 15, D(2025, 10, 9)),  # nominal end Wed Oct 1 (National Day) -> Thu Oct 9
        (D(2025, 9, 26), 15, D(2025, 10, 11)),  # nominal end Sat Oct 11 is a make-up working day: unchanged
        (D(2025, 12, 20), 12, D(2026, 1, 4)),  # nominal end Thu 2026-01-01 -> Sun Jan 4 (make-up)
        (D(2026, 1, 31), 15, D(2026, 2, 24)),  # nominal end Sun Feb 15 (Spring Festival) -> Tue Feb 24
        (D(2025, 10, 1), 0, D(2025, 10, 1)),  # n == 0: start unchanged
    ],
)
def test_add_calendar_days(cal: WorkCalendar, start: dt.date, n: int, expected: dt.date) -> None:
    assert cal.add_calendar_days(start, n) == expected


def test_add_calendar_days_only_needs_the_end_year() -> None:
    only_2026 = calendar_from_chinese_calendar(official=range(2026, 2027))
    # A two-year period from 2024 (not loaded) ending in 2026: Mon 2026-06-01 is a working day.
    assert only_2026.add_calendar_days(D(2024, 6, 1), 730) == D(2026, 6, 1)
    with pytest.raises(CalendarYearNotLoaded):
        only_2026.add_calendar_days(D(2024, 6, 1), 10)


def test_next_workday(cal: WorkCalendar) -> None:
    assert cal.next_workday(D(2025, 10, 9)).date == D(2025, 10, 9)  # Thu, already a working day
    assert cal.next_workday(D(2025, 10, 1)).date == D(2025, 10, 9)  # Wed holiday -> Thu


# ---------------------------------------------------------------------------
# Unloaded years
# ---------------------------------------------------------------------------

NOT_LOADED_2027 = "2027 年的节假日安排尚未录入，无法计算工作日期限；请管理员录入国务院办公厅公布的放假安排"


def test_message_names_the_year() -> None:
    err = CalendarYearNotLoaded(2027)
    assert str(err) == NOT_LOADED_2027
    assert err.year == 2027


def test_refuses_start_in_unloaded_year(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarYearNotLoaded, match=re.escape(NOT_LOADED_2027)) as info:
        cal.add_working_days(D(2027, 1, 4), 1)
    assert info.value.year == 2027
    for call in (
        lambda: cal.is_workday(D(2027, 1, 4)),
        lambda: cal.add_working_days(D(2027, 3, 1), 0),
        lambda: cal.count_working_days(D(2027, 1, 4), D(2027, 1, 8)),
        lambda: cal.add_calendar_days(D(2027, 1, 4), 3),
        lambda: cal.next_workday(D(2027, 1, 1)),
    ):
        with pytest.raises(CalendarYearNotLoaded, match="2027 年"):
            call()


def test_refuses_running_into_unloaded_year(cal: WorkCalendar) -> None:
    # Mon 2026-12-28 + 3 -> Thu Dec 31 is still inside 2026 ...
    assert cal.add_working_days(D(2026, 12, 28), 3) == D(2026, 12, 31)
    # ... but a 4th working day would be in 2027, which is not loaded.
    with pytest.raises(CalendarYearNotLoaded, match="2027 年") as info:
        cal.add_working_days(D(2026, 12, 28), 4)
    assert info.value.year == 2027
    with pytest.raises(CalendarYearNotLoaded, match="2027 年"):
        cal.add_working_days(D(2026, 12, 21), 15)
    with pytest.raises(CalendarYearNotLoaded, match="2027 年"):
        cal.count_working_days(D(2026, 12, 21), D(2027, 1, 5))
    # Nominal end Sat 2027-01-02 would need 2027's arrangement.
    with pytest.raises(CalendarYearNotLoaded, match="2027 年"):
        cal.add_calendar_days(D(2026, 12, 21), 12)
    # Nominal end Thu 2026-12-31 is a working day: fine.
    assert cal.add_calendar_days(D(2026, 12, 21), 10) == D(2026, 12, 31)


def test_refuses_year_before_data(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarYearNotLoaded, match="2003 年") as info:
        cal.is_workday(D(2003, 12, 31))
    assert info.value.year == 2003


def test_refuses_gap_between_loaded_years() -> None:
    gappy = calendar_from_chinese_calendar(official=range(2024, 2025), provisional=(2026,))
    assert gappy.loaded_years == {2024: YearStatus.OFFICIAL, 2026: YearStatus.PROVISIONAL}
    assert gappy.year_status(2025) is None
    with pytest.raises(CalendarYearNotLoaded, match="2025 年") as info:
        gappy.add_working_days(D(2024, 12, 30), 3)  # Mon; Tue 31 is day 1, day 2 would be in 2025
    assert info.value.year == 2025
    with pytest.raises(CalendarYearNotLoaded, match="2025 年"):
        gappy.count_working_days(D(2024, 12, 1), D(2026, 1, 5))
    with pytest.raises(CalendarYearNotLoaded, match="2025 年"):
        gappy.add_calendar_days(D(2024, 12, 30), 2)
    assert gappy.add_working_days(D(2024, 12, 30), 1) == D(2024, 12, 31)


# ---------------------------------------------------------------------------
# Provisional years
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def provisional_2026() -> WorkCalendar:
    return calendar_from_chinese_calendar(official=range(FIRST_YEAR, 2026), provisional=(2026,))


def test_provisional_flag(provisional_2026: WorkCalendar) -> None:
    cal = provisional_2026
    assert cal.year_status(2026) is YearStatus.PROVISIONAL
    assert cal.year_status(2025) is YearStatus.OFFICIAL
    # Mon 2025-12-29 + 2 = Wed Dec 31: only 2025 consulted.
    within = cal.add_working_days_ex(D(2025, 12, 29), 2)
    assert within == DeadlineResult(D(2025, 12, 31))
    assert not within.provisional
    # + 3: Jan 1-3 2026 off, Sun 2026-01-04 (make-up) is day 3, from the provisional year.
    across = cal.add_working_days_ex(D(2025, 12, 29), 3)
    assert across == DeadlineResult(D(2026, 1, 4), (2026,))
    assert across.provisional
    assert cal.add_working_days(D(2025, 12, 29), 3) == D(2026, 1, 4)
    # (Mon 2025-12-01, Mon 2026-01-05]: Dec 2-31 has 30 days, 8 of them weekend days -> 22;
    # plus Sun Jan 4 (make-up) and Mon Jan 5 -> 24.
    assert cal.count_working_days_ex(D(2025, 12, 1), D(2026, 1, 5)) == CountResult(24, (2026,))
    assert not cal.count_working_days_ex(D(2025, 12, 1), D(2025, 12, 31)).provisional
    assert cal.add_calendar_days_ex(D(2025, 12, 20), 12) == DeadlineResult(D(2026, 1, 4), (2026,))
    assert not cal.add_calendar_days_ex(D(2025, 12, 1), 10).provisional
    # A start day in the provisional year is itself a consulted provisional day.
    assert cal.add_working_days_ex(D(2026, 3, 2), 0).provisional


# ---------------------------------------------------------------------------
# Construction
# ---------------------------------------------------------------------------


def test_constructor_validation() -> None:
    with pytest.raises(ValueError, match="both as holiday and as make-up"):
        WorkCalendar(holidays=[D(2025, 1, 26)], makeup_workdays=[D(2025, 1, 26)], official_years=[2025])
    with pytest.raises(ValueError, match="Saturdays or Sundays"):
        WorkCalendar(holidays=[], makeup_workdays=[D(2025, 1, 27)], official_years=[2025])  # a Monday
    with pytest.raises(ValueError, match="both official and provisional"):
        WorkCalendar(holidays=[], makeup_workdays=[], official_years=[2025], provisional_years=[2025])


def test_datetimes_are_accepted_as_dates() -> None:
    cal = WorkCalendar(
        holidays=[dt.datetime(2030, 1, 1, 0, 0)],  # noqa: DTZ001 - naive on purpose, only the date matters
        makeup_workdays=[dt.datetime(2030, 1, 5, 0, 0)],  # noqa: DTZ001
        official_years=[2030],
    )
    assert not cal.is_workday(D(2030, 1, 1))  # Tuesday, holiday
    assert cal.is_workday(D(2030, 1, 5))  # Saturday, make-up working day


def test_empty_arrangement_year_is_weekends_only_but_only_because_it_is_loaded() -> None:
    plain = WorkCalendar(holidays=[], makeup_workdays=[], official_years=[2030])
    assert plain.add_working_days(D(2030, 1, 4), 1) == D(2030, 1, 7)  # Fri -> Mon
    with pytest.raises(CalendarYearNotLoaded):
        plain.add_working_days(D(2029, 12, 31), 1)


# ---------------------------------------------------------------------------
# Cross-check with holidays.China (holidays 0.108)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def holidays_china() -> holidays.HolidayBase:
    return holidays.country_holidays("CN", years=range(FIRST_YEAR, LAST_YEAR + 1))


def test_holidays_china_agrees_2025_2026(cal: WorkCalendar, holidays_china: holidays.HolidayBase) -> None:
    # holidays.China lists the statutory days and the weekday 调休 rest days, and keeps
    # the make-up Saturdays/Sundays in ``weekend_workdays``; its is_working_day()
    # combines them. Full agreement for 2025 and 2026.
    for d in all_days(D(2025, 1, 1), D(2026, 12, 31)):
        assert cal.is_workday(d) == holidays_china.is_working_day(d), d
    assert sorted(d for d in holidays_china.weekend_workdays if d.year >= 2025) == sorted(
        d for d in cc_constants.workdays if d.year >= 2025
    )
    # holidays' get_nth_working_day(start, n) uses the same "start excluded" rule.
    for start in all_days(D(2025, 1, 1), D(2026, 11, 30)):
        if start.day in (1, 8, 15, 22, 26, 29):
            assert cal.add_working_days(start, 7) == holidays_china.get_nth_working_day(start, 7)


def test_holidays_china_disagreement_2004_2026(
    cal: WorkCalendar, holidays_china: holidays.HolidayBase
) -> None:
    # Over the whole range the libraries disagree on exactly one day, Saturday
    # 2005-12-31. The State Council notice for 2006 (国办发明电〔2005〕35号) says
    # "12月31日（星期六）上班" — holidays.China is right, chinese_calendar 1.11.0
    # lacks that make-up working day. Whoever loads 2005 into the production
    # calendar from chinese_calendar must add it by hand.
    disagreements = [
        d for d in all_days(D(FIRST_YEAR, 1, 1), D(LAST_YEAR, 12, 31))
        if cal.is_workday(d) != holidays_china.is_working_day(d)
    ]  # fmt: skip
    assert disagreements == [D(2005, 12, 31)]
    assert D(2005, 12, 31) in holidays_china.weekend_workdays


# ---------------------------------------------------------------------------
# Properties and performance
# ---------------------------------------------------------------------------

_starts = st.dates(min_value=D(FIRST_YEAR, 1, 1), max_value=D(LAST_YEAR, 6, 30))
_counts = st.integers(min_value=0, max_value=100)  # 100 working days < 6 months


@given(_starts, _counts)
def test_count_inverts_add(start: dt.date, n: int) -> None:
    cal = _PROPERTY_CAL
    assert cal.count_working_days(start, cal.add_working_days(start, n)) == n


@given(_starts, _counts)
def test_add_is_strictly_monotonic_in_n(start: dt.date, n: int) -> None:
    cal = _PROPERTY_CAL
    assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)


@given(_starts, st.integers(min_value=1, max_value=100))
def test_add_result_is_a_workday_and_matches_reference(start: dt.date, n: int) -> None:
    cal = _PROPERTY_CAL
    result = cal.add_working_days(start, n)
    assert cal.is_workday(result)
    assert result == reference_add(start, n)
    # Nothing between the n-1-th and the n-th working day is a working day.
    previous = cal.add_working_days(start, n - 1)
    assert all(
        not cal.is_workday(previous + dt.timedelta(days=k)) for k in range(1, (result - previous).days)
    )


@settings(max_examples=50)
@given(_starts, st.integers(min_value=0, max_value=150))
def test_add_calendar_days_properties(start: dt.date, n: int) -> None:
    cal = _PROPERTY_CAL
    result = cal.add_calendar_days(start, n)
    nominal = start + dt.timedelta(days=n)
    assert result >= nominal
    if n:
        assert cal.is_workday(result)
        assert all(not cal.is_workday(nominal + dt.timedelta(days=k)) for k in range((result - nominal).days))


_PROPERTY_CAL = calendar_from_chinese_calendar()


def test_performance(cal: WorkCalendar) -> None:
    starts = [D(2004, 1, 1) + dt.timedelta(days=(i * 7919) % 8000) for i in range(10_000)]
    t0 = time.perf_counter()
    for i, start in enumerate(starts):
        end = cal.add_working_days(start, i % 60)
        cal.count_working_days(start, end)
    elapsed = time.perf_counter() - t0
    assert elapsed < 1.0, f"10,000 add+count took {elapsed:.3f} s"


def test_months_later_clips_to_the_months_length():
    """The nominal end of a period of months (SAMR 公示规定 Art.13's 3 months / 3 years; 行政诉讼法 Art.46's
    6 months before any move off a holiday)."""
    from zhifa.lib.workdays import months_later

    assert months_later(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert months_later(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert months_later(dt.date(2026, 11, 22), 3) == dt.date(2027, 2, 22)
    assert months_later(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert months_later(dt.date(2026, 5, 15), 36) == dt.date(2029, 5, 15)
