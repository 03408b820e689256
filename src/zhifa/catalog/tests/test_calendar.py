"""The database-backed working-day engine (DESIGN.md invariant 6; legal-rules §0.3): the calendar seeded
from chinese-calendar, across the 2025 and 2026 Spring Festival and National Day holidays and their
make-up days; refusal for a year not loaded; administrators loading a year."""

from datetime import date

import pytest

from zhifa.catalog import calendar
from zhifa.catalog.models import CalendarYear, Holiday
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.workdays import CalendarYearNotLoaded

pytestmark = pytest.mark.django_db


def test_seeded_years_cover_2004_to_2026():
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert {2004, 2025, 2026} <= years
    assert 2027 not in years


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 26),  # Sunday, make-up day before the 2025 Spring Festival
        date(2025, 2, 8),  # Saturday, make-up day after it
        date(2025, 9, 28),  # Sunday, before National Day 2025
        date(2025, 10, 11),  # Saturday, after it
        date(2026, 2, 14),  # Saturday, 2026 Spring Festival
        date(2026, 2, 28),  # Saturday, 2026 Spring Festival
        date(2026, 9, 20),  # Sunday, before National Day 2026
        date(2026, 10, 10),  # Saturday, after it
        date(2005, 12, 31),  # Saturday: 国办发明电〔2005〕35号, missing from chinese-calendar 1.11.0
    ],
)
def test_make_up_days_are_working_days(day):
    assert day.weekday() >= 5
    assert calendar.work_calendar().is_workday(day)


def test_spring_festival_2025_art85_start_day_not_counted():
    # Fri 2025-01-24 + 5 working days: Sun 01-26 is a make-up day (1), Mon 01-27 (2),
    # 01-28..02-04 are off, Wed 02-05 (3), Thu 02-06 (4), Fri 02-07 (5).
    assert calendar.add_working_days(date(2025, 1, 24), 5).date == date(2025, 2, 7)


def test_spring_festival_2026_seven_working_days():
    # Fri 2026-02-13 + 7: Sat 02-14 make-up (1), 02-15..02-23 off, Tue 02-24 (2) … Fri 02-27 (5),
    # Sat 02-28 make-up (6), Mon 03-02 (7).
    assert calendar.add_working_days(date(2026, 2, 13), 7).date == date(2026, 3, 2)


def test_national_day_2025_publication_deadline():
    # A decision on Tue 2025-09-30; 7 working days (118号 二(六)): 10-01..10-08 off,
    # Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 make-up (3), Mon 10-13 (4) … Thu 10-16 (7).
    assert calendar.add_working_days(date(2025, 9, 30), 7).date == date(2025, 10, 16)


def test_national_day_2026_count_is_inverse_of_add():
    start = date(2026, 9, 25)
    due = calendar.add_working_days(start, 7).date
    assert due == date(2026, 10, 12)
    assert calendar.count_working_days(start, due) == 7


def test_calendar_period_ending_on_a_holiday_moves_to_next_working_day():
    # 30 calendar days from 2026-09-02 end on Fri 10-02 (National Day, off 10-01..10-07): moves to Thu 10-08.
    assert calendar.add_calendar_days(date(2026, 9, 2), 30).date == date(2026, 10, 8)
    # A period ending on an ordinary working day does not move.
    assert calendar.add_calendar_days(date(2026, 9, 2), 28).date == date(2026, 9, 30)


def test_unloaded_year_is_refused_with_its_name():
    with pytest.raises(CalendarYearNotLoaded) as exc:
        calendar.add_working_days(date(2026, 12, 28), 7)
    assert exc.value.year == 2027
    assert "2027 年的节假日安排尚未录入" in str(exc.value)


def test_admin_loads_a_year_and_the_cache_follows():
    calendar.year_load(
        year=2027,
        holidays=[(date(2027, 1, 1), "元旦")],
        makeup_workdays=[],
        status="provisional",
        source="全国年节及纪念日放假办法（暂定）",
        actor=None,
    )
    result = calendar.add_working_days(date(2026, 12, 28), 7)
    # Tue 12-29 (1), Wed (2), Thu 12-31 (3), Fri 2027-01-01 off, Mon 01-04 (4) … Thu 01-07 (7).
    assert result.date == date(2027, 1, 7)
    assert result.provisional
    assert JournalEntry.objects.filter(event_type="calendar.year_loaded").count() == 1


def test_provisional_cannot_overwrite_official():
    with pytest.raises(DomainError, match="正式安排"):
        calendar.year_load(
            year=2026, holidays=[], makeup_workdays=[], status="provisional", source="x", actor=None
        )
    assert Holiday.objects.filter(date__year=2026).count() > 10


def test_make_up_day_must_be_a_weekend():
    with pytest.raises(DomainError, match="不是周末"):
        calendar.year_load(
            year=2027,
            holidays=[],
            makeup_workdays=[(date(2027, 1, 4), "x")],
            status="official",
            source="x",
            actor=None,
        )
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_api_computes_deadlines_and_explains_refusal(client):
    from zhifa.testing import make_user, make_world

    w = make_world()
    client.force_login(make_user(username="u", role="officer", agency=w.agency_a))
    ok = client.get("/api/v1/calendar/add-working-days?start=2025-09-30&days=7").json()
    assert ok["due"] == "2025-10-16" and ok["provisional"] is False
    refused = client.get("/api/v1/calendar/add-working-days?start=2026-12-28&days=7")
    assert refused.status_code == 422 and "2027" in refused.json()["detail"]


def test_provisional_year_from_the_statutory_holidays():
    """DESIGN.md invariant 6: a year not yet announced is loaded provisionally, lunar dates computed."""
    from zhifa.catalog.calendar import provisional_holidays, year_load_provisional

    days = dict(provisional_holidays(2027))
    # 2027 Spring Festival: eve Fri 02-05, then 02-06..02-08 (全国年节及纪念日放假办法: 4 days).
    assert [d for d, n in days.items() if n == "春节"] == [
        date(2027, 2, 5),
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
    ]
    assert days[date(2027, 4, 5)] == "清明节"
    assert days[date(2027, 6, 9)] == "端午节" and days[date(2027, 9, 15)] == "中秋节"
    assert len(days) == 13
    year_load_provisional(year=2027, actor=None)
    result = calendar.add_working_days(date(2027, 2, 3), 3)
    # Thu 02-04 (1), Fri 02-05 off (eve), Mon 02-08 off, Tue 02-09 (2), Wed 02-10 (3).
    assert result.date == date(2027, 2, 10) and result.provisional
    # A deadline that stays in 2026 is not provisional.
    assert not calendar.add_working_days(date(2026, 3, 2), 5).provisional
