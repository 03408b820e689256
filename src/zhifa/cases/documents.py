"""执法文书: composed from the case, checked for their mandatory elements, rendered to PDF (GB/T 9704
layout, lib.officialdoc), stored under their SHA-256 and vouched for by the step's journal entry."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from zhifa.cases.engine import Context
from zhifa.cases.models import Case, Document, PartyKind
from zhifa.cases.numbering import next_number
from zhifa.core.errors import DomainError
from zhifa.journal.services import Attachment
from zhifa.lib.officialdoc import Heading, OfficialDocument, Paragraph, Table, format_date, render_pdf

LAW = "《中华人民共和国行政处罚法》"
TITLES = {
    "notice_of_intent": "行政处罚事先告知书",
    "penalty_decision": "行政处罚决定书",
    "summary_decision": "当场行政处罚决定书",
    "no_penalty_decision": "不予行政处罚决定书",
    "compulsion_decision": "查封（扣押）决定书",
}


def _party_lines(case: Case) -> list[str]:
    p = case.party
    lines = [f"当事人：{p.name}"]
    if p.kind == PartyKind.NATURAL_PERSON:
        lines.append(f"住址：{p.address}")
    else:
        if p.credit_code:
            lines.append(f"统一社会信用代码：{p.credit_code}")
        lines.append(f"住所：{p.address}")
        if p.legal_representative:
            lines.append(f"法定代表人（负责人）：{p.legal_representative}")
    return lines


def _basis(case: Case) -> str:
    return "、".join(b.citation for b in case.item.legal_bases.select_related("law")) or ""


def _penalty(case: Case) -> str:
    parts = []
    for kind in case.penalty_kinds:
        if kind == "罚款" and case.fine_amount:
            parts.append(f"罚款人民币{case.fine_amount}元")
        elif kind == "没收违法所得" and case.confiscation_amount:
            parts.append(f"没收违法所得人民币{case.confiscation_amount}元")
        else:
            parts.append(kind)
    return "；".join(parts)


def remedy(case: Case, *, summary: bool = False) -> str:
    """Remedy clause (legal-rules §4): 复议 within 60 days (行政复议法 Art.20), 诉讼 within 6 months
    (行政诉讼法 Art.46); an on-the-spot penalty must go to 复议 first (行政复议法(2023) Art.23(1))."""
    organ = f"{case.agency.region.name}人民政府"
    if summary:
        return (
            f"如不服本处罚决定，应当自收到本决定书之日起六十日内向{organ}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    return (
        f"如不服本处罚决定，可以在收到本决定书之日起六十日内向{organ}申请行政复议，"
        "也可以在六个月内依法向人民法院提起行政诉讼。"
    )


@dataclass(frozen=True)
class Element:
    label: str
    text: str


def _decision_body(case: Case, *, summary: bool, on: date) -> tuple[list[str | Heading], list[Element]]:
    parties = _party_lines(case)
    facts = case.facts or ""
    basis = _basis(case)
    penalty = _penalty(case)
    # 行政处罚法 Art.67 (15 days, 罚缴分离) and Art.72 (3% a day, capped at the fine).
    pay = (
        "当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳罚款。"
        "逾期不缴纳的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款本数。"
    )
    body: list[str | Heading] = [
        *parties,
        Heading("一、违法事实和证据"),
        facts,
        Heading("二、处罚依据和处罚内容"),
        f"依据{basis}，本机关决定对当事人作出如下行政处罚：{penalty}。",
        Heading("三、履行方式和期限"),
        pay,
        Heading("四、救济途径和期限"),
        remedy(case, summary=summary),
    ]
    # 行政处罚法 Art.59 (and SAMR 程序规定 Art.62): the elements a decision must carry.
    elements = [
        Element("当事人的姓名或者名称、地址", case.party.name),
        Element("当事人的地址", case.party.address),
        Element("违反法律、法规、规章的事实和证据", facts),
        Element("行政处罚的种类和依据", basis),
        Element("行政处罚的内容", penalty),
        Element("行政处罚的履行方式和期限", "十五日内"),
        Element("申请行政复议、提起行政诉讼的途径和期限", "六十日内"),
        Element("作出决定的行政机关名称", case.agency.name),
    ]
    return body, elements


def compose(case: Case, kind: str, number: str, on: date) -> tuple[OfficialDocument, list[Element]]:
    if kind in ("penalty_decision", "summary_decision"):
        body, elements = _decision_body(case, summary=kind == "summary_decision", on=on)
    elif kind == "notice_of_intent":
        hearing = "，并有权要求举行听证" if case.hearing_offered else ""
        hearing_articles = "、第六十三条、第六十四条" if case.hearing_offered else ""
        basis, penalty = _basis(case), _penalty(case)
        body = [
            *_party_lines(case),
            f"经调查，{case.facts}",
            f"以上事实违反了{basis}的规定。本机关拟对你（单位）作出如下行政处罚：{penalty}。",
            f"根据{LAW}第四十四条、第四十五条{hearing_articles}的规定，"
            f"你（单位）有权进行陈述和申辩{hearing}。请于收到本告知书之日起五个工作日内提出，逾期视为放弃上述权利。",
        ]
        elements = [
            Element("拟作出的行政处罚内容", penalty),
            Element("陈述、申辩权利", "陈述和申辩"),
            Element("事实、理由和依据", basis),
        ]
        if case.hearing_offered:
            elements.append(Element("听证权利", "要求举行听证"))
    elif kind == "no_penalty_decision":
        body = [
            *_party_lines(case),
            Heading("一、违法事实"),
            case.facts or "（见案卷）",
            Heading("二、不予处罚的理由和依据"),
            "依据《中华人民共和国行政处罚法》第三十三条，本机关决定不予行政处罚，并已对当事人进行教育。",
            Heading("三、救济途径和期限"),
            remedy(case),
        ]
        elements = [Element("当事人", case.party.name), Element("不予处罚依据", "第三十三条")]
    elif kind == "compulsion_decision":
        body = [
            *_party_lines(case),
            "因涉嫌违法，依据《中华人民共和国行政强制法》第二十二条、第二十四条，本机关决定对下列场所、设施或者财物采取查封（扣押）措施，期限为三十日。",
            "查封（扣押）财物清单另附，一式二份，由当事人和本机关分别保存。",
            remedy(case),
        ]
        elements = [Element("理由、依据和期限", "三十日"), Element("救济途径", "六十日内")]
    else:
        raise DomainError(f"未知的文书种类“{kind}”")
    doc = OfficialDocument(
        issuer=case.agency.name,
        number=number,
        title=TITLES[kind],
        paragraphs=body,
        signature=case.agency.name,
        date=on,
        metadata={"Subject": case.title, "Keywords": case.case_number, "CaseNumber": case.case_number},
    )
    return doc, elements


def _squash(text: str) -> str:
    return "".join(text.split())


def document_text(doc: OfficialDocument) -> str:
    """Everything the document prints, in order and without whitespace: 发文机关标志, 发文字号, title,
    body (headings, paragraphs, table cells), 署名, 成文日期 and 版记 — what the element check reads."""
    parts = [doc.issuer, doc.number, doc.title]
    for block in doc.paragraphs:
        if isinstance(block, Table):
            parts.extend(cell for row in block.rows for cell in row)
        elif isinstance(block, Heading | Paragraph):
            parts.append(block.text)
        else:
            parts.append(block)
    if doc.signature:
        parts += [doc.signature, format_date(doc.date)]
    parts.append(doc.copy_note)
    return _squash("".join(parts))


def check_elements(kind: str, doc: OfficialDocument, elements: list[Element]) -> None:
    """行政处罚法 Art.59 (and the other documents' statutes): every required element has a value and that
    value is in the document's text. Checked on the composed document, before rendering: the renderer
    prints every character of it or refuses (UnsupportedCharactersError); tests/test_documents.py reads
    the rendered PDFs back to hold it to that."""
    missing = [e.label for e in elements if not e.text.strip()]
    if missing:
        raise DomainError(f"{TITLES[kind]}缺少法定要素：{'、'.join(missing)}", rule=f"{LAW}第五十九条")
    text = document_text(doc)
    absent = [e.label for e in elements if _squash(e.text) not in text]
    if absent:
        raise DomainError(f"{TITLES[kind]}未载明法定要素：{'、'.join(absent)}", rule=f"{LAW}第五十九条")


def issue(ctx: Context, kind: str) -> str:
    """Number, compose, check, render and store a document inside the step's transaction; the step's
    journal entry vouches for its SHA-256. A missing element refuses the step (nothing is issued)."""
    case = ctx.case
    serial, number = next_number(agency=case.agency, kind=kind, year=ctx.on.year)
    doc, elements = compose(case, kind, number, ctx.on)
    check_elements(kind, doc, elements)
    pdf = render_pdf(doc)
    digest = hashlib.sha256(pdf).hexdigest()
    storage = storages["default"]
    path = f"documents/{digest[:2]}/{digest}.pdf"
    if not storage.exists(path):  # content-addressed: never overwritten
        storage.save(path, ContentFile(pdf))
    Document.objects.create(
        case=case,
        kind=kind,
        title=TITLES[kind],
        number=number,
        year=ctx.on.year,
        serial=serial,
        issued_on=ctx.on,
        sha256=digest,
    )
    ctx.attachments.append(Attachment(sha256=digest, name=f"{TITLES[kind]} {number}.pdf", size=len(pdf)))
    ctx.payload.setdefault("documents", []).append({"kind": kind, "number": number, "sha256": digest})
    return number
