"""Bank receipts that arrive outside a case step: the bank's statement imported (``zhifa import
bank-receipts``, importer.kinds_bank), one row at a time through ``bank_receipt_import``.

行政处罚法 Art.67 para.1, Art.74 (罚缴分离): the bank collects; its receipt is the proof of payment. A row
names the decision (决定书文号) the payment is for, the bank's receipt number, amount and day; the same
receipt imported again records nothing (idempotent by receipt number); every recorded receipt is journaled
on its case (``payment.receipt_imported``) in the transaction that keeps it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases import payments
from zhifa.cases.models import Case
from zhifa.cases.models_money import CollectionAccount, ReceiptSource
from zhifa.core.errors import DomainError
from zhifa.journal.services import record

# The states in which a decision's money is awaited (the steps record_receipt and record_payment).
AWAITING = ("decided", "served", "demanded", "enforcing", "filed")


def bank_receipt_import(
    *,
    decision_number: str,
    number: str,
    amount: Decimal,
    paid_on: date,
    actor: Any,
    payer: str = "",
    bank_name: str = "",
    account_number: str = "",
) -> bool:
    """Record one receipt of the bank's statement on the case whose decision it pays. True if recorded,
    False if that receipt was recorded before (the same case, amount and day). Refused, with the reason in
    Chinese, when the decision is unknown (or another agency's, for a user of an agency), the account is
    not the agency's collection account, or the case awaits no payment."""
    cases = Case.objects.filter(decision_number=decision_number.strip())
    agency_id = getattr(actor, "agency_id", None)
    if agency_id is not None:
        cases = cases.filter(agency_id=agency_id)
    found = list(cases[:2])
    if not found:
        raise DomainError(f"找不到文号为“{decision_number}”的处罚决定", field="decision_number")
    if len(found) > 1:
        raise DomainError(f"文号“{decision_number}”对应多个案件，请核对", field="decision_number")
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("agency").get(pk=found[0].pk)
        if account_number.strip():
            account = CollectionAccount.objects.filter(agency=case.agency.deciding_agency).first()
            if account is None or account.account_number != account_number.strip():
                raise DomainError(
                    f"收款账号“{account_number}”不是{case.agency.deciding_agency.name}的罚没款收缴账户",
                    field="account_number",
                    rule=payments.RULE_BANK,
                )
        if case.state not in AWAITING or case.decision_revoked_on is not None:
            raise DomainError(
                f"案件{case.case_number or case.pk}当前不在待缴款阶段，不能登记缴款回单",
                field="decision_number",
            )
        today = timezone.localdate()
        kept = payments.add_receipt(
            case,
            number=number,
            amount_paid=amount,
            paid_on=paid_on,
            on=today,
            source=ReceiptSource.IMPORT,
            bank_name=bank_name,
            payer=payer,
        )
        if not kept.new:
            return False
        receipt = kept.receipt
        plan = payments.approved_plan(case)
        paid = payments.sync_instalment_clocks(case, today, plan, kept.receipts)
        s = payments.settlement(case, today, plan=plan, lookup=False, receipts=kept.receipts)
        record(
            event_type="payment.receipt_imported",
            subject=case,
            agency_id=case.agency_id,
            actor=actor,
            payload={
                "case_number": case.case_number,
                "number": receipt.number,
                "amount": receipt.amount,
                "paid_on": receipt.paid_on,
                "settlement": {
                    "principal": s.principal,
                    "late_payment_penalty": s.late_payment_penalty,
                    "received": s.received,
                    "outstanding": s.outstanding,
                },
                **({"instalments_paid": paid} if paid else {}),
            },
        )
    return True
