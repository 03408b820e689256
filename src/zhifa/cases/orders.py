"""Orders that are not penalties (责令改正, 责令限期改正, 责令退回, 责令补缴, 责令限期拆除).

行政处罚法 Art.28 para.1: 行政机关实施行政处罚时，应当责令当事人改正或者限期改正违法行为. An order is a
行政命令, not one of the penalties of Art.9: it is issued on its own (its numbered notice served on the
party, with its 送达回证) or with the decision (numbered just before it and named in it); each has its own
deadline on the working-day engine (a Deadline of kind ``correction``, read by the clocks and alerts like
every other), and a follow-up check (复查) records whether it was corrected, with the check's record. A case
is not closed while an order waits for its check (SAMR 程序规定 Art.77: the decision executed, its order
included).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from zhifa.accounts.models import Role
from zhifa.cases import documents
from zhifa.cases.engine import Clock, Context, Refusal, Transition, guard, start_clock
from zhifa.cases.models import Case, Deadline, DeadlineStatus
from zhifa.cases.models_money import CorrectionOrder, OrderKind, OrderStatus
from zhifa.cases.procedures.common import day, ident, serve, text
from zhifa.core.errors import DomainError
from zhifa.lib.officialdoc import Heading, format_date

LAW = "《中华人民共和国行政处罚法》"
RULE = f"{LAW}第二十八条第一款"
STAFF = frozenset({Role.OFFICER, Role.AGENCY_HEAD})
MAX_DAYS = 365

# The document kind of each order's notice (numbered in the agency's sequences: numbering.KIND_CODES).
DOCUMENT_KINDS = {
    OrderKind.CORRECT: "order_correct",
    OrderKind.CORRECT_WITHIN: "order_correct_within",
    OrderKind.RETURN: "order_return",
    OrderKind.PAY_BACK: "order_pay_back",
    OrderKind.DEMOLISH: "order_demolish",
}
# What the party must have done by the deadline, as the notice says it.
VERBS = {
    OrderKind.CORRECT: "改正",
    OrderKind.CORRECT_WITHIN: "改正",
    OrderKind.RETURN: "退回",
    OrderKind.PAY_BACK: "补缴",
    OrderKind.DEMOLISH: "自行拆除",
}
CHECK_RESULTS = {"corrected": "已改正", "not_corrected": "逾期未改正"}


def _order_spec(ctx: Context, raw: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """One order as the step's data gives it: kind, content, basis, days and unit. Checked here, so
    that a bad order refuses the whole step (nothing half-written)."""
    kind = str(raw.get(f"{prefix}kind") or "")
    if kind not in OrderKind.values:
        raise DomainError(
            f"请选择责令的种类（{'、'.join(OrderKind.labels)}）", field=f"{prefix}kind", rule=RULE
        )
    content = str(raw.get(f"{prefix}content") or "").strip()
    if not content:
        raise DomainError("请填写责令当事人改正的内容", field=f"{prefix}content", rule=RULE)
    basis = str(raw.get(f"{prefix}basis") or "").strip() or RULE
    try:
        days = int(str(raw.get(f"{prefix}days") or ""))
    except ValueError as exc:
        raise DomainError("请填写改正期限（天数）", field=f"{prefix}days", rule=RULE) from exc
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(f"改正期限应为 1 至 {MAX_DAYS} 日", field=f"{prefix}days", rule=RULE)
    return {
        "kind": kind,
        "content": content,
        "basis": basis,
        "days": days,
        "working_days": bool(raw.get(f"{prefix}working_days")),
    }


def _issue(ctx: Context, spec: Mapping[str, Any], *, with_decision: bool) -> CorrectionOrder:
    """Number the notice, start the deadline on the working-day engine and keep the order."""
    case = ctx.case
    kind = OrderKind(spec["kind"])
    clock = Clock(
        "correction",
        f"{kind.label}：{spec['content'][:60]}",
        spec["basis"] if spec["basis"] == RULE else f"{RULE}；{spec['basis']}"[:200],
        int(spec["days"]),
        working_days=bool(spec["working_days"]),
    )
    deadline = start_clock(case, clock, ctx.on, ctx)
    extra = {**spec, "due_on": deadline.due_on, "with_decision": with_decision}
    number = documents.issue(ctx, DOCUMENT_KINDS[kind], extra)
    order = CorrectionOrder.objects.create(
        case=case,
        kind=kind,
        content=spec["content"],
        basis=spec["basis"],
        issued_on=ctx.on,
        with_decision=with_decision,
        document_number=number,
        length=int(spec["days"]),
        working_days=bool(spec["working_days"]),
        due_on=deadline.due_on,
        deadline_id=deadline.pk,
    )
    ctx.payload.setdefault("orders", []).append(
        {
            "order_id": order.pk,
            "kind": kind.value,
            "content": order.content,
            "basis": order.basis,
            "number": number,
            "due_on": order.due_on,
            "with_decision": with_decision,
        }
    )
    return order


def issue_order(ctx: Context) -> None:
    """The step 责令改正: one order on its own, its notice served (SAMR 程序规定 Art.82, 送达回证)."""
    spec = _order_spec(ctx, ctx.data)
    order = _issue(ctx, spec, with_decision=False)
    serve(ctx, DOCUMENT_KINDS[OrderKind(order.kind)], order.document_number, default_method="direct")


def issue_with_decision(ctx: Context) -> None:
    """Orders issued with the decision (Art.28 para.1: 实施行政处罚时): the decide step's ``orders`` (a list)
    or its form's ``order_*`` fields (one order). Numbered before the decision, which names them."""
    raw = ctx.data.get("orders") or []
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
        raise DomainError("orders 应为责令改正事项的列表", field="orders")
    specs = [_order_spec(ctx, r) for r in raw]
    if ctx.data.get("order_kind"):
        specs.append(_order_spec(ctx, ctx.data, prefix="order_"))
    lines = []
    for spec in specs:
        order = _issue(ctx, spec, with_decision=True)
        title = documents.TITLES[DOCUMENT_KINDS[OrderKind(order.kind)]]
        lines.append(
            f"{OrderKind(order.kind).label}：{order.content}，于{format_date(order.due_on)}前"
            f"{VERBS[OrderKind(order.kind)]}完毕（{title}{order.document_number}）。"
        )
    if lines:
        ctx.cache["decision_orders"] = lines


def check_order(ctx: Context) -> None:
    """复查: whether the party did what the order required, with the check's record. 'Not corrected'
    only once the deadline has passed; the order's clock stops either way (met when corrected in time,
    missed otherwise), and the entry says which."""
    order = (
        CorrectionOrder.objects.select_for_update()
        .filter(case=ctx.case, pk=ident(ctx, "order_id", "责令改正事项"))
        .first()
    )
    if order is None:
        raise DomainError("该责令改正事项不属于本案", field="order_id")
    if order.status != OrderStatus.PENDING:
        raise DomainError(
            f"{order.document_number}已于{order.checked_on}复查，结论为“{order.get_status_display()}”"
        )
    result = str(ctx.data.get("result") or "")
    if result not in CHECK_RESULTS:
        raise DomainError("请选择复查结论：已改正或逾期未改正", field="result", rule=RULE)
    record = text(ctx, "record", "复查记录")
    if ctx.on < order.issued_on:
        raise DomainError("复查日期不能早于责令日期", rule=RULE)
    corrected_on = None
    if result == "corrected":
        corrected_on = day(ctx, "corrected_on", "改正日期") if ctx.data.get("corrected_on") else ctx.on
        if not order.issued_on <= corrected_on <= ctx.on:
            raise DomainError("改正日期应在责令日期之后、不晚于复查日期", field="corrected_on")
    elif ctx.on <= order.due_on:
        raise DomainError(
            f"改正期限至 {order.due_on.isoformat()} 届满，期满后方可认定逾期未改正", field="result", rule=RULE
        )
    order.status = OrderStatus.CORRECTED if result == "corrected" else OrderStatus.NOT_CORRECTED
    order.checked_on, order.corrected_on, order.check_record = ctx.on, corrected_on, record
    order.save(update_fields=["status", "checked_on", "corrected_on", "check_record"])
    in_time = corrected_on is not None and corrected_on <= order.due_on
    if order.deadline_id is not None:
        Deadline.objects.filter(
            pk=order.deadline_id, status__in=[DeadlineStatus.RUNNING, DeadlineStatus.MISSED]
        ).update(status=DeadlineStatus.MET if in_time else DeadlineStatus.MISSED, closed_on=ctx.on)
    ctx.payload["check"] = {
        "order_id": order.pk,
        "number": order.document_number,
        "result": result,
        "result_text": CHECK_RESULTS[result],
        "corrected_on": corrected_on,
        "due_on": order.due_on,
        "in_time": in_time,
        "record": record,
    }


@guard("orders_checked")
def orders_checked(ctx: Context) -> Refusal | None:
    """SAMR 程序规定 Art.77 (行政处罚法 Art.28 para.1): the case closes once what was decided is carried
    out — an order to correct included, so every order has had its follow-up check."""
    pending = list(
        CorrectionOrder.objects.filter(case=ctx.case, status=OrderStatus.PENDING).values_list(
            "document_number", flat=True
        )
    )
    if not pending:
        return None
    return Refusal(
        "orders_checked",
        f"责令改正事项尚未复查（{'、'.join(pending)}），请复查后再结案",
        f"{RULE}；市场监督管理行政处罚程序规定第七十七条",
    )


def order_steps(states: Collection[str]) -> tuple[Transition, Transition]:
    """The two steps of an order, from the procedure's states where the agency acts on a case."""
    sources = tuple(s for s in states if s not in ("lead", "declined", "referred", "closed", "archived"))
    return (
        Transition("issue_order", "责令改正", sources, None, apply=issue_order, roles=STAFF),
        Transition("check_order", "责令改正复查", sources, None, apply=check_order, roles=STAFF),
    )


def overdue_orders(case: Case, today: date) -> list[CorrectionOrder]:
    return [o for o in case.orders.all() if o.overdue(today)]


# --- the notice (责令改正通知书 and its siblings) ---------------------------------------------------------


def _notice(
    case: Case, number: str, on: date, extra: Mapping[str, Any]
) -> tuple[documents.Body, list[documents.Element]]:
    """责令（限期）改正通知书 and the like (行政处罚法 Art.28 para.1): the party, what is wrong, the order
    and its basis, the day it must be done by, the follow-up check, and how to challenge the order."""
    kind = OrderKind(str(extra.get("kind", OrderKind.CORRECT)))
    content, basis = str(extra.get("content", "")), str(extra.get("basis", ""))
    due = extra.get("due_on")
    due_text = format_date(due) if isinstance(due, date) else ""
    verb = VERBS[kind]
    body: documents.Body = [
        *documents.party_lines(case),
        f"经查，你（单位）{case.title}。",
        f"依据{basis}和{LAW}第二十八条第一款的规定，本机关责令你（单位）：{content}，"
        f"并于{due_text}前{verb}完毕。",
        "请于期限届满前将改正情况书面报告本机关；本机关将于期限届满后进行复查。",
    ]
    if kind == OrderKind.DEMOLISH:
        body.append(
            "逾期不自行拆除的，本机关将依照《中华人民共和国行政强制法》第四十四条的规定予以公告，"
            "并依法强制拆除。"
        )
    else:
        body.append("逾期不改正的，本机关将依法处理。")
    body += [Heading("救济途径和期限"), documents.remedy(case, subject="本通知")]
    elements = [
        documents.Element("当事人", case.party.name),
        documents.Element("责令的内容", content),
        documents.Element("依据", basis),
        documents.Element("改正期限", due_text),
        documents.Element("救济途径和期限", "六十日内"),
    ]
    return body, elements


documents.COMPOSERS.update({kind: _notice for kind in DOCUMENT_KINDS.values()})
