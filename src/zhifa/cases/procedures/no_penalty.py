"""不予处罚 (行政处罚法 Art.33 and the agency's no-penalty list): a filed case closed without penalty,
with the education the law requires (Art.33 para.3: 依法不予行政处罚的，行政机关应当对当事人进行教育)."""

from __future__ import annotations

from zhifa.accounts.models import Role
from zhifa.cases import documents, orders
from zhifa.cases import guards as g
from zhifa.cases.engine import Context, Procedure, Transition, register
from zhifa.cases.models import ProcedureKind
from zhifa.cases.procedures.common import text
from zhifa.cases.procedures.general import FILE, _issue_closing

HEAD = frozenset({Role.AGENCY_HEAD})
STATES = {"lead": "线索核查", "investigating": "调查取证", "decided": "已决定不予处罚", "closed": "已结案"}


def _decide(ctx: Context) -> None:
    ctx.payload["ground"] = text(ctx, "ground", "不予处罚的理由和依据（如第三十三条第一款）")
    ctx.payload["education"] = text(ctx, "education", "对当事人的教育记录")
    ctx.case.penalty_kinds = []
    ctx.case.decided_on = ctx.on


def _issue(ctx: Context) -> None:
    ctx.case.decision_number = documents.issue(ctx, "no_penalty_decision")


def _close(ctx: Context) -> None:
    ctx.case.closed_on = ctx.on


NO_PENALTY = register(
    Procedure(
        kind=ProcedureKind.NO_PENALTY,
        label="不予行政处罚",
        states=STATES,
        initial="lead",
        transitions={
            t.name: t
            for t in (
                FILE,
                Transition(
                    "decide_no_penalty",
                    "决定不予处罚",
                    ("investigating",),
                    "decided",
                    guards=(g.two_qualified_officers, g.recusal_decided),
                    apply=_decide,
                    after=_issue,
                    event="decision.issued",
                    roles=HEAD,
                    meets=("decision_period",),
                ),
                # SAMR 程序规定 Art.77(4): a no-penalty decision closes the case, with its 结案审批表.
                Transition(
                    "close",
                    "结案",
                    ("decided",),
                    "closed",
                    guards=(orders.orders_checked,),
                    apply=_close,
                    after=_issue_closing,
                    roles=HEAD,
                ),
                # 行政处罚法 Art.28 para.1, Art.33: no penalty, but the violation is still corrected.
                *orders.order_steps(STATES),
            )
        },
    )
)
