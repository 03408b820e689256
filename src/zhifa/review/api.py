"""Legal review over REST: the queue, a submission with its pre-check, submit, opinion, dispute and
the head's decision — the same services as the desk."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhifa.cases import selectors as case_selectors
from zhifa.core.api import ERRORS, scope_of
from zhifa.core.params import Day, Id
from zhifa.review import precheck, selectors, services
from zhifa.review.models import ReviewSubmission

router = Router(tags=["法制审核"])


class SubmissionOut(Schema):
    id: int
    case_id: int
    round: int
    status: str
    proposal_hash: str
    proposal: dict[str, Any]
    triggers: list[dict[str, str]]
    reviewer: str | None
    due_on: date | None

    @staticmethod
    def resolve_proposal(obj: ReviewSubmission) -> dict[str, Any]:
        return obj.proposal_data

    @staticmethod
    def resolve_triggers(obj: ReviewSubmission) -> list[dict[str, str]]:
        return obj.trigger_list

    @staticmethod
    def resolve_reviewer(obj: ReviewSubmission) -> str | None:
        return obj.reviewer.officer.name if obj.reviewer else None


class CheckOut(Schema):
    code: str
    label: str
    status: str
    evidence: str
    basis: str


class SubmitIn(Schema):
    materials: dict[str, str]


class OpinionIn(Schema):
    kind: str
    text: str
    checklist: list[dict[str, str]] = []


class DisputeIn(Schema):
    reasons: str


class HeadDecisionIn(Schema):
    decision: str
    reason: str
    collective_discussion_on: Day | None = None


@router.get("/review/queue", response={200: list[SubmissionOut], **ERRORS}, summary="待审核队列")
def review_queue(request: HttpRequest, mine: bool = False) -> Any:
    return list(
        selectors.queue(scope=scope_of(request), reviewer_user_id=request.user.pk if mine else None)[:200]
    )


@router.get(
    "/review/submissions/{submission_id}", response={200: SubmissionOut, **ERRORS}, summary="送审详情"
)
def get_submission(request: HttpRequest, submission_id: Id) -> ReviewSubmission:
    return selectors.submission_get(scope=scope_of(request), submission_id=submission_id)


@router.get(
    "/review/submissions/{submission_id}/precheck",
    response={200: list[CheckOut], **ERRORS},
    summary="机器预审",
)
def get_precheck(request: HttpRequest, submission_id: Id) -> Any:
    sub = selectors.submission_get(scope=scope_of(request), submission_id=submission_id)
    return [c.as_dict() for c in precheck.run(sub.case)]


@router.post("/cases/{case_id}/review", response={201: SubmissionOut, **ERRORS}, summary="送法制审核")
def submit(request: HttpRequest, case_id: Id, body: SubmitIn) -> Any:
    case = case_selectors.case_get(scope=scope_of(request), case_id=case_id)
    return Status(201, services.submit(case=case, materials=body.materials, actor=request.user))


@router.post(
    "/review/submissions/{submission_id}/opinion",
    response={200: SubmissionOut, **ERRORS},
    summary="出具审核意见",
)
def opinion(request: HttpRequest, submission_id: Id, body: OpinionIn) -> ReviewSubmission:
    sub = selectors.submission_get(scope=scope_of(request), submission_id=submission_id)
    services.issue_opinion(
        submission=sub, kind=body.kind, text=body.text, checklist=body.checklist, actor=request.user
    )
    return selectors.submission_get(scope=scope_of(request), submission_id=submission_id)


@router.post(
    "/review/submissions/{submission_id}/dispute",
    response={200: SubmissionOut, **ERRORS},
    summary="承办机构书面异议",
)
def dispute(request: HttpRequest, submission_id: Id, body: DisputeIn) -> ReviewSubmission:
    sub = selectors.submission_get(scope=scope_of(request), submission_id=submission_id)
    services.dispute(submission=sub, reasons=body.reasons, actor=request.user)
    return selectors.submission_get(scope=scope_of(request), submission_id=submission_id)


@router.post(
    "/review/submissions/{submission_id}/decision",
    response={200: SubmissionOut, **ERRORS},
    summary="负责人决定异议",
)
def head_decision(request: HttpRequest, submission_id: Id, body: HeadDecisionIn) -> ReviewSubmission:
    sub = selectors.submission_get(scope=scope_of(request), submission_id=submission_id)
    services.head_decide(
        submission=sub,
        decision=body.decision,
        reason=body.reason,
        collective_discussion_on=body.collective_discussion_on,
        actor=request.user,
    )
    return selectors.submission_get(scope=scope_of(request), submission_id=submission_id)
