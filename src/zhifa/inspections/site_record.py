"""现场检查笔录 (`site_inspection_record`): composed from the visit, numbered in the agency's sequences
(cases.numbering), laid out by lib.officialdoc with the inspection code's QR code in the corner, and
rendered to PDF after the visit's transaction commits, like a case's 文书 (cases.documents): the
`inspection.inspected` entry vouches for the composed content's SHA-256; the PDF is rendered from that
content, stored under its own SHA-256 and journaled (`inspection.record_rendered`).

The form follows 司法部《行政检查文书基本格式文本（试行）》(supervision.md §2.2) and the paper records
agencies print: the inspection code, the business, time and place, the person present for the business,
the officers by name and certificate number (亮证: 行政处罚法 Art.55; 国办发〔2024〕54号 未亮证不得检查),
what was told, the items checked, what was found, the evidence taken, and the signature boxes that both
sides sign on paper."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from zhifa.cases.documents import Element, document_text, pdf_path, render_and_store
from zhifa.core.errors import DomainError
from zhifa.inspections import codes
from zhifa.inspections.models import SiteInspectionRecord
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record
from zhifa.lib.officialdoc import (
    OfficialDocument,
    Table,
    format_date,
    unsupported_characters,
)

logger = logging.getLogger(__name__)

KIND = "site_inspection_record"
TITLE = "现场检查笔录"
RULE = "司法部《行政检查文书基本格式文本（试行）》；《中华人民共和国行政处罚法》第五十五条"
# The notice given before the check (行政处罚法 Art.55: show the certificates, tell the grounds; Art.43:
# the right to ask for recusal; 国办发〔2024〕54号: the items checked and the 五个严禁).
NOTICE = (
    "检查人员已出示行政执法证件，告知被检查单位检查的依据、事项和检查码，"
    "告知其享有陈述、申辩的权利和申请检查人员回避的权利；被检查单位未申请回避。"
)
SIGN_BUSINESS = "以上笔录已阅，记录属实。\n签名：　　　　　　　　　　年　　月　　日"
SIGN_OFFICERS = "签名：　　　　　　　　　　年　　月　　日"


@dataclass(frozen=True)
class SiteFacts:
    """What the record says, gathered by the service from the visit."""

    issuer: str
    number: str
    code: str
    kind_label: str
    target_name: str
    credit_code: str
    address: str
    place: str
    started_at: datetime
    ended_at: datetime
    representative: str
    officers: Sequence[tuple[str, str]]  # (name, certificate number)
    items: Sequence[str]
    findings: str
    evidence: Sequence[str]
    on: date


def _time(at: datetime) -> str:
    local = timezone.localtime(at)
    return f"{format_date(local.date())}{local.hour}时{local.minute:02d}分"


def _period(start: datetime, end: datetime) -> str:
    a, b = timezone.localtime(start), timezone.localtime(end)
    if a.date() == b.date():
        return f"{_time(start)}至{b.hour}时{b.minute:02d}分"
    return f"{_time(start)}至{_time(end)}"


def compose(facts: SiteFacts) -> tuple[OfficialDocument, list[Element]]:
    officers = "；".join(f"{name}（执法证号：{number}）" for name, number in facts.officers)
    items = "；".join(facts.items)
    evidence = "；".join(facts.evidence) or "无"
    url = codes.public_url(facts.code)
    rows: list[list[str]] = [
        ["检查码", codes.grouped(facts.code)],
        ["检查类型", facts.kind_label],
        ["被检查单位", facts.target_name],
        ["统一社会信用代码", facts.credit_code],
        ["住所（经营场所）", facts.address or "（未登记）"],
        ["检查地点", facts.place],
        ["检查时间", _period(facts.started_at, facts.ended_at)],
        ["被检查单位现场负责人", facts.representative],
        ["检查人员及执法证号", officers],
        ["告知事项", NOTICE],
        ["检查事项", items],
        ["检查情况", facts.findings],
        ["现场取证", evidence],
        ["被检查单位意见", SIGN_BUSINESS],
        ["检查人员", SIGN_OFFICERS],
    ]
    table = Table(rows=rows, col_widths=(1.3, 3), font_size=12.0, min_row_height_mm=9.0)
    doc = OfficialDocument(
        issuer=facts.issuer,
        number=facts.number,
        title=TITLE,
        paragraphs=[table],
        signature="",  # a form: both sides sign in its boxes
        date=facts.on,
        copy_note=(
            "本笔录一式两份，被检查单位和检查机关各执一份。被检查单位可扫描右上角二维码或访问下列网址，"
            # on a line of its own, without the scheme (as printed addresses are), to keep it whole
            f"核验本次检查、查看检查结果并作出评价：\n{url.split('://', 1)[-1]}"
        ),
        metadata={
            "Subject": f"{facts.target_name} 现场检查",
            "Keywords": facts.code,
            "InspectionCode": facts.code,
        },
        qr_code=url,
    )
    elements = [
        Element("检查码", codes.grouped(facts.code)),
        Element("被检查单位", facts.target_name),
        Element("检查时间", _period(facts.started_at, facts.ended_at)),
        Element("检查地点", facts.place),
        Element("被检查单位现场负责人", facts.representative),
        *(Element(f"检查人员{name}的执法证号", number) for name, number in facts.officers),
        Element("两名以上检查人员", officers if len(facts.officers) >= 2 else ""),
        Element("检查事项", items),
        Element("检查情况", facts.findings),
    ]
    return doc, elements


def check(doc: OfficialDocument, elements: Sequence[Element]) -> None:
    """Every element has a value that the document prints, and every character can be printed (the
    case documents' checks, cases.documents, applied to this form)."""
    missing = [e.label for e in elements if not e.text.strip()]
    if missing:
        raise DomainError(f"{TITLE}缺少必要内容：{'、'.join(missing)}", rule=RULE)
    text = document_text(doc)
    absent = [e.label for e in elements if "".join(e.text.split()) not in text]
    if absent:
        raise DomainError(f"{TITLE}未载明：{'、'.join(absent)}", rule=RULE)
    unprintable = unsupported_characters(doc)
    if unprintable:
        raise DomainError(
            f"{TITLE}含有文书字体无法显示的字符：{'、'.join(sorted(unprintable))}，请改用规范汉字或说明后再试",
            rule="GB/T 9704-2012 7.1（公文用字）",
        )


def render_after_commit(record_id: int) -> None:
    """As cases.documents: in this process right after the commit, or on the task queue when
    ZHIFA_DOCUMENT_RENDERING is "worker"; a render that never happened is done by the daily job or on
    the first download."""
    if getattr(settings, "ZHIFA_DOCUMENT_RENDERING", "after_commit") == "worker":
        from zhifa.inspections.tasks import render_site_record  # tasks import this module

        transaction.on_commit(lambda: render_site_record.enqueue(record_id), robust=True)
    else:
        transaction.on_commit(lambda: _render_logged(record_id), robust=True)


def _render_logged(record_id: int) -> None:
    try:
        render(record_id)
    except Exception:  # the visit committed; the daily job renders what is left
        logger.exception("rendering site inspection record %s failed; the daily job will retry", record_id)


def _vouching_entry(rec: SiteInspectionRecord) -> JournalEntry:
    """The `inspection.inspected` entry that vouched for this content (by its digest among the entry's
    attachments): never print what the record does not say was written."""
    digest = hashlib.sha256(rec.content.encode()).hexdigest()
    entry = JournalEntry.objects.filter(pk=rec.journal_entry_id).first() if rec.journal_entry_id else None
    if (
        entry is None
        or digest != rec.content_sha256
        or digest not in {a.get("sha256") for a in entry.attachment_list}
    ):
        raise DomainError(f"现场检查笔录{rec.number}的内容与检查记录不一致，拒绝生成")
    return entry


def render(record_id: int) -> SiteInspectionRecord:
    """Render the PDF from the stored content, store it under its SHA-256 and journal it. Idempotent."""
    rec = SiteInspectionRecord.objects.select_related("inspection").get(pk=record_id)
    if rec.render_entry_id is not None:
        return rec
    entry = _vouching_entry(rec)
    pdf, digest = render_and_store(rec.content)  # outside any transaction or lock
    with transaction.atomic():
        locked = SiteInspectionRecord.objects.select_for_update().get(pk=record_id)
        if locked.render_entry_id is not None:
            return locked
        rendered = record(
            event_type="inspection.record_rendered",
            subject=locked,
            agency_id=rec.inspection.agency_id,
            payload={
                "code": rec.inspection.code,
                "number": locked.number,
                "content_sha256": locked.content_sha256,
                "issued_in_entry": entry.pk,
            },
            attachments=[Attachment(sha256=digest, name=f"{TITLE} {locked.number}.pdf", size=len(pdf))],
        )
        locked.sha256 = digest
        locked.rendered_at = rendered.recorded_at
        locked.render_entry_id = rendered.pk
        locked.save(update_fields=["sha256", "rendered_at", "render_entry_id"])
    return locked


def render_pending() -> int:
    done = 0
    for pk in SiteInspectionRecord.objects.filter(render_entry_id__isnull=True).values_list("pk", flat=True):
        try:
            render(pk)
        except Exception:
            logger.exception("rendering site inspection record %s failed; it stays pending", pk)
            continue
        done += 1
    return done


def pdf_bytes(rec: SiteInspectionRecord, *, actor: object) -> bytes:
    """The record's PDF for download (rendered first if that has not happened), checked against its
    digest, the read journaled like a case document's (`document.downloaded`)."""
    if rec.render_entry_id is None:
        rec = render(rec.pk)
    with storages["default"].open(pdf_path(rec.sha256), "rb") as fh:
        pdf: bytes = fh.read()
    if hashlib.sha256(pdf).hexdigest() != rec.sha256:
        raise DomainError(f"存储中的现场检查笔录{rec.number} PDF 与检查记录不一致，请联系管理员核查")
    with transaction.atomic():
        record(
            event_type="document.downloaded",
            subject=rec,
            agency_id=rec.inspection.agency_id,
            actor=actor,
            payload={"number": rec.number},
            attachments=[Attachment(sha256=rec.sha256, name=f"{TITLE} {rec.number}.pdf")],
        )
    return pdf
