"""The electronic case file (电子卷宗): one ZIP per case, verifiable offline (tools/verify_case_file.py).

国办发〔2018〕118号 三（九）: the case's 文字记录 and 音像记录 are archived together, in storage that is
防删改; SAMR 程序规定 Art.78: 一案一卷, the documents in order, with the 卷内目录 and page numbers (the
case-file rubrics of legal-rules §10 score “卷内目录 and 页码”). The layout is docs/case-file.md:

    manifest.json              what the package holds, with the SHA-256 and size of every other file
    index.pdf                  卷内目录: each document with its 文号, date and pages (页号)
    documents/NN-<kind>.pdf    each issued document's PDF, in the order of the file
    documents/NN-<kind>.json   the content the step's journal entry vouched for (the PDF renders from it)
    evidence/<sha256>          an evidence file (up to ZHIFA_CASE_FILE_EVIDENCE_MAX_BYTES; larger ones are
                               listed by reference: digests, size, blob name)
    journal/entries.json       the case's journal entries, each with its inclusion proof
    journal/checkpoint.txt     the signed checkpoint (C2SP signed note) the proofs lead to

Every file is vouched for by a journal entry in the package: a document's content by the step that
issued it, its PDF by its `document.rendered` entry, an evidence file by its `evidence.uploaded` entry;
and every entry by its inclusion proof against the signed checkpoint. The index is derived (it only
counts pages). Reading the file is journaled (`casefile.downloaded`): it holds unredacted personal data
and the evidence (DESIGN.md invariant 8).

The package is built when asked for, from the case as it stands: an archived case's file no longer
changes, except that its proofs lead to the latest checkpoint."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from zhifa.accounts.models import Role
from zhifa.accounts.permissions import CASE_FILE_READERS
from zhifa.cases import documents as case_documents
from zhifa.cases.casefile import file_state
from zhifa.cases.engine import procedure_of
from zhifa.cases.models import Case, Document
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.evidence import blobstore
from zhifa.evidence.models import Evidence, EvidenceKind
from zhifa.journal.models import JournalEntry, SignedCheckpoint, TreeLeaf
from zhifa.journal.proofs import tree_algorithm
from zhifa.journal.sequencer import load_nodes
from zhifa.journal.services import record
from zhifa.lib import merkle
from zhifa.lib.officialdoc import OfficialDocument, Paragraph, Table, render_pdf
from zhifa.review.models import ReviewSubmission

FORMAT = "zhifa-case-file/1"
# An evidence file larger than this is listed by reference (its digests and blob name), not copied.
DEFAULT_EVIDENCE_MAX_BYTES = 64 * 1024 * 1024
# Fixed member times: the same case gives the same ZIP bytes on the same checkpoint.
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "ZHIFA_CASE_FILE_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


@dataclass
class CaseFilePackage:
    file: IO[bytes]  # positioned at 0
    filename: str
    size: int
    manifest: dict[str, Any]
    manifest_sha256: str


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _rendered(docs: list[Document]) -> list[Document]:
    """Every document with its PDF: those not rendered yet are rendered now (as a download would)."""
    out = []
    for d in docs:
        if d.render_entry_id is None and d.content:
            d = case_documents.render(d.pk)
        if d.sha256:  # a document issued before documents kept their content has no PDF to file
            out.append(d)
    return out


def _pdf_bytes(d: Document) -> bytes:
    with storages["default"].open(case_documents.pdf_path(d.sha256), "rb") as fh:
        pdf: bytes = fh.read()
    if _sha256(pdf) != d.sha256:
        raise DomainError(f"存储中的文书{d.number} PDF 与办案记录不一致，请联系管理员核查")
    return pdf


def case_evidence(case: Case) -> list[Evidence]:
    refs = [ref for ref in (str(case.pk), case.case_number) if ref]
    return list(
        Evidence.objects.filter(agency_id=case.agency_id, case_ref__in=refs).order_by("collected_at", "id")
    )


def _proofs(entries: list[JournalEntry]) -> tuple[list[dict[str, Any]], SignedCheckpoint | None, list[int]]:
    """Each entry covered by the latest signed checkpoint with its inclusion proof (the tree's nodes read
    in one query for all of them), the checkpoint, and the ids of the entries it does not cover yet."""
    checkpoint = SignedCheckpoint.objects.select_related("key").order_by("-size").first()
    leaves = dict(
        TreeLeaf.objects.filter(entry_id__in=[e.pk for e in entries]).values_list("entry_id", "index")
    )
    size = checkpoint.size if checkpoint else 0
    covered = [e for e in entries if e.pk in leaves and leaves[e.pk] < size]
    pending = [e.pk for e in entries if not (e.pk in leaves and leaves[e.pk] < size)]
    wanted = [p for e in covered for p in merkle.inclusion_proof_nodes(leaves[e.pk], size)]
    nodes = load_nodes(wanted)
    algo = tree_algorithm()
    out = []
    for e in covered:
        leaf = e.leaf_bytes()
        proof = merkle.inclusion_proof(leaves[e.pk], size, lambda lvl, idx: nodes[(lvl, idx)], algo)
        out.append(
            {
                "entry": json.loads(leaf),
                "leaf": _b64(leaf),
                "leaf_index": leaves[e.pk],
                "inclusion_proof": [_b64(h) for h in proof],
            }
        )
    return out, checkpoint, pending


def _index_pdf(case: Case, rows: list[list[str]], on: date) -> bytes:
    """卷内目录: 序号, 文书名称, 文号, 日期, 页号 (the cover and the index itself are not numbered)."""
    doc = OfficialDocument(
        issuer=case.agency.name,
        number="",
        title="卷内目录",
        paragraphs=[
            Paragraph(f"案件名称：{case.title}", indent=0),
            Paragraph(f"案件编号：{case.case_number or case.pk}", indent=0),
            Paragraph(f"当事人：{case.party.name}", indent=0),
            Table(
                rows=[["序号", "文书名称", "文号", "日期", "页号"], *rows],
                col_widths=(0.7, 2.6, 2.6, 1.6, 1.0),
                align=("center", "left", "left", "center", "center"),
                font_size=10.5,
                min_row_height_mm=8.0,
            ),
        ],
        signature="",
        date=on,
        metadata={"Title": f"卷内目录 {case.case_number}", "Subject": "电子卷宗"},
    )
    return render_pdf(doc)


def _date_text(day: date) -> str:
    return day.isoformat()


def build(*, case: Case, on: date | None = None) -> CaseFilePackage:
    """The case's electronic file as a ZIP (spooled to disk beyond 16 MB)."""
    on = on or timezone.localdate()
    case = Case.objects.select_related("agency", "party", "item").get(pk=case.pk)
    state = file_state(case)
    docs = _rendered(state.documents)
    evidence = case_evidence(case)
    # The record of the case, its documents' renderings and its evidence's uploads.
    extra_ids = [d.render_entry_id for d in docs if d.render_entry_id] + [
        e.journal_entry_id for e in evidence if e.journal_entry_id
    ]
    extra = JournalEntry.objects.in_bulk(extra_ids)
    # The legal review's record (法制审核: each round's submission, assignment, opinion …), about the case's
    # submissions: the 法制审核意见书 belongs in the file (SAMR 程序规定 Art.78; 118号 四).
    subjects = [
        f"review.reviewsubmission:{pk}"
        for pk in ReviewSubmission.objects.filter(case=case).values_list("pk", flat=True)
    ]
    review = list(JournalEntry.objects.filter(subject__in=subjects)) if subjects else []
    entries = sorted(
        {e.pk: e for e in [*state.entries, *extra.values(), *review]}.values(), key=lambda e: e.pk
    )
    proven, checkpoint, pending = _proofs(entries)

    files: list[tuple[str, bytes | None, int]] = []  # path, bytes (None: streamed evidence), compress
    manifest_files: list[dict[str, Any]] = []
    doc_rows: list[list[str]] = []
    doc_items: list[dict[str, Any]] = []
    page = 1
    for n, d in enumerate(docs, 1):
        pdf = _pdf_bytes(d)
        content = d.content.encode()
        pages = _pages(pdf)
        base = f"documents/{n:02d}-{d.kind}"
        files += [(f"{base}.pdf", pdf, zipfile.ZIP_DEFLATED), (f"{base}.json", content, zipfile.ZIP_DEFLATED)]
        last = page + pages - 1
        doc_rows.append(
            [
                str(n),
                d.title,
                d.number,
                _date_text(d.issued_on),
                f"{page}" if pages == 1 else f"{page}–{last}",
            ]
        )
        doc_items.append(
            {
                "seq": n,
                "kind": d.kind,
                "title": d.title,
                "number": d.number,
                "issued_on": d.issued_on.isoformat(),
                "pdf": f"{base}.pdf",
                "pdf_sha256": d.sha256,
                "content": f"{base}.json",
                "content_sha256": d.content_sha256,
                "pages": pages,
                "first_page": page,
                "last_page": last,
                "issued_in_entry": d.journal_entry_id,
                "rendered_in_entry": d.render_entry_id,
            }
        )
        page = last + 1

    limit = evidence_max_bytes()
    evidence_items: list[dict[str, Any]] = []
    streamed: dict[str, Evidence] = {}
    n = len(docs)
    for ev in evidence:
        included = ev.size <= limit
        path = f"evidence/{ev.sha256}" if included else ""
        if included and path not in streamed:
            streamed[path] = ev
        n += 1
        evidence_items.append(
            {
                "seq": n,
                "id": ev.pk,
                "kind": ev.kind,
                "kind_label": EvidenceKind(ev.kind).label,
                "filename": ev.original_filename,
                "content_type": ev.content_type,
                "sha256": ev.sha256,
                "sm3": ev.sm3,
                "size": ev.size,
                "collected_at": timezone.localtime(ev.collected_at).isoformat(),
                "collected_place": ev.collected_place,
                "step": ev.step,
                "proves": ev.proves,
                "supersedes": ev.supersedes_id,
                "entry": ev.journal_entry_id,
                "included": included,
                "path": path,
                "blob": "" if included else ev.blob_name,
            }
        )
        where = "见 " + path if included else "存证引用（未附原件）"
        doc_rows.append(
            [
                str(n),
                f"{EvidenceKind(ev.kind).label}：{ev.original_filename}",
                where,
                _date_text(timezone.localtime(ev.collected_at).date()),
                "—",
            ]
        )

    index = _index_pdf(case, doc_rows, on)
    journal_doc = {
        "hash": tree_algorithm(),
        "tree_size": checkpoint.size if checkpoint else 0,
        "entries": proven,
    }
    journal_bytes = json.dumps(journal_doc, ensure_ascii=False, indent=1, sort_keys=True).encode()
    files.append(("index.pdf", index, zipfile.ZIP_DEFLATED))
    files.append(("journal/entries.json", journal_bytes, zipfile.ZIP_DEFLATED))
    if checkpoint is not None:
        files.append(("journal/checkpoint.txt", checkpoint.note.encode(), zipfile.ZIP_DEFLATED))

    spool = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115 (returned open)
    with zipfile.ZipFile(spool, "w") as z:
        for path, data, compress in files:
            assert data is not None
            _write(z, path, data, compress)
            manifest_files.append({"path": path, "sha256": _sha256(data), "size": len(data)})
        for path, ev in streamed.items():
            digest, size = _copy_blob(z, path, ev)
            if digest != ev.sha256:
                raise DomainError(f"证据 {ev.pk} 的存储文件与入库摘要不一致，请联系管理员核查")
            manifest_files.append({"path": path, "sha256": digest, "size": size})
        manifest = {
            "format": FORMAT,
            "built_on": on.isoformat(),
            "case": {
                "id": case.pk,
                "case_number": case.case_number,
                "title": case.title,
                "agency": case.agency.name,
                "procedure": procedure_of(case).label,
                "state": procedure_of(case).state_label(case.state),
                "party": case.party.name,
                "filed_on": case.filed_on.isoformat() if case.filed_on else None,
                "decided_on": case.decided_on.isoformat() if case.decided_on else None,
                "decision_number": case.decision_number,
                "closed_on": case.closed_on.isoformat() if case.closed_on else None,
            },
            "complete": not state.problems,
            "problems": state.problems,
            "index": {"path": "index.pdf", "pages": _pages(index), "numbered_pages": page - 1},
            "documents": doc_items,
            "evidence": evidence_items,
            "journal": {
                "path": "journal/entries.json",
                "checkpoint": "journal/checkpoint.txt" if checkpoint else "",
                "hash": journal_doc["hash"],
                "tree_size": journal_doc["tree_size"],
                "verifier_key": checkpoint.key.vkey if checkpoint else "",
                "entries": len(proven),
                "pending": pending,
            },
            "files": sorted(manifest_files, key=lambda f: f["path"]),
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        _write(z, "manifest.json", manifest_bytes, zipfile.ZIP_DEFLATED)
    size = spool.tell()
    spool.seek(0)
    name = f"电子卷宗-{case.case_number or case.pk}.zip"
    return CaseFilePackage(spool, name, size, manifest, _sha256(manifest_bytes))


def _write(z: zipfile.ZipFile, path: str, data: bytes, compress: int) -> None:
    info = zipfile.ZipInfo(path, ZIP_TIME)
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def _copy_blob(z: zipfile.ZipFile, path: str, ev: Evidence) -> tuple[str, int]:
    """Stream an evidence blob into the ZIP (stored, not compressed: media is compressed already),
    hashing what was copied."""
    info = zipfile.ZipInfo(path, ZIP_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    h, size = hashlib.sha256(), 0
    with blobstore.open_blob(ev.sha256) as src, z.open(info, "w", force_zip64=ev.size > 2**31) as dst:
        while block := src.read(1 << 20):
            data = block if isinstance(block, bytes) else block.encode()
            h.update(data)
            size += len(data)
            dst.write(data)
    return h.hexdigest(), size


def download(*, case: Case, actor: Any) -> CaseFilePackage:
    """Build the file and journal the read (DESIGN.md invariant 8): who took which package. The caller
    found the case in the actor's scope; the role is checked here (accounts.permissions)."""
    if getattr(actor, "role", None) not in CASE_FILE_READERS:
        label = Role(actor.role).label if getattr(actor, "role", None) in Role.values else "当前用户"
        raise PermissionDenied(
            f"{label}不能下载电子卷宗：卷宗含未脱敏的个人信息和证据原件，仅限执法人员、负责人和监督人员"
        )
    package = build(case=case)
    try:
        with transaction.atomic():
            record(
                event_type="casefile.downloaded",
                subject=f"evidence.casefile:{case.pk}",
                agency_id=case.agency_id,
                actor=actor,
                payload={
                    "case_id": case.pk,
                    "manifest_sha256": package.manifest_sha256,
                    "documents": len(package.manifest["documents"]),
                    "evidence": len(package.manifest["evidence"]),
                    "entries": package.manifest["journal"]["entries"],
                    "tree_size": package.manifest["journal"]["tree_size"],
                },
            )
    except BaseException:
        package.file.close()
        raise
    return package


__all__ = ["FORMAT", "CaseFilePackage", "build", "case_evidence", "download"]
