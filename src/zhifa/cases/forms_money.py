"""The workbench fields of the steps of cases.orders and cases.payments (the API takes the same keys in
`data`; it also takes `orders` on `decide` and `schedule` as a list of {"amount", "due_on"})."""

from __future__ import annotations

from zhifa.cases.forms import SERVICE, Field
from zhifa.cases.models_money import CashGround, OrderKind, PlanKind

ORDER_KINDS = tuple((k.value, k.label) for k in OrderKind)
ORDER = (
    Field("kind", "责令种类", "select", choices=ORDER_KINDS),
    Field("content", "责令当事人改正的内容", "textarea"),
    Field("basis", "依据（默认行政处罚法第二十八条第一款）", required=False),
    Field("days", "改正期限（天数）", "number"),
    Field("working_days", "按工作日计算", "checkbox", required=False),
)
# An order given with the decision (行政处罚法 Art.28 para.1), on the decision's form.
ORDER_WITH_DECISION = (
    Field(
        "order_kind",
        "同时责令（不责令的留空）",
        "select",
        required=False,
        choices=(("", "不责令"), *ORDER_KINDS),
    ),
    Field("order_content", "责令当事人改正的内容", "textarea", required=False),
    Field("order_basis", "责令依据", required=False),
    Field("order_days", "改正期限（天数）", "number", required=False),
    Field("order_working_days", "按工作日计算", "checkbox", required=False),
)
RECEIPT = (
    Field("receipt_number", "银行缴款回单编号"),
    Field("receipt_amount", "缴款金额（元）", "number"),
    Field("receipt_paid_on", "缴款日期（默认办理日期）", "date", required=False),
    Field("bank_name", "收款银行", required=False),
    Field("payer", "缴款人", required=False),
)
SCHEDULE_HELP = "缴纳计划：每行一期，“金额,缴纳期限”，例如“20000,2026-06-30”（各期合计应等于罚款数额）"

MONEY_FIELDS: dict[str, tuple[Field, ...]] = {
    "issue_order": (*ORDER, *SERVICE),
    "check_order": (
        Field("order_id", "责令改正事项编号"),
        Field(
            "result", "复查结论", "select", choices=(("corrected", "已改正"), ("not_corrected", "逾期未改正"))
        ),
        Field("corrected_on", "改正日期（已改正的，默认复查日期）", "date", required=False),
        Field("record", "复查记录", "textarea"),
    ),
    "record_receipt": RECEIPT,
    # 履行完毕: a last receipt may be given with it (otherwise those recorded must cover what is owed).
    "record_payment": tuple(Field(f.name, f.label, f.kind, required=False) for f in RECEIPT),
    "request_payment_plan": (
        Field("kind", "申请方式", "select", choices=tuple((k.value, k.label) for k in PlanKind)),
        Field("hardship", "当事人经济困难的情况（书面申请）", "textarea"),
        Field("schedule", SCHEDULE_HELP, "textarea"),
    ),
    "approve_payment_plan": (
        Field("schedule", f"批准的{SCHEDULE_HELP}（默认按申请）", "textarea", required=False),
    ),
    "refuse_payment_plan": (Field("reason", "不予批准的理由", "textarea"),),
    "collect_on_spot": (
        Field("ground", "当场收缴情形", "select", choices=tuple((g.value, g.label) for g in CashGround)),
        Field("reason", "具体情况（第六十八条第二项、第六十九条必填）", "textarea", required=False),
        Field("party_requested", "当事人提出当场缴纳（第六十九条必需）", "checkbox", required=False),
        Field("voucher_number", "罚款专用票据号码（第七十条）"),
        Field("amount", "收缴金额（元，默认尚欠金额）", "number", required=False),
        Field("landed_on", "在水上收缴的，抵岸日期", "date", required=False),
    ),
    "deposit_cash": (
        Field("receipt_number", "银行缴款回单编号"),
        Field("receipt_paid_on", "缴付日期（默认办理日期）", "date", required=False),
        Field("bank_name", "收款银行", required=False),
    ),
}
