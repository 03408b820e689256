"""执法文书: composed from the case and checked for their mandatory elements inside the step (whose
journal entry vouches for the composed content's SHA-256), then rendered to PDF (GB/T 9704 layout,
lib.officialdoc) after the step commits, stored under the PDF's SHA-256 and journaled again."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.db import transaction

from zhifa.cases import documents_violations, rules
from zhifa.cases.engine import Context
from zhifa.cases.models import Case, CaseOfficer, Document, PartyKind
from zhifa.cases.numbering import next_number
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record
from zhifa.lib.chinese_numbers import to_chinese
from zhifa.lib.officialdoc import (
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    format_date,
    from_json,
    render_pdf,
    to_json,
    unsupported_characters,
)
from zhifa.organizations.models import Unit

logger = logging.getLogger(__name__)

LAW = "《中华人民共和国行政处罚法》"
COMPULSION_LAW = "《中华人民共和国行政强制法》"
SAMR = "市场监督管理行政处罚程序规定"
# In the order of the case file (SAMR 程序规定 Art.78; legal-rules §13).
TITLES = {
    "filing": "立案审批表",
    "notice_of_intent": "行政处罚事先告知书",
    "hearing_notice": "听证通知书",
    "penalty_decision": "行政处罚决定书",
    "summary_decision": "当场行政处罚决定书",
    "no_penalty_decision": "不予行政处罚决定书",
    "proof_of_service": "送达回证",
    "performance_demand": "行政处罚决定履行催告书",
    "compulsion_decision": "查封（扣押）决定书",
    "compulsion_extension": "延长查封（扣押）期限决定书",
    "compulsion_release": "解除查封（扣押）决定书",
    "testing_notice": "检测（检验、检疫、技术鉴定）期间告知书",
    "criminal_referral": "涉嫌犯罪案件移送书",
    "closing": "结案审批表",
    # Orders that are not penalties (cases.orders) and payment by instalments (cases.payments).
    "order_correct": "责令改正通知书",
    "order_correct_within": "责令限期改正通知书",
    "order_return": "责令退回通知书",
    "order_pay_back": "责令补缴通知书",
    "order_demolish": "责令限期拆除通知书",
    "deferral_decision": "延期缴纳罚款决定书",
    "instalment_decision": "分期缴纳罚款决定书",
}
# The article whose elements a document must carry (named when one is missing).
RULES = {
    "filing": f"{SAMR}第十九条",
    "notice_of_intent": f"{LAW}第四十四条",
    "hearing_notice": f"{LAW}第六十四条",
    "penalty_decision": f"{LAW}第五十九条；{SAMR}第六十二条",
    "summary_decision": f"{LAW}第五十二条",
    "no_penalty_decision": f"{LAW}第三十三条",
    "proof_of_service": f"{SAMR}第八十二条",
    "performance_demand": f"{COMPULSION_LAW}第三十五条、第五十四条",
    "compulsion_decision": f"{COMPULSION_LAW}第二十四条",
    "compulsion_extension": f"{COMPULSION_LAW}第二十五条",
    "compulsion_release": f"{COMPULSION_LAW}第二十七条、第二十八条",
    "testing_notice": f"{COMPULSION_LAW}第二十五条第三款",
    "criminal_referral": "行政执法机关移送涉嫌犯罪案件的规定第六条",
    "closing": f"{SAMR}第七十七条",
    "order_correct": f"{LAW}第二十八条第一款",
    "order_correct_within": f"{LAW}第二十八条第一款",
    "order_return": f"{LAW}第二十八条第一款",
    "order_pay_back": f"{LAW}第二十八条第一款",
    "order_demolish": f"{LAW}第二十八条第一款；{COMPULSION_LAW}第四十四条",
    "deferral_decision": f"{LAW}第六十六条第二款",
    "instalment_decision": f"{LAW}第六十六条第二款",
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


party_lines = _party_lines  # for the composers of other modules (cases.orders, cases.payments)


def _basis(case: Case) -> str:
    """The item's legal bases as cited in documents. Read once per case instance: a step composes
    several documents from the same locked case (and the item's bases are versioned, not edited)."""
    cached: str | None = getattr(case, "_document_basis", None)
    if cached is None:
        cached = "、".join(b.citation for b in case.item.legal_bases.select_related("law"))
        case._document_basis = cached  # type: ignore[attr-defined]
    return cached


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


def penalty_text(case: Case) -> str:
    return _penalty(case)


def remedy(case: Case, *, summary: bool = False, subject: str = "本处罚决定") -> str:
    """Remedy clause (legal-rules §4): 复议 within 60 days (行政复议法 Art.20), 诉讼 within 6 months
    (行政诉讼法 Art.46); an on-the-spot penalty must go to 复议 first (行政复议法(2023) Art.23(1))."""
    organ = f"{case.agency.deciding_agency.region.name}人民政府"
    if summary:
        return (
            f"如不服{subject}，应当自收到本决定书之日起六十日内向{organ}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
        )
    return (
        f"如不服{subject}，可以在收到本决定书之日起六十日内向{organ}申请行政复议，"
        "也可以在六个月内依法向人民法院提起行政诉讼。"
    )


@dataclass(frozen=True)
class Element:
    label: str
    text: str


# 行政处罚法 Art.67 (15 days, 罚缴分离) and Art.72 (3% a day, capped at the fine: fines only).
PAYMENT_CLAUSE = "当事人应当自收到本决定书之日起十五日内，到指定银行或者通过电子支付系统缴纳{what}。"
LATE_PAYMENT_CLAUSE = "逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款本数。"


def collection_clause(case: Case, cache: dict[str, Any] | None = None) -> str:
    """The designated bank and account the agency's fines are paid into (行政处罚法 Art.67 para.1, 罚缴分离:
    cases.models_money.CollectionAccount of the deciding agency), as the payment clause prints it; empty
    where the agency has not set one. Read once per step (`cache`)."""
    from zhifa.cases.models_money import CollectionAccount  # models_money is loaded with the models

    key = "collection_clause"
    if cache is not None and key in cache:
        return str(cache[key])
    account = CollectionAccount.objects.filter(agency=case.agency.deciding_agency).first()
    clause = account.clause if account is not None else ""
    if cache is not None:
        cache[key] = clause
    return clause


def performance(case: Case, account: str = "") -> tuple[str, str]:
    """How the penalty actually imposed is performed (行政处罚法 Art.59(4)): the clause the decision prints
    and the words the element check looks for. Money (a fine, confiscated income) is paid at the bank
    within 15 days (Art.67), with the late-payment warning only for a fine (Art.72); a warning-only
    decision, or one of non-money penalties, has no payment clause and no 加处罚款 in its text."""
    kinds = set(case.penalty_kinds)
    money = [
        label
        for kind, amount, label in (
            ("罚款", case.fine_amount, "罚款"),
            ("没收违法所得", case.confiscation_amount, "没收的违法所得"),
        )
        if kind in kinds and amount
    ]
    if money:
        clause = PAYMENT_CLAUSE.format(what="、".join(money))
        if account:  # Art.67 para.1: the bank and account, so that nothing is paid to the agency
            clause = f"{clause.removesuffix('。')}（{account}）。"
        if "罚款" in money:
            clause += LATE_PAYMENT_CLAUSE
        return clause, "十五日内"
    if kinds <= {"警告", "通报批评"}:
        return "本处罚决定自送达当事人之日起生效并执行完毕。", "自送达当事人之日起生效"
    return "当事人应当自收到本决定书之日起履行上述处罚。", "自收到本决定书之日起履行"


def _decision_body(
    case: Case, *, summary: bool, on: date, cache: dict[str, Any] | None = None
) -> tuple[list[str | Heading], list[Element]]:
    parties = _party_lines(case)
    facts = case.facts or ""
    basis = _basis(case)
    penalty = _penalty(case)
    pay, performed = performance(case, collection_clause(case, cache) if case.total_amount else "")
    # 行政处罚法 Art.28 para.1: the orders issued with the decision (cases.orders.issue_with_decision).
    orders: list[str] = list((cache or {}).get("decision_orders", []))
    # 行政处罚法 Art.52 para.2; SAMR 程序规定 Art.68: the on-the-spot decision states the time and the
    # place of the act — where it happened, not the party's address (printed among the party's lines).
    when, where = act_time_and_place(case)
    act = [f"违法行为发生时间：{when}", f"违法行为发生地点：{where}"] if summary else []
    # SAMR 程序规定 Art.62 para.1(3): the party's statement and defence, adopted or not, and why (the
    # on-the-spot form of Art.68 records them in the 笔录 instead, Art.69).
    statement = "" if summary else statement_text(case)
    sections: list[tuple[str, list[str]]] = [
        ("违法事实和证据", [*act, facts]),
        *([("当事人陈述、申辩的采纳情况及理由", [statement])] if not summary else []),
        ("处罚依据和处罚内容", [f"依据{basis}，本机关决定对当事人作出如下行政处罚：{penalty}。", *orders]),
        ("履行方式和期限", [pay]),
        ("救济途径和期限", [remedy(case, summary=summary)]),
    ]
    rows = documents_violations.listed(case, _penalty)
    if rows:  # several violations (issue 17): each with its facts, basis and penalty, then the total
        sections[0] = ("违法事实和证据", [*act, *documents_violations.facts_paragraphs(rows)])
        sections[2 if not summary else 1] = (
            "处罚依据和处罚内容",
            documents_violations.penalty_paragraphs(rows, penalty),
        )
    body: list[str | Heading] = [*parties]
    for n, (heading, paragraphs) in enumerate(sections, start=1):
        body += [Heading(f"{to_chinese(n)}、{heading}"), *paragraphs]
    # 行政处罚法 Art.59 (and SAMR 程序规定 Art.62): the elements a decision must carry.
    elements = [
        Element("当事人的姓名或者名称、地址", case.party.name),
        Element("当事人的地址", case.party.address),
        Element("违反法律、法规、规章的事实和证据", facts),
        Element("行政处罚的种类和依据", basis),
        Element("行政处罚的内容", penalty),
        Element("行政处罚的履行方式和期限", performed),
        Element("申请行政复议、提起行政诉讼的途径和期限", "六十日内"),
        Element("作出决定的行政机关名称", case.agency.deciding_agency.name),
    ]
    for r in rows:  # Art.59(2)(3): each violation's facts and the basis of its penalty
        elements += [
            Element(f"第{r.ordinal}项违法行为的事实", r.facts),
            Element(f"第{r.ordinal}项违法行为的处罚依据", r.penalty_basis),
        ]
    if rows:
        elements[2] = Element("违反法律、法规、规章的事实和证据", rows[0].facts)
        elements[3] = Element("行政处罚的种类和依据", rows[0].penalty_basis)
    if not summary:
        elements.insert(3, Element("当事人陈述、申辩的采纳情况及理由", statement))
    if summary:
        elements[3:3] = [
            Element("违法行为的时间", f"违法行为发生时间：{when}"),
            Element("违法行为的地点", f"违法行为发生地点：{where}" if case.place_text.strip() else ""),
        ]
    return body, elements


def statement_text(case: Case) -> str:
    """The party's statement and defence as the decision states them (SAMR 程序规定 Art.62 para.1(3)):
    empty when the step that heard them recorded nothing (the element check then refuses)."""
    said, adoption = case.statement_summary.strip(), case.statement_adoption.strip()
    if not said:
        return ""
    said = said.rstrip("。")
    return f"{said}。采纳情况及理由：{adoption.rstrip('。')}。" if adoption else f"{said}。"


def act_time_and_place(case: Case) -> tuple[str, str]:
    """When and where the act happened, as an on-the-spot decision prints them: the act's date (to its
    end when it continued) and the region with the specific place the officers recorded."""
    when = format_date(case.act_on)
    if case.act_ended_on and case.act_ended_on != case.act_on:
        when = f"{when}至{format_date(case.act_ended_on)}"
    return when, f"{case.place.name}{case.place_text.strip()}"


def compose(
    case: Case,
    kind: str,
    number: str,
    on: date,
    extra: Mapping[str, Any] | None = None,
    *,
    cache: dict[str, Any] | None = None,
) -> tuple[OfficialDocument, list[Element]]:
    """The document and the elements its statute requires. `extra` carries what the step knows and the
    case does not (the service's method and recipient, the hearing's time and place …)."""
    # 行政处罚法 Art.20: a 受委托组织 acts in the name of the agency that entrusted it, which answers for
    # the decision; every document of its cases is headed, signed and numbered by that agency.
    organ = case.agency.deciding_agency
    signature = organ.name
    if kind in COMPOSERS:
        body, elements = COMPOSERS[kind](case, number, on, extra or {})
        if kind in FORMS:
            signature = ""  # an internal form: the approval is a line of the form, not a 署名
    elif kind in ("penalty_decision", "summary_decision"):
        body, elements = _decision_body(case, summary=kind == "summary_decision", on=on, cache=cache)
    elif kind == "notice_of_intent":
        hearing = "，并有权要求举行听证" if case.hearing_offered else ""
        hearing_articles = "、第六十三条、第六十四条" if case.hearing_offered else ""
        basis, penalty = _basis(case), _penalty(case)
        # The period the statement clock runs (SAMR Art.57; a region may set another): the notice says it.
        statement_days = to_chinese(rules.int_value("statement_working_days", case.agency, cache=cache))
        rows = documents_violations.listed(case, _penalty)
        stated = (  # several violations (issue 17): each with its basis and proposed penalty
            [
                *documents_violations.facts_paragraphs(rows),
                *documents_violations.penalty_paragraphs(rows, penalty, proposed=True),
            ]
            if rows
            else [
                f"经调查，{case.facts}",
                f"以上事实违反了{basis}的规定。本机关拟对你（单位）作出如下行政处罚：{penalty}。",
            ]
        )
        basis = rows[0].legal_basis if rows else basis
        body = [
            *_party_lines(case),
            *stated,
            f"根据{LAW}第四十四条、第四十五条{hearing_articles}的规定，"
            f"你（单位）有权进行陈述和申辩{hearing}。请于收到本告知书之日起{statement_days}个工作日内提出，"
            "逾期视为放弃上述权利。",
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
            remedy(case, subject="本决定"),
        ]
        elements = [Element("理由、依据和期限", "三十日"), Element("救济途径", "六十日内")]
    else:
        raise DomainError(f"未知的文书种类“{kind}”")
    case_number = number if kind == "filing" else case.case_number  # the filing form numbers the case
    doc = OfficialDocument(
        issuer=organ.name,
        number=number,
        title=TITLES[kind],
        paragraphs=body,
        signature=signature,
        date=on,
        metadata={"Subject": case.title, "Keywords": case_number, "CaseNumber": case_number},
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
    rule = RULES.get(kind, f"{LAW}第五十九条")
    if missing:
        raise DomainError(f"{TITLES[kind]}缺少法定要素：{'、'.join(missing)}", rule=rule)
    text = document_text(doc)
    absent = [e.label for e in elements if _squash(e.text) not in text]
    if absent:
        raise DomainError(f"{TITLES[kind]}未载明法定要素：{'、'.join(absent)}", rule=rule)


def issue(ctx: Context, kind: str, extra: Mapping[str, Any] | None = None) -> str:
    """Number, compose and check a document inside the step's transaction, and store what it says.

    The step's journal entry vouches for the SHA-256 of the composed content (canonical JSON): that is
    the act. The PDF is rendered from that content after the step commits (`render_after_commit`), so
    that the case row and the agency's number sequence are not held locked while reportlab works
    (~8 ms a document). A missing element or a character the fonts cannot print refuses the step here,
    so that nothing is issued that could not be rendered."""
    case = ctx.case
    serial, number = next_number(
        agency=case.agency.deciding_agency,
        kind=kind,
        year=ctx.on.year,
        unit=lambda: _lead_unit(case),
        cache=ctx.cache,
    )
    doc, elements = compose(case, kind, number, ctx.on, extra, cache=ctx.cache)
    check_elements(kind, doc, elements)
    missing = unsupported_characters(doc)
    if missing:
        raise DomainError(
            f"{TITLES[kind]}含有文书字体无法显示的字符：{'、'.join(sorted(missing))}，请改用规范汉字或说明后再试",
            rule="GB/T 9704-2012 7.1（公文用字）",
        )
    content = to_json(doc)
    encoded = content.encode()
    content_sha256 = hashlib.sha256(encoded).hexdigest()
    document = Document.objects.create(
        case=case,
        kind=kind,
        title=TITLES[kind],
        number=number,
        year=ctx.on.year,
        serial=serial,
        issued_on=ctx.on,
        content=content,
        content_sha256=content_sha256,
    )
    ctx.attachments.append(
        Attachment(sha256=content_sha256, name=f"{TITLES[kind]} {number}.json", size=len(encoded))
    )
    ctx.payload.setdefault("documents", []).append(
        {"kind": kind, "number": number, "content_sha256": content_sha256}
    )
    pending: list[int] | None = ctx.cache.get("render_after_commit")
    if pending is None:  # one callback (one queued task) for all the step's documents
        pending = ctx.cache["render_after_commit"] = []
        render_after_commit(pending)
    pending.append(document.pk)
    return number


def _lead_unit(case: Case) -> Unit | None:
    """The 内设机构 of the case's lead officer: the series an agency numbering per unit uses."""
    lead = (
        CaseOfficer.objects.filter(case=case, role=CaseOfficer.Role.LEAD)
        .select_related("officer__unit")
        .first()
    )
    return lead.officer.unit if lead is not None else None


def render_after_commit(document_ids: list[int]) -> None:
    """Render once the step has committed (nothing to render if it rolls back); `document_ids` may still
    grow until then (every document the step issues). `ZHIFA_DOCUMENT_RENDERING` says where: "after_commit"
    (default) in this process right after the commit, so that the officer's response already links the
    PDF; "worker" on the task queue (`zhifa worker`), so that the request returns without it. A render
    that fails or never ran (a crash) is done by the daily job, or on the first download."""
    mode = getattr(settings, "ZHIFA_DOCUMENT_RENDERING", "after_commit")
    if mode == "worker":
        from zhifa.cases.tasks import render_documents  # tasks import this module

        # robust: a queue that refuses must not skip the callbacks after it (the journal's subscribers);
        # the daily job renders what was not queued.
        transaction.on_commit(lambda: render_documents.enqueue(list(document_ids)), robust=True)
    else:
        transaction.on_commit(lambda: _render_logged(document_ids), robust=True)


def _render_logged(document_ids: list[int]) -> None:
    for document_id in document_ids:
        try:
            render(document_id)
        except Exception:  # the step committed; the daily job renders what is left
            logger.exception("rendering document %s failed; the daily job will retry", document_id)


def render(document_id: int) -> Document:
    """Render a document's PDF from its stored content, store it under its SHA-256 and journal it
    (`document.rendered`, attaching the PDF and naming the content digest the step vouched for).
    Idempotent: a document already rendered is returned as it is, so two renderers may race."""
    document = Document.objects.select_related("case").get(pk=document_id)
    if document.render_entry_id is not None:
        return document
    step_entry = _vouching_entry(document)
    pdf, digest = render_and_store(document.content)  # outside any transaction or lock
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document_id)
        if locked.render_entry_id is not None:
            return locked
        entry = record(
            event_type="document.rendered",
            subject=locked,
            agency_id=document.case.agency_id,
            payload={
                "case": document.case_id,
                "kind": locked.kind,
                "number": locked.number,
                "content_sha256": locked.content_sha256,
                "issued_in_entry": step_entry.pk,  # the step's entry that vouched for the content
            },
            attachments=[
                Attachment(sha256=digest, name=f"{locked.title} {locked.number}.pdf", size=len(pdf))
            ],
        )
        locked.sha256 = digest
        locked.rendered_at = entry.recorded_at
        locked.render_entry_id = entry.pk
        columns = ["sha256", "rendered_at", "render_entry_id"]
        if locked.journal_entry_id is None:  # write-once (cases.db): named only while empty
            locked.journal_entry_id = step_entry.pk
            columns.append("journal_entry_id")
        locked.save(update_fields=columns)
    return locked


def _vouching_entry(document: Document) -> JournalEntry:
    """The step's journal entry that vouched for this content: about this document's case, with the
    content's digest among its attachments (and the row's own digest agreeing). The entry is
    append-only and in the Merkle tree; the row is only a copy. Found by the case's history (a few
    entries, by the subject index) rather than linked at the step, which would cost each step one more
    UPDATE; the link is written with the rendering (journal_entry_id)."""
    digest = hashlib.sha256(document.content.encode()).hexdigest()
    candidates = JournalEntry.objects.filter(subject=f"cases.case:{document.case_id}")
    if document.journal_entry_id is not None:
        candidates = candidates.filter(pk=document.journal_entry_id)
    for entry in candidates.filter(attachments__contains=digest).order_by("id"):
        if digest == document.content_sha256 and digest in {a.get("sha256") for a in entry.attachment_list}:
            return entry
    # Never print what the record does not say was issued.
    raise DomainError(f"文书{document.number}的内容与办案记录不一致，拒绝生成", rule="")


def render_pending(*, limit: int | None = None) -> int:
    """Render every issued document that has no PDF yet (after a crash, or with rendering on a worker
    that was not running). Returns how many were rendered."""
    ids = (
        Document.objects.filter(render_entry_id__isnull=True)
        .exclude(content="")
        .order_by("id")
        .values_list("id", flat=True)
    )
    done = 0
    for pk in ids[:limit] if limit else ids:
        try:
            render(pk)
        except Exception:  # one document that cannot be rendered must not keep every later one waiting
            logger.exception("rendering document %s failed; it stays pending", pk)
            continue
        done += 1
    return done


def document_open(*, document: Document, actor: Any) -> File:  # type: ignore[type-arg]
    """Open an issued document's PDF for download, rendering it first if that has not happened yet, and
    journal the read (`document.downloaded`, naming the PDF's digest): documents are kept like evidence
    and their custody is recorded the same way."""
    if document.render_entry_id is None:
        document = render(document.pk)
    with storages["default"].open(pdf_path(document.sha256), "rb") as stored:
        pdf = stored.read()  # a document is small (~100 KB): read whole, checked before it is served
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise DomainError(f"存储中的文书{document.number} PDF 与办案记录不一致，请联系管理员核查", rule="")
    fh = File(io.BytesIO(pdf), name=pdf_path(document.sha256))
    try:
        with transaction.atomic():
            record(
                event_type="document.downloaded",
                subject=document,
                agency_id=document.case.agency_id,
                actor=actor,
                payload={"number": document.number},
                attachments=[
                    Attachment(sha256=document.sha256, name=f"{document.title} {document.number}.pdf")
                ],
            )
    except BaseException:
        fh.close()
        raise
    return fh


def pdf_path(sha256: str) -> str:
    return f"documents/{sha256[:2]}/{sha256}.pdf"


def render_and_store(content_json: str) -> tuple[bytes, str]:
    """Render an official document's stored content to PDF and keep it under its SHA-256 in the default
    storage (content-addressed: never overwritten). Returns the bytes and the digest. Every numbered
    document (a case's, a site inspection record) goes through here, outside any transaction or lock."""
    pdf = render_pdf(from_json(content_json))
    digest = hashlib.sha256(pdf).hexdigest()
    storage = storages["default"]
    path = pdf_path(digest)
    if not storage.exists(path):
        storage.save(path, ContentFile(pdf))
    return pdf, digest


# --- Documents composed from the case and what the step adds (`extra`) --------------------------------

Body = list[str | Heading]
Composer = Callable[[Case, str, date, Mapping[str, Any]], tuple[Body, list[Element]]]


def _d(value: Any) -> str:
    return format_date(value) if isinstance(value, date) else str(value or "")


def _filing(case: Case, number: str, on: date, extra: Mapping[str, Any]) -> tuple[Body, list[Element]]:
    """立案审批表 (SAMR 程序规定 Art.19; 行政处罚法 Art.54): the four filing conditions — prima facie facts,
    the provision that penalizes them, jurisdiction, within the limitation period (Art.36) — and the two
    or more qualified officers the head appoints."""
    basis = _basis(case)
    officers = str(extra.get("officers", ""))
    act = _d(case.act_ended_on or case.act_on)
    body: Body = [
        f"案件编号：{number}",
        f"案由：{case.title}",
        f"案件来源：{case.source or '监督检查发现'}",
        *_party_lines(case),
        f"发现日期：{_d(case.discovered_on)}；违法行为发生（终了）日期：{act}",
        f"涉嫌违反并应当给予行政处罚的依据：{basis}",
        f"管辖：属{case.agency.deciding_agency.name}管辖；在给予行政处罚的法定期限内（《中华人民共和国行政处罚法》第三十六条）。",
        f"办案人员：{officers}",
        f"负责人审批意见：同意立案。{extra.get('approver') or ''}",
        f"立案日期：{_d(on)}",
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("案由", case.title),
        Element("立案依据", basis),
        Element("违法行为发生日期（追责时效）", act),
        Element("两名以上办案人员", officers if "、" in officers else ""),
        Element("负责人审批意见", "同意立案"),
        Element("立案日期", _d(on)),
    ]
    return body, elements


def _hearing_notice(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """听证通知书 (行政处罚法 Art.64(2)–(6); 市场监督管理行政处罚听证办法 Art.20–21): time and place served 7
    working days before; public unless secrets or privacy; the presider and the right to ask for his
    recusal; one or two agents; a no-show without good reason waives the hearing."""
    when, place, presider = (
        _d(extra.get("hearing_on")),
        str(extra.get("place", "")),
        str(extra.get("presider", "")),
    )
    public = "公开" if extra.get("public", True) else "不公开"
    body: Body = [
        f"{case.party.name}：",
        f"你（单位）{case.title}一案，本机关已送达行政处罚事先告知书，你（单位）依法申请举行听证。"
        f"根据{LAW}第六十四条的规定，本机关定于{when}在{place}{public}举行听证，请准时出席。",
        f"听证主持人：{presider}。你（单位）认为主持人与本案有直接利害关系的，有权申请回避。",
        "你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理人参加听证的，应当提交授权委托书。",
        "你（单位）无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。",
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("听证的时间", when),
        Element("听证的地点", place),
        Element("公开举行与否", f"{public}举行听证"),
        Element("听证主持人", presider),
        Element("申请回避的权利", "有权申请回避"),
        Element("委托代理人", "委托一至二人代理"),
    ]
    return body, elements


SERVICE_METHODS = {
    "direct": "直接送达",
    "left": "留置送达",
    "electronic": "电子送达",
    "post": "邮寄送达",
    "entrusted": "委托送达",
    "public_notice": "公告送达",
}


def _proof_of_service(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """送达回证 (SAMR 程序规定 Art.82; legal-rules §13.3): the document served and its number, the person
    served, place, method, date, who signed for it (or why they refused, and the witness), the servers."""
    served = f"{extra.get('served_title', '')}（{extra.get('served_number', '')}）"
    method = SERVICE_METHODS.get(str(extra.get("method", "")), "")
    servers = str(extra.get("servers", ""))
    body: Body = [
        f"送达文书名称及文号：{served}",
        f"受送达人：{case.party.name}",
        f"送达地点：{extra.get('place') or case.party.address}",
        f"送达方式：{method}",
        f"送达日期：{_d(on)}",
    ]
    elements = [
        Element("送达文书名称及文号", served if extra.get("served_number") else ""),
        Element("受送达人", case.party.name),
        Element("送达方式", method),
        Element("送达日期", _d(on)),
        Element("送达人", servers),
    ]
    if method == "留置送达":
        # Art.82(2): the refusal and its date on the 回证, signed by the server and a witness, or the
        # leaving recorded by photo or video.
        refusal, witness = str(extra.get("refusal_reason", "")), str(extra.get("witness", ""))
        body.append(f"拒收事由：{refusal}；见证人：{witness or '无（已拍照、录像记录送达过程）'}")
        elements.append(Element("拒收事由", refusal))
    elif method == "电子送达":
        body.append("受送达人已签订送达地址确认书，同意电子送达；送达过程已截屏留存。")
    elif method == "公告送达":
        body.append("受送达人下落不明或者采取其他方式无法送达，自公告发布之日起经过三十日，即视为送达。")
    else:
        body.append(f"签收人：{extra.get('signed_by') or case.party.legal_representative or case.party.name}")
    body.append(f"送达人：{servers}")
    return body, elements


def _performance_demand(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """行政处罚决定履行催告书 (行政强制法 Art.35, 54; 行政处罚法 Art.72; SAMR 程序规定 Art.76): in writing,
    the time limit and manner of performance, the sum and how to pay it, the right to state and argue;
    ten days after it is served the agency may apply to the court."""
    principal, late = extra.get("principal", ""), extra.get("late_payment_penalty", "")
    total = extra.get("total", "")
    body: Body = [
        *_party_lines(case),
        f"本机关于{_d(case.decided_on)}作出{case.decision_number}行政处罚决定，"
        f"并于{_d(case.served_on)}送达你（单位）。你（单位）在法定期限内未履行该决定。",
        f"根据{COMPULSION_LAW}第三十五条、第五十四条和{LAW}第七十二条的规定，"
        "现催告你（单位）自收到本催告书之日起十日内履行下列义务：",
        f"缴纳罚款人民币{principal}元，截至{_d(on)}加处罚款人民币{late}元"
        f"（每日按罚款数额的百分之三加处，加处罚款的数额不超过罚款本数），合计人民币{total}元。",
        "履行方式：到指定银行或者通过电子支付系统缴纳。"
        + (f"{account}。" if (account := collection_clause(case)) else ""),
        "你（单位）有权进行陈述和申辩，请在上述期限内向本机关提出。",
        "逾期仍不履行的，本机关将依法申请人民法院强制执行。",
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("所依据的行政处罚决定", case.decision_number),
        Element("履行期限", "十日内"),
        Element("金额", str(total)),
        Element("履行方式和给付方式", "到指定银行或者通过电子支付系统缴纳"),
        Element("陈述、申辩权利", "有权进行陈述和申辩"),
    ]
    return body, elements


def _compulsion_extension(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """延长查封（扣押）期限决定书 (行政强制法 Art.25; SAMR 程序规定 Art.38): a complex case, the head's
    approval, one extension of at most 30 days, told to the party in writing with the reasons."""
    reason, days, until = str(extra.get("reason", "")), extra.get("days", ""), _d(extra.get("until"))
    body: Body = [
        *_party_lines(case),
        f"本机关于{_d(case.decided_on)}以{case.decision_number}查封（扣押）决定书对你（单位）的有关场所、设施或者财物"
        "采取了查封（扣押）措施。",
        f"因{reason}，情况复杂，经本机关负责人批准，根据{COMPULSION_LAW}第二十五条的规定，"
        f"决定将查封（扣押）期限延长{days}日，至{until}届满。",
        remedy(case, subject="本决定"),
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("原查封（扣押）决定书文号", case.decision_number),
        Element("延长的理由", reason),
        Element("延长的期限", f"延长{days}日" if days else ""),
        Element("届满日期", until),
        Element("救济途径和期限", "六十日内"),
    ]
    return body, elements


def _testing_notice(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """检测（检验、检疫、技术鉴定）期间告知书 (行政强制法 Art.25 para.3): the period is stated and told to the
    party in writing; it is not counted in the seizure's period; the agency bears the cost."""
    test, items = str(extra.get("test", "")), str(extra.get("items", ""))
    institution, since, until = (
        str(extra.get("institution", "")),
        _d(extra.get("since")),
        _d(extra.get("until")),
    )
    period = f"自{since}起至{until}止" if since and until else ""
    body: Body = [
        *_party_lines(case),
        f"本机关于{_d(case.decided_on)}以{case.decision_number}查封（扣押）决定书对你（单位）的有关场所、设施或者财物"
        "采取了查封（扣押）措施。",
        f"因需要对{items}进行{test}，本机关已委托{institution}进行{test}，{test}期间{period}（以实际完成之日为准）。",
        f"根据{COMPULSION_LAW}第二十五条第三款的规定，{test}期间不计入查封（扣押）期限，{test}费用由本机关承担。",
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("原查封（扣押）决定书文号", case.decision_number),
        Element("检测、检验、检疫或者技术鉴定的物品和事项", items and test),
        Element("期间", period),
        Element("期间不计入查封（扣押）期限", "期间不计入查封（扣押）期限"),
        Element("费用由行政机关承担", "费用由本机关承担"),
    ]
    return body, elements


# 行政强制法 Art.28 (and Art.19: the head refuses an emergency measure): the grounds for release.
RELEASE_GROUNDS = {
    "no_violation": "当事人没有违法行为",
    "unrelated": "查封、扣押的场所、设施或者财物与违法行为无关",
    "decided": "对违法行为已经作出处理决定，不再需要查封、扣押",
    "expired": "查封、扣押期限已经届满",
    "not_approved": "行政机关负责人认为不应当采取行政强制措施",
    "other": "其他不再需要采取查封、扣押措施的情形",
}


def _compulsion_release(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """解除查封（扣押）决定书 (行政强制法 Art.27, 28; SAMR 程序规定 Art.42): the ground, what is released, and
    that the goods (or the proceeds of their sale) are returned at once."""
    ground = RELEASE_GROUNDS.get(str(extra.get("ground", "")), "")
    detail, items = str(extra.get("detail", "")), str(extra.get("items", ""))
    body: Body = [
        *_party_lines(case),
        f"本机关于{_d(case.decided_on)}以{case.decision_number}查封（扣押）决定书对你（单位）的有关场所、设施或者财物"
        "采取了查封（扣押）措施。",
        f"因{ground}（{detail}），根据{COMPULSION_LAW}第二十七条、第二十八条的规定，本机关决定解除查封（扣押）。",
        f"解除查封（扣押）的场所、设施或者财物：{items}",
        "已扣押的财物立即退还；已将鲜活物品或者其他不易保管的财物拍卖或者变卖的，退还拍卖或者变卖所得款项。",
    ]
    elements = [
        Element("当事人", case.party.name),
        Element("原查封（扣押）决定书文号", case.decision_number),
        Element("解除的理由", ground),
        Element("解除的场所、设施或者财物", items),
        Element("退还财物", "立即退还"),
    ]
    return body, elements


def _closing(case: Case, number: str, on: date, extra: Mapping[str, Any]) -> tuple[Body, list[Element]]:
    """结案审批表 (SAMR 程序规定 Art.77, 78): the case, how it was decided, how it was executed, the ground
    for closing, the head's approval."""
    outcome, execution, ground = (str(extra.get(k, "")) for k in ("outcome", "execution", "ground"))
    body: Body = [
        f"案件编号：{case.case_number}",
        f"案由：{case.title}",
        *_party_lines(case),
        f"立案日期：{_d(case.filed_on)}",
        f"处理结果：{outcome}",
        f"执行情况：{execution}",
        f"结案理由：{ground}",
        "负责人审批意见：同意结案。",
        f"结案日期：{_d(on)}",
    ]
    elements = [
        Element("案件编号", case.case_number),
        Element("当事人", case.party.name),
        Element("处理结果", outcome),
        Element("执行情况", execution),
        Element("结案理由", ground),
        Element("负责人审批意见", "同意结案"),
    ]
    return body, elements


REFERRAL_RULES = "《行政执法机关移送涉嫌犯罪案件的规定》"


def _criminal_referral(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[Body, list[Element]]:
    """涉嫌犯罪案件移送书 (行政处罚法 Art.27; 行政执法机关移送涉嫌犯罪案件的规定 Art.3, 5–7): to the public
    security organ, the suspected offence and its facts, with the materials Art.6 requires — the report on the
    case, the list of the goods involved, test or appraisal reports, other materials — and the receipt
    the police sign (Art.7)."""
    police, crime = str(extra.get("police", "")), str(extra.get("crime", ""))
    facts = str(extra.get("facts") or case.facts or "")
    items, tests = str(extra.get("items") or "无"), str(extra.get("tests") or "无")
    body: Body = [
        f"{police}：",
        f"本机关在依法查处{case.party.name}{case.title}一案过程中发现：{facts}",
        f"根据{LAW}第二十七条和{REFERRAL_RULES}第三条的规定，该案涉嫌{crime}，依法需要追究刑事责任，"
        "经本机关负责人批准，现移送你单位依法处理。",
        *_party_lines(case),
        "附件：一、涉嫌犯罪案件情况的调查报告；",
        f"二、涉案物品清单（{items}）；",
        f"三、有关检验报告或者鉴定结论（{tests}）；",
        "四、其他有关涉嫌犯罪的材料。",
        f"请在本移送书回执上签字（{REFERRAL_RULES}第七条）。",
    ]
    elements = [
        Element("受移送的公安机关", police),
        Element("当事人", case.party.name),
        Element("涉嫌的犯罪", crime),
        Element("涉嫌犯罪的事实", facts),
        Element("移送依据", "第二十七条"),
        Element("涉嫌犯罪案件情况的调查报告", "涉嫌犯罪案件情况的调查报告"),
        Element("涉案物品清单", "涉案物品清单"),
        Element("检验报告或者鉴定结论", "检验报告或者鉴定结论"),
    ]
    return body, elements


COMPOSERS: dict[str, Composer] = {
    "filing": _filing,
    "hearing_notice": _hearing_notice,
    "proof_of_service": _proof_of_service,
    "performance_demand": _performance_demand,
    "compulsion_extension": _compulsion_extension,
    "compulsion_release": _compulsion_release,
    "testing_notice": _testing_notice,
    "criminal_referral": _criminal_referral,
    "closing": _closing,
}
# Internal forms (审批表, 回证): their approval and signatures are lines of the form.
FORMS = {"filing", "proof_of_service", "closing"}
