"""Deadline clocks in the record: every clock a step starts, meets, misses or pauses is named in that
step's journal entry, and the daily job journals each clock it marks missed (DESIGN.md: the journal is
what happened, the Deadline rows are the fast view)."""

from datetime import date

import pytest
from django.db import transaction

from zhifa.cases import services
from zhifa.cases.models import Deadline, DeadlineStatus
from zhifa.cases.tests.conftest import FILED, open_compulsion, step
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def _entry(case, event_type):
    return JournalEntry.objects.filter(subject=f"cases.case:{case.pk}", event_type=event_type).latest("id")


def test_a_late_step_names_the_clock_it_missed_samr_art18(cw, lead):
    """SAMR 程序规定 Art.18: the filing decision within 15 working days of the clue (due Mon 2026-03-23).
    Filing on 03-25 misses that clock inside the step: the step's entry says so."""
    case = step(cw, lead, "file", date(2026, 3, 25))
    payload = _entry(case, "case.file").payload_data
    assert payload["missed"] == [{"kind": "filing", "due_on": "2026-03-23"}]
    assert "met" not in payload
    assert payload["deadlines"][0]["kind"] == "decision_period"  # the clock it started
    assert case.deadlines.get(kind="filing").status == DeadlineStatus.MISSED


def test_a_step_in_time_names_the_clock_it_met_samr_art18(cw, lead):
    case = step(cw, lead, "file", FILED)
    payload = _entry(case, "case.file").payload_data
    assert payload["met"] == [{"kind": "filing", "due_on": "2026-03-23"}]
    assert "missed" not in payload


def test_a_step_that_meets_two_clocks_names_both_compulsion_law_art19(cw, party):
    """行政强制法 Art.19, 28: releasing an emergency measure stops the seizure period and the 24-hour report
    clock; the entry names both."""
    case = open_compulsion(cw, party, date(2026, 6, 1), "紧急扣押")
    data = {"measure": "扣押", "items": "疑似有毒食品", "site_record": "笔录", "reason": "当事人正在转移"}
    case = step(cw, case, "enforce_on_spot", date(2026, 6, 1), actor=cw.officer_user, **data)
    case = step(cw, case, "release", date(2026, 6, 3), ground="not_approved", outcome="负责人不予批准")
    payload = _entry(case, "case.release").payload_data
    assert payload["met"] == [{"kind": "compulsion_period", "due_on": "2026-07-01"}]
    assert payload["missed"] == [{"kind": "on_spot_report", "due_on": "2026-06-02"}]


def test_the_daily_job_journals_every_clock_it_marks_missed_art60(cw, lead):
    """行政处罚法 Art.60: the decision period (90 days from filing, due 2026-06-02) runs out unmet; the
    daily job marks it missed with its own entry naming it, once."""
    case = step(cw, lead, "file", FILED)
    assert services.deadlines_mark_missed(today=date(2026, 6, 2)) == 0  # due today: not yet missed
    assert services.deadlines_mark_missed(today=date(2026, 6, 3)) == 1
    entry = _entry(case, "case.deadline_missed")
    assert entry.payload_data["missed"] == [{"kind": "decision_period", "due_on": "2026-06-02"}]
    assert "第六十条" in entry.payload_data["rule"]
    assert case.deadlines.get(kind="decision_period").status == DeadlineStatus.MISSED
    assert services.deadlines_mark_missed(today=date(2026, 6, 4)) == 0  # journaled once


def test_the_daily_job_leaves_a_clock_met_after_it_read_the_list(cw, lead, monkeypatch):
    """A step that met the clock between the job's listing and its write wins: no missed status, no
    entry (the job re-reads the row, locked, in its transaction)."""
    case = step(cw, lead, "file", FILED)
    period = case.deadlines.get(kind="decision_period")
    real_atomic = transaction.atomic

    def a_step_commits_first(*args, **kwargs):
        Deadline.objects.filter(pk=period.pk).update(status=DeadlineStatus.MET, closed_on=date(2026, 6, 2))
        return real_atomic(*args, **kwargs)

    monkeypatch.setattr(transaction, "atomic", a_step_commits_first)
    assert services.deadlines_mark_missed(today=date(2026, 6, 3)) == 0
    monkeypatch.undo()
    period.refresh_from_db()
    assert period.status == DeadlineStatus.MET
    assert not JournalEntry.objects.filter(event_type="case.deadline_missed").exists()
