"""网上巡查 (online publicity inspection), quarterly per seed 001: for each agency of a region, a checklist
generated from what the platform records of its publicity — the 事前 lists on the portal, decisions
published within their deadline, withdrawals done on time, 双随机 results published — which a supervisor
reviews line by line (confirms, or overrides with a reason), concludes and publishes as a short public
report on the portal (patrol_services.py; every step journaled).

A line keeps what the generator found (`passed`, the figures, the items behind a failed line) and, apart,
the supervisor's verdict: the generated finding is never rewritten, an override says why."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency


class PatrolStatus(models.TextChoices):
    DRAFT = "draft", "待审核发布"
    PUBLISHED = "published", "已发布"


class LineVerdict(models.TextChoices):
    PENDING = "", "待审核"
    CONFIRMED = "confirmed", "确认"
    OVERRIDDEN = "overridden", "更正"


class PatrolReport(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    period_start = models.DateField("巡查期间起")
    period_end = models.DateField("巡查期间止")
    as_of = models.DateField("数据截至")
    status = models.CharField("状态", max_length=10, choices=PatrolStatus.choices, default=PatrolStatus.DRAFT)
    generated_at = models.DateTimeField("生成时间")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conclusion = models.TextField("巡查结论", blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[models.Manager[PatrolReport]]

    class Meta:
        verbose_name = "网上巡查报告"
        verbose_name_plural = "网上巡查报告"
        ordering = ["-year", "-quarter", "agency__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "quarter"], name="patrol_once_per_quarter")
        ]
        indexes = [models.Index(fields=["status", "-published_on"], name="patrol_status_published")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}Q{self.quarter}"

    @property
    def period_label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"


class PatrolLine(models.Model):
    report = models.ForeignKey(PatrolReport, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=30)
    label = models.CharField("巡查项目", max_length=100)
    basis = models.CharField("依据", max_length=200)
    passed = models.BooleanField("系统检查结果")
    figures = models.CharField("数据", max_length=300)
    # [{"ref": "江市监罚〔2026〕7号", "note": "应于2026年03月11日前公示，2026年03月13日公示"}, …]
    items = models.JSONField("未达标明细", default=list, blank=True)
    # False where the items name people (officers): the public page then shows their number only.
    items_public = models.BooleanField(default=True)
    verdict = models.CharField("审核", max_length=12, choices=LineVerdict.choices, blank=True, default="")
    final_passed = models.BooleanField("审核结果", null=True, blank=True)
    review_reason = models.TextField("更正理由", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[PatrolLine]]

    class Meta:
        verbose_name = "网上巡查项目"
        verbose_name_plural = "网上巡查项目"
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="patrol_line_once")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.key}"
