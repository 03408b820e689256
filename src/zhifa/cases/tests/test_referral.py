"""涉嫌犯罪案件移送 (行政处罚法 Art.27; 行政执法机关移送涉嫌犯罪案件的规定 Art.3, 5–7): the officers' written
report, the head's decision within 3 days (approved: referred with the 涉嫌犯罪案件移送书; refused: the
reason on record), the case then closed with its 结案审批表 (SAMR 程序规定 Art.77(4)); a referred case is
never published."""

import re
from datetime import date

import pytest

from zhifa.cases import engine
from zhifa.cases.models import DeadlineStatus, Document
from zhifa.cases.tests.conftest import rendered_pdf, step, to_reported
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import extract_text
from zhifa.publicity import rules as publicity_rules

pytestmark = pytest.mark.django_db

REFERRAL = {"police": "江北市公安局", "crime": "生产、销售不符合安全标准的食品罪", "items": "涉案食品300箱"}


def _text(doc: Document) -> str:
    return re.sub(r"—\d+—", "", "".join(extract_text(rendered_pdf(doc)).split()))


def _clock(case, kind):
    return case.deadlines.filter(kind=kind).order_by("-id").first()


def test_referral_issues_the_transfer_document_and_sets_referred_on_art27(cw, lead):
    case = to_reported(cw, lead)
    case = step(
        cw,
        case,
        "propose_referral",
        date(2026, 3, 23),
        actor=cw.officer_user,
        crime=REFERRAL["crime"],
        report="货值金额已达追诉标准，建议移送",
    )
    # Art.5 para.2: the head decides within 3 days of the report.
    assert _clock(case, "referral_decision").due_on == date(2026, 3, 26)
    with pytest.raises(engine.TransitionRefused) as exc:
        step(cw, case, "refer", date(2026, 3, 24), actor=cw.officer_user, **REFERRAL)
    assert {r.guard for r in exc.value.refusals} == {"role"}  # 经本机关正职负责人批准
    case = step(cw, case, "refer", date(2026, 3, 24), **REFERRAL)
    assert case.state == "referred" and case.referred_on == date(2026, 3, 24)
    assert case.referred_to == "江北市公安局"
    assert _clock(case, "referral_decision").status == DeadlineStatus.MET
    assert _clock(case, "decision_period").status == DeadlineStatus.MET  # SAMR Art.60(5): the case's decision
    doc = Document.objects.get(case=case, kind="criminal_referral")
    text = _text(doc)
    for expected in (
        "涉嫌犯罪案件移送书",
        doc.number,
        "江北市公安局：",
        "江北市某食品有限公司",
        "销售不符合食品安全标准的食品，货值金额3000元",  # the facts
        "涉嫌生产、销售不符合安全标准的食品罪",
        "《中华人民共和国行政处罚法》第二十七条",
        "涉嫌犯罪案件情况的调查报告",  # the materials of Art.6
        "涉案物品清单（涉案食品300箱）",
        "检验报告或者鉴定结论",
        "回执",
    ):
        assert expected in text, expected
    entry = JournalEntry.objects.get(event_type="case.refer", subject=f"cases.case:{case.pk}")
    assert [a["sha256"] for a in entry.attachment_list] == [doc.content_sha256]
    # Nothing else happens to a referred case but its closing (SAMR Art.77(4)), within 15 working days.
    with pytest.raises(engine.TransitionRefused):
        step(cw, case, "serve_notice", date(2026, 3, 25))
    case = step(cw, case, "close", date(2026, 3, 30))
    closing = Document.objects.get(case=case, kind="closing")
    assert "移送江北市公安局" in _text(closing) and "第七十七条第一款第四项" in _text(closing)
    assert _clock(case, "closing").status == DeadlineStatus.MET


def test_a_referred_case_is_never_published(cw, lead):
    """publicity.rules.never_publish reads `Case.referred_on`, the field the referral sets."""
    case = step(cw, to_reported(cw, lead), "refer", date(2026, 3, 24), **REFERRAL)
    assert "移送司法机关" in publicity_rules.never_publish(case)
    case.referred_on = None
    assert publicity_rules.never_publish(case) == ""


def test_refused_referral_keeps_the_reason_and_the_case_open_art5(cw, lead):
    case = step(cw, lead, "file", date(2026, 3, 4))
    case = step(
        cw,
        case,
        "propose_referral",
        date(2026, 3, 10),
        actor=cw.officer_user,
        crime="销售伪劣产品罪",
        report="疑似达到追诉标准",
    )
    with pytest.raises(DomainError, match="不批准移送的理由"):
        step(cw, case, "decline_referral", date(2026, 3, 16))
    case = step(cw, case, "decline_referral", date(2026, 3, 16), reason="经核实货值金额未达追诉标准")
    assert case.state == "investigating" and case.referred_on is None
    # Decided late: the 3 days of Art.5 ran out on 03-13.
    assert _clock(case, "referral_decision").status == DeadlineStatus.MISSED
    entry = JournalEntry.objects.get(event_type="case.decline_referral")
    assert entry.payload_data["reason"] == "经核实货值金额未达追诉标准"


def test_referral_names_the_police_and_the_offence(cw, lead):
    case = step(cw, lead, "file", date(2026, 3, 4))
    with pytest.raises(DomainError, match="受移送的公安机关"):
        step(cw, case, "refer", date(2026, 3, 10), crime="销售伪劣产品罪")
    # The facts are an element of the 移送书: a case not yet investigated must state them.
    with pytest.raises(DomainError, match="涉嫌犯罪的事实"):
        step(cw, case, "refer", date(2026, 3, 10), police="江北市公安局", crime="销售伪劣产品罪")
    assert not Document.objects.filter(case=case, kind="criminal_referral").exists()
    case = step(
        cw,
        case,
        "refer",
        date(2026, 3, 10),
        police="江北市公安局",
        crime="销售伪劣产品罪",
        facts="当事人销售伪劣食品，销售金额8万元",
    )
    assert case.state == "referred"
