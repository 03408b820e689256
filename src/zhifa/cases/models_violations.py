"""违法行为: the violations a case holds, each with its item, facts, bases, benchmark tier and proposed
penalty (issue 17 §1). One decision covers them all: different acts are 分别裁量、合并处罚 (each its own
amount, the decision imposes them together); one act that breaches several provisions gets at most one
fine, under the provision with the higher fine (行政处罚法 Art.29, see cases.violations).

The case's own proposal columns (penalty_kinds, fine_amount, confiscation_amount, facts, benchmark …) stay
the summary every existing reader uses: the proposal steps write them as the totals of the violations
(the kinds' union, the sum of the amounts) in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from zhifa.catalog.models import DiscretionBenchmark, EnforcementItem


class Violation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="violations")
    ordinal = models.PositiveSmallIntegerField("序号")
    item = models.ForeignKey(
        EnforcementItem, verbose_name="执法事项", on_delete=models.PROTECT, related_name="+"
    )
    facts = models.TextField("违法事实", blank=True)
    # The provision violated and the one the penalty rests on, as the decision cites them; empty: the
    # item's own legal bases (catalog.LegalBasis).
    legal_basis = models.CharField("违反的法律规定", max_length=500, blank=True)
    penalty_basis = models.CharField("处罚依据", max_length=500, blank=True)
    benchmark = models.ForeignKey(
        DiscretionBenchmark,
        verbose_name="裁量基准",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    benchmark_history_id = models.BigIntegerField("裁量基准版本", null=True, blank=True)
    benchmark_tier = models.CharField("裁量阶次", max_length=60, blank=True)
    base_amount = models.DecimalField(
        "计算基数金额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    base_kind = models.CharField("计算基数", max_length=40, blank=True)
    tier_reason = models.TextField("裁量理由", blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_amount = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    confiscation_amount = models.DecimalField(
        "没收违法所得（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    lenience = models.CharField("从轻减轻", max_length=12, blank=True)  # "", "lighter", "mitigated"
    lenience_reason = models.TextField("从轻减轻理由", blank=True)
    # 行政处罚法 Art.29: this violation is the same act as the earlier violation of that ordinal, under
    # another provision (one fine for the act, cases.violations.one_fine_per_act).
    same_act_as = models.PositiveSmallIntegerField("与第几项系同一违法行为", null=True, blank=True)

    objects: ClassVar[models.Manager[Violation]]

    class Meta:
        verbose_name = "违法行为"
        verbose_name_plural = "违法行为"
        ordering = ["case", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["case", "ordinal"], name="violation_case_ordinal")]

    def __str__(self) -> str:
        return f"{self.case_id} 第{self.ordinal}项"

    @property
    def total_amount(self) -> Decimal:
        return (self.fine_amount or Decimal(0)) + (self.confiscation_amount or Decimal(0))
