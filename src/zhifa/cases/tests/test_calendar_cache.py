"""The working-day calendar a case step computes with (catalog.calendar): cached per process behind a
fingerprint of the calendar tables, read once per step (`calendar.pinned()`), and an edit to the
calendar changes the result."""

from datetime import date

import pytest

from zhifa.catalog import calendar
from zhifa.catalog.models import Holiday
from zhifa.lib.workdays import CalendarYearNotLoaded

pytestmark = pytest.mark.django_db


def test_editing_a_day_changes_the_result_and_a_pinned_block_reads_the_fingerprint_once():
    """The calendar is cached per process behind a fingerprint of the tables; a case step (`pinned()`)
    reads that fingerprint once, not on every lookup. An edit is seen by the next lookup outside the
    block, and by the next block."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert calendar.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 3)
    with CaptureQueriesContext(connection) as ctx, calendar.pinned():
        for n in range(1, 6):
            calendar.add_working_days(date(2026, 3, 2), n)
        calendar.add_calendar_days(date(2026, 3, 2), 30)
    assert len(ctx.captured_queries) == 1  # the fingerprint; the calendar itself is cached
    # An administrator marks Tue 2026-03-03 as a day off (the admin saves one row: a history row).
    day = Holiday.objects.create(date=date(2026, 3, 3), kind=Holiday.Kind.HOLIDAY, name="临时放假")
    assert calendar.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 4)
    with calendar.pinned():
        assert calendar.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 4)
        day.delete()  # inside the block the first calendar stays …
        assert calendar.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 4)
    # … and the next block (the next step) sees the edit.
    with calendar.pinned():
        assert calendar.add_working_days(date(2026, 3, 2), 1).date == date(2026, 3, 3)


def test_a_year_loaded_inside_a_pinned_block_is_seen_at_once():
    with calendar.pinned():
        with pytest.raises(CalendarYearNotLoaded):
            calendar.add_working_days(date(2026, 12, 28), 7)
        calendar.year_load(
            year=2027, holidays=[], makeup_workdays=[], status="official", source="x", actor=None
        )
        assert calendar.add_working_days(date(2026, 12, 28), 7).date == date(2027, 1, 6)


def test_a_step_after_a_calendar_edit_computes_its_deadline_on_the_edited_calendar(cw, party):
    from zhifa.cases import services
    from zhifa.cases.models import Deadline
    from zhifa.cases.tests.conftest import DISCOVERED, FILED, step

    def filed_case():
        lead = services.case_open(
            agency=cw.world.agency_a,
            procedure="general",
            item=cw.world.item_a,
            party=party,
            title="销售过期食品",
            place=cw.world.township_a,
            discovered_on=DISCOVERED,
            act_on=date(2026, 2, 20),
            officers=cw.officers[:2],
            actor=None,
        )
        case = step(cw, lead, "file", FILED)
        return Deadline.objects.get(case=case, kind="decision_period").due_on

    # 90 calendar days from 2026-03-04 end on Tue 06-02 (行政处罚法 Art.60) …
    assert filed_case() == date(2026, 6, 2)
    Holiday.objects.create(date=date(2026, 6, 2), kind=Holiday.Kind.HOLIDAY, name="临时放假")
    # … and on the next working day once 06-02 is a day off.
    assert filed_case() == date(2026, 6, 3)
