"""The record checks that pre-fill a case-file evaluation (案卷评查, issue 15): what the platform can judge
of a closed case file from its own record, each with the evidence it read (document numbers, dates,
journal sequence numbers) and the article it applies. The evaluator confirms or overrides each finding
with a reason; `passed is None` means the record cannot tell and the evaluator judges.

Reads only: the case engine's rows and journal entries, review, publicity, evidence, personnel and the
catalogue's 音像记录事项清单. `judge_cases` reads every case of a batch in a fixed number of queries
(fourteen, whatever the batch's size: tests pin it), so a plan of a few hundred files is judged at once.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from zhifa.cases import documents as case_documents
from zhifa.cases import engine
from zhifa.cases.models import Case, CaseOfficer, Deadline, DeadlineStatus, Document, ProcedureKind
from zhifa.catalog import calendar
from zhifa.catalog.models import MajorDecisionRule, RecordingRequirement
from zhifa.core.errors import NotFound
from zhifa.evidence.models import AV_KINDS, Evidence
from zhifa.journal.models import JournalEntry
from zhifa.lib.workdays import CalendarYearNotLoaded
from zhifa.personnel.models import Certificate
from zhifa.personnel.selectors import certificates_on
from zhifa.publicity import rules as publicity_rules
from zhifa.publicity.models import Publication, PublicationKind, PublicationStatus
from zhifa.review.models import (
    Dispute,
    OpinionKind,
    ReviewOpinion,
    ReviewPolicy,
    ReviewSubmission,
    SubmissionStatus,
)
from zhifa.review.triggers import _rule_fires  # the catalogue rule's one statement (no batched form yet)

LAW = "《中华人民共和国行政处罚法》"
COMPULSION_LAW = "《中华人民共和国行政强制法》"
SAMR = "市场监督管理行政处罚程序规定"


@dataclass(frozen=True)
class Finding:
    code: str  # one of CHECK_CODES
    passed: bool | None  # None: the record cannot tell; the evaluator judges
    evidence: tuple[str, ...]  # Chinese lines naming what was read (document number, date, journal sequence)
    basis: str  # the article the check applies


CHECK_CODES: tuple[str, ...] = (
    "two_certified_officers",
    "deadlines_met",
    "review_done",
    "documents_served",
    "published_on_time",
    "recordings_present",
)
CHECK_LABELS: dict[str, str] = {
    "two_certified_officers": "两名以上持有效执法证的执法人员办案",
    "deadlines_met": "各项办案期限均按期完成",
    "review_done": "依法进行重大执法决定法制审核",
    "documents_served": "法定文书齐全并依法送达",
    "published_on_time": "行政执法决定按期公示",
    "recordings_present": "音像记录事项清单所列环节有音像记录",
}
BASES: dict[str, str] = {
    "two_certified_officers": f"{LAW}第四十二条、第五十五条；{COMPULSION_LAW}第十八条",
    "deadlines_met": f"{LAW}第六十条；{SAMR}第十八条、第六十四条、第七十七条",
    "review_done": f"{LAW}第五十八条；国办发〔2018〕118号 四(十二)",
    "documents_served": f"{LAW}第四十四条、第五十九条、第六十一条、第六十四条；{SAMR}第八十二条",
    "published_on_time": f"国办发〔2018〕118号 二(六)；{LAW}第四十八条",
    "recordings_present": f"国办发〔2018〕118号 三(八)；{LAW}第四十七条",
}


# --- what is read, once per batch -------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One journal entry of the case: its sequence number, event, the engine's step and its legal date."""

    seq: int
    event: str
    step: str
    on: date
    payload: dict[str, Any]


@dataclass
class CaseRecord:
    case: Case
    today: date
    officers: list[CaseOfficer] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    submissions: list[ReviewSubmission] = field(default_factory=list)
    major_rules: list[MajorDecisionRule] = field(default_factory=list)
    policy: ReviewPolicy | None = None
    publications: list[Publication] = field(default_factory=list)
    # None: the agency has no 音像记录事项清单 at all.
    recording: list[RecordingRequirement] | None = None
    av_days: list[tuple[date, int, str]] = field(default_factory=list)  # (collected day, evidence id, kind)

    def steps_named(self, *names: str) -> list[Step]:
        return [s for s in self.steps if s.step in names]

    def document(self, number: str) -> Document | None:
        return next((d for d in self.documents if d.number == number), None)


def _subject(case_id: int) -> str:
    return f"cases.case:{case_id}"


def _step_of(entry: JournalEntry) -> Step:
    payload: dict[str, Any] = json.loads(entry.payload)
    raw_on = payload.get("on")
    on = date.fromisoformat(str(raw_on)[:10]) if raw_on else timezone.localtime(entry.occurred_at).date()
    return Step(entry.pk, entry.event_type, str(payload.get("step", "")), on, payload)


def _load(case_ids: Sequence[int], today: date) -> dict[int, CaseRecord]:
    cases = Case.objects.filter(pk__in=list(case_ids)).select_related(
        "agency", "item", "item__field", "party", "place"
    )
    records = {c.pk: CaseRecord(c, today) for c in cases}
    if not records:
        return records
    ids = list(records)
    _load_officers(records, ids)
    for d in Deadline.objects.filter(case_id__in=ids).order_by("anchor_on", "id"):
        records[d.case_id].deadlines.append(d)
    for doc in Document.objects.filter(case_id__in=ids).defer("content").order_by("id"):
        records[doc.case_id].documents.append(doc)
    subjects = {_subject(i): i for i in ids}
    entries = JournalEntry.objects.filter(subject__in=list(subjects)).only(
        "id", "event_type", "subject", "payload", "occurred_at"
    )
    for entry in entries.order_by("id"):
        records[subjects[entry.subject]].steps.append(_step_of(entry))
    _load_review(records, ids)
    for pub in (
        Publication.objects.filter(case_id__in=ids, previous__isnull=True)
        .defer("original_text", "redacted_text", "spans", "adjustments", "search_tokens", "persons")
        .order_by("id")
    ):
        if pub.case_id is not None:
            records[pub.case_id].publications.append(pub)
    _load_recording(records)
    return records


def _load_officers(records: dict[int, CaseRecord], ids: list[int]) -> None:
    """The officers on the cases (but those whose recusal was granted), their certificates with areas,
    fields and event histories: four queries for the batch (as cases.guards reads them for one case)."""
    certificates = Certificate.objects.select_related("area").prefetch_related("fields", "events")
    rows = (
        CaseOfficer.objects.filter(case_id__in=ids)
        .exclude(recusal=CaseOfficer.Recusal.GRANTED)
        .select_related("officer")
        .prefetch_related(Prefetch("officer__certificates", queryset=certificates))
        .order_by("id")
    )
    for co in rows:
        records[co.case_id].officers.append(co)


def _load_review(records: dict[int, CaseRecord], ids: list[int]) -> None:
    for sub in (
        ReviewSubmission.objects.filter(case_id__in=ids)
        .select_related("opinion", "dispute")
        .order_by("case_id", "round")
    ):
        records[sub.case_id].submissions.append(sub)
    agency_ids = {r.case.agency_id for r in records.values()}
    rules: dict[int, list[MajorDecisionRule]] = defaultdict(list)
    for rule in MajorDecisionRule.objects.filter(agency_id__in=agency_ids, active=True).order_by("id"):
        rules[rule.agency_id].append(rule)
    policies = {p.agency_id: p for p in ReviewPolicy.objects.filter(agency_id__in=agency_ids)}
    for r in records.values():
        r.major_rules = rules.get(r.case.agency_id, [])
        r.policy = policies.get(r.case.agency_id)


def _load_recording(records: dict[int, CaseRecord]) -> None:
    agency_ids = {r.case.agency_id for r in records.values()}
    lists: dict[int, list[RecordingRequirement]] = defaultdict(list)
    for req in RecordingRequirement.objects.filter(agency_id__in=agency_ids).order_by("id"):
        lists[req.agency_id].append(req)
    refs: dict[tuple[int, str], int] = {}
    for r in records.values():
        r.recording = lists.get(r.case.agency_id)
        # How evidence names a case (evidence.selectors.evidence_of_case): its id or its number.
        for ref in (str(r.case.pk), r.case.case_number):
            if ref:
                refs[(r.case.agency_id, ref)] = r.case.pk
    rows = Evidence.objects.filter(
        case_ref__in=sorted({ref for _, ref in refs}), agency_id__in=agency_ids, kind__in=list(AV_KINDS)
    ).values_list("id", "agency_id", "case_ref", "kind", "collected_at")
    for pk, agency_id, ref, kind, collected_at in rows.order_by("collected_at", "id"):
        case_id = refs.get((agency_id, ref))
        if case_id is not None:
            records[case_id].av_days.append((timezone.localtime(collected_at).date(), pk, kind))


# --- the public entry points -----------------------------------------------------------------------


def judge_case(case_id: int, *, today: date | None = None) -> dict[str, Finding]:
    found = judge_cases([case_id], today=today)
    if case_id not in found:
        raise NotFound("未找到该案件")
    return found[case_id]


def judge_cases(case_ids: Sequence[int], *, today: date | None = None) -> dict[int, dict[str, Finding]]:
    """Every check for every case found (an unknown id is left out), in a number of queries that does
    not depend on how many cases are judged. `today` judges clocks still running (default: today)."""
    on = today or timezone.localdate()
    with calendar.pinned():
        records = _load(case_ids, on)
        return {case_id: _judge(rec) for case_id, rec in records.items()}


def _judge(rec: CaseRecord) -> dict[str, Finding]:
    return {
        "two_certified_officers": two_certified_officers(rec),
        "deadlines_met": deadlines_met(rec),
        "review_done": review_done(rec),
        "documents_served": documents_served(rec),
        "published_on_time": published_on_time(rec),
        "recordings_present": recordings_present(rec),
    }


def _finding(code: str, passed: bool | None, lines: Iterable[str], basis: str | None = None) -> Finding:
    return Finding(code, passed, tuple(lines), basis or BASES[code])


def _label(rec: CaseRecord, step: str) -> str:
    proc = engine.PROCEDURES.get(rec.case.procedure)
    t = proc.transitions.get(step) if proc else None
    return t.label if t else step


# --- 1. two officers with valid certificates (行政处罚法 Art.42) ------------------------------------

# The steps at which officers act towards the party or decide (investigation, notice, hearing, decision,
# service, execution, compulsion): the days on which Art.42 / 行政强制法 Art.18(2) ask for two officers.
ACT_STEPS = frozenset(
    {
        "file",
        "preserve",
        "dispose_preservation",
        "report",
        "serve_notice",
        "hold_hearing",
        "propose_referral",
        "refer",
        "decide",
        "decide_no_penalty",
        "decide_on_spot",
        "serve_decision",
        "demand_performance",
        "enforce",
        "enforce_on_spot",
        "extend",
        "release",
        "dispose",
    }
)


def _qualified(rec: CaseRecord, co: CaseOfficer, on: date) -> tuple[bool, str]:
    """Whether the officer's certificates covered the case's item and place on `on`: the certificate
    questions of personnel.selectors.may_act, replayed from the certificate's history. The officer's
    present status (retired since, moved) is not asked: it has no history, and a later change does not
    taint an act done before it."""
    officer, case = co.officer, rec.case
    if officer.agency_id != case.item.agency_id:
        return False, f"{officer.name}不属于本案执法主体"
    certs = certificates_on(officer, on)
    if not certs:
        return False, f"{officer.name}未持有行政执法证"
    problems: list[str] = []
    for c in certs:
        found = c.problems(item=case.item, area=case.place, on=on)
        if not found:
            return True, ""
        problems += found
    return False, f"{officer.name}：{'；'.join(problems)}"


def _certificate_lines(rec: CaseRecord) -> list[str]:
    lines = []
    for co in rec.officers:
        certs = "、".join(
            f"执法证 {c.number}（{c.valid_from.isoformat()}至{c.valid_until.isoformat()}）"
            for c in co.officer.certificates.all()
        )
        lines.append(f"{co.officer.name}（{co.get_role_display()}）：{certs or '无执法证'}")
    return lines


def two_certified_officers(rec: CaseRecord) -> Finding:
    """行政处罚法 Art.42: two or more officers with enforcement certificates, unless a law provides
    otherwise; Art.52: on the spot one officer only where a law provides it (the item's
    single_officer_basis, as cases.guards.on_spot_officers reads it). Judged on every act day."""
    case = rec.case
    single = case.procedure == ProcedureKind.SUMMARY and bool(case.item.single_officer_basis.strip())
    needed = 1 if single else 2
    acts = [s for s in rec.steps if s.step in ACT_STEPS]
    lines = _certificate_lines(rec)
    if single:
        lines.append(f"当场处罚可由一名执法人员实施：{case.item.single_officer_basis}")
    if not acts:
        lines.append("记录中没有执法人员实施执法行为的步骤")
        return _finding("two_certified_officers", None, lines)
    failures: list[str] = []
    for s in acts:
        answers = [_qualified(rec, co, s.on) for co in rec.officers]
        count = sum(1 for ok, _ in answers if ok)
        if count < needed:
            why = "；".join(reason for ok, reason in answers if not ok)
            failures.append(
                f"{_label(rec, s.step)}（{s.on.isoformat()}，记录 #{s.seq}）：持有效执法证的执法人员 "
                f"{count} 名，须 {needed} 名" + (f"（{why}）" if why else "")
            )
    if failures:
        return _finding("two_certified_officers", False, [*lines, *failures])
    days = "、".join(f"{_label(rec, s.step)} {s.on.isoformat()}" for s in acts)
    lines.append(f"各执法步骤（{days}）均有 {needed} 名以上执法人员持有效执法证，且执法类别和区域覆盖本事项")
    return _finding("two_certified_officers", True, lines)


# --- 2. every deadline met -------------------------------------------------------------------------

STATUS_TEXT = {
    DeadlineStatus.MET: "按期完成",
    DeadlineStatus.MISSED: "超期完成",
    DeadlineStatus.CANCELLED: "已取消（办理义务不再存在）",
    DeadlineStatus.PAUSED: "中止计时",
    DeadlineStatus.RUNNING: "计时中",
}


def _clock_line(d: Deadline, today: date) -> tuple[str, bool]:
    """One clock's line and whether it was missed: closed late, or still running past its end."""
    missed = d.status == DeadlineStatus.MISSED or (d.status == DeadlineStatus.RUNNING and d.due_on < today)
    status = STATUS_TEXT.get(DeadlineStatus(d.status), d.status)
    if d.status == DeadlineStatus.RUNNING and missed:
        status = "已届满未办结"
    done = f"，完成于 {d.closed_on.isoformat()}" if d.closed_on else ""
    extended = f"，经批准延长 {d.extended_days} 日" if d.extended_days else ""
    paused = f"，依法不计入 {d.paused_days} 日" if d.paused_days else ""
    line = (
        f"{d.label}（{d.rule}）：起算 {d.anchor_on.isoformat()}，届满 {d.due_on.isoformat()}"
        f"{extended}{paused}{done}，{status}"
    )
    return line, missed


# The party's own obligation with a clock of its own: paying the fine within 15 days (行政处罚法 Art.67).
# Paid late, the party owes 加处罚款 (Art.72); it is not the agency's missed deadline.
PARTY_OBLIGATIONS = frozenset({"payment"})


def deadlines_met(rec: CaseRecord) -> Finding:
    """Every clock of the case (filing, SAMR Art.18; decision, 行政处罚法 Art.60 with the approved
    extension of SAMR Art.64; service, Art.61; closing, SAMR Art.77; compulsion periods …) met. The
    party's own windows (陈述申辩期, 催告期) are never the agency's miss and are left out; the party's
    payment period is listed but is not the agency's miss either."""
    clocks = [d for d in rec.deadlines if d.kind not in engine.PARTY_WINDOWS]
    if not clocks:
        return _finding("deadlines_met", None, ["记录中没有本案的办案期限"])
    lines, missed = [], False
    for d in clocks:
        line, late = _clock_line(d, rec.today)
        if d.kind in PARTY_OBLIGATIONS:
            lines.append(f"{line}（当事人履行期限，不计为办案超期）")
            continue
        lines.append(line)
        missed = missed or late
    for s in rec.steps_named("extend_decision_period"):
        reason = s.payload.get("reason", "")
        lines.append(f"延长办案期限经负责人批准（{s.on.isoformat()}，记录 #{s.seq}）：{reason}")
    for s in rec.steps:
        if s.event == "case.deadline_missed":
            lines.append(f"办案期限届满未办结（{s.payload.get('due_on', '')}，记录 #{s.seq}）")
    return _finding("deadlines_met", not missed, lines)


# --- 3. legal review where required (行政处罚法 Art.58) ---------------------------------------------

ART58 = f"{LAW}第五十八条"
# The proposal's fields a review approves (review.proposal.snapshot), as the report and revise_proposal
# steps journal them (cases.procedures.common.proposal_snapshot).
PROPOSAL_KEYS = (
    "penalty_kinds",
    "fine_amount",
    "confiscation_amount",
    "person_fine_amount",
    "base_amount",
    "base_kind",
    "benchmark_id",
    "benchmark_history_id",
    "benchmark_tier",
    "tier_reason",
    "lenience",
    "facts",
)
AMOUNT_KEYS = {"fine_amount", "confiscation_amount", "person_fine_amount", "base_amount"}
GATED = {ProcedureKind.GENERAL: "decide", ProcedureKind.NO_PENALTY: "decide_no_penalty"}


def _normal(key: str, value: Any) -> Any:
    if value in (None, "", []):
        return None
    if key == "penalty_kinds":
        return sorted(str(v) for v in value)
    if key in AMOUNT_KEYS:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return str(value)
    return value


def _same_proposal(frozen: dict[str, Any], decided: dict[str, Any]) -> bool:
    return all(_normal(k, frozen.get(k)) == _normal(k, decided.get(k)) for k in PROPOSAL_KEYS)


def _triggers(rec: CaseRecord) -> list[str]:
    """Why the decision needed review (review.triggers.triggers_for over the rows read for the batch):
    the agency's catalogue rows, Art.58 (1)–(3), the agency's review-all policy."""
    case = rec.case
    found = [f"目录清单：{r.name}（{why}）" for r in rec.major_rules if (why := _rule_fires(r, case))]
    if case.major_public_interest:
        found.append(f"涉及重大公共利益（{ART58}第一款第（一）项）")
    if case.hearing_held_on is not None:
        found.append(f"经过听证程序（{case.hearing_held_on.isoformat()}，{ART58}第一款第（二）项）")
    if case.complex_case:
        found.append(f"案件情况疑难复杂、涉及多个法律关系（{ART58}第一款第（三）项）")
    if rec.policy and rec.policy.review_all_general and case.procedure == ProcedureKind.GENERAL:
        found.append("本机关规定普通程序案件均须法制审核")
    return found


def _decided_proposal(rec: CaseRecord, decision: Step) -> tuple[Step | None, dict[str, Any]]:
    """The proposal as it stood when the decision was issued: the last report or revision before it
    (the decision step itself does not change it; the summary procedure's step sets it)."""
    if "proposal" in decision.payload:
        return decision, decision.payload["proposal"]
    before = [s for s in rec.steps if s.seq < decision.seq and "proposal" in s.payload]
    if not before:
        return None, {}
    return before[-1], before[-1].payload["proposal"]


def _passed_on(sub: ReviewSubmission) -> date | None:
    """The day the submission passed the gate: the reviewer agreed, or the head adopted the proposal
    after a dispute (review.gate.PASSED)."""
    opinion: ReviewOpinion | None = getattr(sub, "opinion", None)
    if sub.status == SubmissionStatus.AGREED and opinion is not None and opinion.kind == OpinionKind.AGREE:
        return opinion.issued_on
    dispute: Dispute | None = getattr(sub, "dispute", None)
    if sub.status == SubmissionStatus.HEAD_ADOPTED and dispute is not None:
        return dispute.decided_on
    return None


def _submission_line(sub: ReviewSubmission) -> str:
    opinion = getattr(sub, "opinion", None)
    if opinion is None:
        return (
            f"第 {sub.round} 轮送审（{sub.submitted_on.isoformat()}）：{sub.get_status_display()}，"
            "未出具意见书"
        )
    return (
        f"第 {sub.round} 轮送审（{sub.submitted_on.isoformat()}）：法制审核意见书 {opinion.number}"
        f"（{opinion.issued_on.isoformat()}，{opinion.get_kind_display()}）"
    )


def review_done(rec: CaseRecord) -> Finding:
    """行政处罚法 Art.58; 118号 四: where the decision needed review (review.triggers), an opinion
    agreeing with the exact proposal decided (its frozen copy equals the proposal the decision issued)
    was given before the decision; where it did not, say why."""
    case = rec.case
    decisions = [s for s in rec.steps if s.event == "decision.issued"]
    if not decisions:
        return _not_reviewable(rec)
    decision = decisions[0]
    triggers = [t["rule"] for sub in rec.submissions[-1:] for t in sub.trigger_list] or _triggers(rec)
    if case.procedure not in GATED:
        return _finding(
            "review_done",
            True,
            [f"不属于法制审核范围：{ProcedureKind(case.procedure).label}当场作出的决定不适用{ART58}"],
        )
    if not triggers and not rec.submissions:
        return _finding(
            "review_done",
            True,
            [
                "不属于法制审核范围：未触发本机关重大执法决定法制审核目录清单，未经听证，"
                "不涉及重大公共利益，非疑难复杂案件",
                f"决定 {case.decision_number}（{decision.on.isoformat()}，记录 #{decision.seq}）",
            ],
        )
    return _review_against_decision(rec, decision, triggers)


def _not_reviewable(rec: CaseRecord) -> Finding:
    case = rec.case
    if case.procedure == ProcedureKind.COMPULSION:
        triggers = _triggers(rec)
        if triggers:
            return _finding(
                "review_done",
                None,
                [
                    f"法制审核目录清单规则适用于本案：{'；'.join(triggers)}",
                    "行政强制措施是否须法制审核由评查人员判断",
                ],
            )
    return _finding("review_done", True, ["不属于法制审核范围：本案未作出行政处罚决定"])


def _review_against_decision(rec: CaseRecord, decision: Step, triggers: list[str]) -> Finding:
    lines = [f"审核依据：{'；'.join(triggers)}"] if triggers else []
    lines += [_submission_line(s) for s in rec.submissions]
    lines.append(f"决定 {rec.case.decision_number}（{decision.on.isoformat()}，记录 #{decision.seq}）")
    source, decided = _decided_proposal(rec, decision)
    passed = [
        (sub, on)
        for sub in rec.submissions
        if (on := _passed_on(sub)) is not None and on <= decision.on and sub.submitted_on <= decision.on
    ]
    if not passed:
        lines.append("作出决定前没有同意该拟处理决定的法制审核意见")
        return _finding("review_done", False, lines)
    sub, on = passed[-1]
    if source is None or not _same_proposal(sub.proposal_data, decided):
        where = f"（记录 #{source.seq}）" if source else ""
        lines.append(f"作出的决定与第 {sub.round} 轮审核同意的拟处理决定不一致{where}")
        return _finding("review_done", False, lines)
    adopted = sub.status == SubmissionStatus.HEAD_ADOPTED
    how = "负责人经集体讨论决定采纳承办机构意见" if adopted else "审核同意"
    number = sub.opinion.number if getattr(sub, "opinion", None) else ""
    lines.append(
        f"第 {sub.round} 轮{how}（{on.isoformat()}{'，' + number if number else ''}），"
        f"与作出的决定一致（拟处理决定记录 #{source.seq}，摘要 {sub.proposal_hash[:12]}）"
    )
    return _finding("review_done", True, lines)


# --- 4. mandatory documents present and served ------------------------------------------------------


@dataclass(frozen=True)
class Required:
    kind: str
    served: bool  # its service must be proved by a 送达回证
    why: str = ""


def _required_documents(rec: CaseRecord) -> list[Required]:
    """The documents the procedure taken requires (legal-rules §13; SAMR 程序规定 Art.78 order)."""
    case, taken = rec.case, {s.step for s in rec.steps}
    out: list[Required] = []
    if case.procedure in (ProcedureKind.GENERAL, ProcedureKind.NO_PENALTY) and "file" in taken:
        out.append(Required("filing", False, f"{SAMR}第十九条"))
    if case.procedure == ProcedureKind.GENERAL:
        if "serve_notice" in taken or "decide" in taken:
            out.append(Required("notice_of_intent", True, f"{LAW}第四十四条"))
        if case.hearing_requested:
            out.append(Required("hearing_notice", False, f"{LAW}第六十四条"))
        if "decide" in taken:
            # A decision revoked before it was served is not served (its service clock was cancelled).
            served = "serve_decision" in taken or not case.decision_revoked_on
            out.append(Required("penalty_decision", served, f"{LAW}第五十九条、第六十一条"))
        if "demand_performance" in taken:
            out.append(Required("performance_demand", True, f"{COMPULSION_LAW}第三十五条"))
        if "refer" in taken:
            out.append(Required("criminal_referral", False, "行政执法机关移送涉嫌犯罪案件的规定第六条"))
    elif case.procedure == ProcedureKind.NO_PENALTY and "decide_no_penalty" in taken:
        out.append(Required("no_penalty_decision", False, f"{LAW}第三十三条"))
    elif case.procedure == ProcedureKind.SUMMARY and "decide_on_spot" in taken:
        out.append(Required("summary_decision", False, f"{LAW}第五十二条"))
    elif case.procedure == ProcedureKind.COMPULSION:
        out += _compulsion_documents(taken)
    if case.procedure in (ProcedureKind.GENERAL, ProcedureKind.NO_PENALTY) and "close" in taken:
        out.append(Required("closing", False, f"{SAMR}第七十七条"))
    return out


def _compulsion_documents(taken: set[str]) -> list[Required]:
    out: list[Required] = []
    if taken & {"enforce", "enforce_on_spot"}:
        out.append(Required("compulsion_decision", False, f"{COMPULSION_LAW}第二十四条"))
    if "extend" in taken:
        out.append(Required("compulsion_extension", False, f"{COMPULSION_LAW}第二十五条"))
    if "release" in taken:
        out.append(Required("compulsion_release", False, f"{COMPULSION_LAW}第二十七条、第二十八条"))
    return out


def _services(rec: CaseRecord) -> dict[str, tuple[Step, dict[str, Any]]]:
    """Each served document's number → the step that served it and its service record (method and the
    送达回证's number), as cases.procedures.common.serve journals it."""
    out: dict[str, tuple[Step, dict[str, Any]]] = {}
    for s in rec.steps:
        for service in s.payload.get("service") or ():
            out[str(service.get("document", ""))] = (s, service)
    return out


def _service_line(rec: CaseRecord, doc: Document, step: Step, service: dict[str, Any]) -> str:
    proof = rec.document(str(service.get("proof_of_service", "")))
    method = case_documents.SERVICE_METHODS.get(str(service.get("method", "")), "")
    proof_text = f"送达回证 {proof.number}（{proof.issued_on.isoformat()}）" if proof else "送达回证缺失"
    issued = doc.issued_on.isoformat()
    return f"{doc.title} {doc.number}（{issued}）：{method}，{proof_text}，记录 #{step.seq}"


def documents_served(rec: CaseRecord) -> Finding:
    """Every document the procedure taken requires is issued with its number, and those served on the
    party (告知书, 决定书, 催告书) carry their 送达回证 with its date (行政处罚法 Art.61; SAMR Art.82)."""
    required = _required_documents(rec)
    if not required:
        return _finding("documents_served", None, ["本案未进入须制作法定文书的程序步骤"])
    services = _services(rec)
    lines: list[str] = []
    missing: list[str] = []
    for req in required:
        title = case_documents.TITLES[req.kind]
        docs = [d for d in rec.documents if d.kind == req.kind]
        if not docs:
            missing.append(f"缺少{title}（{req.why}）")
            continue
        for doc in docs:
            if not req.served:
                lines.append(f"{title} {doc.number}（{doc.issued_on.isoformat()}）{_notified(rec, req)}")
                continue
            served = services.get(doc.number)
            proof = rec.document(str(served[1].get("proof_of_service", ""))) if served else None
            if served is None or proof is None:
                missing.append(f"{title} {doc.number} 未见送达回证（{req.why}）")
            else:
                lines.append(_service_line(rec, doc, *served))
    lines += _handed_over(rec)
    if missing:
        return _finding("documents_served", False, [*missing, *lines])
    if rec.case.procedure == ProcedureKind.NO_PENALTY:
        lines.append("不予行政处罚决定书的送达在平台中无送达记录，由评查人员核实")
        return _finding("documents_served", None, lines)
    return _finding("documents_served", True, lines)


def _notified(rec: CaseRecord, req: Required) -> str:
    """The hearing notice's delivery, as the schedule_hearing step records it (听证办法 Art.11)."""
    on = rec.case.hearing_notified_on
    return f"，通知当事人 {on.isoformat()}" if req.kind == "hearing_notice" and on else ""


def _handed_over(rec: CaseRecord) -> list[str]:
    """Decisions handed over on the spot, which carry no separate 送达回证."""
    case = rec.case
    if case.procedure == ProcedureKind.SUMMARY and case.served_on:
        return [f"当场处罚决定书当场交付当事人（{case.served_on.isoformat()}，{LAW}第五十二条）"]
    if case.procedure == ProcedureKind.COMPULSION and case.decided_on:
        on = case.decided_on.isoformat()
        return [f"查封（扣押）决定书当场交付当事人（{on}，{COMPULSION_LAW}第二十四条）"]
    return []


# --- 5. decision published on time -----------------------------------------------------------------

PUBLISHED_STATES = {
    PublicationStatus.PUBLISHED,
    PublicationStatus.WITHDRAWN,
    PublicationStatus.SUPERSEDED,
    PublicationStatus.EXPIRED,
    PublicationStatus.STOPPED,
}


def published_on_time(rec: CaseRecord) -> Finding:
    """118号 二(六): a penalty or licensing decision published within 7 working days of the decision,
    others within 20 (publicity.rules, the deadline the publicity app set on the draft); exempt kinds
    (warning only, minors, referred, revoked: publicity.rules.never_publish) need not be."""
    case = rec.case
    decision = next((s for s in rec.steps if s.event == "decision.issued"), None)
    if decision is None:
        if case.procedure == ProcedureKind.COMPULSION:
            return _finding(
                "published_on_time", None, ["行政强制措施决定是否须公示，由评查人员依本地规定判断"]
            )
        return _finding("published_on_time", True, ["本案未作出须公示的行政执法决定"])
    pub = rec.publications[0] if rec.publications else None
    if pub is None:
        return _unpublished(rec, decision)
    head = f"决定 {pub.decision_number}（{pub.decided_on.isoformat()}），公示期限 {pub.due_on.isoformat()}"
    if pub.status == PublicationStatus.SUPPRESSED:
        return _finding("published_on_time", True, [head, f"依法不予公示：{pub.suppressed_reason}"])
    if pub.status in PUBLISHED_STATES and pub.published_on:
        on_time = pub.published_on <= pub.due_on
        verdict = "按期公示" if on_time else f"逾期公示（晚于期限 {(pub.published_on - pub.due_on).days} 日）"
        seq = f"，记录 #{pub.published_entry_id}" if pub.published_entry_id else ""
        return _finding(
            "published_on_time", on_time, [head, f"{pub.published_on.isoformat()} 公示{seq}，{verdict}"]
        )
    if pub.due_on >= rec.today:
        return _finding("published_on_time", None, [head, "尚未公示，公示期限未届满"])
    return _finding("published_on_time", False, [head, "公示期限已届满，尚未公示"])


def _unpublished(rec: CaseRecord, decision: Step) -> Finding:
    """No publication was drafted for the decision: exempt, or late (its deadline computed here)."""
    case = rec.case
    head = f"决定 {case.decision_number}（{decision.on.isoformat()}，记录 #{decision.seq}）"
    why_not = publicity_rules.never_publish(case)
    if why_not:
        return _finding("published_on_time", True, [head, f"依法不予公示：{why_not}"])
    kind = PublicationKind.PENALTY if case.penalty_kinds else PublicationKind.OTHER
    try:
        due = publicity_rules.publication_due(kind, decision.on).date
    except CalendarYearNotLoaded:
        return _finding("published_on_time", None, [head, "未见公示记录；公示期限所在年度的工作日历未载入"])
    if due >= rec.today:
        return _finding("published_on_time", None, [head, f"未见公示记录，公示期限 {due.isoformat()} 未届满"])
    return _finding("published_on_time", False, [head, f"公示期限 {due.isoformat()} 已届满，未见公示记录"])


# --- 6. audio-video records for the steps on the recording list -------------------------------------

# How a row of the 音像记录事项清单 (free text, as the lists word it) names the case steps it covers.
ACTIVITY_STEPS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("查封", "扣押"), ("enforce", "enforce_on_spot")),
    (("听证",), ("hold_hearing",)),
    (("先行登记保存", "证据保全"), ("preserve",)),
    (("当场处罚", "当场作出", "简易程序"), ("decide_on_spot",)),
    (("移送",), ("refer",)),
)
SERVICE_METHOD_WORDS = {"留置送达": "left", "公告送达": "public_notice"}
INVESTIGATION_WORDS = ("调查取证", "现场检查", "现场执法", "询问", "抽样", "勘验")


@dataclass(frozen=True)
class Occasion:
    """A step of this case that a row of the list covers: its name and the days it spanned."""

    label: str
    first: date
    last: date
    seq: int | None = None


def _occasions(rec: CaseRecord, activity: str) -> list[Occasion]:
    out: list[Occasion] = []
    for words, steps in ACTIVITY_STEPS:
        if any(w in activity for w in words):
            out += [Occasion(_label(rec, s.step), s.on, s.on, s.seq) for s in rec.steps_named(*steps)]
    out += _service_occasions(rec, activity)
    if any(w in activity for w in INVESTIGATION_WORDS):
        out += _investigation(rec)
    return out


def _service_occasions(rec: CaseRecord, activity: str) -> list[Occasion]:
    methods = {m for word, m in SERVICE_METHOD_WORDS.items() if word in activity}
    generic = "送达" in activity.replace("留置送达", "").replace("公告送达", "")
    out = []
    for s in rec.steps:
        for service in s.payload.get("service") or ():
            method = str(service.get("method", ""))
            if generic or method in methods:
                label = f"{case_documents.SERVICE_METHODS.get(method, '送达')} {service.get('document', '')}"
                out.append(Occasion(label, s.on, s.on, s.seq))
    return out


def _investigation(rec: CaseRecord) -> list[Occasion]:
    """调查取证: from the filing to the end of the investigation (the report, or the no-penalty decision
    where there is none)."""
    filed = rec.steps_named("file")
    ended = rec.steps_named("report", "decide_no_penalty", "refer")
    if not filed or not ended:
        return []
    return [Occasion("调查取证", filed[0].on, ended[0].on, ended[0].seq)]


def _recorded(rec: CaseRecord, occasion: Occasion) -> list[int]:
    return [pk for day, pk, _ in rec.av_days if occasion.first <= day <= occasion.last]


def _occasion_text(o: Occasion) -> str:
    days = o.first.isoformat() if o.first == o.last else f"{o.first.isoformat()}至{o.last.isoformat()}"
    seq = f"，记录 #{o.seq}" if o.seq else ""
    return f"{o.label}（{days}{seq}）"


def recordings_present(rec: CaseRecord) -> Finding:
    """118号 三(八); 行政处罚法 Art.47: every step of this case that the agency's 音像记录事项清单 lists has
    audio-video evidence collected on it. A full-process (全程) row without it fails; a "根据情况" row
    without it is for the evaluator to judge (the record cannot tell whether the situation called for it)."""
    if rec.recording is None:
        return _finding("recordings_present", None, ["本机关未登记音像记录事项清单，由评查人员判断"])
    rows = [r for r in rec.recording if r.item_id in (None, rec.case.item_id)]
    lines: list[str] = []
    failed, unsure = False, False
    for row in rows:
        occasions = _occasions(rec, row.activity)
        for o in occasions:
            found = _recorded(rec, o)
            level = row.get_level_display()
            if found:
                ids = "、".join(f"证据 #{pk}" for pk in found)
                lines.append(f"{_occasion_text(o)}：{level}，有音像证据 {ids}")
                continue
            lines.append(f"{_occasion_text(o)}：{level}，未见音像证据（清单：{row.activity}）")
            if row.level == RecordingRequirement.Level.FULL_PROCESS:
                failed = True
            else:
                unsure = True
    if not lines:
        return _finding("recordings_present", True, ["本案未涉及音像记录事项清单所列环节"])
    return _finding("recordings_present", False if failed else (None if unsure else True), lines)
