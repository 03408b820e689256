"""简易程序 / 当场处罚 (行政处罚法 Art.51–53; SAMR 程序规定 Art.66–70): a numbered on-the-spot decision within
the Art.51 limits, filed with the agency within the configured working days, then executed and closed."""

from __future__ import annotations

from zhifa.accounts.models import Role
from zhifa.cases import documents, orders, payments
from zhifa.cases import guards as g
from zhifa.cases.engine import Clock, Context, Procedure, Transition, register
from zhifa.cases.models import ProcedureKind
from zhifa.cases.procedures.common import set_proposal, setting, text
from zhifa.cases.procedures.general import _record_payment, challenge_steps, has_fine

STAFF = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
STATES = {
    "on_spot": "现场处理",
    "decided": "已当场处罚",
    "filed": "已备案",
    "executed": "已执行",
    "closed": "已结案",
}


def _decide_on_spot(ctx: Context) -> None:
    set_proposal(ctx)
    # 行政处罚法 Art.52 para.2; SAMR 程序规定 Art.68: the decision states where the act happened; the
    # officers may record or correct the specific place on the spot.
    place = text(ctx, "place_text", "违法行为发生的具体地点", required=False)
    if place:
        ctx.case.place_text = place
    # 行政处罚法 Art.42: one officer on the spot only where a law provides it; the record names that law.
    if ctx.case.item.single_officer_basis:
        ctx.payload["single_officer_basis"] = ctx.case.item.single_officer_basis
    ctx.case.decided_on = ctx.on
    ctx.case.served_on = ctx.on  # handed over on the spot (Art.52)


def _issue(ctx: Context) -> None:
    # 行政处罚法 Art.28 para.1: an order to correct given on the spot is numbered first and named.
    orders.issue_with_decision(ctx)
    ctx.case.decision_number = documents.issue(ctx, "summary_decision")


def _file_record(ctx: Context) -> None:
    ctx.case.filed_on = ctx.on


def _close(ctx: Context) -> None:
    ctx.case.closed_on = ctx.on


SUMMARY = register(
    Procedure(
        kind=ProcedureKind.SUMMARY,
        label="简易程序（当场处罚）",
        states=STATES,
        initial="on_spot",
        transitions={
            t.name: t
            for t in (
                Transition(
                    "decide_on_spot",
                    "当场作出处罚决定",
                    ("on_spot",),
                    "decided",
                    guards=(
                        g.summary_thresholds,
                        g.within_limitation,
                        g.on_spot_officers,
                        g.amount_within_tier,
                        # 行政处罚法 Art.30 holds on every procedure: under 14 no penalty, 14–18 lenience.
                        g.lenience_applied,
                    ),
                    apply=_decide_on_spot,
                    after=_issue,
                    event="decision.issued",
                    roles=STAFF,  # 行政处罚法 Art.51-52: the officers decide on the spot
                    starts=(
                        Clock(
                            "summary_filing",
                            "当场处罚决定备案",
                            "市场监督管理行政处罚程序规定第七十条",
                            lambda ctx: setting(ctx, "summary_filing_working_days"),
                        ),
                        Clock(
                            "payment",
                            "缴纳罚款",
                            "《中华人民共和国行政处罚法》第六十七条",
                            15,
                            working_days=False,
                            when=has_fine,
                        ),
                    ),
                ),
                Transition(
                    "file_record",
                    "报所属行政机关备案",
                    ("decided",),
                    "filed",
                    apply=_file_record,
                    roles=STAFF,  # 行政处罚法 Art.52: the officers report it to their agency
                    meets=("summary_filing",),
                ),
                Transition(
                    "record_payment",
                    "履行完毕",
                    ("filed", "decided"),
                    "executed",
                    guards=(payments.receipts_cover,),
                    apply=_record_payment,
                    roles=STAFF,
                    meets=("payment",),
                ),
                # The 结案审批 of SAMR 程序规定 Art.77 is the normal procedure's: an on-the-spot case
                # executed is closed by its officers.
                Transition(
                    "close",
                    "结案",
                    ("executed",),
                    "closed",
                    guards=(orders.orders_checked,),
                    apply=_close,
                    roles=STAFF,
                ),
                *challenge_steps(STATES),
                # Issue 17: orders (Art.28), the bank's receipts (Art.67), cash on the spot (Art.68-71).
                *orders.order_steps(STATES),
                payments.receipt_step(("decided", "filed")),
                *payments.cash_steps(("decided", "filed")),
            )
        },
    )
)
