"""行政执法协调监督 (《行政执法监督条例》, 国务院令第825号): complaints and reports from the public.

A complaint is filed on the portal without login, gets a receipt number and a query code, is accepted or
refused by the region's supervisors within the acceptance period, routed to the agency responsible (or
kept by the supervising body when it is about an agency's own conduct), and answered; the complainant
follows it on the portal with both numbers. Every step is journaled (supervision.services).

The complainant's name and phone are personal data: staff handling it read them only through
services.complaint_identity_read (journaled); no public page and no journal payload carries them."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency, Region


class ComplaintSubject(models.TextChoices):
    # 举报: a business's (or anyone's) violation, for the agency in charge of it to look into.
    ENTERPRISE = "enterprise", "举报企业、经营者等的违法行为"
    # 投诉: the enforcement conduct of an agency or its officers, for the supervising body (条例 第二条).
    CONDUCT = "conduct", "投诉执法机关或执法人员的执法行为"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已收到，待受理"
    ACCEPTED = "accepted", "已受理"
    ROUTED = "routed", "已转交承办"
    ANSWERED = "answered", "已答复"
    REFUSED = "refused", "不予受理"


OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACCEPTED, ComplaintStatus.ROUTED)
CLOSED_STATUSES = (ComplaintStatus.ANSWERED, ComplaintStatus.REFUSED)


class ConversionKind(models.TextChoices):
    CASE_LEAD = "case_lead", "转为案件线索"
    SUPERVISION_MATTER = "supervision_matter", "转为监督事项"


class Complaint(models.Model):
    receipt_number = models.CharField("受理编号", max_length=40, unique=True)
    region = models.ForeignKey(Region, verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    # Null: the complainant did not know (不清楚); the supervisors find the agency when they route it.
    agency_concerned = models.ForeignKey(
        Agency,
        verbose_name="被投诉举报的执法主体",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_kind = models.CharField("事项类别", max_length=12, choices=ComplaintSubject.choices)
    content = models.TextField("投诉举报内容")
    # Personal data: optional (anonymous reports are allowed), read only through the journaled service.
    complainant_name = models.CharField("投诉举报人姓名", max_length=50, blank=True)
    complainant_phone = models.CharField("联系电话", max_length=30, blank=True)
    # "salt$hex" of a keyed hash of the query code (services.py): the code itself is shown once.
    query_code_hash = models.CharField(max_length=120)
    # The single-use token of the form it came from (challenge.py): a second submission of the same form
    # meets this constraint and is refused.
    form_nonce = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    received_at = models.DateTimeField("收到时间")
    received_on = models.DateField("收到日期", db_index=True)
    # The clocks (rules.py). Null with the complaint open: the period runs into a year whose calendar is
    # not loaded yet; the daily job fills it once it is (DESIGN.md invariant 6: the engine refuses).
    accept_due_on = models.DateField("受理期限", null=True, blank=True)
    accept_due_provisional = models.BooleanField(default=False)
    decided_on = models.DateField("受理或不予受理日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refuse_reason = models.TextField("不予受理理由", blank=True)
    routed_to = models.ForeignKey(
        Agency, verbose_name="承办机关", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Kept by the supervising body (about an agency's own conduct); routed_to is that body when the
    # region has one registered, else null and the region's supervisors answer.
    routed_to_supervision = models.BooleanField("由监督机构办理", default=False)
    routed_on = models.DateField("转交日期", null=True, blank=True)
    answer_due_on = models.DateField("答复期限", null=True, blank=True)
    answer_due_provisional = models.BooleanField(default=False)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField("答复内容", blank=True)
    # The clock that runs now (accept_due_on while received, answer_due_on once accepted, null when
    # closed): one indexed column for the list's overdue filter.
    due_on = models.DateField("当前期限", null=True, blank=True)

    objects: ClassVar[models.Manager[Complaint]]

    class Meta:
        verbose_name = "投诉举报"
        verbose_name_plural = "投诉举报"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="complaint_status_due"),
            models.Index(fields=["routed_to", "status"], name="complaint_routed_status"),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def anonymous(self) -> bool:
        return not (self.complainant_name or self.complainant_phone)


class ComplaintAttachment(models.Model):
    """A file sent with a complaint, stored in the evidence blob store under its SHA-256 (never
    overwritten, DESIGN.md invariant 2); the content type is sniffed from the bytes."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    sha256 = models.CharField(max_length=64)
    sm3 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    content_type = models.CharField(max_length=100)
    original_filename = models.CharField("文件名", max_length=255)

    objects: ClassVar[models.Manager[ComplaintAttachment]]

    class Meta:
        verbose_name = "投诉举报附件"
        verbose_name_plural = "投诉举报附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_filename


class ComplaintConversion(models.Model):
    """A complaint that became a lead for a case or a supervision matter: the fact, journaled as
    `complaint.converted` for the cases app (or the matters) to take up; this app opens neither."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="conversions")
    kind = models.CharField("转办方式", max_length=20, choices=ConversionKind.choices)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("摘要")
    converted_on = models.DateField()
    converted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[models.Manager[ComplaintConversion]]

    class Meta:
        verbose_name = "投诉举报转办"
        verbose_name_plural = "投诉举报转办"
        constraints = [models.UniqueConstraint(fields=["complaint", "kind"], name="complaint_converted_once")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"


class ComplaintSequence(models.Model):
    """The last receipt serial per region and year, taken under a row lock (no gap, no duplicate)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    objects: ClassVar[models.Manager[ComplaintSequence]]

    class Meta:
        verbose_name = "投诉举报受理编号序列"
        verbose_name_plural = "投诉举报受理编号序列"
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="complaint_sequence_key")]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.year}: {self.last}"


class IntakeHit(models.Model):
    """One request at a rate-limited public door (ratelimit.py). `client` is a keyed hash of the address
    (or its IPv6 /64), never the address itself: the table says how often, not who."""

    bucket = models.CharField(max_length=20)
    client = models.CharField(max_length=64)
    at = models.DateTimeField()

    objects: ClassVar[models.Manager[IntakeHit]]

    class Meta:
        verbose_name = "投诉举报提交限流记录"
        verbose_name_plural = "投诉举报提交限流记录"
        indexes = [
            models.Index(fields=["bucket", "client", "at"], name="intake_hit_lookup"),
            models.Index(fields=["at"], name="intake_hit_at"),  # the daily purge
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.client[:8]} {self.at}"


from zhifa.supervision.models_alerts import Alert, AlertSeverity, AlertState  # noqa: E402, F401
from zhifa.supervision.models_matters import (  # noqa: E402, F401
    DocumentKind,
    MatterSource,
    MatterStatus,
    RectificationAttachment,
    RectificationReport,
    SupervisionDocument,
    SupervisionDocumentSequence,
    SupervisionMatter,
    SupervisoryTalk,
)
from zhifa.supervision.models_patrol import LineVerdict, PatrolLine, PatrolReport, PatrolStatus  # noqa: E402, F401
