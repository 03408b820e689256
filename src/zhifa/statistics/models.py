"""行政执法统计年报 (annual statistics report): templates as data, each agency's report of a year through its
approval (DHIS2's data approval: per data set × period × organisation unit, bottom-up, locked once
approved), and the frozen copy that the portal publishes.

国办发〔2018〕118号 二(六): 行政执法机关要在每年1月31日前公开本机关上年度行政执法总体情况有关数据，并报本级
人民政府和上级主管部门 — the report is the data and a 情况说明 (行政执法工作年度报告)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from zhifa.lib.annual_report import AMOUNT_UNITS, TIE_BREAKS
from zhifa.organizations.models import Agency, Region


class ReportTemplate(models.Model):
    """A province's (or the national default's) rows and penalty categories, amounts in yuan or 万元, and
    how a decision with several penalty kinds is counted. The template that applies to an agency is the
    one of its nearest region up the tree; with none, the national default."""

    code = models.CharField("模板代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    region = models.OneToOneField(
        Region,
        verbose_name="适用区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空为不指定区域（全国默认模板或待指定的备选模板）",
    )
    is_default = models.BooleanField("全国默认模板", default=False)
    amount_unit = models.CharField(
        "金额单位", max_length=8, choices=list(AMOUNT_UNITS.items()), default="yuan"
    )
    tie_break = models.CharField(
        "并处多种处罚的计数规则", max_length=16, choices=list(TIE_BREAKS.items()), default="heaviest"
    )
    definition = models.JSONField(
        "处罚类别与统计表", help_text="categories（由轻到重）与 sections（统计表及其行）"
    )
    basis = models.CharField("依据", max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[ReportTemplate]]

    class Meta:
        verbose_name = "统计年报模板"
        verbose_name_plural = "统计年报模板"
        ordering = ["-is_default", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_report_template"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The definition must parse (the admin shows the Chinese message on the field): a row naming an
        unknown category or figure, a kind in no category or in two, is refused."""
        from django.core.exceptions import ValidationError

        from zhifa.lib.annual_report import TemplateError
        from zhifa.statistics.report_templates import parse

        try:
            parse(self.definition)
        except TemplateError as exc:
            raise ValidationError({"definition": exc.message}) from exc


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "已报送，待审核"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "审核通过（已冻结）"
    PUBLISHED = "published", "已公开"


class AnnualReport(models.Model):
    """One agency's report of one year, from its first submission on. `snapshot` is the canonical JSON of
    what the agency submitted (every figure, the tables in its template's layout and the narrative) and
    `snapshot_sha256` its digest, journaled with the submission; approval copies it into a FrozenReport."""

    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    template = models.ForeignKey(
        ReportTemplate, verbose_name="模板", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices)
    narrative = models.TextField("情况说明（行政执法工作年度报告）")
    snapshot = models.TextField("报送的统计数据（冻结副本）")
    snapshot_sha256 = models.CharField("统计数据摘要", max_length=64)
    submitted_on = models.DateField("报送日期")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submissions = models.PositiveSmallIntegerField("报送次数", default=1)
    returned_reason = models.TextField("退回理由", blank=True)
    reviewed_on = models.DateField("审核日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    publish_by = models.DateField("公开期限")

    objects: ClassVar[models.Manager[AnnualReport]]

    class Meta:
        verbose_name = "行政执法统计年报"
        verbose_name_plural = "行政执法统计年报"
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_once")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度统计年报"

    @property
    def snapshot_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.snapshot)
        return data


class FrozenReport(models.Model):
    """The approved report as approved: the snapshot's exact bytes and digest (journaled with the
    approval). The database refuses to change or delete the row (statistics.db, core.immutable) but
    for filling in its publication once. The portal reads only this table."""

    report = models.OneToOneField(AnnualReport, on_delete=models.PROTECT, related_name="frozen")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    region_path = models.CharField(max_length=64, db_index=True)
    snapshot = models.TextField("冻结的统计年报")
    sha256 = models.CharField("SHA-256", max_length=64)
    # The part of the snapshot the year's pages list (agency, period, template, figures, categories), as
    # canonical JSON: a year page of 100 agencies reads these, not 100 whole snapshots (snapshot.summary).
    summary = models.TextField("摘要")
    approved_on = models.DateField("审核通过日期")
    approved_entry_id = models.BigIntegerField("审核记录编号")
    publish_by = models.DateField("公开期限")
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_entry_id = models.BigIntegerField("公开记录编号", null=True, blank=True)

    objects: ClassVar[models.Manager[FrozenReport]]

    class Meta:
        verbose_name = "冻结的统计年报"
        verbose_name_plural = "冻结的统计年报"
        indexes = [models.Index(fields=["year", "published_on"], name="frozen_report_year_pub")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year} {self.sha256[:12]}"

    @property
    def snapshot_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.snapshot)
        return data

    @property
    def summary_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.summary)
        return data

    @property
    def late(self) -> bool:
        return self.published_on is not None and self.published_on > self.publish_by
