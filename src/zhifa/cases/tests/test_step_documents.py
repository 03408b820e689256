"""The documents the steps issue beyond the decisions (legal-rules §13): each one is numbered, stored and
read back from its PDF with the elements its article requires; the steps that did not exist before
(听证通知, 催告, 申请法院强制执行) with their guards and clocks."""

import re
from datetime import date

import pytest

from zhifa.cases import engine
from zhifa.cases.models import Document
from zhifa.cases.tests.conftest import open_compulsion, receipt, rendered_pdf, step, to_reported
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import extract_text

pytestmark = pytest.mark.django_db

BASIS = "《中华人民共和国食品安全法》第一百二十四条第一款"


def _text(doc: Document) -> str:
    return re.sub(r"—\d+—", "", "".join(extract_text(rendered_pdf(doc)).split()))


def _doc(case, kind, n=-1):
    return list(Document.objects.filter(case=case, kind=kind).order_by("id"))[n]


def _has(text, *expected):
    for e in expected:
        assert "".join(e.split()) in text, e


def _refused(guard, fn):
    with pytest.raises(engine.TransitionRefused) as exc:
        fn()
    assert guard in {r.guard for r in exc.value.refusals}, exc.value.refusals
    return next(r for r in exc.value.refusals if r.guard == guard)


def _served(cw, lead, **service):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1))
    return step(cw, case, "serve_decision", date(2026, 4, 2), **{"method": "direct", **service})


def test_filing_approval_form_numbers_the_case_samr_art19(cw, lead):
    """立案审批表 (SAMR 程序规定 Art.19): filing conditions, legal basis, two or more officers, approval."""
    case = step(cw, lead, "file", date(2026, 3, 4))
    doc = _doc(case, "filing")
    assert doc.number == case.case_number and doc.title == "立案审批表"
    _has(
        _text(doc),
        "立案审批表",
        case.case_number,
        "销售不符合食品安全标准的食品",  # 案由
        "江北市某食品有限公司",
        BASIS,  # 立案依据 (Art.19(2))
        "2026年2月20日",  # the act: within the limitation period (Art.19(4))
        "办案人员：王强、李娜",  # two officers, the lead first
        "同意立案",
        "立案日期：2026年3月4日",
    )
    entry = JournalEntry.objects.get(event_type="case.file", subject=f"cases.case:{case.pk}")
    assert [a["sha256"] for a in entry.attachment_list] == [doc.content_sha256]


def test_notice_of_intent_is_served_with_a_proof_of_service_samr_art82(cw, lead):
    """送达回证 (SAMR 程序规定 Art.82): document and number, person served, method, date, servers."""
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23), signed_by="陈某")
    notice, proof = _doc(case, "notice_of_intent"), _doc(case, "proof_of_service")
    _has(
        _text(proof),
        "送达回证",
        f"行政处罚事先告知书（{notice.number}）",
        "受送达人：江北市某食品有限公司",
        "送达方式：直接送达",
        "送达日期：2026年3月23日",
        "签收人：陈某",
        "送达人：王强、李娜",
    )
    entry = JournalEntry.objects.get(event_type="case.serve_notice", subject=f"cases.case:{case.pk}")
    assert [a["sha256"] for a in entry.attachment_list] == [notice.content_sha256, proof.content_sha256]


def test_decision_service_records_its_method_and_refuses_what_the_rules_forbid_samr_art82(cw, lead):
    """行政处罚法 Art.61, SAMR Art.82(2)–(3): electronic service needs the signed address confirmation;
    留置送达 states the refusal; each service issues a 送达回证."""
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31), waived=True)
    case = step(cw, case, "decide", date(2026, 4, 1))
    with pytest.raises(DomainError, match="送达地址确认书"):
        step(cw, case, "serve_decision", date(2026, 4, 2), method="electronic")
    with pytest.raises(DomainError, match="拒收事由"):
        step(cw, case, "serve_decision", date(2026, 4, 2), method="left")
    assert Document.objects.filter(case=case, kind="proof_of_service").count() == 1  # the notice's only
    case = step(
        cw,
        case,
        "serve_decision",
        date(2026, 4, 2),
        method="left",
        refusal_reason="法定代表人拒绝签收",
        witness="城关街道工作人员刘某",
    )
    assert case.state == "served" and case.service_method == "left"
    _has(
        _text(_doc(case, "proof_of_service")),
        f"行政处罚决定书（{case.decision_number}）",
        "送达方式：留置送达",
        "拒收事由：法定代表人拒绝签收",
        "见证人：城关街道工作人员刘某",
        "送达日期：2026年4月2日",
    )


def test_hearing_notice_is_issued_when_the_hearing_is_scheduled_art64(cw, lead):
    """听证通知书 (行政处罚法 Art.64(2)–(5)): time and place 7 working days ahead, public or not, the presider
    (not an investigator, Art.64(4)) and the right to ask for his recusal, one or two agents."""
    case = to_reported(cw, lead, fine_amount="200000", benchmark_tier="serious")
    case = step(cw, case, "serve_notice", date(2026, 3, 23), hearing_offered=True)
    case = step(cw, case, "request_hearing", date(2026, 3, 25))
    hearing = {"hearing_on": "2026-04-08", "place": "本局三楼听证室"}
    _refused(
        "presider_not_investigator",
        lambda: step(cw, case, "schedule_hearing", date(2026, 3, 26), presider="王强", **hearing),
    )
    case = step(cw, case, "schedule_hearing", date(2026, 3, 26), presider="钱法制", **hearing)
    doc = _doc(case, "hearing_notice")
    _has(
        _text(doc),
        "听证通知书",
        doc.number,
        "2026年4月8日在本局三楼听证室公开举行听证",
        "听证主持人：钱法制",
        "有权申请回避",
        "委托一至二人代理",
        "视为放弃听证权利",
    )


def test_performance_demand_before_the_court_compulsion_law_art54(cw, lead):
    """行政处罚决定履行催告书 (行政强制法 Art.35, 54): only once the 15 days to pay have passed; in writing
    with the sum, the ten days, the manner and the right to argue; served with its 回证; the court
    application only 10 working days after it and once the remedy periods have ended (Art.53)."""
    case = _served(cw, lead)
    payment = case.deadlines.get(kind="payment")
    assert payment.due_on == date(2026, 4, 17)  # 15 days from Thu 04-02 (行政处罚法 Art.67)
    _refused("performance_overdue", lambda: step(cw, case, "demand_performance", date(2026, 4, 17)))
    case = step(cw, case, "demand_performance", date(2026, 4, 20))
    assert case.state == "demanded" and case.demand_served_on == date(2026, 4, 20)
    demand = JournalEntry.objects.get(event_type="case.demand_performance").payload_data["demand"]
    assert demand["late_payment_penalty"] == "5400.00"  # 3 days at 3% of 60,000 (Art.72)
    _has(
        _text(_doc(case, "performance_demand")),
        "行政处罚决定履行催告书",
        case.decision_number,
        "自收到本催告书之日起十日内",
        "合计人民币65400.00元",
        "到指定银行或者通过电子支付系统缴纳",
        "有权进行陈述和申辩",
        "申请人民法院强制执行",
    )
    _has(_text(_doc(case, "proof_of_service")), "行政处罚决定履行催告书", "送达日期：2026年4月20日")
    # 10 working days from Mon 04-20 (May Day off 05-01..05; Sat 05-09 a make-up working day).
    period = case.deadlines.get(kind="demand_period")
    assert period.due_on == date(2026, 5, 7)
    court = {"court": "江北区人民法院", "not_challenged": True}
    r = _refused(
        "court_application_allowed", lambda: step(cw, case, "apply_to_court", date(2026, 5, 7), **court)
    )
    assert "十个工作日" in r.message
    r = _refused(
        "court_application_allowed", lambda: step(cw, case, "apply_to_court", date(2026, 5, 8), **court)
    )
    # The six months to sue (行政诉讼法 Art.46) end on 10-02, inside the National Day holiday (10-01..07):
    # they end on the next working day, Thu 10-08 (SAMR 程序规定 Art.80).
    assert "2026-10-08" in r.message
    r = _refused(
        "court_application_allowed", lambda: step(cw, case, "apply_to_court", date(2026, 10, 8), **court)
    )
    assert "2026-10-08" in r.message
    r = _refused(
        "court_application_allowed",
        lambda: step(cw, case, "apply_to_court", date(2026, 10, 9), court="江北区人民法院"),
    )
    assert "未申请行政复议" in r.message
    case = step(cw, case, "apply_to_court", date(2026, 10, 9), **court)
    assert case.state == "enforcing" and case.court_applied_on == date(2026, 10, 9)
    # 加处罚款 capped at the fine itself (Art.72(1)): 60,000 + 60,000.
    case = step(cw, case, "record_payment", date(2026, 11, 2), **receipt(120000))
    assert case.state == "executed"


def test_no_court_application_three_months_after_the_remedy_periods_compulsion_law_art53(cw, lead):
    """行政强制法 Art.53: 自期限届满之日起三个月内. Served Thu 2026-04-02: the six months to sue end 10-02, a
    holiday, so on Thu 10-08; the three months run from then to 2027-01-08 (not 01-02, 9 months from
    service)."""
    from zhifa.catalog.calendar import year_load_provisional

    case = step(cw, _served(cw, lead), "demand_performance", date(2026, 4, 20))
    court = {"court": "江北区人民法院", "not_challenged": True}
    # The window's end lies in 2027, whose calendar is not loaded: refused, saying so (DESIGN invariant 6).
    r = _refused("court_window_open", lambda: step(cw, case, "apply_to_court", date(2027, 1, 4), **court))
    assert "2027 年的节假日安排尚未录入" in r.message
    year_load_provisional(year=2027, actor=None)
    r = _refused("court_window_open", lambda: step(cw, case, "apply_to_court", date(2027, 1, 11), **court))
    assert "2027-01-08" in r.message
    case = step(cw, case, "apply_to_court", date(2027, 1, 8), **court)
    assert case.state == "enforcing"


def test_closing_approval_form_samr_art77(cw, lead):
    """结案审批表 (SAMR 程序规定 Art.77): decision, execution, the Art.77 ground, the head's approval."""
    case = _served(cw, lead)
    case = step(cw, case, "record_payment", date(2026, 4, 10), **receipt(60000))
    case = step(cw, case, "close", date(2026, 4, 13))
    _has(
        _text(_doc(case, "closing")),
        "结案审批表",
        f"案件编号：{case.case_number}",
        f"{case.decision_number}行政处罚决定：罚款人民币60000.00元",
        "当事人已于2026-04-10履行完毕",
        "行政处罚决定执行完毕",
        "同意结案",
        "结案日期：2026年4月13日",
    )


def _seized(cw, party):
    case = open_compulsion(cw, party, date(2026, 6, 1))
    data = {"measure": "扣押", "items": "不合格月饼200盒", "site_record": "现场笔录已签字"}
    return step(cw, case, "enforce", date(2026, 6, 1), **data)


def test_extension_decision_compulsion_law_art25(cw, party):
    """延长查封（扣押）期限决定书 (行政强制法 Art.25): in writing, with the reason, at most 30 more days."""
    case = step(cw, _seized(cw, party), "extend", date(2026, 6, 25), days=30, reason="需检验检测")
    _has(
        _text(_doc(case, "compulsion_extension")),
        "延长查封（扣押）期限决定书",
        case.decision_number,
        "因需检验检测，情况复杂，经本机关负责人批准",
        "延长30日，至2026年7月31日届满",
        "如不服本决定",
        "六十日内",
    )


def test_release_decision_compulsion_law_art28(cw, party):
    """解除查封（扣押）决定书 (行政强制法 Art.27, 28): the statutory ground, what is released, returned at
    once; the expiry ground only once the period has ended."""
    case = _seized(cw, party)
    with pytest.raises(DomainError, match="法定情形"):
        step(cw, case, "release", date(2026, 6, 20), outcome="不再需要")
    _refused(
        "release_ground_holds",
        lambda: step(cw, case, "release", date(2026, 6, 20), ground="expired", outcome="期限届满"),
    )
    case = step(cw, case, "release", date(2026, 6, 20), ground="unrelated", outcome="经检验，与违法行为无关")
    assert case.state == "released"
    _has(
        _text(_doc(case, "compulsion_release")),
        "解除查封（扣押）决定书",
        case.decision_number,
        "因查封、扣押的场所、设施或者财物与违法行为无关（经检验，与违法行为无关）",
        "不合格月饼200盒",  # the seized list, from the measure's step
        "立即退还",
    )
