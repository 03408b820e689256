"""Whether a case's file (执法案卷) is complete enough to archive (归档), and the guard that says so.

国办发〔2018〕118号 三（九）: every record of the case is archived, kept 防删改; SAMR 程序规定 Art.78: 一案
一卷, the documents in order; the case-file rubrics (legal-rules §10) score a file without its 立案审批表,
调查终结报告, 告知, 送达手续 or 结案 as defective. The archive step of the general procedure is refused,
saying what is missing, when:

* a document the case's path requires was never issued (立案审批表; then the referral, or the 事先告知书
  and the 决定书; 结案审批表);
* a served document (告知书, 决定书, 催告书) has no 送达回证 — except a decision revoked before it was
  served;
* the case's record is not yet all in a signed checkpoint of the journal (an entry not yet sequenced, or
  beyond the last signed tree size): the electronic case file proves each entry against a signed
  checkpoint, so it cannot be sealed before one covers them (the sequencer signs one within seconds).

The package itself (documents, evidence, journal entries with their proofs, the 卷内目录) is built by the
evidence app (evidence.casefile), which reads the evidence store; this module reads only the case."""

from __future__ import annotations

from dataclasses import dataclass

from zhifa.cases.engine import Context, Refusal, guard
from zhifa.cases.models import Case, Document
from zhifa.journal.models import JournalEntry, SignedCheckpoint, TreeLeaf

ARTICLE = "国办发〔2018〕118号 三（九）；市场监督管理行政处罚程序规定第七十八条"
# The documents served with a 送达回证 (cases.procedures.common.serve).
SERVED_KINDS = ("notice_of_intent", "penalty_decision", "performance_demand")


@dataclass(frozen=True)
class FileState:
    documents: list[Document]
    entries: list[JournalEntry]
    missing_documents: list[str]
    unserved: list[str]
    pending_entries: list[int]

    @property
    def problems(self) -> list[str]:
        out = []
        if self.missing_documents:
            out.append(f"缺少{'、'.join(self.missing_documents)}")
        if self.unserved:
            out.append(f"{'、'.join(self.unserved)}没有送达回证")
        if self.pending_entries:
            out.append(
                f"有 {len(self.pending_entries)} 条办案记录尚未纳入已签名的检查点"
                "（存证尚未完成），请稍后再归档"
            )
        return out


def required_kinds(case: Case) -> list[str]:
    """The documents the general procedure's file must hold, by the path the case took."""
    kinds = ["filing"]
    if case.referred_on is not None:
        kinds.append("criminal_referral")
    elif case.decision_number:
        kinds += ["notice_of_intent", "penalty_decision"]
    if case.closed_on is not None or case.state in ("closed", "archived"):
        kinds.append("closing")
    return kinds


def case_entries(case: Case) -> list[JournalEntry]:
    """The case's own record: every step's entry (its subject), oldest first."""
    return list(JournalEntry.objects.filter(subject=f"cases.case:{case.pk}").order_by("id"))


def file_state(case: Case, *, entries: list[JournalEntry] | None = None) -> FileState:
    from zhifa.cases.documents import TITLES

    documents = list(Document.objects.filter(case=case).order_by("id"))
    entries = case_entries(case) if entries is None else entries
    have = {d.kind for d in documents}
    missing = [TITLES[k] for k in required_kinds(case) if k not in have]
    proven = {
        s.get("document")
        for e in entries
        for s in e.payload_data.get("service", [])
        if isinstance(s, dict) and s.get("proof_of_service")
    }
    unserved = [
        f"{d.title}（{d.number}）"
        for d in documents
        if d.kind in SERVED_KINDS
        and d.number not in proven
        # A decision revoked before it was served is not served (行政处罚法 Art.48).
        and not (
            d.kind == "penalty_decision" and case.decision_revoked_on is not None and case.served_on is None
        )
    ]
    return FileState(documents, entries, missing, unserved, uncovered([e.pk for e in entries]))


def uncovered(entry_ids: list[int]) -> list[int]:
    """The entries not (yet) in the tree of the latest signed checkpoint."""
    if not entry_ids:
        return []
    leaves = dict(TreeLeaf.objects.filter(entry_id__in=entry_ids).values_list("entry_id", "index"))
    size = SignedCheckpoint.objects.order_by("-size").values_list("size", flat=True).first() or 0
    return [i for i in entry_ids if i not in leaves or leaves[i] >= size]


@guard("case_file_complete")
def case_file_complete(ctx: Context) -> Refusal | None:
    """国办发〔2018〕118号 三（九）; SAMR 程序规定 Art.78: a case is archived with a complete file."""
    problems = ctx.memo("case_file_state", lambda: file_state(ctx.case)).problems
    if not problems:
        return None
    return Refusal("case_file_complete", f"案卷不完整，不能归档：{'；'.join(problems)}", ARTICLE)
