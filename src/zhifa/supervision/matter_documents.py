"""The supervision documents (行政执法监督通知书 / 意见书 / 决定书): the issuing body, the number, the text,
and the PDF, as the other numbered documents are made (cases.documents, inspections.site_record).

The supervising body is the 司法行政部门 of the government (条例 第六条). When one is registered as an
agency (`Agency.is_supervising_body`) at the matter's region, it issues in its own name and 机关代字 (its
short code); otherwise the region's supervisors issue as "<区域>司法局" (司法厅 for a province) with the
代字 "<区域简称>司" — the demo and many deployments register no 司法局 as an enforcement agency. The
number is GB/T 9704 style (cases.numbering's default template): 代字 + 文种代字 + 〔year〕 + serial + 号,
e.g. 江北司监通〔2026〕3号, one series per supervising region, document kind and year."""

from __future__ import annotations

import hashlib
import logging
from datetime import date

from django.core.files.storage import storages
from django.db import IntegrityError, transaction

from zhifa.cases.documents import document_text, pdf_path, render_and_store
from zhifa.cases.numbering import DEFAULT_TEMPLATE
from zhifa.cases.numbering import render as render_number
from zhifa.core.errors import DomainError
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import Attachment, record
from zhifa.lib.chinese_numbers import to_chinese
from zhifa.lib.officialdoc import Heading, OfficialDocument, Paragraph, unsupported_characters
from zhifa.organizations.models import Agency, Region, RegionLevel
from zhifa.supervision.models_matters import (
    DocumentKind,
    PeriodUnit,
    SupervisionDocument,
    SupervisionDocumentSequence,
    SupervisionMatter,
)

logger = logging.getLogger(__name__)

CONDITION = "《行政执法监督条例》"
KIND_CODES = {DocumentKind.NOTICE: "监通", DocumentKind.OPINION: "监意", DocumentKind.DECISION: "监决"}
SHORT_NAMES = {DocumentKind.NOTICE: "通知书", DocumentKind.OPINION: "意见书", DocumentKind.DECISION: "决定书"}
# What the body asks the agency to do, per document (总局令第22号 第十八条、第十九条、第二十一条).
ASKS = {
    DocumentKind.NOTICE: (
        "请你单位对上述问题进行核查，提供有关材料，依法自行纠正，并将核查和整改情况书面报告本机关。"
    ),
    DocumentKind.OPINION: (
        "为规范行政执法行为，现提出如下监督意见，请你单位研究落实，完善相关制度，并将整改情况书面报告本机关。"
    ),
    DocumentKind.DECISION: (
        "经审查，本机关决定责令你单位依法自行纠正上述行政执法问题，并将纠正情况书面报告本机关。"
    ),
}
# 条例 第八条: 不得以监督代替行政执法 — the document asks the agency to correct; it decides nothing itself.
SELF_CORRECTION = (
    "本机关依照《行政执法监督条例》开展监督，不代替你单位作出行政执法决定（《行政执法监督条例》第八条）；"
    "有关行政执法行为由你单位依法自行纠正。"
)


def issuer_for(region: Region) -> tuple[str, str]:
    """(name, 机关代字) of the supervising body of `region` (see the module's docstring)."""
    body = Agency.objects.filter(is_supervising_body=True, active=True, region=region).order_by("pk").first()
    if body is not None:
        return body.name, body.short_code or body.name[:4]
    name = region.name
    short = name[:-1] if len(name) > 2 and name[-1] in "省市县区" else name
    return f"{name}{'司法厅' if region.level == RegionLevel.PROVINCE else '司法局'}", f"{short}司"


def next_number(region: Region, kind: str, year: int, code: str) -> tuple[int, str]:
    """The next serial of the region's series under the row lock of one UPDATE … RETURNING, held until
    the issuing transaction ends (a rollback gives the number back: no gap)."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("next_number() must run inside the issuing transaction")
    q = conn.ops.quote_name
    sql = (
        f"UPDATE {q(SupervisionDocumentSequence._meta.db_table)} SET {q('last')} = {q('last')} + 1 "
        f"WHERE {q('region_id')} = %s AND {q('kind')} = %s AND {q('year')} = %s RETURNING {q('last')}"
    )
    for _ in range(3):
        with conn.cursor() as c:
            c.execute(sql, [region.pk, kind, year])
            row = c.fetchone()
        if row is not None:
            serial = int(row[0])
            number = render_number(
                DEFAULT_TEMPLATE,
                code=code,
                kind_code=KIND_CODES[DocumentKind(kind)],
                year=year,
                serial=serial,
            )
            return serial, number
        try:
            with transaction.atomic():
                SupervisionDocumentSequence.objects.create(region=region, kind=kind, year=year, last=0)
        except IntegrityError:
            pass  # created concurrently: take it on the next round
    raise RuntimeError("could not allocate a supervision document number")


def period_words(days: int, unit: str) -> str:
    return f"{to_chinese(days)}{'个工作日' if unit == PeriodUnit.WORKING_DAYS else '日'}"


def compose(
    *,
    matter: SupervisionMatter,
    kind: str,
    issuer: str,
    number: str,
    requirements: str,
    days: int,
    unit: str,
    on: date,
    basis: str,
) -> OfficialDocument:
    name = SHORT_NAMES[DocumentKind(kind)]
    body: list[str | Heading | Paragraph] = [
        Paragraph(f"{matter.agency.name}：", indent=0),
        f"本机关在行政执法监督中发现你单位存在以下问题（来源：{matter.get_source_kind_display()}"
        + (f"，{matter.source_ref}" if matter.source_ref else "")
        + "）：",
        *[line for line in matter.facts.splitlines() if line.strip()],
        ASKS[DocumentKind(kind)],
        Heading("整改要求"),
        *[line for line in requirements.splitlines() if line.strip()],
        f"请你单位自收到本{name}之日起{period_words(days, unit)}内，将整改情况（附有关材料）书面报告本机关"
        f"（期限依据：{basis}）。逾期未报告的，本机关将依照{CONDITION}的规定进一步督促，并可约谈你单位负责人。",
        SELF_CORRECTION,
    ]
    return OfficialDocument(
        issuer=issuer,
        number=number,
        title=DocumentKind(kind).label,
        paragraphs=body,
        signature=issuer,
        date=on,
        copy_note=f"抄送：{matter.agency.name}上级主管部门（如有）",
        metadata={"Subject": matter.title, "Keywords": number, "SupervisionMatter": str(matter.pk)},
    )


def check(doc: OfficialDocument, kind: str, requirements: str) -> None:
    title = DocumentKind(kind).label
    text = document_text(doc)
    for label, value in (("被监督的执法主体", doc.paragraphs[0]), ("整改要求", requirements)):
        flat = "".join(str(getattr(value, "text", value)).split())
        if not flat or flat not in text:
            raise DomainError(f"{title}未载明{label}", rule=CONDITION)
    missing = unsupported_characters(doc)
    if missing:
        raise DomainError(
            f"{title}含有文书字体无法显示的字符：{'、'.join(sorted(missing))}，请改用规范汉字或说明后再试",
            rule="GB/T 9704-2012 7.1（公文用字）",
        )


# --- the PDF ------------------------------------------------------------------------------------------


def render_after_commit(document_id: int) -> None:
    """Rendered in this process right after the issuing commit (supervision documents are few); one that
    failed or never ran is rendered by the daily job or on its first download."""
    transaction.on_commit(lambda: render_logged(document_id), robust=True)


def _vouching_entry(document: SupervisionDocument) -> JournalEntry:
    """The issuing entry, which vouched for this content's digest: never print what the record does not
    say was issued."""
    digest = hashlib.sha256(document.content.encode()).hexdigest()
    entry = (
        JournalEntry.objects.filter(pk=document.journal_entry_id).first()
        if document.journal_entry_id
        else None
    )
    if (
        entry is None
        or digest != document.content_sha256
        or digest not in {a.get("sha256") for a in entry.attachment_list}
    ):
        raise DomainError(f"文书{document.number}的内容与监督记录不一致，拒绝生成")
    return entry


def render(document_id: int) -> SupervisionDocument:
    """Render the PDF from the stored content, store it under its SHA-256 and journal it. Idempotent."""
    document = SupervisionDocument.objects.select_related("matter").get(pk=document_id)
    if document.render_entry_id is not None:
        return document
    entry = _vouching_entry(document)
    pdf, digest = render_and_store(document.content)  # outside any transaction or lock
    with transaction.atomic():
        locked = SupervisionDocument.objects.select_for_update().get(pk=document_id)
        if locked.render_entry_id is not None:
            return locked
        rendered = record(
            event_type="matter.document_rendered",
            subject=document.matter,
            agency_id=document.matter.agency_id,
            payload={
                "number": locked.number,
                "content_sha256": locked.content_sha256,
                "issued_in_entry": entry.pk,
            },
            attachments=[
                Attachment(
                    sha256=digest,
                    name=f"{DocumentKind(locked.kind).label} {locked.number}.pdf",
                    size=len(pdf),
                )
            ],
        )
        locked.sha256 = digest
        locked.rendered_at = rendered.recorded_at
        locked.render_entry_id = rendered.pk
        locked.save(update_fields=["sha256", "rendered_at", "render_entry_id"])
    return locked


def render_logged(document_id: int) -> None:
    try:
        render(document_id)
    except Exception:  # the issue committed; the daily job renders what is left
        logger.exception("rendering supervision document %s failed; the daily job will retry", document_id)


def render_pending() -> int:
    done = 0
    for pk in SupervisionDocument.objects.filter(render_entry_id__isnull=True).values_list("pk", flat=True):
        try:
            render(pk)
        except Exception:
            logger.exception("rendering supervision document %s failed; it stays pending", pk)
            continue
        done += 1
    return done


def pdf_bytes(document: SupervisionDocument, *, actor: object) -> bytes:
    """The PDF for download (rendered first if need be), checked against its digest, the read journaled
    (`document.downloaded`) like every other document's."""
    if document.render_entry_id is None:
        document = render(document.pk)
    with storages["default"].open(pdf_path(document.sha256), "rb") as fh:
        pdf: bytes = fh.read()
    if hashlib.sha256(pdf).hexdigest() != document.sha256:
        raise DomainError(f"存储中的文书{document.number} PDF 与监督记录不一致，请联系管理员核查")
    with transaction.atomic():
        record(
            event_type="document.downloaded",
            subject=document.matter,
            agency_id=document.matter.agency_id,
            actor=actor,
            payload={"number": document.number},
            attachments=[
                Attachment(
                    sha256=document.sha256, name=f"{DocumentKind(document.kind).label} {document.number}.pdf"
                )
            ],
        )
    return pdf
