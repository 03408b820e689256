"""Paying what a decision imposes: through the bank, by instalments if approved, in cash only where the
law allows it.

- 罚缴分离 (行政处罚法 Art.67 para.1, Art.74): the party pays the designated bank (the agency's
  CollectionAccount, printed in the decision's payment clause); the bank's receipt (BankReceipt) is the
  proof of payment, recorded by an officer (step ``record_receipt``, or with ``record_payment``) or
  imported from the bank's statement (``zhifa import bank-receipts``, cases.services_money). The case is
  executed (履行完毕) only once the receipts cover what is owed: the fine, confiscated income and any
  加处罚款, instalments included (guard ``receipts_cover``).
- 延期、分期缴纳罚款 (Art.66 para.2): the party's written request on economic hardship, the head's approval,
  a schedule summing to the fine, its 决定书; 加处罚款 (Art.72(1): 3% a day of the overdue amount, capped at
  it) only on an overdue instalment, from its own due day (lib.penalties.settle), never for the days a
  复议 or 诉讼 is pending (Art.73 para.3, common.challenge_pauses).
- 当场收缴 (Art.68–71): only on the grounds of Art.68 (summary procedure: ≤ 100 yuan, or hard to collect
  later) or Art.69 (remote areas …, on the party's request), each recorded with its ground and the
  专用票据 (Art.70); handed to the agency within 2 working days and paid into the bank within 2 more
  (Art.71, Art.85: 二日 are working days), each a clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from zhifa.accounts.models import Role
from zhifa.cases import documents
from zhifa.cases import guards as g
from zhifa.cases.engine import Clock, Context, Refusal, Transition, due_date, guard
from zhifa.cases.models import Case, Deadline, DeadlineStatus
from zhifa.cases.models_money import (
    BankReceipt,
    CashCollection,
    CashGround,
    Instalment,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    ReceiptSource,
)
from zhifa.cases.procedures.common import amount, cancel_clocks, challenge_pauses, day, text
from zhifa.core.errors import DomainError
from zhifa.lib.officialdoc import format_date
from zhifa.lib.penalties import Due, Settlement, settle

LAW = "《中华人民共和国行政处罚法》"
RULE_PLAN = f"{LAW}第六十六条第二款"
RULE_BANK = f"{LAW}第六十七条第一款、第七十四条"
RULE_CASH = f"{LAW}第六十八条、第六十九条"
RULE_HAND_IN = f"{LAW}第七十一条"
STAFF = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
HEAD = frozenset({Role.AGENCY_HEAD})
MAX_INSTALMENTS = 36
# 行政处罚法 Art.68(1): 依法给予一百元以下罚款的 — the fine collected on the spot on that ground.
SMALL_FINE = Decimal("100")


# --- what is owed ---------------------------------------------------------------------------------------


def fine_of(case: Case) -> Decimal:
    return (case.fine_amount or Decimal(0)) if g.FINE in case.penalty_kinds else Decimal(0)


def confiscation_of(case: Case) -> Decimal:
    return (
        (case.confiscation_amount or Decimal(0)) if g.CONFISCATE_INCOME in case.penalty_kinds else Decimal(0)
    )


Clocks = list[tuple[str, date]]


def money_clocks(case: Case) -> Clocks:
    """The case's payment and instalment clocks (kind, due day), oldest first: one query."""
    rows = Deadline.objects.filter(case=case, kind__in=("payment", "instalment")).order_by("id")
    return list(rows.values_list("kind", "due_on"))


def approved_plan(case: Case, clocks: Clocks | None = None) -> PaymentPlan | None:
    if clocks is not None and all(kind != "instalment" for kind, _ in clocks):
        return None  # the approval starts the instalments' clocks: without them, no plan
    return (
        PaymentPlan.objects.filter(case=case, status=PlanStatus.APPROVED)
        .prefetch_related("instalments")
        .order_by("-id")
        .first()
    )


def _payment_due_on(clocks: Clocks) -> date:
    """The day the decision's money is due (Art.67: 15 days from service, the latest payment clock);
    before service, no day yet: nothing is late."""
    dues = [due for kind, due in clocks if kind == "payment"]
    return dues[-1] if dues else date.max


def dues_of(
    case: Case, plan: PaymentPlan | None = None, clocks: Clocks | None = None
) -> tuple[list[Due], Decimal]:
    """The sums the decision imposes and their due days, and any 加处罚款 fixed before a plan applied:
    the fine (one sum, or the approved plan's instalments), then confiscated income (Art.67; no 加处罚款).
    """
    due_on = _payment_due_on(money_clocks(case) if clocks is None else clocks)
    dues: list[Due] = []
    accrued = Decimal(0)
    fine = fine_of(case)
    if plan is not None:
        dues += [Due(i.amount, i.due_on, True, f"第{i.seq}期") for i in plan.instalments.all()]
        accrued = plan.accrued_late
    elif fine:
        dues.append(Due(fine, due_on, True, "罚款"))
    confiscation = confiscation_of(case)
    if confiscation:
        dues.append(Due(confiscation, due_on, False, "没收违法所得"))
    return dues, accrued


def receipts_of(case: Case) -> list[tuple[date, Decimal]]:
    return [(r.paid_on, r.amount) for r in BankReceipt.objects.filter(case=case).order_by("paid_on", "id")]


def settlement(
    case: Case,
    on: date,
    *,
    plan: PaymentPlan | None = None,
    lookup: bool = True,
    clocks: Clocks | None = None,
    receipts: list[tuple[date, Decimal]] | None = None,
) -> Settlement:
    """What the case owes on `on` and what the bank's receipts paid (lib.penalties.settle), under `plan`
    (by default the approved one, looked up; lookup=False: as if there were none). `clocks` and
    `receipts`: what the caller read already."""
    clocks = money_clocks(case) if clocks is None else clocks
    chosen = plan if plan is not None or not lookup else approved_plan(case, clocks)
    dues, accrued = dues_of(case, chosen, clocks)
    paid = receipts_of(case) if receipts is None else receipts
    return settle(dues, paid, on=on, pauses=challenge_pauses(case, on), accrued=accrued)


def demand_figures(case: Case, on: date) -> dict[str, Any]:
    """What the 催告书 names (行政强制法 Art.35; 行政处罚法 Art.72): the fine still unpaid, the 加处罚款 to
    date, and their total."""
    s = settlement(case, on)
    fine_left = sum((d.due.amount - d.paid for d in s.dues if d.due.penalised), Decimal(0))
    late = s.late_payment_penalty
    return {"principal": fine_left, "late_payment_penalty": late, "total": fine_left + late}


# --- bank receipts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    receipt: BankReceipt
    new: bool
    receipts: list[tuple[date, Decimal]]  # all the case's receipts now, oldest first


def add_receipt(
    case: Case,
    *,
    number: str,
    amount_paid: Decimal | None,
    paid_on: date,
    on: date,
    source: str,
    bank_name: str = "",
    payer: str = "",
) -> Kept:
    """Keep the bank's receipt for `case`. The receipt number is the bank's: recorded once per agency;
    the same receipt again (same case, amount and day) is no new payment (new=False), a different one
    under the same number is refused. One query reads the number and the case's receipts."""
    number = number.strip()
    if not number:
        raise DomainError("请填写银行缴款回单编号", field="receipt_number", rule=RULE_BANK)
    if len(number) > 60:
        raise DomainError("回单编号不能超过 60 个字符", field="receipt_number")
    if amount_paid is None or amount_paid <= 0:
        raise DomainError("缴款金额应大于零", field="receipt_amount", rule=RULE_BANK)
    if paid_on > on:
        raise DomainError("缴款日期不能晚于登记日期", field="receipt_paid_on")
    if case.decided_on is None or paid_on < case.decided_on:
        raise DomainError("缴款日期不能早于处罚决定日期", field="receipt_paid_on", rule=RULE_BANK)
    rows = list(
        BankReceipt.objects.filter(Q(case=case) | Q(agency_id=case.agency_id, number=number)).order_by(
            "paid_on", "id"
        )
    )
    mine = [(r.paid_on, r.amount) for r in rows if r.case_id == case.pk]
    existing = next((r for r in rows if r.agency_id == case.agency_id and r.number == number), None)
    if existing is not None:
        if existing.case_id == case.pk and existing.amount == amount_paid and existing.paid_on == paid_on:
            return Kept(existing, False, mine)
        raise DomainError(
            f"回单编号“{number}”已登记（{existing.amount}元，{existing.paid_on.isoformat()}），与本次登记不一致",
            field="receipt_number",
            rule=RULE_BANK,
        )
    receipt = BankReceipt.objects.create(
        agency_id=case.agency_id,
        case=case,
        number=number,
        amount=amount_paid,
        paid_on=paid_on,
        bank_name=bank_name.strip()[:100],
        payer=payer.strip()[:200],
        source=source,
    )
    return Kept(receipt, True, sorted([*mine, (paid_on, amount_paid)], key=lambda p: p[0]))


def clocks_in(ctx: Context) -> Clocks:
    return ctx.memo("money_clocks", lambda: money_clocks(ctx.case))


def plan_in(ctx: Context) -> PaymentPlan | None:
    """The case's approved plan, read once per step (not at all without instalment clocks)."""
    return ctx.memo("approved_plan", lambda: approved_plan(ctx.case, clocks_in(ctx)))


def books_in(ctx: Context, *, receipts: list[tuple[date, Decimal]] | None = None) -> Settlement:
    """Where the case stands on the step's date, from what the step read (plan, clocks, receipts)."""
    if receipts is None:
        receipts = ctx.cache.get("receipts")
    return settlement(
        ctx.case, ctx.on, plan=plan_in(ctx), lookup=False, clocks=clocks_in(ctx), receipts=receipts
    )


def sync_instalment_clocks(
    case: Case, on: date, plan: PaymentPlan | None, receipts: list[tuple[date, Decimal]] | None = None
) -> list[dict[str, Any]]:
    """Stop the clock of every instalment the receipts now cover: met if covered by its due day, missed
    otherwise (a clock the daily job already marked missed gets its end day). Returns them for the entry."""
    if plan is None:
        return []
    s = settlement(case, on, plan=plan, receipts=receipts)
    by_due = {(st.due.label, st.due.due_on): st for st in s.dues}
    stopped = []
    for inst in plan.instalments.all():
        st = by_due.get((f"第{inst.seq}期", inst.due_on))
        if st is None or st.settled_on is None or inst.deadline_id is None:
            continue
        status = DeadlineStatus.MET if st.settled_on <= inst.due_on else DeadlineStatus.MISSED
        changed = Deadline.objects.filter(
            pk=inst.deadline_id,
            status__in=[DeadlineStatus.RUNNING, DeadlineStatus.MISSED],
            closed_on__isnull=True,
        ).update(status=status, closed_on=st.settled_on)
        if changed:
            stopped.append(
                {"seq": inst.seq, "due_on": inst.due_on, "paid_on": st.settled_on, "status": status}
            )
    return stopped


def _figures(s: Settlement) -> dict[str, Any]:
    return {
        "principal": s.principal,
        "late_payment_penalty": s.late_payment_penalty,
        "received": s.received,
        "outstanding": s.outstanding,
        "covered_on": s.covered_on,
    }


def receipt_from_step(ctx: Context, *, required: bool) -> BankReceipt | None:
    """A receipt given with the step (`receipt_number`, `receipt_amount`, `receipt_paid_on` — default the
    step's date —, `bank_name`, `payer`), kept and named in the step's entry."""
    if not required and not str(ctx.data.get("receipt_number") or "").strip():
        return None
    paid_on = day(ctx, "receipt_paid_on", "缴款日期") if ctx.data.get("receipt_paid_on") else ctx.on
    kept = add_receipt(
        ctx.case,
        number=str(ctx.data.get("receipt_number") or ""),
        amount_paid=amount(ctx, "receipt_amount", "缴款金额"),
        paid_on=paid_on,
        on=ctx.on,
        source=ReceiptSource.OFFICER,
        bank_name=text(ctx, "bank_name", "收款银行", required=False),
        payer=text(ctx, "payer", "缴款人", required=False),
    )
    receipt = kept.receipt
    ctx.cache["receipts"] = kept.receipts
    ctx.payload["receipt"] = {
        "number": receipt.number,
        "amount": receipt.amount,
        "paid_on": receipt.paid_on,
        "new": kept.new,
    }
    paid = sync_instalment_clocks(ctx.case, ctx.on, plan_in(ctx), kept.receipts)
    if paid:
        ctx.payload["instalments_paid"] = paid
    return receipt


def record_receipt(ctx: Context) -> None:
    """The step 登记银行缴款回单 (Art.67 para.1): the bank's receipt, and where the case now stands."""
    receipt_from_step(ctx, required=True)
    ctx.payload["settlement"] = _figures(books_in(ctx))


def record_payment(ctx: Context) -> None:
    """履行完毕: a receipt given with the step is kept first; the day the receipts covered everything owed
    is the payment day (the guard receipts_cover refuses while they do not)."""
    receipt_from_step(ctx, required=False)
    s = books_in(ctx)
    ctx.case.paid_on = s.covered_on or ctx.on
    ctx.payload["payment"] = {
        "principal": fine_of(ctx.case),
        "late_payment_penalty": s.late_payment_penalty,
        "received": s.received,
        "paid_on": ctx.case.paid_on,
    }
    ctx.cache["settlement"] = s


@guard("receipts_cover")
def receipts_cover(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.67 para.1, Art.74 (罚缴分离): the bank's receipts are the proof of payment; the case
    is executed (and then closed) only once they cover the fine, confiscated income and any 加处罚款
    (Art.72(1)), instalments included (Art.66 para.2). A revoked decision or a referred case owes
    nothing."""
    case = ctx.case
    if case.decision_revoked_on is not None or case.referred_on is not None:
        return None
    if not fine_of(case) and not confiscation_of(case):
        return None
    s: Settlement = ctx.cache.get("settlement") or settlement(case, ctx.on)
    if s.covered:
        return None
    return Refusal(
        "receipts_cover",
        f"银行缴款回单合计{s.received}元，尚未足额：应缴{s.total}元"
        f"（其中加处罚款{s.late_payment_penalty}元），尚欠{s.outstanding}元。请登记银行回单后再办理",
        RULE_BANK,
    )


# --- 延期、分期缴纳罚款 ----------------------------------------------------------------------------------


def _schedule(ctx: Context, key: str) -> list[tuple[Decimal, date]]:
    """The schedule as the step gives it: a list of {"amount", "due_on"}, or text, one instalment a line
    as “金额,日期” (the workbench's textarea)."""
    raw = ctx.data.get(key)
    rows: list[tuple[Any, Any]] = []
    if isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict):
                raise DomainError("缴纳计划每一期应包含金额和日期", field=key)
            rows.append((item.get("amount"), item.get("due_on")))
    elif isinstance(raw, str):
        for n, line in enumerate(raw.replace("，", ",").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 2:
                raise DomainError(f"缴纳计划第{n}行应为“金额,日期”，例如“5000,2026-06-30”", field=key)
            rows.append((parts[0], parts[1]))
    out = []
    for n, (raw_amount, raw_day) in enumerate(rows, start=1):
        try:
            value = Decimal(str(raw_amount)).quantize(Decimal("0.01"))
            when = raw_day if isinstance(raw_day, date) else date.fromisoformat(str(raw_day))
        except Exception as exc:  # InvalidOperation, ValueError: the row as the user wrote it
            raise DomainError(
                f"缴纳计划第{n}期的金额或日期无法识别（日期格式 YYYY-MM-DD）", field=key
            ) from exc
        if not value.is_finite() or value <= 0:
            raise DomainError(f"缴纳计划第{n}期的金额应大于零", field=key)
        out.append((value, when))
    return out


def _check_schedule(ctx: Context, kind: str, schedule: list[tuple[Decimal, date]], key: str) -> None:
    fine = fine_of(ctx.case)
    if not schedule:
        raise DomainError("请填写缴纳计划（每期金额和缴纳期限）", field=key, rule=RULE_PLAN)
    if kind == PlanKind.DEFER and len(schedule) != 1:
        raise DomainError("延期缴纳只有一期：全部罚款及其缴纳期限", field=key, rule=RULE_PLAN)
    if kind == PlanKind.INSTALMENTS and not 2 <= len(schedule) <= MAX_INSTALMENTS:
        raise DomainError(f"分期缴纳应为 2 至 {MAX_INSTALMENTS} 期", field=key, rule=RULE_PLAN)
    total = sum((a for a, _ in schedule), Decimal(0))
    if total != fine:
        raise DomainError(f"各期金额合计{total}元，应等于罚款数额{fine}元", field=key, rule=RULE_PLAN)
    days = [d for _, d in schedule]
    if days != sorted(days) or len(set(days)) != len(days):
        raise DomainError("各期缴纳期限应按先后顺序排列，且不能相同", field=key, rule=RULE_PLAN)
    if days[0] < ctx.on:
        raise DomainError("缴纳期限不能早于办理日期", field=key, rule=RULE_PLAN)


def _open_plan(case: Case) -> PaymentPlan | None:
    return PaymentPlan.objects.filter(
        case=case, status__in=[PlanStatus.REQUESTED, PlanStatus.APPROVED]
    ).first()


def request_plan(ctx: Context) -> None:
    """当事人确有经济困难 … 应当提出申请 (Art.66 para.2): the written request, with the hardship stated
    and the schedule the party proposes."""
    case = ctx.case
    if not fine_of(case):
        raise DomainError("本案没有应缴纳的罚款", rule=RULE_PLAN)
    current = _open_plan(case)
    if current is not None:
        raise DomainError(
            f"本案已有{current.get_kind_display()}申请（{current.get_status_display()}）", rule=RULE_PLAN
        )
    kind = str(ctx.data.get("kind") or "")
    if kind not in PlanKind.values:
        raise DomainError("请选择延期缴纳或者分期缴纳", field="kind", rule=RULE_PLAN)
    hardship = text(ctx, "hardship", "当事人经济困难的情况")
    schedule = _schedule(ctx, "schedule")
    _check_schedule(ctx, kind, schedule, "schedule")
    plan = PaymentPlan.objects.create(
        case=case,
        kind=kind,
        requested_on=ctx.on,
        hardship=hardship,
        requested_schedule=[{"amount": str(a), "due_on": d.isoformat()} for a, d in schedule],
    )
    ctx.payload["plan"] = {
        "plan_id": plan.pk,
        "kind": kind,
        "hardship": hardship,
        "schedule": plan.requested_schedule,
    }


def _requested(case: Case) -> PaymentPlan:
    plan = PaymentPlan.objects.filter(case=case, status=PlanStatus.REQUESTED).first()
    if plan is None:
        raise DomainError("没有待批准的延期（分期）缴纳罚款申请", rule=RULE_PLAN)
    return plan


def approve_plan(ctx: Context) -> None:
    """经行政机关批准 (Art.66 para.2): the head approves the schedule (the one requested unless the step
    gives another), each instalment a clock; the decision's 15-day period (and a 催告 of the whole sum)
    gives way to it. 加处罚款 already owed for days before the approval stays owed (Art.72(1))."""
    case = ctx.case
    plan = _requested(case)
    schedule = (
        _schedule(ctx, "schedule")
        if ctx.data.get("schedule")
        else [(Decimal(str(r["amount"])), date.fromisoformat(r["due_on"])) for r in plan.requested_schedule]
    )
    _check_schedule(ctx, plan.kind, schedule, "schedule")
    before = settlement(case, ctx.on, lookup=False)
    plan.accrued_late = before.late_payment_penalty
    plan.status, plan.decided_on = PlanStatus.APPROVED, ctx.on
    plan.decided_by = ctx.actor if getattr(ctx.actor, "pk", None) else None
    rows = []
    for seq, (value, when) in enumerate(schedule, start=1):
        # A due day on a holiday ends on the next working day (the working-day engine, as every period).
        due, provisional = due_date(ctx.on, (when - ctx.on).days, working_days=False)
        deadline = Deadline.objects.create(
            case=case,
            kind="instalment",
            label=f"{plan.get_kind_display()}第{seq}期（{value}元）",
            rule=RULE_PLAN,
            anchor_on=ctx.on,
            due_on=due,
            provisional=provisional,
            length=(when - ctx.on).days,
            working_days=False,
        )
        Instalment.objects.create(plan=plan, seq=seq, amount=value, due_on=due, deadline_id=deadline.pk)
        rows.append({"seq": seq, "amount": value, "due_on": due})
    cancel_clocks(ctx, ("payment", "demand_period"))
    if case.state == "demanded":
        # The 催告 named the whole sum due at once (行政强制法 Art.35): the schedule replaces it.
        case.state = "served"
        ctx.payload["restarted_from"] = "demanded"
    ctx.cache["plan"] = plan
    ctx.payload["plan"] = {
        "plan_id": plan.pk,
        "kind": plan.kind,
        "schedule": rows,
        "accrued_late_payment_penalty": plan.accrued_late,
    }


def issue_plan_decision(ctx: Context) -> None:
    plan: PaymentPlan = ctx.cache["plan"]
    kind = "deferral_decision" if plan.kind == PlanKind.DEFER else "instalment_decision"
    extra = {
        "plan_kind": plan.kind,
        "requested_on": plan.requested_on,
        "schedule": ctx.payload["plan"]["schedule"],
        "accrued": plan.accrued_late,
    }
    plan.document_number = documents.issue(ctx, kind, extra)
    plan.save()
    ctx.payload["plan"]["number"] = plan.document_number


def refuse_plan(ctx: Context) -> None:
    plan = _requested(ctx.case)
    plan.status, plan.decided_on = PlanStatus.REFUSED, ctx.on
    plan.decided_by = ctx.actor if getattr(ctx.actor, "pk", None) else None
    plan.refusal_reason = text(ctx, "reason", "不予批准的理由")
    plan.save(update_fields=["status", "decided_on", "decided_by", "refusal_reason"])
    ctx.payload["plan"] = {"plan_id": plan.pk, "refused": True, "reason": plan.refusal_reason}


@guard("instalment_overdue")
def instalment_overdue(ctx: Context) -> Refusal | None:
    """行政处罚法 Art.66 para.2, Art.72: under an approved plan the party is late only when an instalment is
    unpaid past its own due day; a 催告 before that has nothing to demand."""
    plan = plan_in(ctx)
    if plan is None:
        return None
    s = books_in(ctx)
    if any(st.paid < st.due.amount and st.due.due_on < ctx.on for st in s.dues):
        return None
    return Refusal(
        "instalment_overdue", "已批准延期（分期）缴纳罚款，尚无逾期未缴的一期，无需催告", RULE_PLAN
    )


def _plan_decision(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[documents.Body, list[documents.Element]]:
    """延期（分期）缴纳罚款决定书 (行政处罚法 Art.66 para.2): the decision it eases, the party's written
    request on hardship, the head's approval, each instalment's sum and day, how to pay (the bank,
    Art.67), and the 加处罚款 on an overdue instalment (Art.72(1))."""
    defer = extra.get("plan_kind") == PlanKind.DEFER
    what = "延期" if defer else "分期"
    rows = list(extra.get("schedule") or [])
    lines = [f"第{r['seq']}期：人民币{r['amount']}元，于{format_date(r['due_on'])}前缴纳" for r in rows]
    if defer and rows:
        lines = [f"延期至{format_date(rows[0]['due_on'])}前缴纳全部罚款人民币{rows[0]['amount']}元"]
    account = documents.collection_clause(case)
    requested = extra.get("requested_on")
    accrued = Decimal(str(extra.get("accrued") or 0))
    body: documents.Body = [
        *documents.party_lines(case),
        f"本机关于{format_date(case.decided_on) if case.decided_on else ''}作出{case.decision_number}"
        f"行政处罚决定，对你（单位）处以罚款人民币{fine_of(case)}元。"
        f"你（单位）于{format_date(requested) if isinstance(requested, date) else ''}以确有经济困难为由，"
        f"书面申请{what}缴纳罚款。",
        f"经本机关负责人批准，根据{LAW}第六十六条第二款的规定，同意你（单位）{what}缴纳罚款：",
        *[f"{line}；" for line in lines],
        *([f"此前已产生的加处罚款人民币{accrued}元，应一并缴纳。"] if accrued else []),
        "缴纳方式：到指定银行或者通过电子支付系统缴纳" + (f"（{account}）。" if account else "。"),
        f"逾期未缴纳的，自该期缴纳期限届满之次日起，每日按该期未缴纳罚款数额的百分之三加处罚款，"
        f"加处罚款的数额不超过该期罚款数额（{LAW}第七十二条第一款）。",
    ]
    elements = [
        documents.Element("当事人", case.party.name),
        documents.Element("原行政处罚决定书文号", case.decision_number),
        documents.Element("当事人的书面申请", "书面申请"),
        documents.Element("负责人批准", "经本机关负责人批准"),
        documents.Element("缴纳期限和数额", lines[0] if lines else ""),
        documents.Element("逾期加处罚款", "每日按该期未缴纳罚款数额的百分之三加处罚款"),
    ]
    return body, elements


documents.COMPOSERS.update({"deferral_decision": _plan_decision, "instalment_decision": _plan_decision})


# --- 当场收缴罚款 (Art.68–71) ----------------------------------------------------------------------------

# Which grounds each procedure may record: Art.68 only for a decision made on the spot (Art.51); Art.69
# for a decision of the summary or the general procedure (Art.51, Art.57).
CASH_GROUNDS = {
    "summary": (CashGround.SMALL_FINE, CashGround.HARD_TO_COLLECT, CashGround.REMOTE),
    "general": (CashGround.REMOTE,),
}


def collect_on_spot(ctx: Context) -> None:
    """当场收缴罚款 on one of the grounds of Art.68–69, recorded with the ground, the circumstances and the
    专用票据 given to the party (Art.70); the whole fine still owed is collected."""
    case = ctx.case
    ground = str(ctx.data.get("ground") or "")
    allowed = CASH_GROUNDS.get(case.procedure, ())
    if ground not in allowed:
        labels = "；".join(CashGround(gr).label for gr in allowed)
        raise DomainError(
            f"执法人员不得自行收缴罚款（罚缴分离），当场收缴只限于：{labels}", field="ground", rule=RULE_CASH
        )
    reason = text(ctx, "reason", "具体情况", required=ground != CashGround.SMALL_FINE)
    fine = fine_of(case)
    if ground == CashGround.SMALL_FINE and not (0 < fine <= SMALL_FINE):
        raise DomainError(
            "罚款在一百元以下的，方可依第六十八条第一项当场收缴", field="ground", rule=f"{LAW}第六十八条"
        )
    if ground == CashGround.REMOTE and not ctx.data.get("party_requested"):
        raise DomainError(
            "边远、水上、交通不便地区当场收缴罚款，须经当事人提出",
            field="party_requested",
            rule=f"{LAW}第六十九条",
        )
    if CashCollection.objects.filter(case=case, receipt__isnull=True).exists():
        raise DomainError("本案当场收缴的罚款尚未缴付银行")
    owed = settlement(case, ctx.on).outstanding
    if owed <= 0:
        raise DomainError("本案罚款已足额缴纳，无需当场收缴")
    collected = amount(ctx, "amount", "收缴金额") or owed
    if collected != owed:
        raise DomainError(f"当场收缴的金额应为尚欠的{owed}元", field="amount", rule=RULE_CASH)
    voucher = text(ctx, "voucher_number", "罚款专用票据号码")
    cash = CashCollection.objects.create(
        case=case,
        ground=ground,
        reason=reason,
        amount=collected,
        collected_on=ctx.on,
        voucher_number=voucher[:60],
    )
    ctx.payload["cash"] = {
        "cash_id": cash.pk,
        "ground": ground,
        "ground_text": CashGround(ground).label,
        "reason": reason,
        "amount": collected,
        "voucher_number": cash.voucher_number,
    }


def _landed_on(ctx: Context) -> date:
    """Art.71: cash collected on the water is handed in within 2 days of landing (抵岸之日)."""
    if ctx.data.get("landed_on"):
        landed = day(ctx, "landed_on", "抵岸日期")
        if landed < ctx.on:
            raise DomainError("抵岸日期不能早于收缴日期", field="landed_on")
        return landed
    return ctx.on


def _pending_cash(case: Case, *, handed_in: bool) -> CashCollection:
    cash = (
        CashCollection.objects.select_for_update()
        .filter(case=case, receipt__isnull=True, handed_in_on__isnull=not handed_in)
        .order_by("id")
        .first()
    )
    if cash is None:
        raise DomainError(
            "没有待交至行政机关的当场收缴罚款" if not handed_in else "没有待缴付银行的当场收缴罚款"
        )
    return cash


def hand_in_cash(ctx: Context) -> None:
    """Art.71: the officers hand the cash to the agency within 2 (working, Art.85) days."""
    cash = _pending_cash(ctx.case, handed_in=False)
    cash.handed_in_on = ctx.on
    cash.save(update_fields=["handed_in_on"])
    ctx.payload["cash"] = {"cash_id": cash.pk, "amount": cash.amount, "handed_in_on": ctx.on}


def deposit_cash(ctx: Context) -> None:
    """Art.71: the agency pays the cash into the designated bank within 2 working days; the bank's
    receipt is the payment (Art.67, 74)."""
    cash = _pending_cash(ctx.case, handed_in=True)
    paid_on = day(ctx, "receipt_paid_on", "缴付日期") if ctx.data.get("receipt_paid_on") else ctx.on
    receipt = add_receipt(
        ctx.case,
        number=str(ctx.data.get("receipt_number") or ""),
        amount_paid=cash.amount,
        paid_on=paid_on,
        on=ctx.on,
        source=ReceiptSource.CASH_DEPOSIT,
        bank_name=text(ctx, "bank_name", "收款银行", required=False),
    ).receipt
    cash.deposited_on, cash.receipt = paid_on, receipt
    cash.save(update_fields=["deposited_on", "receipt"])
    ctx.payload["cash"] = {"cash_id": cash.pk, "amount": cash.amount, "deposited_on": paid_on}
    ctx.payload["receipt"] = {"number": receipt.number, "amount": receipt.amount, "paid_on": receipt.paid_on}


# --- the steps -------------------------------------------------------------------------------------------

HAND_IN = Clock("cash_hand_in", "当场收缴罚款交至行政机关", RULE_HAND_IN, 2, anchor=_landed_on)
DEPOSIT = Clock("cash_deposit", "当场收缴罚款缴付指定银行", RULE_HAND_IN, 2)


def receipt_step(sources: tuple[str, ...]) -> Transition:
    return Transition("record_receipt", "登记银行缴款回单", sources, None, apply=record_receipt, roles=STAFF)


def cash_steps(sources: tuple[str, ...]) -> tuple[Transition, ...]:
    return (
        Transition(
            "collect_on_spot",
            "当场收缴罚款",
            sources,
            None,
            apply=collect_on_spot,
            roles=STAFF,  # 行政处罚法 Art.68-69: the officers, on the grounds stated
            starts=(HAND_IN,),
        ),
        Transition(
            "hand_in_cash",
            "当场收缴罚款交至行政机关",
            sources,
            None,
            apply=hand_in_cash,
            roles=STAFF,
            meets=("cash_hand_in",),
            starts=(DEPOSIT,),
        ),
        Transition(
            "deposit_cash",
            "当场收缴罚款缴付银行",
            sources,
            None,
            apply=deposit_cash,
            roles=STAFF,
            meets=("cash_deposit",),
        ),
    )


def plan_steps(sources: tuple[str, ...], back_to: str) -> tuple[Transition, ...]:
    return (
        Transition(
            "request_payment_plan",
            "登记延期（分期）缴纳罚款申请",
            sources,
            None,
            apply=request_plan,
            roles=STAFF,  # the party's written request, recorded by the officers
        ),
        Transition(
            "approve_payment_plan",
            "批准延期（分期）缴纳罚款",
            sources,
            back_to,
            apply=approve_plan,
            after=issue_plan_decision,
            roles=HEAD,  # Art.66 para.2: 经行政机关批准 — the head, as other approvals
        ),
        Transition(
            "refuse_payment_plan",
            "不予批准延期（分期）缴纳罚款",
            sources,
            None,
            apply=refuse_plan,
            roles=HEAD,
        ),
    )
