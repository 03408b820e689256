"""Every complaint transition, its journal entry, who may take it, and the two clocks across holidays."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from zhifa.cases.models import ProcedureSetting
from zhifa.catalog.models import CalendarYear
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import subject_of
from zhifa.supervision import rules, services
from zhifa.supervision.models import Complaint, ComplaintConversion, ComplaintStatus
from zhifa.supervision.services import RouteTarget

from .conftest import NAME, PHONE, submit


def events_of(complaint: Complaint) -> list[str]:
    return list(
        JournalEntry.objects.filter(subject=subject_of(complaint))
        .order_by("id")
        .values_list("event_type", flat=True)
    )


def payload_of(complaint: Complaint, event: str) -> dict[str, Any]:
    entry = JournalEntry.objects.filter(subject=subject_of(complaint), event_type=event).latest("id")
    payload: dict[str, Any] = json.loads(entry.payload)
    return payload


# --- intake ----------------------------------------------------------------------------------------


def test_received_with_receipt_number_per_region_and_year_and_hashed_code(sw):
    first = submit(sw)
    second = submit(sw, agency_concerned=None, region=sw.world.city)
    other_region = submit(sw, agency_concerned=None, region=sw.world.county_a)
    next_year = submit(sw, on=date(2025, 12, 30))
    c = first.complaint
    assert c.receipt_number == "TS-990100-2026-000001"
    assert second.complaint.receipt_number == "TS-990100-2026-000002"
    assert other_region.complaint.receipt_number == "TS-990102-2026-000001"
    assert next_year.complaint.receipt_number == "TS-990100-2025-000001"
    assert c.status == ComplaintStatus.RECEIVED
    assert c.region == sw.world.city  # the agency's region
    # The query code is shown once and stored only as a keyed hash.
    assert len(first.query_code) == 11 and first.query_code[5] == "-"
    assert first.query_code not in c.query_code_hash
    assert events_of(c) == ["complaint.received"]


def test_journal_carries_no_identity_and_no_text(sw):
    c = submit(sw).complaint
    entry = JournalEntry.objects.get(subject=subject_of(c))
    assert NAME not in entry.payload and PHONE not in entry.payload
    assert "牛奶" not in entry.payload
    payload = payload_of(c, "complaint.received")
    assert payload["anonymous"] is False and len(payload["content_sha256"]) == 64
    assert entry.agency_id is None  # not shown in an agency's journal before it is routed there


def test_anonymous_complaint_is_received(sw):
    c = submit(sw, complainant_name="", complainant_phone="").complaint
    assert c.anonymous
    assert payload_of(c, "complaint.received")["anonymous"] is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"content": "   "}, "请填写投诉举报内容"),
        ({"content": "字" * 5001}, "不能超过 5000 字"),
        ({"subject_kind": "other"}, "请选择投诉举报的事项类别"),
        ({"agency_concerned": None, "region": None}, "请选择被投诉举报的执法主体"),
        ({"complainant_phone": "12345"}, "电话号码格式错误"),
        ({"form_nonce": ""}, "表单校验码无效"),
    ],
)
def test_bad_intake_is_refused_in_chinese_and_writes_nothing(sw, kwargs, message):
    with pytest.raises(DomainError, match=message):
        submit(sw, **kwargs)
    assert Complaint.objects.count() == 0
    assert JournalEntry.objects.filter(event_type="complaint.received").count() == 0


def test_a_form_token_is_used_once(sw):
    submit(sw, form_nonce="same")
    with pytest.raises(DomainError, match="该表单已经提交过"):
        submit(sw, form_nonce="same")
    assert Complaint.objects.count() == 1


def test_a_withdrawn_agency_cannot_be_chosen(sw):
    sw.world.agency_b.active = False
    sw.world.agency_b.save()
    with pytest.raises(DomainError, match="已撤销"):
        submit(sw, agency_concerned=sw.world.agency_b)


# --- the acceptance clock (总局令第20号 第十四条) -------------------------------------------------------


def test_accept_within_7_working_days_order_20_art_14_across_national_day(sw):
    """总局令第20号 第十四条: accept or refuse within 7 working days of receipt. Received Tuesday 29
    September 2026: 30 Sep (1); 1–7 Oct 国庆 (no); 8, 9 Oct (2, 3); Saturday 10 Oct is a make-up working
    day (4); 12, 13, 14 Oct (5, 6, 7)."""
    c = submit(sw, on=date(2026, 9, 29)).complaint
    assert c.accept_due_on == date(2026, 10, 14)
    assert c.due_on == date(2026, 10, 14) and not c.accept_due_provisional
    assert rules.REGIONAL["complaint_accept_days"].basis.endswith("第十四条")


def test_accept_days_is_a_regional_setting(sw):
    ProcedureSetting.objects.create(key="complaint_accept_days", region=sw.world.province, value=5)
    c = submit(sw, on=date(2026, 9, 29)).complaint
    # 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct make-up (4), 12 Oct (5).
    assert c.accept_due_on == date(2026, 10, 12)


def test_answer_within_45_working_days_of_acceptance_order_20_art_21_across_spring_festival(sw):
    """总局令第20号 第二十一条 (45 working days from acceptance, the default answer period). Accepted
    Tuesday 10 February 2026: 11–13 Feb (3), Saturday 14 Feb make-up (4), 15–23 Feb 春节, 24–27 Feb (8),
    Saturday 28 Feb make-up (9), March: 22 working days (31), 1–3 Apr (34), 4–6 Apr 清明, 7–10 Apr (38),
    13–17 Apr (43), 20, 21 Apr (45)."""
    c = submit(sw, on=date(2026, 2, 9)).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, on=date(2026, 2, 10))
    assert c.status == ComplaintStatus.ACCEPTED
    assert c.answer_due_on == date(2026, 4, 21)
    assert c.due_on == date(2026, 4, 21)
    payload = payload_of(c, "complaint.accepted")
    assert payload["late"] is False and payload["answer_due_on"] == "2026-04-21"


def test_answer_days_regional_setting_across_national_day(sw):
    ProcedureSetting.objects.create(key="complaint_answer_days", region=sw.world.city, value=10)
    c = submit(sw, on=date(2026, 9, 28)).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, on=date(2026, 9, 29))
    # 30 Sep (1), 8, 9 Oct (3), Sat 10 Oct (4), 12–16 Oct (9), 19 Oct (10).
    assert c.answer_due_on == date(2026, 10, 19)


def test_a_clock_into_an_unloaded_year_waits_for_the_calendar_and_the_daily_job_fills_it(sw):
    """The engine refuses a year that is not loaded (DESIGN.md invariant 6): the complaint is still
    received, its clock empty and shown as such, and filled once the year is loaded."""
    assert not CalendarYear.objects.filter(year=2027).exists()
    c = submit(sw, on=date(2026, 12, 28)).complaint
    assert c.accept_due_on is None and c.due_on is None
    assert services.complaint_deadlines_fill() == 0
    from zhifa.catalog.calendar import year_load_provisional

    year_load_provisional(year=2027, actor=None)
    assert services.complaint_deadlines_fill() == 1
    c.refresh_from_db()
    # 29, 30, 31 Dec (3); 1 Jan 2027 元旦 (provisional: no make-up days); 4–7 Jan (7).
    assert c.accept_due_on == date(2027, 1, 7) and c.accept_due_provisional
    assert c.due_on == date(2027, 1, 7)


def test_late_acceptance_is_recorded_as_late(sw):
    c = submit(sw, on=date(2026, 9, 29)).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, on=date(2026, 10, 15))
    assert payload_of(c, "complaint.accepted")["late"] is True


# --- transitions ---------------------------------------------------------------------------------------


def test_full_path_accept_route_answer(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, on=date(2026, 9, 30))
    c = services.complaint_route(
        complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_a), on=date(2026, 10, 9)
    )
    assert c.status == ComplaintStatus.ROUTED and c.routed_to == sw.world.agency_a
    assert not c.routed_to_supervision
    c = services.complaint_answer(
        complaint=c,
        actor=sw.officer_a,
        answer="经核查，该超市确有销售过期食品行为，已立案调查。",
        on=date(2026, 10, 20),
    )
    assert c.status == ComplaintStatus.ANSWERED and c.due_on is None
    assert events_of(c) == [
        "complaint.received",
        "complaint.accepted",
        "complaint.routed",
        "complaint.answered",
    ]
    routed = JournalEntry.objects.get(subject=subject_of(c), event_type="complaint.routed")
    assert routed.agency_id == sw.world.agency_a.pk  # from here on, in the agency's own journal


def test_accept_and_route_in_one_step(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_b))
    assert c.status == ComplaintStatus.ROUTED and c.routed_to == sw.world.agency_b
    assert events_of(c)[-2:] == ["complaint.accepted", "complaint.routed"]


def test_refuse_needs_a_reason_and_closes(sw):
    c = submit(sw).complaint
    with pytest.raises(DomainError, match="请填写不予受理的理由"):
        services.complaint_refuse(complaint=c, actor=sw.supervisor, reason=" ")
    c.refresh_from_db()
    assert c.status == ComplaintStatus.RECEIVED
    c = services.complaint_refuse(
        complaint=c, actor=sw.supervisor, reason="不属于行政执法监督范围，请向人民法院起诉。"
    )
    assert c.status == ComplaintStatus.REFUSED and c.due_on is None
    assert payload_of(c, "complaint.refused")["reason"].startswith("不属于")


def test_conduct_complaint_routes_to_the_supervising_body(sw):
    """About an agency's own conduct: kept by the supervising body (条例 第六条: the 司法行政部门)."""
    c = submit(sw, subject_kind="conduct").complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(None))
    assert c.routed_to_supervision and c.routed_to == sw.justice
    # The agency complained about is not the one answering: the supervisor answers.
    with pytest.raises(PermissionDenied):
        services.complaint_answer(complaint=c, actor=sw.officer_a, answer="答复")
    c = services.complaint_answer(
        complaint=c, actor=sw.supervisor, answer="经调查，执法程序存在瑕疵，已责令改正。"
    )
    assert c.status == ComplaintStatus.ANSWERED


def test_without_a_registered_supervising_body_the_supervisors_keep_it(sw):
    sw.justice.is_supervising_body = False
    sw.justice.save()
    c = submit(sw, subject_kind="conduct").complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(None))
    assert c.routed_to_supervision and c.routed_to is None
    services.complaint_answer(complaint=c, actor=sw.supervisor, answer="已答复")


def test_rerouting_needs_a_reason(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    with pytest.raises(DomainError, match="须说明理由"):
        services.complaint_route(complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_b))
    c = services.complaint_route(
        complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_b), reason="属生态环境部门管辖"
    )
    assert c.routed_to == sw.world.agency_b
    assert payload_of(c, "complaint.routed")["previous_agency"] == sw.world.agency_a.pk


def test_a_supervisor_does_not_answer_in_the_agency_s_place_regulation_art_8(sw):
    """《行政执法监督条例》第八条: 不得以监督代替行政执法 — the agency answers what was routed to it."""
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    with pytest.raises(PermissionDenied, match="第八条"):
        services.complaint_answer(complaint=c, actor=sw.supervisor, answer="答复")
    with pytest.raises(PermissionDenied):
        services.complaint_answer(complaint=c, actor=sw.officer_b, answer="答复")
    with pytest.raises(PermissionDenied):
        services.complaint_answer(complaint=c, actor=sw.clerk_a, answer="答复")
    services.complaint_answer(complaint=c, actor=sw.head_a, answer="已答复")


@pytest.mark.parametrize("who", ["officer_a", "head_a", "admin", "county_supervisor"])
def test_only_the_region_s_supervisors_accept_refuse_and_route(sw, who):
    c = submit(sw).complaint  # a city complaint: the county supervisor's region is below it
    actor = getattr(sw, who)
    with pytest.raises(PermissionDenied, match="监督人员"):
        services.complaint_accept(complaint=c, actor=actor)
    with pytest.raises(PermissionDenied):
        services.complaint_refuse(complaint=c, actor=actor, reason="理由")
    c = services.complaint_accept(complaint=c, actor=sw.supervisor)
    with pytest.raises(PermissionDenied):
        services.complaint_route(complaint=c, actor=actor, target=RouteTarget(sw.world.agency_a))
    assert events_of(c) == ["complaint.received", "complaint.accepted"]


def test_county_supervisor_cannot_route_outside_the_county(sw):
    c = submit(sw, agency_concerned=None, region=sw.world.county_a).complaint
    c = services.complaint_accept(complaint=c, actor=sw.county_supervisor)
    with pytest.raises(DomainError, match="不在您监督的区域内"):
        services.complaint_route(
            complaint=c, actor=sw.county_supervisor, target=RouteTarget(sw.world.agency_a)
        )


def test_actions_on_a_closed_complaint_are_refused_in_chinese(sw):
    c = submit(sw).complaint
    c = services.complaint_refuse(complaint=c, actor=sw.supervisor, reason="重复投诉")
    with pytest.raises(DomainError, match="已办结（不予受理），不能再受理"):
        services.complaint_accept(complaint=c, actor=sw.supervisor)
    with pytest.raises(DomainError, match="已办结"):
        services.complaint_route(complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_a))
    with pytest.raises(DomainError, match="已办结"):
        services.complaint_answer(complaint=c, actor=sw.supervisor, answer="答复")
    with pytest.raises(DomainError, match="已办结"):
        services.complaint_convert(complaint=c, actor=sw.supervisor, kind="supervision_matter", note="摘要")
    assert events_of(c) == ["complaint.received", "complaint.refused"]


def test_an_answered_complaint_cannot_be_answered_again(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    c = services.complaint_answer(complaint=c, actor=sw.officer_a, answer="第一次答复")
    with pytest.raises(DomainError, match="已办结（已答复），不能再答复"):
        services.complaint_answer(complaint=c, actor=sw.officer_a, answer="第二次答复")
    c.refresh_from_db()
    assert c.answer == "第一次答复"


def test_answer_before_routing_is_refused(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor)
    with pytest.raises(DomainError, match="当前状态为“已受理”，不能答复"):
        services.complaint_answer(complaint=c, actor=sw.supervisor, answer="答复")


# --- conversion into a case lead or a supervision matter -----------------------------------------------


def test_convert_into_a_case_lead_by_the_routed_agency(sw):
    c = submit(sw).complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor)
    with pytest.raises(DomainError, match="请先将投诉举报转交"):
        services.complaint_convert(complaint=c, actor=sw.supervisor, kind="case_lead", note="摘要")
    c = services.complaint_route(complaint=c, actor=sw.supervisor, target=RouteTarget(sw.world.agency_a))
    with pytest.raises(PermissionDenied):
        services.complaint_convert(complaint=c, actor=sw.supervisor, kind="case_lead", note="摘要")
    conv = services.complaint_convert(
        complaint=c, actor=sw.officer_a, kind="case_lead", note="涉嫌销售过期食品"
    )
    assert conv.agency == sw.world.agency_a
    payload = payload_of(c, "complaint.converted")
    assert payload["kind"] == "case_lead" and payload["agency_id"] == sw.world.agency_a.pk
    with pytest.raises(DomainError, match="不能重复转办"):
        services.complaint_convert(complaint=c, actor=sw.officer_a, kind="case_lead", note="再次")
    # Still open: the complainant gets an answer.
    c.refresh_from_db()
    assert c.status == ComplaintStatus.ROUTED


def test_convert_into_a_supervision_matter_by_a_supervisor(sw):
    c = submit(sw, subject_kind="conduct").complaint
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(None))
    with pytest.raises(PermissionDenied):
        services.complaint_convert(complaint=c, actor=sw.officer_a, kind="supervision_matter", note="摘要")
    services.complaint_convert(
        complaint=c, actor=sw.supervisor, kind="supervision_matter", note="执法程序问题"
    )
    assert payload_of(c, "complaint.converted")["kind"] == "supervision_matter"
    assert ComplaintConversion.objects.get(complaint=c).agency == sw.world.agency_a  # the agency concerned


def test_conversion_event_can_be_subscribed_to(sw, django_capture_on_commit_callbacks):
    """The cases app (or the supervision matters) may subscribe to complaint.converted later."""
    from zhifa.journal import services as journal

    seen = []
    journal.subscribe("test.complaint_converted", "complaint.converted", lambda e: seen.append(e.payload))
    try:
        c = submit(sw).complaint
        c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
        with django_capture_on_commit_callbacks(execute=True):
            services.complaint_convert(complaint=c, actor=sw.head_a, kind="case_lead", note="线索")
    finally:
        journal.unsubscribe("test.complaint_converted")
    assert len(seen) == 1 and "case_lead" in seen[0]


# --- identity ----------------------------------------------------------------------------------------


def test_identity_read_is_journaled_and_limited_to_handlers(sw):
    c = submit(sw).complaint
    for outsider in (sw.officer_a, sw.admin, sw.officer_b, sw.county_supervisor):
        with pytest.raises(PermissionDenied):
            services.complaint_identity_read(complaint=c, actor=outsider)
    assert "complaint.identity_read" not in events_of(c)
    identity = services.complaint_identity_read(complaint=c, actor=sw.supervisor)
    assert (identity.name, identity.phone) == (NAME, PHONE)
    entry = JournalEntry.objects.get(subject=subject_of(c), event_type="complaint.identity_read")
    assert entry.actor_id == sw.supervisor.pk
    assert NAME not in entry.payload and PHONE not in entry.payload
    c = services.complaint_accept(complaint=c, actor=sw.supervisor, route=RouteTarget(sw.world.agency_a))
    services.complaint_identity_read(complaint=c, actor=sw.officer_a)  # now handling it
    with pytest.raises(PermissionDenied):
        services.complaint_identity_read(complaint=c, actor=sw.clerk_a)  # its agency, not a handler
    assert events_of(c).count("complaint.identity_read") == 2
