"""查封、扣押 (行政强制法 Art.18–28): approval (or on the spot with a report within 24 hours, Art.19), the
measure with its site record and decision, 30 days plus one extension of at most 30 (Art.25), release or
disposal."""

from __future__ import annotations

from zhifa.accounts.models import Role
from zhifa.cases import documents
from zhifa.cases import guards as g
from zhifa.cases.engine import Clock, Context, Procedure, Transition, register
from zhifa.cases.models import ProcedureKind
from zhifa.cases.procedures.common import extend_clock, text
from zhifa.core.errors import DomainError

HEAD = frozenset({Role.AGENCY_HEAD})
LAW = "《中华人民共和国行政强制法》"
STATES = {
    "proposed": "拟采取强制措施",
    "on_spot": "当场实施待补批",
    "in_force": "查封扣押中",
    "released": "已解除",
    "disposed": "已处理",
}


def _approve(ctx: Context) -> None:
    ctx.payload["approved_by"] = str(ctx.actor) if ctx.actor else ""


def _enforce(ctx: Context) -> None:
    ctx.payload["measure"] = text(ctx, "measure", "查封或扣押")
    ctx.payload["items"] = text(ctx, "items", "查封扣押物品清单")
    ctx.payload["site_record"] = text(ctx, "site_record", "现场笔录")
    ctx.case.decided_on = ctx.on


def _issue(ctx: Context) -> None:
    ctx.case.decision_number = documents.issue(ctx, "compulsion_decision")


def _on_spot(ctx: Context) -> None:
    _enforce(ctx)
    # The 24-hour report: a clock of one calendar day (the engine's smallest unit).
    ctx.payload["emergency_reason"] = text(ctx, "reason", "紧急情况说明")


def _report_on_spot(ctx: Context) -> None:
    ctx.payload["approved_by"] = str(ctx.actor) if ctx.actor else ""


def _extend(ctx: Context) -> None:
    days = int(ctx.data.get("days") or 30)
    if not 0 < days <= 30:
        raise DomainError("延长期限不得超过三十日", rule=f"{LAW}第二十五条")
    extend_clock(ctx, "compulsion_period", days)
    ctx.payload["reason"] = text(ctx, "reason", "延长理由")


def _end(ctx: Context) -> None:
    ctx.payload["outcome"] = text(ctx, "outcome", "处理结果")
    ctx.case.closed_on = ctx.on


PERIOD = Clock("compulsion_period", "查封扣押期限", f"{LAW}第二十五条", 30, working_days=False)

COMPULSION = register(
    Procedure(
        kind=ProcedureKind.COMPULSION,
        label="行政强制措施（查封、扣押）",
        states=STATES,
        initial="proposed",
        transitions={
            t.name: t
            for t in (
                Transition(
                    "enforce",
                    "经批准实施查封扣押",
                    ("proposed",),
                    "in_force",
                    guards=(g.two_qualified_officers, g.recusal_decided),
                    apply=_enforce,
                    after=_issue,
                    roles=HEAD,
                    starts=(PERIOD,),
                ),
                Transition(
                    "enforce_on_spot",
                    "情况紧急当场实施",
                    ("proposed",),
                    "on_spot",
                    guards=(g.two_qualified_officers,),
                    apply=_on_spot,
                    after=_issue,
                    starts=(
                        PERIOD,
                        Clock(
                            "on_spot_report",
                            "向负责人报告并补办批准",
                            f"{LAW}第十九条",
                            1,
                            working_days=False,
                        ),
                    ),
                ),
                Transition(
                    "approve_on_spot",
                    "补办批准手续",
                    ("on_spot",),
                    "in_force",
                    guards=(g.on_spot_report_in_time,),
                    apply=_report_on_spot,
                    roles=HEAD,
                    meets=("on_spot_report",),
                ),
                Transition(
                    "extend",
                    "延长查封扣押期限",
                    ("in_force",),
                    None,
                    guards=(g.compulsion_extension_once,),
                    apply=_extend,
                    roles=HEAD,
                ),
                Transition(
                    "release",
                    "解除查封扣押",
                    ("in_force", "on_spot"),
                    "released",
                    apply=_end,
                    meets=("compulsion_period", "on_spot_report"),
                ),
                Transition(
                    "dispose",
                    "依法处理（没收、销毁）",
                    ("in_force",),
                    "disposed",
                    apply=_end,
                    roles=HEAD,
                    meets=("compulsion_period",),
                ),
            )
        },
    )
)
