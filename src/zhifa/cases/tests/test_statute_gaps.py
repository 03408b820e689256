"""Issue 17 part 9: gaps found by walking the procedures as the law reads. Each test names the article
it holds the code to."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import engine, services
from zhifa.cases.tests.conftest import receipt, step, to_reported

pytestmark = pytest.mark.django_db

ON_SPOT = date(2026, 5, 6)


def refused(guard_code, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    codes = [r.guard for r in exc.value.refusals]
    assert guard_code in codes, codes
    return next(r for r in exc.value.refusals if r.guard == guard_code)


def summary_case(
    cw, *, officers=2, birth_date=None, kinds=("罚款",), fine="100", place_text="城关街道2号门前"
):
    party = services.party_create(
        agency=cw.world.agency_a,
        kind="natural_person",
        name="张三",
        address="江北市幸福路8号",
        birth_date=birth_date,
    )
    return services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        place_text=place_text,
        discovered_on=ON_SPOT,
        act_on=ON_SPOT,
        officers=cw.officers[:officers],
        penalty_kinds=list(kinds),
        fine_amount=Decimal(fine) if fine else None,
        actor=None,
    )


def decide_on_spot(cw, case, **data):
    return engine.execute(
        case=case, transition="decide_on_spot", actor=None, on=ON_SPOT, data={"facts": "f", **data}
    )


# -- 行政处罚法 Art.30: no penalty under 14, on any procedure ------------------------------------------


def test_summary_refuses_under_14_art30(cw):
    case = summary_case(cw, birth_date=date(2013, 1, 1))  # 13 on the day of the act
    r = refused("lenience_applied", lambda: decide_on_spot(cw, case))
    assert "不满十四周岁" in r.message and "第三十条" in r.article
    case.refresh_from_db()
    assert case.state == "on_spot" and not case.decision_number  # nothing issued


def test_summary_minor_of_14_to_18_gets_lenience_art30(cw):
    case = summary_case(cw, birth_date=date(2010, 1, 1))  # 16
    r = refused("lenience_applied", lambda: decide_on_spot(cw, case))
    assert "应当从轻或者减轻" in r.message
    assert decide_on_spot(cw, case, lenience="lighter").state == "decided"


# -- SAMR 程序规定 Art.60 para.2 with Art.50 para.1; 行政处罚法 Art.57 para.2: collective discussion -----


def _hearing_held(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    hearing = {"place": "本局听证室", "presider": "钱法制", "hearing_on": "2026-04-08"}
    case = step(cw, case, "schedule_hearing", date(2026, 3, 26), **hearing)
    return step(cw, case, "hold_hearing", date(2026, 4, 8), report="听证报告", **HEARD)


HEARD = {"adopted": "不予采纳，理由：当事人提出的货值异议与抽样记录不符"}


def _decide_codes(cw, case, on):
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "decide", on)
    return {r.guard: r for r in exc.value.refusals}


def test_hearing_case_needs_collective_discussion_samr_art60_art50(cw, lead):
    case = _hearing_held(cw, lead)
    r = _decide_codes(cw, case, date(2026, 4, 9))["collective_discussion_held"]
    assert "经过听证程序" in r.message and "第六十条第二款" in r.article and "第五十条第一款" in r.article
    step(cw, case, "collective_discussion", date(2026, 4, 9), conclusion="同意听证后的处理意见")
    assert "collective_discussion_held" not in _decide_codes(cw, case, date(2026, 4, 9))


def test_collective_discussion_before_the_hearing_does_not_count_art65(cw, lead):
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(cw, case, "collective_discussion", date(2026, 3, 21), conclusion="同意")
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    hearing = {"place": "本局听证室", "presider": "钱法制", "hearing_on": "2026-04-08"}
    case = step(cw, case, "schedule_hearing", date(2026, 3, 26), **hearing)
    case = step(cw, case, "hold_hearing", date(2026, 4, 8), report="听证报告", **HEARD)
    r = _decide_codes(cw, case, date(2026, 4, 9))["collective_discussion_held"]
    assert "听证之后" in r.message


def test_major_public_interest_needs_collective_discussion_samr_art50(cw, lead):
    case = to_reported(cw, lead, major_public_interest=True)
    case = step(cw, step(cw, case, "serve_notice", date(2026, 3, 23)), "close_statement", date(2026, 3, 31))
    r = _decide_codes(cw, case, date(2026, 4, 1))["collective_discussion_held"]
    assert "涉及重大公共利益" in r.message
    step(cw, case, "collective_discussion", date(2026, 4, 1), conclusion="同意")
    assert "collective_discussion_held" not in _decide_codes(cw, case, date(2026, 4, 1))


def test_ordinary_case_needs_no_collective_discussion(cw, lead):
    case = to_reported(cw, lead)
    case = step(cw, step(cw, case, "serve_notice", date(2026, 3, 23)), "close_statement", date(2026, 3, 31))
    assert step(cw, case, "decide", date(2026, 4, 1)).state == "decided"


# -- 行政处罚法 Art.59(4), 67, 72: the decision states how the penalty actually imposed is performed -----


def _decision_text(case, kind):
    from zhifa.cases import documents
    from zhifa.cases.models import Document
    from zhifa.lib.officialdoc import from_json

    doc = Document.objects.get(case=case, kind=kind)
    return documents.document_text(from_json(doc.content))


def test_warning_only_decision_has_no_payment_clause_art59(cw):
    case = decide_on_spot(cw, summary_case(cw, kinds=("警告",), fine=None))
    text = _decision_text(case, "summary_decision")
    assert "警告" in text and "自送达当事人之日起生效" in text
    for absent in ("缴纳", "加处罚款", "指定银行", "十五日内"):
        assert absent not in text, absent


def test_fine_decision_states_payment_and_late_payment_penalty_art67_art72(cw):
    case = decide_on_spot(cw, summary_case(cw))
    text = _decision_text(case, "summary_decision")
    assert "十五日内" in text and "指定银行" in text and "加处罚款" in text


def test_general_warning_only_decision_has_no_payment_clause_art59(cw, lead):
    case = to_reported(cw, lead, penalty_kinds=["警告"], fine_amount="", benchmark_tier="minor")
    case = step(cw, step(cw, case, "serve_notice", date(2026, 3, 23)), "close_statement", date(2026, 3, 31))
    case = step(cw, case, "decide", date(2026, 4, 1))
    text = _decision_text(case, "penalty_decision")
    assert "缴纳" not in text and "加处罚款" not in text


# -- 行政处罚法 Art.52 para.2; SAMR 程序规定 Art.68: time and place of the act on the on-the-spot form ---


def test_on_spot_decision_states_time_and_place_of_the_act_art52_samr68(cw):
    case = decide_on_spot(cw, summary_case(cw))
    text = _decision_text(case, "summary_decision")
    assert "违法行为发生时间：2026年5月6日" in text
    assert f"违法行为发生地点：{cw.world.city.name}城关街道2号门前" in text


def test_on_spot_decision_refused_without_the_place_of_the_act_art52(cw):
    """The party's address is not the place of the act: without the place the form is not issued."""
    from zhifa.core.errors import DomainError

    case = summary_case(cw, place_text="")
    with pytest.raises(DomainError) as exc:
        decide_on_spot(cw, case)
    assert "违法行为的地点" in str(exc.value) and "第五十二条" in exc.value.rule
    case = decide_on_spot(cw, case, place_text="幸福路与民主路交叉口")
    assert f"违法行为发生地点：{cw.world.city.name}幸福路与民主路交叉口" in _decision_text(
        case, "summary_decision"
    )


# -- 行政处罚法 Art.42, 52: on-the-spot enforcement by two officers unless a law provides otherwise ------


def test_on_spot_needs_two_officers_art42(cw):
    case = summary_case(cw, officers=1)
    r = refused("on_spot_officers", lambda: decide_on_spot(cw, case))
    assert "两名以上" in r.message and "第四十二条" in r.article and "第五十二条" in r.article
    assert decide_on_spot(cw, summary_case(cw, officers=2)).state == "decided"


def test_one_officer_on_the_spot_where_the_items_law_provides_it_art42(cw):
    """The exception is the item's configuration, with the law that provides it, named in the record."""
    from zhifa.journal.models import JournalEntry

    cw.world.item_a.single_officer_basis = "《中华人民共和国道路交通安全法》第一百零七条"
    cw.world.item_a.save()
    case = decide_on_spot(cw, summary_case(cw, officers=1))
    assert case.state == "decided"
    entry = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="decision.issued")
    assert entry.payload_data["single_officer_basis"] == "《中华人民共和国道路交通安全法》第一百零七条"


# -- 行政处罚法 Art.73: a pending 复议 or 诉讼 is recorded; no 加处罚款 accrues while it is pending --------


def test_days_late_leave_out_pending_challenges_art73():
    from zhifa.lib.penalties import days_late, late_payment_penalty

    due = date(2026, 4, 20)
    assert days_late(due_on=due, paid_on=date(2026, 4, 30)) == 10
    pause = (date(2026, 4, 23), date(2026, 4, 27))  # five days, both ends included
    assert days_late(due_on=due, paid_on=date(2026, 4, 30), pauses=[pause]) == 5
    # A challenge filed before the due date only leaves out the days after it; overlaps count once.
    early = (date(2026, 4, 1), date(2026, 4, 22))
    assert days_late(due_on=due, paid_on=date(2026, 4, 30), pauses=[early, pause]) == 3
    assert late_payment_penalty(principal=1000, due_on=due, paid_on=date(2026, 4, 30), pauses=[pause]) == (
        Decimal("150.00")
    )


def _served(cw, lead):
    case = to_reported(cw, lead)
    case = step(cw, step(cw, case, "serve_notice", date(2026, 3, 23)), "close_statement", date(2026, 3, 31))
    case = step(cw, case, "decide", date(2026, 4, 1))
    return step(cw, case, "serve_decision", date(2026, 4, 2), method="direct")


def test_pending_reconsideration_stops_late_payment_penalty_art73(cw, lead):
    """Served Thu 04-02: 15 days to pay, due Fri 04-17. 复议 applied for on 04-20, decided 04-24 (five
    days left out); paid 04-27: 10 days late minus 5 = 5 days at 3% of 60,000 = 9,000."""
    from zhifa.journal.models import JournalEntry

    case = _served(cw, lead)
    assert case.deadlines.get(kind="payment").due_on == date(2026, 4, 17)
    case = step(
        cw, case, "record_challenge", date(2026, 4, 20), kind="reconsideration", body="江北市人民政府"
    )
    assert case.challenges[0]["until"] == "" and case.state == "served"  # execution is not suspended
    with pytest.raises(Exception, match="尚未审结"):
        step(cw, case, "record_challenge", date(2026, 4, 21), kind="litigation", body="江北区人民法院")
    case = step(cw, case, "end_challenge", date(2026, 4, 24), outcome="维持原行政处罚决定")
    assert case.challenges[0]["until"] == "2026-04-24"
    case = step(cw, case, "record_payment", date(2026, 4, 27), **receipt(69000))
    pay = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="case.record_payment")
    assert pay.payload_data["payment"]["late_payment_penalty"] == "9000.00"
    recorded = JournalEntry.objects.get(subject=f"cases.case:{case.pk}", event_type="case.record_challenge")
    assert recorded.payload_data["challenge"]["body"] == "江北市人民政府"


def test_no_court_application_while_a_challenge_is_pending_art73(cw, lead):
    case = step(cw, _served(cw, lead), "demand_performance", date(2026, 4, 20), method="direct")
    case = step(cw, case, "record_challenge", date(2026, 4, 21), kind="litigation", body="江北区人民法院")
    r = refused(
        "court_application_allowed",
        lambda: step(cw, case, "apply_to_court", date(2026, 5, 20), court="江北区人民法院"),
    )
    assert "尚未审结" in r.message


# -- SAMR 程序规定 Art.62 para.1(3): the decision states the statement, whether adopted, and why ---------


def _noticed(cw, lead):
    return step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))


def test_decision_states_statement_and_its_adoption_samr_art62(cw, lead):
    said, adopted = "当事人称系初次违法，请求从轻处罚", "部分采纳，理由：当事人已主动整改"
    case = step(cw, _noticed(cw, lead), "close_statement", date(2026, 3, 31), summary=said, adopted=adopted)
    assert (case.statement_summary, case.statement_adoption) == (said, adopted)
    text = _decision_text(step(cw, case, "decide", date(2026, 4, 1)), "penalty_decision")
    assert "当事人陈述、申辩的采纳情况及理由" in text
    assert f"{said}。采纳情况及理由：{adopted}。" in text


def test_a_statement_needs_its_adoption_and_reasons_samr_art62(cw, lead):
    from zhifa.core.errors import DomainError

    case = _noticed(cw, lead)
    with pytest.raises(DomainError, match="采纳情况及理由"):
        step(cw, case, "close_statement", date(2026, 3, 31), summary="当事人请求从轻处罚")


def test_no_statement_and_waiver_are_stated_too_samr_art62(cw, lead):
    case = step(cw, _noticed(cw, lead), "close_statement", date(2026, 3, 31))
    text = _decision_text(step(cw, case, "decide", date(2026, 4, 1)), "penalty_decision")
    assert "当事人在规定期限内未提出陈述、申辩意见" in text


def test_decision_refused_without_a_recorded_statement_samr_art62(cw, lead):
    """A case whose statement was never recorded (e.g. from before the step captured it): the decision
    lacks a mandatory element and is not issued."""
    from zhifa.cases.models import Case, Document
    from zhifa.core.errors import DomainError

    case = step(cw, _noticed(cw, lead), "close_statement", date(2026, 3, 31), waived=True)
    Case.objects.filter(pk=case.pk).update(statement_summary="")
    case.refresh_from_db()
    with pytest.raises(DomainError, match="当事人陈述、申辩的采纳情况及理由") as exc:
        step(cw, case, "decide", date(2026, 4, 1))
    assert "第五十九条" in exc.value.rule and "第六十二条" in exc.value.rule
    assert not Document.objects.filter(case=case, kind="penalty_decision").exists()


def test_hearing_records_adoption_for_the_decision_samr_art62(cw, lead):
    case = _hearing_held(cw, lead)
    assert case.statement_summary == "听证报告" and case.statement_adoption == HEARD["adopted"]


# -- 行政强制法 Art.25 para.3: testing, inspection, quarantine or appraisal time is not counted ---------


def test_testing_time_excluded_from_seizure_period_compulsion_art25(cw):
    from zhifa.cases.models import Deadline, DeadlineStatus, Document
    from zhifa.cases.tests.conftest import open_compulsion

    party = services.party_create(
        agency=cw.world.agency_a,
        kind="legal_person",
        name="江北市某食品有限公司",
        address="江北市城关街道1号",
        credit_code="91350100M000100Y43",
    )
    case = open_compulsion(cw, party, date(2026, 6, 1))
    data = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
    case = step(cw, case, "enforce", date(2026, 6, 1), **data)
    period = Deadline.objects.get(case=case, kind="compulsion_period")
    assert period.due_on == date(2026, 7, 1)
    testing = {"test": "检验", "items": "月饼样品", "institution": "江北市食品检验所", "until": "2026-06-20"}
    case = step(cw, case, "start_testing", date(2026, 6, 10), **testing)
    period.refresh_from_db()
    assert period.status == DeadlineStatus.PAUSED
    notice = Document.objects.get(case=case, kind="testing_notice")  # told to the party in writing
    text = _decision_text(case, "testing_notice")
    assert "不计入查封（扣押）期限" in text and "费用由本机关承担" in text and notice.number
    # While the test runs the period cannot be said to have expired (the days are not counted).
    r = refused(
        "release_ground_holds",
        lambda: step(cw, case, "release", date(2026, 7, 5), ground="expired", outcome="期限届满"),
    )
    assert "第二十五条第三款" in r.article
    case = step(cw, case, "end_testing", date(2026, 7, 5), result="检验不合格")
    period.refresh_from_db()
    # 25 days stood still (06-10 → 07-05): 30 + 25 days from 06-01.
    assert period.status == DeadlineStatus.RUNNING and period.paused_days == 25
    assert period.due_on == engine.due_date(date(2026, 6, 1), 55, working_days=False)[0]
    assert period.due_on >= date(2026, 7, 26)  # Sun 07-26, moved to the next working day
