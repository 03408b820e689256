"""Submitting, assigning, reviewing and disputing — each step journaled in its transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.accounts.permissions import require_case_worker
from zhifa.cases.models import Case, CaseOfficer
from zhifa.cases.numbering import next_number
from zhifa.catalog import calendar
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.canonical import canonical_json
from zhifa.journal.models import JournalEntry
from zhifa.journal.services import record
from zhifa.organizations.models import Unit
from zhifa.personnel.models import LegalReviewer
from zhifa.review import proposal
from zhifa.review.models import (
    Dispute,
    OpinionKind,
    ReviewOpinion,
    ReviewPolicy,
    ReviewSubmission,
    SubmissionStatus,
)
from zhifa.review.triggers import ART58, triggers_for

# 送审材料 (内蒙古办法 Art.29 [V]; legal-rules §12): code → label.
MATERIALS = {
    "investigation_report": "调查终结报告",
    "draft_decision": "决定代拟稿",
    "legal_basis": "法律依据",
    "evidence": "证据材料",
    "hearing_record": "听证笔录",
}
SUBMITTABLE_STATES = ("reported", "ready")
# A compulsion measure is reviewed before the head approves it (118号 四(十二); review/rules.py).
SUBMITTABLE = {"compulsion": ("proposed",)}


def submittable_states(case: Case) -> tuple[str, ...]:
    return SUBMITTABLE.get(case.procedure, SUBMITTABLE_STATES)


def required_materials(case: Case) -> list[str]:
    if case.procedure == "compulsion":
        # No investigation report precedes a measure: the draft decision (理由、依据、期限、财物清单,
        # 行政强制法 Art.24), its legal basis and the evidence.
        return ["draft_decision", "legal_basis", "evidence"]
    codes = ["investigation_report", "draft_decision", "legal_basis", "evidence"]
    if case.hearing_held_on is not None:
        codes.append("hearing_record")
    return codes


def submit(
    *, case: Case, materials: Mapping[str, str], actor: Any, on: date | None = None
) -> ReviewSubmission:
    """Freeze the exact proposal and send it to review. A submission missing materials is refused with
    the list of what is missing; every earlier round is kept (and marked superseded). Sent by the
    handling unit (its officers or heads), never by a supervisor, a clerk or a reviewer."""
    require_case_worker(actor, action="将案件送法制审核", agency_id=case.agency_id)
    on = on or timezone.localdate()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("agency", "item", "party")
            .get(pk=case.pk)
        )
        if case.state not in submittable_states(case):
            if case.procedure == "compulsion":
                raise DomainError("行政强制措施应在负责人批准实施前送法制审核")
            raise DomainError("调查终结并形成处理意见后方可送法制审核")
        triggers = triggers_for(case)
        if not triggers:
            raise DomainError("本案不属于须法制审核的重大执法决定，无需送审")
        missing = [MATERIALS[c] for c in required_materials(case) if not str(materials.get(c, "")).strip()]
        if missing:
            raise DomainError(
                f"送审材料不齐全，缺少：{'、'.join(missing)}", rule="重大执法决定法制审核送审材料要求"
            )
        text, digest = proposal.freeze(case)
        previous = ReviewSubmission.objects.filter(case=case).order_by("-round").first()
        # The round this one replaces (国办发〔2018〕118号 四(十三): a proposal the review found problems
        # in is resubmitted; 三: every step traceable in the record) and how it had ended.
        supersedes: dict[str, Any] | None = None
        if previous is not None:
            if previous.status in (
                SubmissionStatus.PENDING,
                SubmissionStatus.ASSIGNED,
                SubmissionStatus.DISPUTED,
            ):
                raise DomainError(f"第 {previous.round} 轮审核尚未结束，不能重复送审")
            if previous.proposal_hash == digest and previous.status != SubmissionStatus.HEAD_UPHELD:
                raise DomainError("拟处理决定与上一轮送审版本相同，请修改后再送审或提出书面异议")
            supersedes = {"submission_id": previous.pk, "round": previous.round, "status": previous.status}
            previous.status = SubmissionStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        policy = ReviewPolicy.objects.filter(agency=case.agency).first()
        limit = policy.time_limit_working_days if policy else 10
        due = calendar.add_working_days(on, limit)
        submission = ReviewSubmission.objects.create(
            case=case,
            round=(previous.round + 1) if previous else 1,
            proposal=text,
            proposal_hash=digest,
            triggers=canonical_json([t.as_dict() for t in triggers]),
            materials=canonical_json({k: str(v) for k, v in materials.items() if k in MATERIALS}),
            submitted_by=actor if getattr(actor, "pk", None) else None,
            submitted_on=on,
            due_on=due.date,
            provisional_due=due.provisional,
        )
        record(
            event_type="review.submitted",
            subject=submission,
            agency_id=case.agency_id,
            actor=actor,
            payload={
                "case_id": case.pk,
                "round": submission.round,
                "proposal_sha256": digest,
                "triggers": [t.as_dict() for t in triggers],
                "materials": sorted(json.loads(submission.materials)),
                "due_on": submission.due_on,
                "supersedes": supersedes,
            },
        )
        reviewer = _next_reviewer(submission)
        if reviewer is not None:
            _assign(submission, reviewer, actor, on, manual=False)
    return submission


@dataclass(frozen=True)
class Conflicts:
    """Who may not review a case: its officers (SAMR 程序规定 Art.49) and the users who approved its
    steps — read once for a case, whatever the number of reviewers checked against it."""

    investigators: frozenset[int]  # officer ids
    approvers: frozenset[int]  # user ids


def conflicts_of(case: Case) -> Conflicts:
    investigators = CaseOfficer.objects.filter(case=case).values_list("officer_id", flat=True)
    # Users who approved steps of the case (filing, extensions …).
    approvers = JournalEntry.objects.filter(
        subject=f"cases.case:{case.pk}",
        event_type__in=["case.file", "case.extend_decision_period", "case.preserve"],
    ).values_list("actor_id", flat=True)
    return Conflicts(frozenset(investigators), frozenset(i for i in approvers if i is not None))


def ineligibility(reviewer: LegalReviewer, case: Case, *, conflicts: Conflicts | None = None) -> str:
    """Why a reviewer may not review this case ("" when they may). `conflicts` (conflicts_of(case))
    when many reviewers are checked against one case."""
    officer = reviewer.officer
    if not reviewer.active:
        return f"{officer.name}已不在法制审核岗位"
    if reviewer.agency_id != case.agency_id:
        return f"{officer.name}不是本机关的法制审核人员"
    conflicts = conflicts or conflicts_of(case)
    if officer.pk in conflicts.investigators:
        # SAMR 程序规定 Art.49: 办案人员不得作为审核人员.
        return f"{officer.name}是本案办案人员，不得审核本案（市场监督管理行政处罚程序规定第四十九条）"
    if officer.user_id is not None and officer.user_id in conflicts.approvers:
        return f"{officer.name}审批过本案，不得审核本案"
    if reviewer.first_time and not officer.law_qualification:
        return f"{officer.name}初次从事法制审核，须取得法律职业资格（{ART58}第二款）"
    return ""


def _next_reviewer(submission: ReviewSubmission) -> LegalReviewer | None:
    """Round robin: the eligible reviewer whose last assignment is oldest (never assigned first). The
    case's conflicts are read once for all the reviewers, so the choice costs the same few queries
    however many reviewers the agency has."""
    case = submission.case
    conflicts = conflicts_of(case)
    candidates = [
        r
        for r in LegalReviewer.objects.filter(agency=case.agency, active=True).select_related("officer")
        if not ineligibility(r, case, conflicts=conflicts)
    ]
    if not candidates:
        return None
    last = dict(
        ReviewSubmission.objects.filter(reviewer__in=candidates)
        .values("reviewer_id")
        .annotate(last=Max("id"))
        .values_list("reviewer_id", "last")
    )
    return min(candidates, key=lambda r: (last.get(r.pk, 0), r.pk))


def _assign(
    submission: ReviewSubmission, reviewer: LegalReviewer, actor: Any, on: date, *, manual: bool
) -> None:
    submission.reviewer = reviewer
    submission.assigned_on = on
    submission.status = SubmissionStatus.ASSIGNED
    submission.save(update_fields=["reviewer", "assigned_on", "status"])
    record(
        event_type="review.assigned",
        subject=submission,
        agency_id=submission.case.agency_id,
        actor=actor,
        payload={"reviewer_id": reviewer.pk, "name": reviewer.officer.name, "manual": manual},
    )


def _require_review_desk(actor: Any, agency_id: int, *, action: str) -> None:
    """The review desk of an agency: its legal reviewers and its heads (a system actor passes)."""
    if actor is None:
        return
    if getattr(actor, "role", None) not in (Role.LEGAL_REVIEWER, Role.AGENCY_HEAD):
        raise PermissionDenied(f"只有法制审核人员或负责人可以{action}")
    if getattr(actor, "agency_id", None) != agency_id:
        raise PermissionDenied(f"只能为本机关的送审{action}")


def assign(
    *, submission: ReviewSubmission, reviewer: LegalReviewer, actor: Any, on: date | None = None
) -> ReviewSubmission:
    """Manual override of the round robin (by the legal unit's head or the agency head)."""
    _require_review_desk(actor, submission.case.agency_id, action="改派法制审核人员")
    with transaction.atomic():
        submission = (
            ReviewSubmission.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=submission.pk)
        )
        if submission.status not in (SubmissionStatus.PENDING, SubmissionStatus.ASSIGNED):
            raise DomainError("该送审已有审核结论，不能改派")
        why = ineligibility(reviewer, submission.case)
        if why:
            raise DomainError(why, rule="市场监督管理行政处罚程序规定第四十九条")
        _assign(submission, reviewer, actor, on or timezone.localdate(), manual=True)
    return submission


def issue_opinion(
    *,
    submission: ReviewSubmission,
    kind: str,
    text: str,
    checklist: Sequence[Mapping[str, str]],
    actor: Any,
    on: date | None = None,
) -> ReviewOpinion:
    """The reviewer's numbered 法制审核意见书. Each pre-check item is confirmed or overridden; an
    override needs a reason. Agree approves the frozen proposal's hash; anything else returns the case."""
    on = on or timezone.localdate()
    if kind not in OpinionKind.values:
        raise DomainError("审核意见应为同意、建议纠正、建议补充调查或其他意见", field="kind")
    if not text.strip():
        raise DomainError("请填写审核意见内容", field="text")
    for item in checklist:
        if item.get("decision") == "override" and not str(item.get("reason", "")).strip():
            raise DomainError(
                f"改变预审结论“{item.get('label', item.get('code'))}”须说明理由", field="checklist"
            )
    with transaction.atomic():
        submission = (
            ReviewSubmission.objects.select_for_update(of=("self",))
            .select_related("case", "case__agency", "reviewer__officer")
            .get(pk=submission.pk)
        )
        if submission.status != SubmissionStatus.ASSIGNED or submission.reviewer is None:
            raise DomainError("该送审不在审核中")
        reviewer_user = getattr(submission.reviewer.officer, "user_id", None)
        if actor is not None and getattr(actor, "pk", None) != reviewer_user:
            raise PermissionDenied("只有被分配的法制审核人员可以出具审核意见")
        why = ineligibility(submission.reviewer, submission.case)
        if why:
            raise DomainError(why)
        number = _opinion_number(submission, on)
        opinion = ReviewOpinion.objects.create(
            submission=submission,
            kind=kind,
            text=text.strip(),
            number=number,
            issued_on=on,
            reviewer=submission.reviewer,
            checklist=canonical_json([dict(i) for i in checklist]),
        )
        submission.status = (
            SubmissionStatus.AGREED if kind == OpinionKind.AGREE else SubmissionStatus.RETURNED
        )
        submission.save(update_fields=["status"])
        entry = record(
            event_type="review.opinion",
            subject=submission,
            agency_id=submission.case.agency_id,
            actor=actor,
            payload={
                "case_id": submission.case_id,
                "round": submission.round,
                "number": number,
                "kind": kind,
                "text": opinion.text,
                "proposal_sha256": submission.proposal_hash,
                "checklist": [dict(i) for i in checklist],
            },
        )
        opinion.journal_entry_id = entry.pk
        opinion.save(update_fields=["journal_entry_id"])
    return opinion


def _opinion_number(submission: ReviewSubmission, on: date) -> str:
    """The 法制审核意见书's 文号, numbered like every document of the case (cases.numbering): in the name
    of the agency that decides (for a 受委托组织's case the entrusting agency, 行政处罚法 Art.20), by its
    template for review opinions where it has set one, else the default ``{代字}审〔{年}〕{n}号``. A
    template numbering per 内设机构 ({单位}) numbers in the series of the unit that reviews: the
    reviewer's own unit, else the agency's 法制审核机构."""
    agency = submission.case.agency.deciding_agency
    reviewer = submission.reviewer

    def reviewing_unit() -> Unit | None:
        own = reviewer.officer.unit if reviewer is not None else None
        return own or Unit.objects.filter(agency=agency, is_legal_unit=True).order_by("pk").first()

    _, number = next_number(agency=agency, kind="review_opinion", year=on.year, unit=reviewing_unit)
    return number


def dispute(*, submission: ReviewSubmission, reasons: str, actor: Any, on: date | None = None) -> Dispute:
    """The handling unit disagrees with a returned opinion in writing; the case goes to the agency head."""
    require_case_worker(actor, action="对审核意见提出异议", agency_id=submission.case.agency_id)
    if not reasons.strip():
        raise DomainError("请写明异议理由", field="reasons")
    with transaction.atomic():
        submission = (
            ReviewSubmission.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=submission.pk)
        )
        if submission.status != SubmissionStatus.RETURNED:
            raise DomainError("只能对退回的审核意见提出异议")
        d = Dispute.objects.create(
            submission=submission,
            reasons=reasons.strip(),
            raised_by=actor if getattr(actor, "pk", None) else None,
            raised_on=on or timezone.localdate(),
        )
        submission.status = SubmissionStatus.DISPUTED
        submission.save(update_fields=["status"])
        record(
            event_type="review.disputed",
            subject=submission,
            agency_id=submission.case.agency_id,
            actor=actor,
            payload={"round": submission.round, "reasons": d.reasons},
        )
    return d


def head_decide(
    *,
    submission: ReviewSubmission,
    decision: str,
    reason: str,
    actor: Any,
    collective_discussion_on: date | None = None,
    on: date | None = None,
) -> Dispute:
    """The agency head settles the dispute. Adopting the handling unit's proposal over the review is a
    collective decision of the agency's heads (行政处罚法 Art.57 para.2; SAMR Art.60), so it needs the
    date of that discussion."""
    if getattr(actor, "role", None) != Role.AGENCY_HEAD:
        raise PermissionDenied("审核异议由行政机关负责人决定")
    if getattr(actor, "agency_id", None) != submission.case.agency_id:
        raise PermissionDenied("只有作出决定的行政机关的负责人可以决定审核异议")
    if decision not in Dispute.Decision.values:
        raise DomainError("决定无效", field="decision")
    if not reason.strip():
        raise DomainError("请写明决定理由", field="reason")
    if decision == Dispute.Decision.ADOPT_PROPOSAL and collective_discussion_on is None:
        raise DomainError(
            "采纳承办机构意见须经负责人集体讨论", rule="《中华人民共和国行政处罚法》第五十七条第二款"
        )
    with transaction.atomic():
        submission = (
            ReviewSubmission.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=submission.pk)
        )
        if submission.status != SubmissionStatus.DISPUTED:
            raise DomainError("该送审没有待决定的异议")
        d = submission.dispute
        d.decision, d.decision_reason = decision, reason.strip()
        d.collective_discussion_on = collective_discussion_on
        d.decided_by = actor
        d.decided_on = on or timezone.localdate()
        d.save()
        submission.status = (
            SubmissionStatus.HEAD_ADOPTED
            if decision == Dispute.Decision.ADOPT_PROPOSAL
            else SubmissionStatus.HEAD_UPHELD
        )
        submission.save(update_fields=["status"])
        record(
            event_type="review.head_decided",
            subject=submission,
            agency_id=submission.case.agency_id,
            actor=actor,
            payload={
                "round": submission.round,
                "decision": decision,
                "reason": d.decision_reason,
                "collective_discussion_on": collective_discussion_on,
                "proposal_sha256": submission.proposal_hash,
            },
        )
    return d
