"""``bank-receipts``: the collecting bank's statement (银行缴款对账单), one row a receipt, recorded on the
cases whose decisions the payments are for (行政处罚法 Art.67 para.1, Art.74: 罚缴分离 — the bank's receipt
is the proof of payment). Columns are documented in docs/importing.md.

Idempotent by receipt number: a receipt recorded before (by an officer, or an earlier import of the same
statement) is counted as already recorded and changes nothing; a receipt number recorded with another
amount or day is an error of its row. As every import, all or nothing (importer.services)."""

from __future__ import annotations

from typing import ClassVar

from zhifa.cases.services_money import bank_receipt_import
from zhifa.importer.job import Column, Job, Kind, Row


class BankReceiptsKind(Kind):
    name = "bank-receipts"
    label = "银行缴款回单（对账单）"
    columns = (
        Column("number", "回单编号", required=True, aliases=("交易流水号", "缴款书编号"), max_length=60),
        Column("decision_number", "决定书文号", required=True, aliases=("处罚决定书文号",), max_length=60),
        Column("amount", "金额", required=True, aliases=("缴款金额（元）", "缴款金额")),
        Column("paid_on", "缴款日期", required=True, aliases=("交易日期",)),
        Column("payer", "缴款人", aliases=("付款人",), max_length=200),
        Column("account_number", "收款账号", max_length=40),
        Column("bank_name", "收款银行", max_length=100),
    )
    field_map: ClassVar[dict[str, str]] = {
        "receipt_number": "number",
        "receipt_amount": "amount",
        "receipt_paid_on": "paid_on",
    }

    def handle(self, job: Job, row: Row) -> None:
        number = row.text("number")
        decision_number = row.text("decision_number")
        amount = row.amount("amount")
        paid_on = row.date("paid_on")
        payer, account, bank = row.text("payer"), row.text("account_number"), row.text("bank_name")
        if row.failed or amount is None or paid_on is None:
            return
        if not job.claim(row, "number", "receipt", number):
            return
        new: list[bool] = []

        def record() -> None:
            new.append(
                bank_receipt_import(
                    decision_number=decision_number,
                    number=number,
                    amount=amount,
                    paid_on=paid_on,
                    actor=job.actor,
                    payer=payer,
                    bank_name=bank,
                    account_number=account,
                )
            )

        if job.apply(row.number, record, count=0) and new and new[0]:
            job.created += 1
