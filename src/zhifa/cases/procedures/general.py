"""行政处罚普通程序 (行政处罚法 Art.54–65; 市场监督管理行政处罚程序规定 where stricter).

lead → (file | decline_filing) → investigating → report → reported → serve_notice → noticed →
(close_statement | request_hearing → hearing → hold_hearing) → ready → decide → decided →
serve_decision → served → record_payment → executed → close → closed → archive → archived.
The legal-review gate plugs into `decide` from the review app (engine.register_guard).
"""

from __future__ import annotations

from zhifa.accounts.models import Role
from zhifa.cases import documents
from zhifa.cases import guards as g
from zhifa.cases.engine import Clock, Context, Procedure, Transition, register
from zhifa.cases.models import CaseOfficer, ProcedureKind
from zhifa.cases.procedures.common import extend_clock, ident, number_document, set_proposal, setting, text
from zhifa.core.errors import DomainError
from zhifa.lib.penalties import late_payment_penalty

HEAD = frozenset({Role.AGENCY_HEAD})
STAFF = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
LAW = "《中华人民共和国行政处罚法》"

STATES = {
    "lead": "线索核查",
    "declined": "不予立案",
    "investigating": "调查取证",
    "reported": "调查终结",
    "noticed": "已告知",
    "hearing": "听证",
    "ready": "待决定",
    "decided": "已决定",
    "served": "已送达",
    "executed": "已执行",
    "closed": "已结案",
    "archived": "已归档",
}
OPEN_STATES = ("investigating", "reported", "noticed", "hearing", "ready")


def _file(ctx: Context) -> None:
    ctx.case.filed_on = ctx.on
    ctx.case.case_number = number_document(ctx, "filing")


def _decline(ctx: Context) -> None:
    ctx.payload["reason"] = text(ctx, "reason", "不予立案理由")


def _preserve(ctx: Context) -> None:
    ctx.payload["items"] = text(ctx, "items", "先行登记保存的物品清单")
    ctx.payload["approved_by"] = str(ctx.actor) if ctx.actor else ""


def _dispose_preservation(ctx: Context) -> None:
    ctx.payload["measure"] = text(ctx, "measure", "处理决定（如：解除、移送、查封扣押）")


def _declare_recusal(ctx: Context) -> None:
    co = CaseOfficer.objects.filter(case=ctx.case, officer_id=ident(ctx, "officer_id", "办案人员")).first()
    if co is None:
        raise DomainError("该人员不是本案办案人员", field="officer_id")
    co.recusal = CaseOfficer.Recusal.PENDING
    co.recusal_reason = text(ctx, "reason", "回避事由")
    co.save(update_fields=["recusal", "recusal_reason"])
    ctx.payload["recusal"] = {"officer_id": co.officer_id, "reason": co.recusal_reason}


def _decide_recusal(ctx: Context) -> None:
    co = CaseOfficer.objects.filter(
        case=ctx.case, officer_id=ident(ctx, "officer_id", "办案人员"), recusal="pending"
    ).first()
    if co is None:
        raise DomainError("该人员没有待决定的回避申请", field="officer_id")
    co.recusal = CaseOfficer.Recusal.GRANTED if ctx.data.get("granted") else CaseOfficer.Recusal.REJECTED
    co.save(update_fields=["recusal"])
    ctx.payload["recusal"] = {"officer_id": co.officer_id, "decision": co.recusal}


def _serve_notice(ctx: Context) -> None:
    case = ctx.case
    case.notice_penalty_kinds = list(case.penalty_kinds)
    case.notice_fine_amount = case.fine_amount
    case.notice_confiscation_amount = case.confiscation_amount
    case.hearing_offered = bool(ctx.data.get("hearing_offered"))
    case.notice_served_on = ctx.on
    ctx.payload["notice"] = {
        "number": "",
        "hearing_offered": case.hearing_offered,
    }


def _issue_notice(ctx: Context) -> None:
    ctx.payload["notice"]["number"] = documents.issue(ctx, "notice_of_intent")


def _request_hearing(ctx: Context) -> None:
    ctx.case.hearing_requested = True


def _hold_hearing(ctx: Context) -> None:
    ctx.case.hearing_held_on = ctx.on
    ctx.payload["hearing"] = {
        "notified_on": ctx.data.get("notified_on"),
        "report": text(ctx, "report", "听证报告"),
    }


def _close_statement(ctx: Context) -> None:
    case = ctx.case
    if ctx.data.get("waived"):
        case.statement_waived = True
    ctx.payload["statement"] = {
        "waived": case.statement_waived,
        "summary": str(ctx.data.get("summary", "")),
        "adopted": str(ctx.data.get("adopted", "")),
    }


def _collective(ctx: Context) -> None:
    ctx.case.collective_discussion_on = ctx.on
    ctx.payload["conclusion"] = text(ctx, "conclusion", "集体讨论结论")


def _decide(ctx: Context) -> None:
    case = ctx.case
    case.decided_on = ctx.on


def _issue_decision(ctx: Context) -> None:
    ctx.case.decision_number = documents.issue(ctx, "penalty_decision")


def _extend_decision(ctx: Context) -> None:
    extend_clock(ctx, "decision_period", setting(ctx, "decision_extension_days"))
    ctx.payload["reason"] = text(ctx, "reason", "延长理由")


def _serve_decision(ctx: Context) -> None:
    method = text(ctx, "method", "送达方式")
    if method not in ("direct", "left", "electronic", "post", "public_notice"):
        raise DomainError("送达方式应为直接、留置、电子、邮寄或公告送达", field="method")
    if method == "electronic" and not ctx.data.get("address_confirmed"):
        # 行政处罚法 Art.61: electronic service only with the party's signed 确认书.
        raise DomainError("电子送达须当事人同意并签订确认书", rule=f"{LAW}第六十一条")
    ctx.case.served_on = ctx.on
    ctx.case.service_method = method


def _record_payment(ctx: Context) -> None:
    case = ctx.case
    case.paid_on = ctx.on
    due = case.deadlines.filter(kind="payment").order_by("-id").first()
    principal = case.fine_amount or 0
    late = late_payment_penalty(principal=principal, due_on=due.due_on, paid_on=ctx.on) if due else 0
    ctx.payload["payment"] = {"principal": principal, "late_payment_penalty": late}


def _close(ctx: Context) -> None:
    ctx.case.closed_on = ctx.on


def _archive(ctx: Context) -> None:
    ctx.payload["archived"] = True


def has_fine(ctx: Context) -> bool:
    return "罚款" in ctx.case.penalty_kinds and bool(ctx.case.fine_amount)


PROPOSAL_GUARDS = (g.proposal_complete, g.amount_within_tier, g.lenience_applied)

# Filing (立案) is the same step in the general and the no-penalty procedures.
FILE = Transition(
    "file",
    "立案",
    ("lead",),
    "investigating",
    guards=(g.within_limitation, g.two_qualified_officers, g.recusal_decided),
    apply=_file,
    roles=HEAD,
    meets=("filing",),
    starts=(
        Clock(
            "decision_period",
            "作出处罚决定",
            f"{LAW}第六十条",
            lambda ctx: setting(ctx, "decision_days"),
            working_days=False,
        ),
    ),
)

GENERAL = register(
    Procedure(
        kind=ProcedureKind.GENERAL,
        label="行政处罚普通程序",
        states=STATES,
        initial="lead",
        transitions={
            t.name: t
            for t in (
                FILE,
                Transition(
                    "decline_filing",
                    "不予立案",
                    ("lead",),
                    "declined",
                    apply=_decline,
                    roles=HEAD,
                    meets=("filing",),
                ),
                Transition(
                    "preserve",
                    "先行登记保存",
                    ("investigating",),
                    None,
                    guards=(g.two_qualified_officers,),
                    apply=_preserve,
                    roles=HEAD,
                    starts=(Clock("preservation", "先行登记保存物品处理", f"{LAW}第五十六条", 7),),
                ),
                Transition(
                    "dispose_preservation",
                    "处理先行登记保存物品",
                    ("investigating",),
                    None,
                    apply=_dispose_preservation,
                    meets=("preservation",),
                ),
                Transition("declare_recusal", "申请回避", OPEN_STATES, None, apply=_declare_recusal),
                Transition(
                    "decide_recusal", "决定回避", OPEN_STATES, None, apply=_decide_recusal, roles=HEAD
                ),
                Transition(
                    "report",
                    "调查终结",
                    ("investigating",),
                    "reported",
                    guards=(g.two_qualified_officers, g.recusal_decided, *PROPOSAL_GUARDS),
                    apply=set_proposal,
                    roles=STAFF,
                ),
                Transition(
                    "revise_proposal",
                    "修改处理意见",
                    ("reported", "ready"),
                    None,
                    guards=(*PROPOSAL_GUARDS, g.not_heavier_than_notice),
                    apply=set_proposal,
                    roles=STAFF,
                ),
                Transition(
                    "serve_notice",
                    "送达事先告知书",
                    ("reported",),
                    "noticed",
                    guards=(*PROPOSAL_GUARDS, g.hearing_offered),
                    apply=_serve_notice,
                    after=_issue_notice,
                    starts=(
                        Clock(
                            "statement_period",
                            "陈述申辩与听证申请",
                            "市场监督管理行政处罚程序规定第五十七条",
                            lambda ctx: setting(ctx, "statement_working_days"),
                            party_window=True,
                        ),
                    ),
                ),
                Transition(
                    "request_hearing",
                    "申请听证",
                    ("noticed",),
                    "hearing",
                    guards=(g.hearing_request_in_time,),
                    apply=_request_hearing,
                    meets=("statement_period",),
                ),
                Transition(
                    "hold_hearing",
                    "举行听证",
                    ("hearing",),
                    "ready",
                    guards=(g.hearing_notice_seven_days,),
                    apply=_hold_hearing,
                ),
                Transition(
                    "close_statement",
                    "陈述申辩复核完毕",
                    ("noticed",),
                    "ready",
                    guards=(g.statement_period_over,),
                    apply=_close_statement,
                    meets=("statement_period",),
                ),
                Transition(
                    "collective_discussion",
                    "负责人集体讨论",
                    ("reported", "ready"),
                    None,
                    apply=_collective,
                    roles=HEAD,
                ),
                Transition(
                    "extend_decision_period",
                    "延长办案期限",
                    OPEN_STATES,
                    None,
                    guards=(g.decision_extension_allowed,),
                    apply=_extend_decision,
                    roles=HEAD,
                ),
                Transition(
                    "decide",
                    "作出处罚决定",
                    ("ready",),
                    "decided",
                    guards=(
                        g.statement_period_over,
                        g.not_heavier_than_notice,
                        g.within_decision_period,
                        g.collective_discussion_held,
                        *PROPOSAL_GUARDS,
                    ),
                    apply=_decide,
                    after=_issue_decision,
                    event="decision.issued",
                    roles=HEAD,
                    meets=("decision_period",),
                    starts=(Clock("service", "送达处罚决定书", f"{LAW}第六十一条", 7),),
                ),
                Transition(
                    "serve_decision",
                    "送达处罚决定书",
                    ("decided",),
                    "served",
                    apply=_serve_decision,
                    meets=("service",),
                    starts=(
                        Clock(
                            "payment", "缴纳罚款", f"{LAW}第六十七条", 15, working_days=False, when=has_fine
                        ),
                    ),
                ),
                Transition(
                    "record_payment",
                    "履行完毕",
                    ("served",),
                    "executed",
                    apply=_record_payment,
                    meets=("payment",),
                    starts=(
                        Clock(
                            "closing",
                            "结案",
                            "市场监督管理行政处罚程序规定第七十七条",
                            lambda ctx: setting(ctx, "closing_working_days"),
                        ),
                    ),
                ),
                Transition(
                    "close", "结案", ("executed",), "closed", apply=_close, roles=HEAD, meets=("closing",)
                ),
                Transition("archive", "归档", ("closed",), "archived", apply=_archive),
            )
        },
    )
)
