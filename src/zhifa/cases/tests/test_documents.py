"""执法文书: numbered, rendered with Chinese text, carrying the Art.59 elements and the remedy clause,
stored under their hash and vouched for by the journal; a missing element refuses the step."""

import hashlib
import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from zhifa.cases import engine
from zhifa.cases.documents import TITLES, check_elements, compose, document_text
from zhifa.cases.models import Document
from zhifa.cases.tests.conftest import rendered_pdf, step, to_reported
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.lib.officialdoc import extract_text, render_pdf

pytestmark = pytest.mark.django_db


def _text(pdf):
    """The PDF's text without whitespace and without page footers, which interleave with wrapped text."""
    return re.sub(r"—\d+—", "", "".join(extract_text(pdf).split()))


def _pdf(doc):
    return rendered_pdf(doc)


def test_decision_pdf_has_the_art59_elements_in_chinese(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    case = step(cw, case, "decide", date(2026, 4, 1))
    doc = Document.objects.get(case=case, kind="penalty_decision")
    pdf = _pdf(doc)
    doc.refresh_from_db()
    assert hashlib.sha256(pdf).hexdigest() == doc.sha256
    text = _text(pdf)
    for expected in (
        "行政处罚决定书",
        doc.number,
        "江北市某食品有限公司",
        "江北市城关街道1号",  # party and address
        "销售不符合食品安全标准的食品",  # facts
        "《中华人民共和国食品安全法》第一百二十四条第一款",  # legal basis
        "罚款人民币60000.00元",
        "十五日内",  # penalty; manner and time of performance
        "六十日内向江北市人民政府申请行政复议",
        "六个月内依法向人民法院提起行政诉讼",  # remedy
        "江北市市场监督管理局",
        "2026年4月1日",  # authority and date
    ):
        assert expected in text, expected
    entry = JournalEntry.objects.get(event_type="decision.issued", subject=f"cases.case:{case.pk}")
    assert [a["sha256"] for a in entry.attachment_list] == [doc.content_sha256]
    notice = Document.objects.get(case=case, kind="notice_of_intent")
    assert "陈述和申辩" in _text(_pdf(notice))


def test_summary_decision_remedy_requires_reconsideration_first(cw):
    from decimal import Decimal

    from zhifa.cases import services

    party = services.party_create(
        agency=cw.world.agency_a, kind="natural_person", name="张三", address="江北市城关街道"
    )
    case = services.case_open(
        agency=cw.world.agency_a,
        procedure="summary",
        item=cw.world.item_a,
        party=party,
        title="t",
        place=cw.world.city,
        discovered_on=date(2026, 5, 6),
        act_on=date(2026, 5, 6),
        place_text="城关街道农贸市场门口",
        officers=cw.officers[:2],
        penalty_kinds=["罚款"],
        fine_amount=Decimal("100"),
        actor=None,
    )
    case = engine.execute(
        case=case,
        transition="decide_on_spot",
        actor=None,
        on=date(2026, 5, 6),
        data={"facts": "摆摊销售无进货凭证的散装熟食"},
    )
    text = _text(_pdf(Document.objects.get(case=case)))
    # 行政复议法(2023) Art.23(1): an on-the-spot penalty goes to reconsideration first.
    assert "应当自收到本决定书之日起六十日内" in text and "对行政复议决定不服的" in text


def test_missing_element_refuses_the_step_and_issues_nothing(cw, lead):
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    case.party.address = " "
    case.party.save()
    with pytest.raises(Exception, match="缺少法定要素：当事人的地址"):
        step(cw, case, "decide", date(2026, 4, 1))
    assert not Document.objects.filter(case=case, kind="penalty_decision").exists()
    case.refresh_from_db()
    assert case.state == "ready" and case.decision_number == ""


def test_an_element_missing_from_the_composed_text_refuses_the_step_before_rendering(cw, lead, monkeypatch):
    """The elements are checked on the composed document: a document whose text leaves one out is
    refused before any PDF is rendered, and nothing is issued."""
    from zhifa.cases import documents

    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case = step(cw, case, "close_statement", date(2026, 3, 31))
    compose = documents.compose

    def without_remedy(*args, **kwargs):
        doc, elements = compose(*args, **kwargs)
        body = [b for b in doc.paragraphs if not (isinstance(b, str) and "申请行政复议" in b)]
        return replace(doc, paragraphs=body), elements

    def no_render(doc):
        raise AssertionError("rendered a document that lacks an element")

    monkeypatch.setattr(documents, "compose", without_remedy)
    monkeypatch.setattr(documents, "render_pdf", no_render)
    with pytest.raises(DomainError, match="未载明法定要素：申请行政复议"):
        step(cw, case, "decide", date(2026, 4, 1))
    assert not Document.objects.filter(case=case, kind="penalty_decision").exists()
    case.refresh_from_db()
    assert case.state == "ready" and case.decision_number == ""


# What the steps add to the case for the documents that need it.
EXTRAS: dict[str, dict[str, Any]] = {
    "filing": {"officers": "王强、李娜", "approver": "负责人：张局长"},
    "hearing_notice": {"hearing_on": date(2026, 4, 8), "place": "本局听证室", "presider": "钱法制"},
    "proof_of_service": {
        "served_title": "行政处罚决定书",
        "served_number": "江北市市罚〔2026〕9号",
        "method": "left",
        "refusal_reason": "当事人拒绝签收",
        "witness": "城关街道工作人员刘某",
        "servers": "王强、李娜",
    },
    "performance_demand": {"principal": "60000.00", "late_payment_penalty": "1800.00", "total": "61800.00"},
    "compulsion_extension": {"reason": "需要检验检测", "days": 30, "until": date(2026, 5, 30)},
    "compulsion_release": {"ground": "decided", "detail": "已作出处罚决定", "items": "过期奶粉20箱"},
    "testing_notice": {
        "test": "检验",
        "items": "过期奶粉20箱",
        "institution": "江北市食品检验所",
        "since": date(2026, 4, 3),
        "until": date(2026, 4, 20),
    },
    "criminal_referral": {"police": "江北市公安局", "crime": "生产、销售不符合安全标准的食品罪"},
    "closing": {"outcome": "罚款人民币60000.00元", "execution": "已缴纳", "ground": "执行完毕"},
    # 行政处罚法 Art.28 para.1 (cases.orders) and Art.66 para.2 (cases.payments).
    **{
        kind: {
            "kind": kind.removeprefix("order_"),
            "content": "停止销售过期食品并下架销毁",
            "basis": "《中华人民共和国食品安全法》第一百二十四条",
            "due_on": date(2026, 4, 15),
        }
        for kind in (
            "order_correct",
            "order_correct_within",
            "order_return",
            "order_pay_back",
            "order_demolish",
        )
    },
    **{
        kind: {
            "plan_kind": "defer" if kind == "deferral_decision" else "instalments",
            "requested_on": date(2026, 4, 3),
            "schedule": [
                {"seq": 1, "amount": "30000.00", "due_on": date(2026, 5, 6)},
                {"seq": 2, "amount": "30000.00", "due_on": date(2026, 6, 5)},
            ][: 1 if kind == "deferral_decision" else 2],
            "accrued": "0",
        }
        for kind in ("deferral_decision", "instalment_decision")
    },
}


@pytest.mark.parametrize("kind", sorted(TITLES))
def test_the_pdf_prints_the_composed_text_and_so_every_element(cw, lead, kind):
    """What the runtime check reads (the composed text) is what the PDF carries: every document kind,
    rendered and read back, holds the composed text in order (page footers aside), so each required
    element the check found is in the issued PDF. (The read-back costs as much as the rendering, so it
    is kept here and not on every issue.)"""
    case = step(cw, to_reported(cw, lead), "serve_notice", date(2026, 3, 23))
    case.hearing_offered = True  # the notice then carries the hearing right as well
    case.place_text = "城关街道1号门前"  # where the act happened: the on-the-spot form states it (Art.52)
    case.statement_summary, case.statement_adoption = "请求从轻处罚", "部分采纳，理由：系初次违法"
    # The documents issued after the decision name it.
    case.decision_number, case.decided_on, case.served_on = (
        "江北市市罚〔2026〕9号",
        date(2026, 4, 1),
        date(2026, 4, 2),
    )
    doc, elements = compose(case, kind, "江北市市罚〔2026〕99号", date(2026, 4, 1), EXTRAS.get(kind))
    check_elements(kind, doc, elements)
    assert _text(render_pdf(doc)) == document_text(doc)
    for e in elements:
        assert "".join(e.text.split()) in document_text(doc), e.label
