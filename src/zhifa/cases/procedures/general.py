"""行政处罚普通程序 (行政处罚法 Art.54–65; 市场监督管理行政处罚程序规定 where stricter).

lead → (file | decline_filing) → investigating → report → reported → serve_notice → noticed →
(close_statement | request_hearing → hearing → schedule_hearing, hold_hearing) → ready → decide →
decided → serve_decision → served → [demand_performance → demanded → apply_to_court → enforcing] →
record_payment → executed → close → closed → archive → archived. An issued decision may be revoked
(revoke_decision; an unexecuted case may then close) or changed (change_decision; a changed fine still
owed is paid within 15 days of the changed decision's service, Art.67) at any later state
(行政处罚法 Art.48).
The legal-review gate plugs into `decide` from the review app (engine.register_guard).

Documents (legal-rules §13): 立案审批表 at `file`, 行政处罚事先告知书 and its 送达回证 at `serve_notice`,
听证通知书 at `schedule_hearing`, 行政处罚决定书 at `decide` and its 送达回证 at `serve_decision`,
行政处罚决定履行催告书 and its 送达回证 at `demand_performance`, 结案审批表 at `close`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from typing import Any

from zhifa.accounts.models import Role
from zhifa.cases import documents, orders, payments
from zhifa.cases import guards as g
from zhifa.cases.casefile import case_file_complete, file_state
from zhifa.cases.engine import Clock, Context, Procedure, Transition, register
from zhifa.cases.models import CaseOfficer, ProcedureKind
from zhifa.cases.procedures import violations
from zhifa.cases.procedures.common import (
    apply_proposal,
    cancel_clocks,
    day,
    deemed_served_on,
    end_challenge,
    exclude_days,
    extend_clock,
    ident,
    officer_names,
    pause_clocks,
    record_challenge,
    resume_clocks,
    serve,
    set_proposal,
    setting,
    text,
)
from zhifa.core.errors import DomainError

COMPULSION_LAW = "《中华人民共和国行政强制法》"
SAMR = "市场监督管理行政处罚程序规定"

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
    "suspended": "中止调查",
    "referred": "已移送司法机关",
    "decided": "已决定",
    "served": "已送达",
    "demanded": "已催告",
    "enforcing": "申请法院强制执行",
    "executed": "已执行",
    "closed": "已结案",
    "archived": "已归档",
}
OPEN_STATES = ("investigating", "reported", "noticed", "hearing", "ready")
# The states in which an issued decision stands: it may be revoked or changed (after 复议, 诉讼 or by the
# agency itself) even once the case is closed — a court's judgment often comes after.
DECISION_STATES = ("decided", "served", "demanded", "enforcing", "executed", "closed", "archived")


def _file(ctx: Context) -> None:
    ctx.case.filed_on = ctx.on


def _issue_filing(ctx: Context) -> None:
    """The 立案审批表 (SAMR 程序规定 Art.19) numbers the case: its 文号 is the case number."""
    approver = getattr(ctx.actor, "get_full_name", lambda: "")() or str(ctx.actor or "")
    extra = {"officers": officer_names(ctx), "approver": f"负责人：{approver}" if approver else ""}
    ctx.case.case_number = documents.issue(ctx, "filing", extra)


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
    # SAMR 程序规定 Art.57, 82(5): the party's period runs from the notice's service; a notice served by
    # public announcement is served when the 30 days have run, not on the day it is posted.
    case.notice_served_on = deemed_served_on(ctx)
    ctx.payload["notice"] = {
        "number": "",
        "hearing_offered": case.hearing_offered,
        "served_on": case.notice_served_on,
    }
    # SAMR 程序规定 Art.64 para.2: 公告 … 时间不计入案件办理期限 — the days from the posting to the
    # notice's deemed service (Art.82(5): 30 days, their end moved off a holiday) do not count towards
    # the decision period; its end moves by them at once (the period is known when it is posted).
    if case.notice_served_on > ctx.on:
        exclude_days(ctx, ("decision_period",), ctx.on, case.notice_served_on)


def _announced_until(ctx: Context) -> date | None:
    """While the notice of intent's public announcement runs (the case noticed, the notice not yet
    deemed served), the day it ends: a pause that begins then (听证, 中止) begins only where the 公告's
    own excluded days end, so that no day is left out twice (SAMR 程序规定 Art.64 para.2)."""
    case = ctx.case
    served = case.notice_served_on
    return served if case.state == "noticed" and served is not None and served > ctx.on else None


def _issue_notice(ctx: Context) -> None:
    number = documents.issue(ctx, "notice_of_intent")
    ctx.payload["notice"]["number"] = number
    # SAMR 程序规定 Art.57: the statement period runs from the notice's service, recorded on its 回证.
    serve(ctx, "notice_of_intent", number, default_method="direct")


def _request_hearing(ctx: Context) -> None:
    ctx.case.hearing_requested = True
    # SAMR 程序规定 Art.64 para.2: 听证 … 时间不计入案件办理期限 — the decision period stands still from
    # the request until the hearing is held.
    ctx.payload["paused"] = pause_clocks(ctx, ("decision_period",), since=_announced_until(ctx))


def _schedule_hearing(ctx: Context) -> None:
    case = ctx.case
    case.hearing_on = day(ctx, "hearing_on", "听证日期")
    case.hearing_notified_on = ctx.on
    ctx.payload["hearing"] = {
        "hearing_on": case.hearing_on,
        "place": text(ctx, "place", "听证地点"),
        "presider": text(ctx, "presider", "听证主持人"),
        "public": not ctx.data.get("not_public"),
    }


def _issue_hearing_notice(ctx: Context) -> None:
    ctx.payload["hearing"]["number"] = documents.issue(ctx, "hearing_notice", ctx.payload["hearing"])


def _hold_hearing(ctx: Context) -> None:
    case = ctx.case
    case.hearing_held_on = ctx.on
    report = text(ctx, "report", "听证报告")
    # SAMR 程序规定 Art.62 para.1(3): what the party argued at the hearing, and whether and why it is adopted.
    case.statement_summary = text(ctx, "summary", "当事人陈述、申辩要点", required=False) or report
    case.statement_adoption = text(ctx, "adopted", "陈述、申辩的采纳情况及理由")
    ctx.payload["hearing"] = {
        "notified_on": case.hearing_notified_on,
        "report": report,
        "adopted": case.statement_adoption,
    }
    # Art.64 para.2: the hearing's time is over; the decision period runs again for the days it had left.
    ctx.payload["resumed"] = resume_clocks(ctx)


NO_STATEMENT = "当事人在规定期限内未提出陈述、申辩意见"
WAIVED_STATEMENT = "当事人书面放弃陈述、申辩权利"


def _close_statement(ctx: Context) -> None:
    """SAMR 程序规定 Art.62 para.1(3) (行政处罚法 Art.45): what the party stated and argued, and — when they
    did — whether it is adopted and why, as the decision will state it. No summary: they said nothing."""
    case = ctx.case
    if ctx.data.get("waived"):
        case.statement_waived = True
    summary = text(ctx, "summary", "陈述申辩要点", required=False)
    adopted = text(
        ctx, "adopted", "陈述、申辩的采纳情况及理由", required=bool(summary) and not case.statement_waived
    )
    if case.statement_waived:
        case.statement_summary, case.statement_adoption = WAIVED_STATEMENT, ""
    else:
        case.statement_summary, case.statement_adoption = summary or NO_STATEMENT, adopted
    ctx.payload["statement"] = {
        "waived": case.statement_waived,
        "summary": summary,
        "adopted": adopted,
    }


def _collective(ctx: Context) -> None:
    ctx.case.collective_discussion_on = ctx.on
    ctx.payload["conclusion"] = text(ctx, "conclusion", "集体讨论结论")


# SAMR 程序规定 Art.46: the grounds on which the head may suspend the investigation.
SUSPENSION_GROUNDS = {
    "pending_ruling": (
        "行政处罚决定须以相关案件的裁判结果或者其他行政决定为依据，而相关案件尚未审结或者其他行政决定尚未作出"
    ),
    "interpretation": "涉及法律适用等问题，需要送请有权机关作出解释或者确认",
    "force_majeure": "因不可抗力致使案件暂时无法调查",
    "party_missing": "因当事人下落不明致使案件暂时无法调查",
    "other": "其他应当中止调查的情形",
}


def _suspend(ctx: Context) -> None:
    """中止 (SAMR 程序规定 Art.46, with the head's approval): the case waits in `suspended`; the decision
    period stands still meanwhile (Art.64 para.2: 中止 … 时间不计入案件办理期限)."""
    case = ctx.case
    ground = str(ctx.data.get("ground") or "")
    if ground not in SUSPENSION_GROUNDS:
        raise DomainError("请选择中止调查的法定情形", field="ground", rule=f"{SAMR}第四十六条")
    ctx.payload["suspension"] = {
        "ground": ground,
        "ground_text": SUSPENSION_GROUNDS[ground],
        "reason": text(ctx, "reason", "中止调查的具体情况"),
    }
    paused_from = _announced_until(ctx)
    case.suspended_on, case.suspended_from = ctx.on, case.state
    ctx.payload["paused"] = pause_clocks(ctx, ("decision_period",), since=paused_from)


def _resume(ctx: Context) -> None:
    """Art.46 para.2: once the ground is gone the investigation resumes at once, where it stood; the
    decision period runs again for the days it had left."""
    case = ctx.case
    ctx.payload["resumption"] = {
        "reason": text(ctx, "reason", "中止原因消除的情况"),
        "suspended_on": case.suspended_on,
        "suspended_days": (ctx.on - case.suspended_on).days if case.suspended_on else 0,
    }
    case.state = case.suspended_from
    case.suspended_on, case.suspended_from = None, ""
    # Back to a hearing not yet held: the hearing's own pause goes on (Art.64 para.2) until it is held.
    ctx.payload["resumed"] = [] if case.state == "hearing" else resume_clocks(ctx)


REFERRAL_RULES = "行政执法机关移送涉嫌犯罪案件的规定"


def _propose_referral(ctx: Context) -> None:
    """行政执法机关移送涉嫌犯罪案件的规定 Art.5 para.1: two or more officers verify and report in writing to
    the head, who decides within 3 days (the clock)."""
    ctx.payload["referral_report"] = {
        "crime": text(ctx, "crime", "涉嫌的犯罪"),
        "report": text(ctx, "report", "移送涉嫌犯罪案件的书面报告"),
    }


def _decline_referral(ctx: Context) -> None:
    # Art.5 para.2: 决定不批准的，应当将不予批准的理由记录在案.
    ctx.payload["reason"] = text(ctx, "reason", "不批准移送的理由")


def _refer(ctx: Context) -> None:
    """行政处罚法 Art.27; the regulation Art.5 para.2: approved, the case goes to the public security organ
    at the same level within 24 hours — the step is both. SAMR 程序规定 Art.60(5): it is the case's
    decision; Art.77(4): the case is then closed."""
    case = ctx.case
    case.referred_on = ctx.on
    case.referred_to = text(ctx, "police", "受移送的公安机关")
    ctx.payload["referral"] = {
        "police": case.referred_to,
        "crime": text(ctx, "crime", "涉嫌的犯罪"),
        "facts": text(ctx, "facts", "涉嫌犯罪的事实", required=False) or case.facts,
        "items": text(ctx, "items", "涉案物品清单", required=False),
        "tests": text(ctx, "tests", "检验报告或者鉴定结论", required=False),
    }


def _issue_referral(ctx: Context) -> None:
    ctx.payload["referral"]["number"] = documents.issue(ctx, "criminal_referral", ctx.payload["referral"])


def _decide(ctx: Context) -> None:
    case = ctx.case
    case.decided_on = ctx.on


def _issue_decision(ctx: Context) -> None:
    # 行政处罚法 Art.28 para.1: orders issued with the decision are numbered first; the decision names them.
    orders.issue_with_decision(ctx)
    ctx.case.decision_number = documents.issue(ctx, "penalty_decision")


def _extend_decision(ctx: Context) -> None:
    extend_clock(ctx, "decision_period", setting(ctx, "decision_extension_days"))
    ctx.payload["reason"] = text(ctx, "reason", "延长理由")


def _serve_decision(ctx: Context) -> None:
    text(ctx, "method", "送达方式")
    ctx.case.served_on = deemed_served_on(ctx)  # a public notice counts 30 days on (SAMR Art.82(5))
    ctx.case.service_method = serve(ctx, "penalty_decision", ctx.case.decision_number)
    ctx.payload["served_on"] = ctx.case.served_on


def _payment(ctx: Context) -> dict[str, Any]:
    # The fine still unpaid and its 加处罚款 to date (行政处罚法 Art.72(1)): on the whole fine from the
    # 15th day, or under an approved plan on each overdue instalment from its own day (Art.66 para.2);
    # never for the days a 复议 or 诉讼 was pending (Art.73 para.3). The bank's receipts count (Art.67).
    return payments.demand_figures(ctx.case, ctx.on)


def _demand(ctx: Context) -> None:
    ctx.case.demand_served_on = ctx.on
    ctx.payload["demand"] = _payment(ctx)


def _issue_demand(ctx: Context) -> None:
    """行政强制法 Art.35, 38, 54: the 催告书 in writing, served (directly unless that fails) with its 回证."""
    number = documents.issue(ctx, "performance_demand", ctx.payload["demand"])
    ctx.payload["demand"]["number"] = number
    serve(ctx, "performance_demand", number, default_method="direct")


def _apply_to_court(ctx: Context) -> None:
    ctx.case.court_applied_on = ctx.on
    ctx.payload["court"] = text(ctx, "court", "受理申请的人民法院")


def _record_payment(ctx: Context) -> None:
    # 行政处罚法 Art.67, 74: paid when the bank's receipts cover what is owed (cases.payments).
    payments.record_payment(ctx)


# 行政处罚法 Art.48; SAMR 市场监督管理行政处罚信息公示规定 Art.11 (legal-rules §2.4, §6.1): an issued
# decision is 变更, 撤销, 确认违法 or 确认无效 — by the reconsideration body (行政复议), a court (行政诉讼)
# or the agency correcting itself; a published one is then withdrawn within 3 working days, with the
# reasons (the publicity app reacts to decision.revoked / decision.changed). Art.38: a void decision has
# no effect.
REVOCATION_GROUNDS = {
    "revoked": "行政处罚决定被依法撤销",
    "void": "行政处罚决定被确认无效",
}
CHANGE_GROUNDS = {
    "changed": "行政处罚决定被依法变更",
    "illegal": "行政处罚决定被确认违法",
}
REVISION_AUTHORITIES = {
    "reconsideration": "行政复议机关决定",
    "litigation": "人民法院裁判",
    "agency": "本机关自行纠正",
}
# The clocks of a decision's service and execution: a revoked decision is neither served nor executed.
EXECUTION_CLOCKS = ("service", "payment", "demand_period", "closing")


def _revision(ctx: Context, grounds: dict[str, str], what: str) -> dict[str, Any]:
    ground = str(ctx.data.get("ground") or "")
    if ground not in grounds:
        raise DomainError(f"请选择{what}的情形", field="ground", rule=f"{LAW}第四十八条")
    authority = str(ctx.data.get("authority") or "")
    if authority not in REVISION_AUTHORITIES:
        raise DomainError(f"请选择{what}的作出机关", field="authority")
    return {
        "decision_number": ctx.case.decision_number,
        "ground": ground,
        "ground_text": grounds[ground],
        "authority": authority,
        "authority_text": REVISION_AUTHORITIES[authority],
        "document": text(ctx, "document", "依据的文书及文号", required=False),
        # Required and in Chinese: publicity states it when it withdraws the published decision.
        "reason": text(ctx, "reason", f"{what}理由"),
    }


def _revoke_decision(ctx: Context) -> None:
    """撤销 or 确认无效: the decision no longer binds. Its service and execution clocks end (cancelled); a
    case not closed yet may be closed on that ground (SAMR Art.77, the closing clock restarts); a closed
    or archived one stays so. The case keeps its state: the record says the decision is revoked."""
    ctx.payload["revision"] = _revision(ctx, REVOCATION_GROUNDS, "撤销")
    cancel_clocks(ctx, EXECUTION_CLOCKS)


def _mark_revoked(ctx: Context) -> None:
    """After the guards (which judge the decision as it stood): from now on it is revoked or void."""
    ctx.case.decision_revoked_on = ctx.on


def _change_decision(ctx: Context) -> None:
    """变更 or 确认违法: the decision stands, changed (what it now says is recorded) or declared unlawful.
    A change of the penalty itself (e.g. 复议 reduces the fine) is taken as the report's proposal is
    (checked by g.changed_penalty_lawful) and becomes the case's penalty."""
    revision = _revision(ctx, CHANGE_GROUNDS, "变更")
    revision["changed_to"] = text(
        ctx, "changed_to", "变更后的处理内容", required=revision["ground"] == "changed"
    )
    ctx.payload["revision"] = revision
    _change_penalty(ctx, revision)


# What a change of the penalty may set (the form leaves the others empty): the kinds, the amounts (the
# fine on the responsible persons of 双罚 too, and the base a multiple-of-base tier is computed from, e.g.
# a 货值金额 the reconsideration found lower), and for the agency's own change the benchmark tier and the
# reason for it (SAMR 程序规定 Art.48).
CHANGE_PENALTY_KEYS = (
    "penalty_kinds",
    "fine_amount",
    "confiscation_amount",
    "person_fine_amount",
    "base_kind",
    "base_amount",
    "benchmark_tier",
    "tier_reason",
)
# The decision served and the fine not paid: the 15 days to pay run (行政处罚法 Art.67).
AWAITING_PAYMENT = ("served", "demanded", "enforcing")


def _fine_of(case: Any) -> Decimal | None:
    return case.fine_amount if g.FINE in case.penalty_kinds else None


def _penalty_of(case: Any) -> dict[str, Any]:
    """The penalty as the change's entry shows it, before and after; the 双罚 persons' fine and the base
    amount only for a decision that has them."""
    penalty = {
        "penalty_kinds": list(case.penalty_kinds),
        "fine_amount": case.fine_amount,
        "confiscation_amount": case.confiscation_amount,
    }
    if case.person_fine_amount is not None:
        penalty["person_fine_amount"] = case.person_fine_amount
    if case.base_amount is not None:
        penalty["base_kind"], penalty["base_amount"] = case.base_kind, case.base_amount
    return penalty


def _change_penalty(ctx: Context, revision: dict[str, Any]) -> None:
    """The changed decision's penalty. When its fine changes and the fine is still owed, the 15 days to
    pay run again from the day the changed decision was served on the party (行政处罚法 Art.67: 自收到
    行政处罚决定书之日起十五日内; `served_on`, default the step's date): the old clock is cancelled (and a
    催告 of the old amount with it: 行政强制法 Art.35 names the amount, so a new one follows the new
    period — the case goes back to served)."""
    given = [k for k in CHANGE_PENALTY_KEYS if ctx.data.get(k) not in (None, "", [])]
    if not given:
        return
    if revision["ground"] != "changed":
        raise DomainError(
            "确认违法的，原决定内容不变；处罚内容改变的，请选择“行政处罚决定被依法变更”",
            field="ground",
            rule=f"{LAW}第四十八条",
        )
    case = ctx.case
    before, fine_before = _penalty_of(case), _fine_of(case)
    tier_before = {"benchmark_tier": case.benchmark_tier, "tier_reason": case.tier_reason}
    apply_proposal(ctx, only=given)
    if "penalty_kinds" in given:  # an amount the decision no longer imposes is not kept
        if g.FINE not in case.penalty_kinds:
            case.fine_amount = None
        if g.CONFISCATE_INCOME not in case.penalty_kinds:
            case.confiscation_amount = None
    if case.violation_count <= 1:  # the one violation states the penalty as changed (issue 17)
        violations.sync_single(case)
    penalty: dict[str, Any] = {"before": before, "after": _penalty_of(case)}
    if case.benchmark_tier and ("benchmark_tier" in given or "tier_reason" in given):
        penalty["benchmark_tier"], penalty["tier_reason"] = case.benchmark_tier, case.tier_reason
        penalty["tier_before"] = tier_before  # what the entry says changed, from and to
    revision["penalty"] = penalty
    if _fine_of(case) == fine_before or case.state not in AWAITING_PAYMENT:
        return
    served = day(ctx, "served_on", "变更决定送达日期") if ctx.data.get("served_on") else ctx.on
    if served > ctx.on or (case.decided_on and served < case.decided_on):
        raise DomainError(
            "变更决定的送达日期应在原决定日期之后、不晚于办理日期", field="served_on", rule=f"{LAW}第六十七条"
        )
    cancel_clocks(ctx, ("payment", "demand_period"))
    if case.state in ("demanded", "enforcing"):
        # The 催告 and the court application name the amount owed (行政强制法 Art.35, 54, 55): after
        # the change they are made anew for the new amount, once its 15 days have run.
        penalty["restarted_from"] = case.state
        case.state = "served"
    if has_fine(ctx):
        penalty["payment_from"] = served


def _payment_restarts(ctx: Context) -> bool:
    return "payment_from" in ctx.payload.get("revision", {}).get("penalty", {})


def _change_served_on(ctx: Context) -> date:
    served: date = ctx.payload["revision"]["penalty"]["payment_from"]
    return served


def _close(ctx: Context) -> None:
    ctx.case.closed_on = ctx.on


def closing_extra(ctx: Context) -> dict[str, str]:
    """What the 结案审批表 says about the outcome and its execution, and which Art.77 ground closes it."""
    case = ctx.case
    revocation = g.revocation(ctx) if case.decision_revoked_on else None
    if revocation is not None:
        revision = dict(revocation.payload_data.get("revision", {}))
        ground = revision.get("ground_text", REVOCATION_GROUNDS["revoked"])
        paid = f"（当事人已于{case.paid_on.isoformat()}缴纳罚款）" if case.paid_on else ""
        return {
            "outcome": f"{case.decision_number}{ground}（{revision.get('authority_text', '')}）",
            "execution": f"决定已不再执行{paid}",
            "ground": f"{ground}（市场监督管理行政处罚程序规定第七十七条：其他应予结案的情形）",
        }
    if case.referred_on is not None:
        return {
            "outcome": f"涉嫌犯罪，已于{case.referred_on.isoformat()}移送{case.referred_to}",
            "execution": "不适用",
            "ground": "作出移送司法机关决定（市场监督管理行政处罚程序规定第七十七条第一款第四项）",
        }
    penalty = documents.penalty_text(case)
    if not case.penalty_kinds:
        return {
            "outcome": f"{case.decision_number}不予行政处罚决定",
            "execution": "不适用（已对当事人进行教育）",
            "ground": "作出不予行政处罚决定（市场监督管理行政处罚程序规定第七十七条第一款第二项）",
        }
    paid = f"当事人已于{case.paid_on.isoformat()}履行完毕" if case.paid_on else "已履行完毕"
    return {
        "outcome": f"{case.decision_number}行政处罚决定：{penalty}",
        "execution": paid,
        "ground": "行政处罚决定执行完毕（市场监督管理行政处罚程序规定第七十七条第一款第一项）",
    }


def _issue_closing(ctx: Context) -> None:
    ctx.payload["closing"] = documents.issue(ctx, "closing", closing_extra(ctx))


def _archive(ctx: Context) -> None:
    ctx.payload["archived"] = True


def _seal_file(ctx: Context) -> None:
    """The archive entry names the documents the sealed file holds (their content digests, in order):
    the electronic case file of an archived case is checked against it (tools/verify_case_file.py)."""
    state = ctx.memo("case_file_state", lambda: file_state(ctx.case))
    ctx.payload["case_file"] = {
        "documents": [
            {"kind": d.kind, "number": d.number, "content_sha256": d.content_sha256} for d in state.documents
        ],
        "entries": len(state.entries),
    }


def has_fine(ctx: Context) -> bool:
    return "罚款" in ctx.case.penalty_kinds and bool(ctx.case.fine_amount)


def _payment_clock(*, when: Callable[[Context], bool], anchor: Callable[[Context], date]) -> Clock:
    """行政处罚法 Art.67: a fine is paid within 15 days of receiving the decision that sets it."""
    return Clock("payment", "缴纳罚款", f"{LAW}第六十七条", 15, working_days=False, when=when, anchor=anchor)


PROPOSAL_GUARDS = (g.proposal_complete, g.amount_within_tier, g.lenience_applied)

# 行政处罚法 Art.73: the party's 行政复议 or 行政诉讼 against an issued decision, recorded on the case (the
# late-payment penalty does not accrue while it is pending); the same steps in the summary procedure.
CHALLENGE_SOURCES = ("decided", "served", "demanded", "enforcing", "executed", "filed", "closed")


def challenge_steps(states: Collection[str]) -> tuple[Transition, Transition]:
    sources = tuple(s for s in CHALLENGE_SOURCES if s in states)
    return (
        Transition(
            "record_challenge", "登记行政复议或行政诉讼", sources, None, apply=record_challenge, roles=STAFF
        ),
        Transition("end_challenge", "登记复议或诉讼结果", sources, None, apply=end_challenge, roles=STAFF),
    )


CHALLENGE_STEPS = challenge_steps(STATES)

# Filing (立案) is the same step in the general and the no-penalty procedures.
FILE = Transition(
    "file",
    "立案",
    ("lead",),
    "investigating",
    guards=(g.within_limitation, g.two_qualified_officers, g.recusal_decided),
    apply=_file,
    after=_issue_filing,
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
                    roles=HEAD,  # 行政处罚法 Art.56: the items the head let preserve, disposed by decision
                    meets=("preservation",),
                ),
                Transition(
                    "declare_recusal", "申请回避", OPEN_STATES, None, apply=_declare_recusal, roles=STAFF
                ),
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
                    roles=STAFF,  # 行政处罚法 Art.44: the officers inform the party
                    starts=(
                        # Art.57: 5 working days from the notice's service — for a public notice,
                        # from its deemed service (Art.82(5)).
                        Clock(
                            "statement_period",
                            "陈述申辩与听证申请",
                            "市场监督管理行政处罚程序规定第五十七条",
                            lambda ctx: setting(ctx, "statement_working_days"),
                            party_window=True,
                            anchor=deemed_served_on,
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
                    roles=STAFF,  # the party's request, recorded by the officers
                    meets=("statement_period",),
                ),
                Transition(
                    "schedule_hearing",
                    "通知听证",
                    ("hearing",),
                    None,
                    guards=(g.hearing_notice_seven_days, g.presider_not_investigator),
                    apply=_schedule_hearing,
                    after=_issue_hearing_notice,
                    # 听证办法 Art.11: the head appoints the presider the notice names.
                    roles=HEAD,
                ),
                Transition(
                    "hold_hearing",
                    "举行听证",
                    ("hearing",),
                    "ready",
                    guards=(g.hearing_as_notified, g.hearing_notice_seven_days),
                    apply=_hold_hearing,
                    roles=STAFF,
                ),
                Transition(
                    "close_statement",
                    "陈述申辩复核完毕",
                    ("noticed",),
                    "ready",
                    guards=(g.statement_period_over,),
                    apply=_close_statement,
                    roles=STAFF,  # 行政处罚法 Art.45: the officers 复核 what the party said
                    meets=("statement_period",),
                ),
                Transition(
                    "suspend",
                    "中止调查",
                    OPEN_STATES,
                    "suspended",
                    guards=(g.within_decision_period, g.suspension_explained),
                    apply=_suspend,
                    roles=HEAD,
                ),
                Transition(
                    "resume",
                    "恢复调查",
                    ("suspended",),
                    None,  # back to the state the case was suspended in
                    guards=(g.resumed_after_suspension,),
                    apply=_resume,
                    roles=STAFF,  # SAMR Art.46 para.2: resumed at once when the ground is gone, no approval
                ),
                Transition(
                    "propose_referral",
                    "提出移送涉嫌犯罪案件报告",
                    OPEN_STATES,
                    None,
                    guards=(g.two_qualified_officers,),
                    apply=_propose_referral,
                    roles=STAFF,
                    starts=(
                        Clock(
                            "referral_decision",
                            "负责人审批移送",
                            f"{REFERRAL_RULES}第五条",
                            3,
                            working_days=False,
                        ),
                    ),
                ),
                Transition(
                    "decline_referral",
                    "不批准移送",
                    OPEN_STATES,
                    None,
                    apply=_decline_referral,
                    roles=HEAD,
                    meets=("referral_decision",),
                ),
                Transition(
                    "refer",
                    "移送司法机关",
                    OPEN_STATES,
                    "referred",
                    guards=(g.two_qualified_officers,),
                    apply=_refer,
                    after=_issue_referral,
                    roles=HEAD,
                    meets=("referral_decision", "decision_period"),
                    starts=(
                        Clock(
                            "closing",
                            "结案",
                            f"{SAMR}第七十七条",
                            lambda ctx: setting(ctx, "closing_working_days"),
                        ),
                    ),
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
                    guards=(g.decision_executable,),
                    after=_serve_decision,
                    roles=STAFF,  # 行政处罚法 Art.61: served by the officers
                    meets=("service",),
                    # 行政处罚法 Art.67: 15 days from receiving the decision — for a public notice, from
                    # its deemed service (SAMR Art.82(5)).
                    starts=(_payment_clock(when=has_fine, anchor=deemed_served_on),),
                ),
                Transition(
                    "demand_performance",
                    "催告履行",
                    ("served",),
                    "demanded",
                    guards=(
                        g.decision_executable,
                        g.performance_overdue,
                        g.court_window_open,
                        payments.instalment_overdue,
                    ),
                    apply=_demand,
                    after=_issue_demand,
                    roles=STAFF,  # 行政强制法 Art.35, 38: the 催告书 served by the officers
                    starts=(
                        # 行政强制法 Art.54 (10 days: working days, Art.69); SAMR Art.76.
                        Clock(
                            "demand_period",
                            "催告履行期限",
                            f"{COMPULSION_LAW}第五十四条",
                            10,
                            party_window=True,
                        ),
                    ),
                ),
                Transition(
                    "apply_to_court",
                    "申请人民法院强制执行",
                    ("demanded",),
                    "enforcing",
                    # The three months of Art.53 are a guard, not a clock: they end 9 months after
                    # service, usually in a year whose holidays are not published yet.
                    guards=(g.decision_executable, g.court_application_allowed, g.court_window_open),
                    apply=_apply_to_court,
                    roles=HEAD,
                ),
                Transition(
                    "record_payment",
                    "履行完毕",
                    ("served", "demanded", "enforcing"),
                    "executed",
                    guards=(g.decision_executable, payments.receipts_cover),
                    apply=_record_payment,
                    roles=STAFF,
                    meets=("payment", "demand_period"),
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
                    "revoke_decision",
                    "处罚决定被撤销或确认无效",
                    DECISION_STATES,
                    None,
                    guards=(g.decision_in_force,),
                    apply=_revoke_decision,
                    after=_mark_revoked,
                    event="decision.revoked",
                    roles=HEAD,
                    starts=(
                        Clock(
                            "closing",
                            "结案",
                            f"{SAMR}第七十七条",
                            lambda ctx: setting(ctx, "closing_working_days"),
                            when=lambda ctx: ctx.case.state not in ("closed", "archived"),
                        ),
                    ),
                ),
                Transition(
                    "change_decision",
                    "处罚决定被变更或确认违法",
                    DECISION_STATES,
                    None,
                    guards=(g.decision_in_force, g.changed_penalty_lawful),
                    apply=_change_decision,
                    event="decision.changed",
                    roles=HEAD,
                    # 行政处罚法 Art.67: a changed fine is paid within 15 days of receiving the changed
                    # decision (its service date), when the fine is still owed.
                    starts=(_payment_clock(when=_payment_restarts, anchor=_change_served_on),),
                ),
                Transition(
                    "close",
                    "结案",
                    # Executed or referred; or, its decision revoked, from where it stood (Art.77).
                    ("executed", "referred", "decided", "served", "demanded", "enforcing"),
                    "closed",
                    guards=(g.case_closable, orders.orders_checked),
                    apply=_close,
                    after=_issue_closing,
                    roles=HEAD,
                    meets=("closing",),
                ),
                # Archiving seals the 执法案卷 (国办发〔2018〕118号 (九)): the head approves it, as the
                # closing before it (SAMR Art.77); only a complete file (cases.casefile).
                Transition(
                    "archive",
                    "归档",
                    ("closed",),
                    "archived",
                    guards=(case_file_complete,),
                    apply=_archive,
                    after=_seal_file,
                    roles=HEAD,
                ),
                *CHALLENGE_STEPS,
                # Issue 17: orders that are not penalties (Art.28), the bank's receipts (Art.67, 74),
                # deferral and instalments (Art.66), cash on the spot in remote areas (Art.69, 71).
                *orders.order_steps(STATES),
                payments.receipt_step(("decided", *AWAITING_PAYMENT)),
                *payments.plan_steps(("served", "demanded"), "served"),
                *payments.cash_steps(("decided", "served")),
            )
        },
    )
)
