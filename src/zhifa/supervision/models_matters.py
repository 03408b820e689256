"""监督事项 (supervision matters): what a supervisor pursues with one agency until it has corrected itself.

A matter is opened from an alert, a complaint, a case-file evaluation, a special inspection, a 12345 hotline
transfer or daily supervision; the supervising body (the 司法行政部门, 条例 第六条) issues a numbered
行政执法监督通知书, 意见书 or 决定书 with a rectification period, serves it on the agency, and the agency
answers with a rectification report (text and attachments in the evidence blob store) which the supervisor
accepts or sends back; a 约谈 (supervisory talk) may be recorded at any time. A matter whose period runs out
without an answer escalates (and raises the `matter_overdue` alert). The supervisor never decides the case
in the agency's place (条例 第八条): the matter tracks the agency's own correction. Workflow and rules:
supervision.matters."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency, Region


class MatterSource(models.TextChoices):
    ALERT = "alert", "预警"
    COMPLAINT = "complaint", "投诉举报"
    EVALUATION = "evaluation", "案卷评查"
    SPECIAL = "special_inspection", "专项监督检查"
    HOTLINE = "hotline", "12345热线转办"
    DAILY = "daily", "日常监督"


class MatterStatus(models.TextChoices):
    OPEN = "open", "已立项，待出具文书"
    ISSUED = "issued", "文书待送达"
    RECTIFYING = "rectifying", "整改中"
    REPORTED = "reported", "整改报告待审查"
    ACCEPTED = "accepted", "整改已通过"
    CLOSED = "closed", "已办结"


class DocumentKind(models.TextChoices):
    NOTICE = "notice", "行政执法监督通知书"
    OPINION = "opinion", "行政执法监督意见书"
    DECISION = "decision", "行政执法监督决定书"


class PeriodUnit(models.TextChoices):
    WORKING_DAYS = "wd", "个工作日"
    DAYS = "days", "日"


class ReportOutcome(models.TextChoices):
    PENDING = "pending", "待审查"
    ACCEPTED = "accepted", "通过"
    RETURNED = "returned", "退回"


class SupervisionMatter(models.Model):
    # The region of the supervising body the matter belongs to (its documents are numbered there).
    region = models.ForeignKey(Region, verbose_name="监督区域", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        Agency, verbose_name="被监督的执法主体", on_delete=models.PROTECT, related_name="+"
    )
    source_kind = models.CharField("来源", max_length=20, choices=MatterSource.choices)
    # What it came from, for people (a receipt number, a hotline ticket, a case number) …
    source_ref = models.CharField("来源编号", max_length=120, blank=True)
    # … and for the machine: "complaint:TS-…", "evaluation:<plan>:<file>", "alert:<id>", "hotline:<ticket>";
    # unique when set, so a reaction run twice or a ticket transferred twice opens one matter.
    source_key = models.CharField(max_length=160, blank=True)
    title = models.CharField("事项名称", max_length=200)
    facts = models.TextField("问题事实")
    status = models.CharField("状态", max_length=12, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    opened_on = models.DateField("立项日期")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The rectification deadline running now (the served document's, or a new one set on a return); null
    # when no answer is awaited from the agency.
    due_on = models.DateField("整改期限", null=True, blank=True)
    due_provisional = models.BooleanField(default=False)
    # Currently escalated: the period ran out without an answer (or the answer came late) and no report
    # has been accepted since; the `matter_overdue` alert stands while this holds.
    escalated = models.BooleanField("已逾期升级", default=False)
    escalated_on = models.DateField("升级日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    close_note = models.TextField("办结说明", blank=True)

    objects: ClassVar[models.Manager[SupervisionMatter]]

    class Meta:
        verbose_name = "监督事项"
        verbose_name_plural = "监督事项"
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~models.Q(source_key=""), name="matter_source_once"
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="matter_status_due"),
            models.Index(fields=["agency", "status"], name="matter_agency_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reference(self) -> str:
        return f"监督事项{self.pk}"


class SupervisionDocument(models.Model):
    """A 行政执法监督通知书 / 意见书 / 决定书: numbered in the supervising body's series, its content (the
    lib.officialdoc JSON) vouched for by the issuing journal entry, the PDF rendered after the commit and
    stored under its SHA-256 like every other document (cases.documents.render_and_store)."""

    matter = models.ForeignKey(SupervisionMatter, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("文书种类", max_length=10, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=60)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    issued_on = models.DateField("出具日期")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requirements = models.TextField("整改要求")
    period_days = models.PositiveSmallIntegerField("整改期限")
    period_unit = models.CharField(max_length=4, choices=PeriodUnit.choices)
    served_on = models.DateField("送达日期", null=True, blank=True)
    rectify_due_on = models.DateField("整改期限届满日", null=True, blank=True)
    rectify_due_provisional = models.BooleanField(default=False)
    content = models.TextField()
    content_sha256 = models.CharField(max_length=64)
    journal_entry_id = models.BigIntegerField(null=True, blank=True)  # the issuing entry
    sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    render_entry_id = models.BigIntegerField(null=True, blank=True)

    objects: ClassVar[models.Manager[SupervisionDocument]]

    class Meta:
        verbose_name = "行政执法监督文书"
        verbose_name_plural = "行政执法监督文书"
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return self.number

    @property
    def period_text(self) -> str:
        return f"{self.period_days}{PeriodUnit(self.period_unit).label}"


class SupervisionDocumentSequence(models.Model):
    """The last serial per supervising region, document kind and year, taken under a row lock (no gap, no
    duplicate: GB/T 9704-2012 7.2.5)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects: ClassVar[models.Manager[SupervisionDocumentSequence]]

    class Meta:
        verbose_name = "监督文书编号序列"
        verbose_name_plural = "监督文书编号序列"
        constraints = [
            models.UniqueConstraint(fields=["region", "kind", "year"], name="supervision_document_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.kind}/{self.year}: {self.last}"


class RectificationReport(models.Model):
    matter = models.ForeignKey(SupervisionMatter, on_delete=models.PROTECT, related_name="reports")
    document = models.ForeignKey(
        SupervisionDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    text = models.TextField("整改情况")
    submitted_on = models.DateField("提交日期")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("当时的整改期限", null=True, blank=True)
    late = models.BooleanField("逾期提交", default=False)
    outcome = models.CharField(
        "审查结果", max_length=10, choices=ReportOutcome.choices, default=ReportOutcome.PENDING
    )
    decided_on = models.DateField("审查日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField("审查意见或退回理由", blank=True)

    objects: ClassVar[models.Manager[RectificationReport]]

    class Meta:
        verbose_name = "整改报告"
        verbose_name_plural = "整改报告"
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return f"{self.matter_id}/{self.pk}"


class RectificationAttachment(models.Model):
    """A file sent with a rectification report, stored in the evidence blob store under its SHA-256 (never
    overwritten, DESIGN.md invariant 2), as complaint attachments are."""

    report = models.ForeignKey(RectificationReport, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField(max_length=64)
    sm3 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    original_filename = models.CharField("文件名", max_length=255)

    objects: ClassVar[models.Manager[RectificationAttachment]]

    class Meta:
        verbose_name = "整改报告附件"
        verbose_name_plural = "整改报告附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_filename


class SupervisoryTalk(models.Model):
    """约谈: the supervising body talks with the agency's leaders about the problem (a record of it)."""

    matter = models.ForeignKey(SupervisionMatter, on_delete=models.PROTECT, related_name="talks")
    held_on = models.DateField("约谈日期")
    place = models.CharField("约谈地点", max_length=200)
    participants = models.TextField("参加人员")
    summary = models.TextField("约谈情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager[SupervisoryTalk]]

    class Meta:
        verbose_name = "约谈"
        verbose_name_plural = "约谈"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.held_on}"
