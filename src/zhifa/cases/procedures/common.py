"""Effects shared by the procedures."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.cases import documents, rules
from zhifa.cases.engine import Context, due_date
from zhifa.cases.guards import PENALTY_KINDS
from zhifa.cases.models import CaseOfficer, Deadline, DeadlineStatus
from zhifa.catalog import calendar
from zhifa.core.errors import DomainError
from zhifa.core.params import MAX_AMOUNT, MAX_DAY, MIN_DAY, day_in_range, parse_id


def text(ctx: Context, key: str, label: str, *, required: bool = True) -> str:
    value = str(ctx.data.get(key, "") or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}", field=key)
    return value


def ident(ctx: Context, key: str, label: str) -> int:
    number = parse_id(ctx.data.get(key))  # range-checked in one place (core/params.py)
    if number is None:
        raise DomainError(f"请选择{label}", field=key)
    return number


def amount(ctx: Context, key: str, label: str) -> Decimal | None:
    raw = ctx.data.get(key)
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise DomainError(f"{label}应为金额数字", field=key) from exc
    if not value.is_finite() or value >= MAX_AMOUNT:  # NaN, Infinity, or more than the column holds
        raise DomainError(f"{label}应为金额数字，且小于一万亿元", field=key)
    if value < 0:
        raise DomainError(f"{label}不能为负数", field=key)
    return value.quantize(Decimal("0.01"))


def day(ctx: Context, key: str, label: str) -> date:
    raw = ctx.data.get(key)
    if isinstance(raw, date):
        return raw
    try:
        parsed = date.fromisoformat(str(raw))
    except (TypeError, ValueError) as exc:
        raise DomainError(f"{label}应为日期（YYYY-MM-DD）", field=key) from exc
    if not day_in_range(parsed):
        raise DomainError(f"{label}应在 {MIN_DAY} 至 {MAX_DAY} 之间", field=key)
    return parsed


def set_proposal(ctx: Context) -> None:
    """The proposed decision of the investigation report (SAMR 程序规定 Art.48): one violation or several
    (procedures.violations, issue 17)."""
    from zhifa.cases.procedures import violations  # it parses each violation with apply_proposal

    violations.apply(ctx)
    ctx.payload["proposal"] = proposal_snapshot(ctx)


def apply_proposal(ctx: Context, only: Collection[str] | None = None) -> None:
    """Set the proposal's fields the step's data names (only those of `only`, when given), each checked
    as the report checks it (行政处罚法 Art.9 for the kinds; amounts; the item's own benchmark)."""
    case = ctx.case
    data = ctx.data if only is None else {k: v for k, v in ctx.data.items() if k in only}
    if "penalty_kinds" in data:
        kinds = [str(k) for k in data.get("penalty_kinds") or []]
        unknown = [k for k in kinds if k not in PENALTY_KINDS]
        if unknown:
            raise DomainError(f"处罚种类“{'、'.join(unknown)}”不是法定处罚种类", field="penalty_kinds")
        case.penalty_kinds = kinds
    for key, label in (
        ("fine_amount", "罚款金额"),
        ("confiscation_amount", "没收违法所得"),
        ("base_amount", "计算基数金额"),
        ("person_fine_amount", "对责任人员罚款金额"),
    ):
        if key in data:
            setattr(case, key, amount(ctx, key, label))
    for key in ("facts", "tier_reason", "lenience_reason", "benchmark_tier", "base_kind"):
        if key in data:
            setattr(case, key, str(data.get(key) or "").strip())
    if "lenience" in data:
        lenience = str(data.get("lenience") or "")
        if lenience not in ("", "lighter", "mitigated"):
            raise DomainError("从轻减轻应为空、lighter（从轻）或 mitigated（减轻）", field="lenience")
        case.lenience = lenience
    if "benchmark_id" in data:
        bm = case.item.benchmarks.filter(pk=ident(ctx, "benchmark_id", "裁量基准"), active=True).first()
        if bm is None:
            raise DomainError("所选裁量基准不属于本案执法事项", field="benchmark_id")
        case.benchmark = bm
        # Which version of the benchmark applied, so later edits never change this case's basis.
        # (catalog's services create every benchmark with its first history row.)
        latest = bm.history.order_by("-history_date", "-history_id").first()
        case.benchmark_history_id = latest.history_id
    for key in ("complex_case", "major_public_interest"):
        if key in data:
            setattr(case, key, bool(data.get(key)))


def proposal_snapshot(ctx: Context) -> dict[str, Any]:
    c = ctx.case
    return {
        "penalty_kinds": c.penalty_kinds,
        "fine_amount": c.fine_amount,
        "confiscation_amount": c.confiscation_amount,
        "benchmark_id": c.benchmark_id,
        "benchmark_history_id": c.benchmark_history_id,
        "benchmark_tier": c.benchmark_tier,
        "base_amount": c.base_amount,
        "base_kind": c.base_kind,
        "person_fine_amount": c.person_fine_amount,
        "tier_reason": c.tier_reason,
        "lenience": c.lenience,
        "facts": c.facts,
        # Several violations: each one as proposed (a case with one keeps the entry it always had).
        **({"violations": _violations_snapshot(ctx)} if c.violation_count > 1 else {}),
    }


def _violations_snapshot(ctx: Context) -> list[dict[str, Any]]:
    from zhifa.cases.procedures import violations

    return violations.snapshot(ctx)


def extend_clock(ctx: Context, kind: str, days: int) -> Deadline:
    d = (
        Deadline.objects.filter(case=ctx.case, kind=kind, status=DeadlineStatus.RUNNING)
        .order_by("-id")
        .first()
    )
    if d is None:
        raise DomainError("没有正在计时的该项期限，无法延长")
    d.extended_days += days
    # From the anchor over the whole period (行政强制法 Art.25: 30 + 30 days from the seizure).
    _recompute_due(d, days)
    d.save(update_fields=["due_on", "provisional", "extended_days"])
    ctx.payload["extended"] = {"kind": kind, "days": days, "due_on": d.due_on}
    return d


def setting(ctx: Context, key: str) -> int:
    return rules.int_value(key, ctx.case.agency, cache=ctx.cache)


def officer_names(ctx: Context) -> str:
    """The case's officers (but those whose recusal was granted), lead first; the guards' read when a
    guard of the step made it."""
    if "officers" in ctx.cache:
        officers = sorted(ctx.cache["officers"], key=lambda co: co.role != CaseOfficer.Role.LEAD)
        return "、".join(co.officer.name for co in officers)
    rows = (
        CaseOfficer.objects.filter(case=ctx.case)
        .exclude(recusal=CaseOfficer.Recusal.GRANTED)
        .order_by("-role", "id")  # "lead" sorts after "assist": descending puts the lead first
        .values_list("officer__name", flat=True)
    )
    return "、".join(rows)


# SAMR 程序规定 Art.82(5): a document served by public notice (公告送达) is deemed served 30 days after
# the notice is published; the periods that run from service run from then.
PUBLIC_NOTICE_DAYS = 30


def deemed_served_on(ctx: Context) -> date:
    """When the document served by this step counts as served: the step's date, or 30 days later for a
    public notice (Art.82(5)), through the working-day engine so that a period ending on a holiday ends
    on the next working day (行政处罚法 Art.85)."""
    if str(getattr(ctx, "data", {}).get("method") or "") == "public_notice":
        return calendar.add_calendar_days(ctx.on, PUBLIC_NOTICE_DAYS).date
    return ctx.on


def serve(ctx: Context, served_kind: str, served_number: str, *, default_method: str = "") -> str:
    """送达 (SAMR 程序规定 Art.82; 行政处罚法 Art.61) with its 送达回证: the method (electronic only with the
    party's signed 送达地址确认书; 留置 with the refusal stated), who signed, the servers — the case's
    officers unless named. Returns the method."""
    method = str(ctx.data.get("method") or default_method).strip()
    if method not in documents.SERVICE_METHODS:
        raise DomainError(f"送达方式应为{'、'.join(documents.SERVICE_METHODS.values())}之一", field="method")
    if method == "electronic" and not ctx.data.get("address_confirmed"):
        # 行政处罚法 Art.61; SAMR Art.82(3): electronic service only with the party's signed 确认书.
        raise DomainError(
            "电子送达须当事人同意并签订送达地址确认书", rule="《中华人民共和国行政处罚法》第六十一条"
        )
    refusal = text(ctx, "refusal_reason", "拒收事由", required=method == "left")
    extra = {
        "served_title": documents.TITLES[served_kind],
        "served_number": served_number,
        "method": method,
        "place": text(ctx, "place", "送达地点", required=False),
        "signed_by": text(ctx, "signed_by", "签收人", required=False),
        "servers": text(ctx, "servers", "送达人", required=False) or officer_names(ctx),
        "refusal_reason": refusal,
        "witness": text(ctx, "witness", "见证人", required=False),
    }
    number = documents.issue(ctx, "proof_of_service", extra)
    ctx.payload.setdefault("service", []).append(
        {"document": served_number, "method": method, "proof_of_service": number}
    )
    return method


def pause_clocks(ctx: Context, kinds: tuple[str, ...], *, since: date | None = None) -> list[dict[str, Any]]:
    """Stop the running clocks of `kinds` where they stand (status paused, from today — or from `since`
    when the days up to it are already left out of the clock, see exclude_days)."""
    paused = []
    start = max(ctx.on, since) if since else ctx.on
    for d in Deadline.objects.filter(case=ctx.case, kind__in=kinds, status=DeadlineStatus.RUNNING):
        d.status, d.paused_on = DeadlineStatus.PAUSED, start
        d.save(update_fields=["status", "paused_on"])
        paused.append({"kind": d.kind, "due_on": d.due_on})
    return paused


def _add_paused_days(d: Deadline, days: int) -> None:
    """Move the clock's end by `days` it does not count: recomputed from the anchor over length +
    extensions + paused days, then moved off a holiday — not added to a due date that may already have
    been moved off one."""
    d.paused_days += days
    _recompute_due(d, days)


def _recompute_due(d: Deadline, added: int) -> None:
    """The clock's end after `added` more days (an extension or days it does not count): from the anchor
    over length + extensions + paused days, then off a holiday — not added to a due date that may already
    have been moved off one, which would cost the party days."""
    if d.length is not None:
        total = d.length + d.extended_days + d.paused_days
        due, provisional = due_date(d.anchor_on, total, working_days=d.working_days)
    else:  # a clock started before lengths were kept
        result = calendar.add_calendar_days(d.due_on, added)
        due, provisional = result.date, result.provisional
    d.due_on, d.provisional = due, d.provisional or provisional


def _days_between(d: Deadline, since: date, until: date) -> int:
    """The days from `since` to `until` in the clock's own unit (the start day not counted, SAMR 程序规定
    Art.80)."""
    return calendar.count_working_days(since, until) if d.working_days else (until - since).days


def resume_clocks(ctx: Context) -> list[dict[str, Any]]:
    """Run the paused clocks again, their end moved by the days they stood still: the days from the pause
    to today in the clock's own unit. A clock whose pause was to begin later than today (the days before
    were already left out, exclude_days) gains nothing."""
    resumed = []
    for d in Deadline.objects.filter(case=ctx.case, status=DeadlineStatus.PAUSED):
        since = min(d.paused_on or ctx.on, ctx.on)  # a resumption before the pause: refused by a guard
        days = _days_between(d, since, ctx.on)
        _add_paused_days(d, days)
        d.status, d.paused_on = DeadlineStatus.RUNNING, None
        d.save(update_fields=["due_on", "provisional", "paused_days", "status", "paused_on"])
        resumed.append({"kind": d.kind, "due_on": d.due_on, "paused_days": days})
    return resumed


def exclude_days(ctx: Context, kinds: tuple[str, ...], since: date, until: date) -> list[dict[str, Any]]:
    """Leave a period known in advance out of the running clocks of `kinds` — SAMR 程序规定 Art.64 para.2:
    公告 … 时间不计入案件办理期限 — without stopping them: its days (from `since` to `until`, the clock's
    unit) are added to the clock's paused days and its end moves by them. Named in the step's entry
    under "excluded"."""
    excluded = []
    for d in Deadline.objects.filter(case=ctx.case, kind__in=kinds, status=DeadlineStatus.RUNNING):
        days = _days_between(d, since, until)
        if days <= 0:
            continue
        _add_paused_days(d, days)
        d.save(update_fields=["due_on", "provisional", "paused_days"])
        excluded.append({"kind": d.kind, "from": since, "to": until, "days": days, "due_on": d.due_on})
    if excluded:
        ctx.payload["excluded"] = excluded
    return excluded


def cancel_clocks(ctx: Context, kinds: tuple[str, ...]) -> list[dict[str, Any]]:
    """End the running or paused clocks of `kinds` whose obligation is gone (cancelled, from today),
    named in the step's journal entry under "cancelled"."""
    cancelled = []
    for d in Deadline.objects.filter(
        case=ctx.case, kind__in=kinds, status__in=[DeadlineStatus.RUNNING, DeadlineStatus.PAUSED]
    ).order_by("id"):
        d.status, d.closed_on = DeadlineStatus.CANCELLED, ctx.on
        d.save(update_fields=["status", "closed_on"])
        cancelled.append({"kind": d.kind, "due_on": d.due_on})
    if cancelled:
        ctx.payload["cancelled"] = cancelled
    return cancelled


# 行政处罚法 Art.73: the two ways the party challenges a decision (行政复议法; 行政诉讼法).
CHALLENGE_KINDS = {"reconsideration": "行政复议", "litigation": "行政诉讼"}
CHALLENGE_RULE = "《中华人民共和国行政处罚法》第七十三条"


def pending_challenge(case: Any) -> dict[str, Any] | None:
    """The party's 复议 or 诉讼 still pending (recorded, not ended), if any."""
    return next((c for c in case.challenges if not c.get("until")), None)


def record_challenge(ctx: Context) -> None:
    """The party applied for 行政复议 or sued (行政处罚法 Art.73): recorded on the case from the day it was
    filed (the step's date, or `filed_on` when the agency learns of it later). Execution is not
    suspended (para.1), but the days it is pending add no 加处罚款 (para.3)."""
    kind = str(ctx.data.get("kind") or "")
    if kind not in CHALLENGE_KINDS:
        raise DomainError("请选择行政复议或者行政诉讼", field="kind", rule=CHALLENGE_RULE)
    if pending_challenge(ctx.case) is not None:
        raise DomainError("本案已有尚未审结的行政复议或者行政诉讼，请先登记其结果", rule=CHALLENGE_RULE)
    since = day(ctx, "filed_on", "申请或者起诉日期") if ctx.data.get("filed_on") else ctx.on
    if since > ctx.on:
        raise DomainError("申请或者起诉日期不能晚于办理日期", field="filed_on")
    challenge = {
        "kind": kind,
        "label": CHALLENGE_KINDS[kind],
        "body": text(ctx, "body", "受理的行政复议机关或者人民法院"),
        "since": since.isoformat(),
        "until": "",
    }
    ctx.case.challenges = [*ctx.case.challenges, challenge]
    ctx.payload["challenge"] = challenge


def end_challenge(ctx: Context) -> None:
    """The pending 复议 or 诉讼 ended (decided, withdrawn or dismissed) on the step's date or `ended_on`:
    from the next day the late-payment penalty counts again (行政处罚法 Art.73 para.3). A decision it
    revokes or changes is then recorded by revoke_decision / change_decision."""
    pending = pending_challenge(ctx.case)
    if pending is None:
        raise DomainError("本案没有尚未审结的行政复议或者行政诉讼", rule=CHALLENGE_RULE)
    until = day(ctx, "ended_on", "审结日期") if ctx.data.get("ended_on") else ctx.on
    if until < date.fromisoformat(pending["since"]) or until > ctx.on:
        raise DomainError("审结日期应在申请或者起诉日期之后、不晚于办理日期", field="ended_on")
    ended = {**pending, "until": until.isoformat(), "outcome": text(ctx, "outcome", "复议决定或者裁判结果")}
    ctx.case.challenges = [ended if c is pending else c for c in ctx.case.challenges]
    ctx.payload["challenge"] = ended


def challenge_pauses(case: Any, on: date) -> list[tuple[date, date]]:
    """The days each 复议 or 诉讼 was pending, up to `on` for one still pending (行政处罚法 Art.73 para.3:
    no 加处罚款 for them)."""
    return [
        (date.fromisoformat(c["since"]), date.fromisoformat(c["until"]) if c.get("until") else on)
        for c in case.challenges
    ]
