"""What a case owes and how it is settled, beside the penalty itself (issue 17, parts 3–5):

- CorrectionOrder: orders that are not penalties (责令改正, 责令限期改正, 责令退回, 责令补缴, 责令限期拆除;
  行政处罚法 Art.28 para.1), each with its own deadline and follow-up check (复查);
- PaymentPlan and Instalment: deferral or payment by instalments (延期、分期缴纳罚款, Art.66 para.2);
- CollectionAccount: the bank account an agency's fines are paid into (罚缴分离, Art.67 para.1, Art.74);
- BankReceipt: the bank's receipt, the only proof of payment (Art.67);
- CashCollection: cash taken on the spot where Art.68–69 allow it, handed in and deposited (Art.71).

Rows change only through the case engine's steps (cases.orders, cases.payments) or the services that
journal the change (cases.services_money); imported by cases.models so that Django sees them."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency


class CollectionAccount(models.Model):
    """The designated bank (指定银行) and account an agency's fines and confiscated income are paid into
    (行政处罚法 Art.67 para.1: 作出罚款决定的行政机关应当与收缴罚款的机构分离). The decision's payment clause
    prints the active one; an agency without one prints the clause without account details."""

    agency = models.OneToOneField(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="collection_account"
    )
    bank_name = models.CharField("代收银行", max_length=100)
    account_name = models.CharField("收款户名", max_length=100)
    account_number = models.CharField("收款账号", max_length=40)
    note = models.CharField(
        "缴款说明", max_length=200, blank=True, help_text="例如：非税收入缴款码或电子缴款渠道"
    )

    objects: ClassVar[models.Manager[CollectionAccount]]

    class Meta:
        verbose_name = "罚没款收缴账户"
        verbose_name_plural = "罚没款收缴账户"

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number}"

    @property
    def clause(self) -> str:
        text = f"收款银行：{self.bank_name}；户名：{self.account_name}；账号：{self.account_number}"
        return f"{text}；{self.note}" if self.note else text


class OrderKind(models.TextChoices):
    # 行政处罚法 Art.28 para.1 and the sector laws that order a party to undo or make good a violation.
    CORRECT = "correct", "责令改正"
    CORRECT_WITHIN = "correct_within", "责令限期改正"
    RETURN = "return", "责令退回"
    PAY_BACK = "pay_back", "责令补缴"
    DEMOLISH = "demolish", "责令限期拆除"


class OrderStatus(models.TextChoices):
    PENDING = "pending", "待复查"
    CORRECTED = "corrected", "已改正"
    NOT_CORRECTED = "not_corrected", "逾期未改正"


class CorrectionOrder(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="orders")
    kind = models.CharField("种类", max_length=20, choices=OrderKind.choices)
    content = models.TextField("责令内容")
    basis = models.CharField("依据", max_length=300)
    issued_on = models.DateField("责令日期")
    with_decision = models.BooleanField("随处罚决定作出", default=False)
    document_number = models.CharField("通知书文号", max_length=60)
    length = models.PositiveIntegerField("期限天数")
    working_days = models.BooleanField("按工作日计", default=False)
    due_on = models.DateField("改正期限")
    deadline_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    checked_on = models.DateField("复查日期", null=True, blank=True)
    corrected_on = models.DateField("改正日期", null=True, blank=True)
    check_record = models.TextField("复查记录", blank=True)

    objects: ClassVar[models.Manager[CorrectionOrder]]

    class Meta:
        verbose_name = "责令改正"
        verbose_name_plural = "责令改正"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.document_number}"

    def overdue(self, today: date) -> bool:
        """Past its deadline and not found corrected (a check found it not corrected, or none yet)."""
        return self.status == OrderStatus.NOT_CORRECTED or (
            self.status == OrderStatus.PENDING and today > self.due_on
        )


class PlanKind(models.TextChoices):
    DEFER = "defer", "延期缴纳罚款"
    INSTALMENTS = "instalments", "分期缴纳罚款"


class PlanStatus(models.TextChoices):
    REQUESTED = "requested", "已申请待批准"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class PaymentPlan(models.Model):
    """The party's written request to defer or split the fine (行政处罚法 Art.66 para.2) and the head's
    answer. At most one request is pending or approved per case at a time."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payment_plans")
    kind = models.CharField("方式", max_length=20, choices=PlanKind.choices)
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.REQUESTED)
    requested_on = models.DateField("申请日期")
    hardship = models.TextField("经济困难情况")
    # [{"amount": "1000.00", "due_on": "2026-05-01"}, …] as the party asked.
    requested_schedule = models.JSONField("申请的缴纳计划", default=list)
    decided_on = models.DateField("批准日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField("不予批准理由", blank=True)
    document_number = models.CharField("决定书文号", max_length=60, blank=True)
    # 加处罚款 already owed when the plan was approved after the decision's period ran out (Art.72(1)):
    # approval does not waive it.
    accrued_late = models.DecimalField(
        "批准前已产生的加处罚款（元）", max_digits=14, decimal_places=2, default=0
    )

    objects: ClassVar[models.Manager[PaymentPlan]]

    class Meta:
        verbose_name = "延期（分期）缴纳罚款"
        verbose_name_plural = "延期（分期）缴纳罚款"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_status_display()}）"


class Instalment(models.Model):
    plan = models.ForeignKey(PaymentPlan, on_delete=models.PROTECT, related_name="instalments")
    seq = models.PositiveSmallIntegerField("期次")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    due_on = models.DateField("缴纳期限")
    deadline_id = models.BigIntegerField(null=True, blank=True)

    objects: ClassVar[models.Manager[Instalment]]

    class Meta:
        verbose_name = "分期"
        verbose_name_plural = "分期"
        ordering = ["plan", "seq"]
        constraints = [models.UniqueConstraint(fields=["plan", "seq"], name="instalment_seq_once")]

    def __str__(self) -> str:
        return f"第{self.seq}期 {self.amount}元 {self.due_on}"


class ReceiptSource(models.TextChoices):
    OFFICER = "officer", "执法人员登记"
    IMPORT = "import", "银行对账单导入"
    CASH_DEPOSIT = "cash_deposit", "当场收缴罚款缴付银行"


class BankReceipt(models.Model):
    """银行缴款回单: what the bank says it collected for the case. The receipt number is unique per
    agency: importing the same statement twice records nothing twice."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="bank_receipts")
    number = models.CharField("回单编号", max_length=60)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    paid_on = models.DateField("缴款日期")
    bank_name = models.CharField("收款银行", max_length=100, blank=True)
    payer = models.CharField("缴款人", max_length=200, blank=True)
    source = models.CharField("来源", max_length=20, choices=ReceiptSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[BankReceipt]]

    class Meta:
        verbose_name = "银行缴款回单"
        verbose_name_plural = "银行缴款回单"
        ordering = ["case", "paid_on", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="bank_receipt_number_once")]

    def __str__(self) -> str:
        return f"{self.number} {self.amount}元"


class CashGround(models.TextChoices):
    # 行政处罚法 Art.68 (summary procedure only) and Art.69.
    SMALL_FINE = "small_fine", "依法给予一百元以下罚款（第六十八条第一项）"
    HARD_TO_COLLECT = "hard_to_collect", "不当场收缴事后难以执行（第六十八条第二项）"
    REMOTE = "remote", "边远、水上、交通不便地区当事人到指定银行缴纳确有困难（第六十九条）"


class CashCollection(models.Model):
    """Cash taken on the spot (当场收缴罚款) with its ground, the finance department's receipt (专用票据,
    Art.70), and the two hand-overs of Art.71: to the agency within 2 working days, to the bank within
    2 more (the bank's receipt then counts as the payment)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="cash_collections")
    ground = models.CharField("当场收缴情形", max_length=20, choices=CashGround.choices)
    reason = models.TextField("具体情况", blank=True)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    collected_on = models.DateField("收缴日期")
    voucher_number = models.CharField("罚款专用票据号码", max_length=60)
    handed_in_on = models.DateField("交至行政机关日期", null=True, blank=True)
    deposited_on = models.DateField("缴付银行日期", null=True, blank=True)
    receipt = models.ForeignKey(
        BankReceipt, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager[CashCollection]]

    class Meta:
        verbose_name = "当场收缴罚款"
        verbose_name_plural = "当场收缴罚款"
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return f"{self.voucher_number} {self.amount}元"
