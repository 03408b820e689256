"""中止 (SAMR 市场监督管理行政处罚程序规定 Art.46 grounds, with the head's approval; Art.64 para.2: the time
suspended does not count towards the decision period): the case waits, the 90-day clock is paused and
runs again for the days it had left once the ground ends. The other periods Art.64 para.2 leaves out
that cases record: 听证 (from the request to the hearing held) and the 公告 of the notice of intent (the
30 days from its posting to its deemed service, Art.82(5)), each day left out once."""

from datetime import date

import pytest

from zhifa.cases import engine
from zhifa.cases.models import DeadlineStatus
from zhifa.cases.tests.conftest import step
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry

pytestmark = pytest.mark.django_db
# SAMR 程序规定 Art.62 para.1(3): the hearing step records whether the party's points are adopted, and why.
ADOPTED = "不予采纳，理由：当事人未提供新的证据"

MISSING = {"ground": "party_missing", "reason": "当事人经营场所已关闭，法定代表人下落不明"}


def _period(case):
    return case.deadlines.get(kind="decision_period")


def _refused(guard, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    assert guard in {r.guard for r in exc.value.refusals}, exc.value.refusals
    return next(r for r in exc.value.refusals if r.guard == guard)


def test_suspension_pauses_the_decision_period_and_moves_its_end_by_the_suspended_days(cw, lead):
    case = step(cw, lead, "file", date(2026, 3, 4))
    assert _period(case).due_on == date(2026, 6, 2)  # 90 days (行政处罚法 Art.60)
    case = step(cw, case, "suspend", date(2026, 3, 10), **MISSING)
    assert case.state == "suspended" and case.suspended_on == date(2026, 3, 10)
    period = _period(case)
    assert period.status == DeadlineStatus.PAUSED and period.paused_on == date(2026, 3, 10)
    # Nothing moves while suspended.
    with pytest.raises(engine.TransitionRefused, match="中止调查"):
        step(cw, case, "report", date(2026, 3, 20), actor=cw.officer_user)
    case = step(cw, case, "resume", date(2026, 3, 30), reason="当事人已到案接受调查")
    assert case.state == "investigating" and case.suspended_on is None
    period = _period(case)
    # 20 days suspended (03-10 → 03-30): the end moves from Tue 06-02 to Mon 06-22.
    assert period.status == DeadlineStatus.RUNNING and period.paused_days == 20
    assert period.due_on == date(2026, 6, 22)
    # A second suspension adds its own days: 10 more → Thu 07-02.
    case = step(cw, case, "suspend", date(2026, 4, 10), ground="interpretation", reason="请示法律适用问题")
    case = step(cw, case, "resume", date(2026, 4, 20), reason="已收到答复")
    assert _period(case).due_on == date(2026, 7, 2) and _period(case).paused_days == 30
    entries = JournalEntry.objects.filter(
        subject=f"cases.case:{case.pk}", event_type__in=["case.suspend", "case.resume"]
    )
    assert [e.event_type for e in entries.order_by("id")] == ["case.suspend", "case.resume"] * 2
    first = entries.order_by("id").first().payload_data
    assert (
        first["suspension"]["ground"] == "party_missing" and first["paused"][0]["kind"] == "decision_period"
    )
    resumed = entries.filter(event_type="case.resume").order_by("id").first().payload_data
    assert resumed["resumed"] == [{"kind": "decision_period", "due_on": "2026-06-22", "paused_days": 20}]


def test_the_end_is_recomputed_from_the_filing_not_from_a_date_moved_off_a_holiday(cw, lead):
    """Filed Fri 07-03: day 90 is Thu 10-01 (National Day), so the period ends Thu 10-08. Suspended 5 days,
    day 95 is Tue 10-06 — still the holiday — so it still ends 10-08, not 10-08 + 5."""
    case = step(cw, lead, "file", date(2026, 7, 3))
    assert _period(case).due_on == date(2026, 10, 8)
    case = step(cw, case, "suspend", date(2026, 7, 10), **MISSING)
    case = step(cw, case, "resume", date(2026, 7, 15), reason="当事人已到案")
    assert _period(case).due_on == date(2026, 10, 8) and _period(case).paused_days == 5


def test_resumption_returns_to_the_state_it_left(cw, lead):
    from zhifa.cases.tests.conftest import to_reported

    case = to_reported(cw, lead)
    case = step(
        cw, case, "suspend", date(2026, 3, 23), ground="pending_ruling", reason="等待相关刑事案件判决"
    )
    case = step(cw, case, "resume", date(2026, 4, 1), reason="判决已生效")
    assert case.state == "reported" and case.suspended_from == ""


def test_suspension_guards_samr_art46(cw, lead):
    case = step(cw, lead, "file", date(2026, 3, 4))
    with pytest.raises(DomainError, match="法定情形"):
        step(cw, case, "suspend", date(2026, 3, 10), reason="其他")
    _refused(
        "suspension_explained",
        lambda: step(cw, case, "suspend", date(2026, 3, 10), ground="other", reason="需要"),
    )
    # Approval by the head (Art.46: 经市场监督管理部门负责人批准).
    _refused("role", lambda: step(cw, case, "suspend", date(2026, 3, 10), actor=cw.officer_user, **MISSING))
    # A suspension cannot revive a decision period that has already run out.
    _refused("within_decision_period", lambda: step(cw, case, "suspend", date(2026, 6, 3), **MISSING))
    case = step(cw, case, "suspend", date(2026, 3, 10), **MISSING)
    _refused("resumed_after_suspension", lambda: step(cw, case, "resume", date(2026, 3, 9), reason="已到案"))
    case.refresh_from_db()
    assert case.state == "suspended" and _period(case).status == DeadlineStatus.PAUSED


def test_hearing_time_does_not_count_towards_the_decision_period_art64(cw, lead):
    """SAMR 程序规定 Art.64 para.2: 听证 … 时间不计入案件办理期限 — from the request to the hearing held,
    the decision period stands still; a 中止 during it does not restart the clock early."""
    from zhifa.cases.tests.conftest import to_reported

    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious", penalty_kinds=["罚款"])
    due = _period(case).due_on
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    assert _period(case).status == DeadlineStatus.PAUSED and _period(case).paused_on == date(2026, 3, 25)
    case = step(cw, case, "suspend", date(2026, 3, 26), **MISSING)
    case = step(cw, case, "resume", date(2026, 3, 27), reason="当事人已到案")
    assert case.state == "hearing" and _period(case).status == DeadlineStatus.PAUSED  # still the hearing's
    hearing = {"place": "本局听证室", "presider": "钱法制"}
    case = step(cw, case, "schedule_hearing", date(2026, 3, 27), hearing_on="2026-04-09", **hearing)
    case = step(cw, case, "hold_hearing", date(2026, 4, 9), report="听证报告", adopted=ADOPTED)
    period = _period(case)
    # 15 days stood still (03-25 → 04-09): the end moves by them, recomputed from the filing.
    assert period.status == DeadlineStatus.RUNNING and period.paused_days == 15
    assert (due, period.due_on) == (date(2026, 6, 2), date(2026, 6, 17))  # Tue 06-02 + 15 days: Wed 06-17
    held = JournalEntry.objects.filter(subject=f"cases.case:{case.pk}", event_type="case.hold_hearing").get()
    assert held.payload_data["resumed"][0]["paused_days"] == 15


def _announced(cw, lead, **proposal):
    """Filed Wed 2026-03-04 (decision period 90 days: Tue 06-02); the notice of intent posted by public
    announcement on Mon 03-23, deemed served 30 days later, Wed 04-22 (SAMR 程序规定 Art.82(5))."""
    from zhifa.cases.tests.conftest import to_reported

    case = to_reported(cw, lead, **proposal)
    assert _period(case).due_on == date(2026, 6, 2)
    data = {"method": "public_notice", "place": "本局公告栏", "hearing_offered": True}
    case = step(cw, case, "serve_notice", date(2026, 3, 23), **data)
    assert case.notice_served_on == date(2026, 4, 22)
    return case


def test_a_public_announcement_of_the_notice_does_not_count_towards_the_decision_period_art64(cw, lead):
    """SAMR 程序规定 Art.64 para.2: 公告 … 时间不计入案件办理期限. The 30 days from the posting (Mon 03-23)
    to the notice's deemed service (Wed 04-22) are left out of the decision period at once: its end
    moves from Tue 06-02 to Thu 07-02, recomputed from the filing (90 + 30 days from 03-04); the clock
    keeps running, and the step's entry names the days left out."""
    case = _announced(cw, lead)
    period = _period(case)
    assert (period.status, period.paused_days, period.due_on) == (
        DeadlineStatus.RUNNING,
        30,
        date(2026, 7, 2),
    )
    entry = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="case.serve_notice")
    assert entry.payload_data["excluded"] == [
        {
            "kind": "decision_period",
            "from": "2026-03-23",
            "to": "2026-04-22",
            "days": 30,
            "due_on": "2026-07-02",
        }
    ]


def test_a_notice_served_in_person_leaves_the_decision_period_as_it_was_art64(cw, lead):
    from zhifa.cases.tests.conftest import to_reported

    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23), method="direct")
    period = _period(case)
    assert (period.paused_days, period.due_on) == (0, date(2026, 6, 2))
    entry = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="case.serve_notice")
    assert "excluded" not in entry.payload_data


def test_a_hearing_asked_for_during_the_announcement_pauses_only_after_it_art64(cw, lead):
    """Art.64 para.2 leaves out 公告 and 听证 alike, each day once: a hearing asked for on 04-10, during the
    announcement, stops the clock only from 04-22, where the announcement's own 30 days end; held on
    Thu 05-07 (7 working days after the notice of Thu 04-23, Labour Day 05-01..05 off), it adds 15 days
    (04-22 → 05-07), not 27: 90 + 30 + 15 days from 03-04, Fri 07-17. A 中止 inside the announcement
    (03-25 → 04-01) adds nothing: those days were already left out."""
    case = _announced(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(cw, case, "suspend", date(2026, 3, 25), **MISSING)
    assert _period(case).status == DeadlineStatus.PAUSED and _period(case).paused_on == date(2026, 4, 22)
    case = step(cw, case, "resume", date(2026, 4, 1), reason="当事人已到案")
    period = _period(case)
    assert (case.state, period.status, period.paused_days) == ("noticed", DeadlineStatus.RUNNING, 30)
    assert period.due_on == date(2026, 7, 2)

    case = step(cw, case, "request_hearing", date(2026, 4, 10))
    period = _period(case)
    assert period.status == DeadlineStatus.PAUSED and period.paused_on == date(2026, 4, 22)
    hearing = {"place": "本局听证室", "presider": "钱法制"}
    case = step(cw, case, "schedule_hearing", date(2026, 4, 23), hearing_on="2026-05-07", **hearing)
    case = step(cw, case, "hold_hearing", date(2026, 5, 7), report="听证报告", adopted=ADOPTED)
    period = _period(case)
    assert (period.status, period.paused_days, period.due_on) == (
        DeadlineStatus.RUNNING,
        45,
        date(2026, 7, 17),
    )
    held = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="case.hold_hearing")
    assert held.payload_data["resumed"] == [
        {"kind": "decision_period", "due_on": "2026-07-17", "paused_days": 15}
    ]
