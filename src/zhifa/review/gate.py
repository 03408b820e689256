"""The hard gate (国办发〔2018〕118号 四: 未经法制审核或者审核未通过的，不得作出决定; 行政处罚法 Art.58):
a decision that needs review cannot be issued unless the latest review of that exact frozen proposal
agreed (or the agency head, after a dispute and collective discussion, adopted it). It is a guard of
the cases engine, so it holds for every route that issues a decision."""

from __future__ import annotations

from zhifa.cases import engine
from zhifa.cases.engine import Context, Guard, Refusal
from zhifa.cases.models import Case, ProcedureKind
from zhifa.review import proposal
from zhifa.review.models import ReviewSubmission, SubmissionStatus
from zhifa.review.triggers import triggers_for

RULE = "《中华人民共和国行政处罚法》第五十八条；国办发〔2018〕118号 四"
# A compulsion decision (查封、扣押) is reviewed under 118号 四(十二) (行政强制 is within its scope, 一(三)).
COMPULSION_RULE = "国办发〔2018〕118号 一（三）、四（十二）"
PASSED = (SubmissionStatus.AGREED, SubmissionStatus.HEAD_ADOPTED)


def review_state(case: Case) -> tuple[bool, str]:
    """(passed, why not) for the case's current proposal."""
    triggers = triggers_for(case)
    if not triggers:
        return True, ""
    latest = ReviewSubmission.objects.filter(case=case).order_by("-round").first()
    names = "、".join(t.rule for t in triggers)
    if latest is None:
        return False, f"本案属于重大执法决定（{names}），未经法制审核不得作出决定"
    _, current_hash = proposal.freeze(case)
    if latest.proposal_hash != current_hash:
        if latest.status in PASSED:
            return (
                False,
                f"拟处理决定在第 {latest.round} 轮法制审核同意后又有改动，原审核意见失效，须重新送审",
            )
        return False, f"当前拟处理决定与第 {latest.round} 轮送审的版本不一致，须重新送审"
    if latest.status not in PASSED:
        return False, f"第 {latest.round} 轮法制审核尚未通过（{latest.get_status_display()}），不得作出决定"
    return True, ""


def _gate(ctx: Context) -> Refusal | None:
    passed, why = review_state(ctx.case)
    rule = COMPULSION_RULE if ctx.case.procedure == ProcedureKind.COMPULSION else RULE
    return None if passed else Refusal("legal_review", why, rule)


GATE = Guard("legal_review", _gate)


def install() -> None:
    # The approved compulsion measure (compulsion.enforce) is a decision too; the emergency one taken on
    # the spot (enforce_on_spot, 行政强制法 Art.19) is approved afterwards and is not held.
    for procedure, step in (
        ("general", "decide"),
        ("no_penalty", "decide_no_penalty"),
        ("compulsion", "enforce"),
    ):
        engine.register_guard(procedure, step, GATE)
