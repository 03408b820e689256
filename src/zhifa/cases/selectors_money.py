"""What the case page shows of a case's orders and money (cases.orders, cases.payments): a few queries,
whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.cases import documents, payments
from zhifa.cases.models import Case
from zhifa.cases.models_money import BankReceipt, CashCollection, CorrectionOrder, PaymentPlan
from zhifa.lib.penalties import Settlement


@dataclass(frozen=True)
class MoneyPanel:
    orders: list[dict[str, Any]]
    plan: PaymentPlan | None
    instalments: list[dict[str, Any]]
    receipts: list[BankReceipt]
    cash: list[CashCollection]
    settlement: Settlement | None
    account: str

    @property
    def shown(self) -> bool:
        return bool(self.orders or self.plan or self.receipts or self.cash or self.settlement)


def money_panel(case: Case, today: date) -> MoneyPanel:
    orders = [
        {"order": o, "overdue": o.overdue(today)}
        for o in CorrectionOrder.objects.filter(case=case).order_by("id")
    ]
    if case.decided_on is None:  # nothing to pay yet: the orders only
        return MoneyPanel(orders, None, [], [], [], None, "")
    plan = PaymentPlan.objects.filter(case=case).prefetch_related("instalments").order_by("-id").first()
    owes = bool(payments.fine_of(case) or payments.confiscation_of(case))
    s = payments.settlement(case, today) if owes else None
    instalments = []
    if plan is not None and s is not None and plan.status == "approved":
        states = {(st.due.label, st.due.due_on): st for st in s.dues}
        for inst in plan.instalments.all():
            st = states.get((f"第{inst.seq}期", inst.due_on))
            instalments.append(
                {
                    "instalment": inst,
                    "paid": st.paid if st else 0,
                    "settled_on": st.settled_on if st else None,
                    "late": st.late_payment_penalty if st else 0,
                    "overdue": bool(st and st.paid < inst.amount and inst.due_on < today),
                }
            )
    return MoneyPanel(
        orders=orders,
        plan=plan,
        instalments=instalments,
        receipts=list(BankReceipt.objects.filter(case=case).order_by("paid_on", "id")),
        cash=list(CashCollection.objects.filter(case=case).order_by("id")),
        settlement=s,
        account=documents.collection_clause(case) if owes else "",
    )
