"""Officers (行政执法人员), certificates (行政执法证) and what governs them: training, annual assessment,
sanctions; legal reviewers (法制审核人员) and counsel (法律顾问/公职律师).

Status changes go through personnel.services only; each is a CertificateEvent row (the readable history)
and a journal entry (the tamper-evident one), written in one transaction.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.catalog.models import EnforcementField
from zhifa.organizations.models import Agency, Region, Unit


class Officer(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "在岗"
        TRANSFERRED = "transferred", "调离执法岗位"
        RETIRED = "retired", "退休"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="officers"
    )
    unit = models.ForeignKey(Unit, verbose_name="内设机构", null=True, blank=True, on_delete=models.SET_NULL)
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    position = models.CharField("职务", max_length=50, blank=True)
    law_qualification = models.BooleanField("具有法律职业资格", default=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.ACTIVE)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )

    objects: ClassVar[models.Manager[Officer]]

    class Meta:
        verbose_name = "执法人员"
        verbose_name_plural = "执法人员"
        ordering = ["agency", "name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        return (
            self.id_number[:6] + "********" + self.id_number[-4:] if len(self.id_number) == 18 else "******"
        )


class CertificateStatus(models.TextChoices):
    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "收回"
    EXPIRED = "expired", "过期"


class Certificate(models.Model):
    number = models.CharField("证件编号", max_length=40, unique=True)
    officer = models.ForeignKey(
        Officer, verbose_name="持证人", on_delete=models.PROTECT, related_name="certificates"
    )
    issuing_authority = models.CharField("发证机关", max_length=100)
    fields = models.ManyToManyField(EnforcementField, verbose_name="执法类别", related_name="certificates")
    area = models.ForeignKey(Region, verbose_name="执法区域", on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("有效期起")
    valid_until = models.DateField("有效期至")
    status = models.CharField(
        "状态", max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    status_reason = models.CharField("状态原因", max_length=300, blank=True)
    status_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    objects: ClassVar[models.Manager[Certificate]]

    class Meta:
        verbose_name = "执法证"
        verbose_name_plural = "执法证"
        ordering = ["number"]
        indexes = [models.Index(fields=["status", "valid_until"], name="cert_status_until")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_until")), name="cert_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.number


class CertificateEvent(models.Model):
    class Kind(models.TextChoices):
        ISSUE = "issue", "发证"
        RENEW = "renew", "换证延期"
        SUSPEND = "suspend", "暂扣"
        REINSTATE = "reinstate", "发还"
        REVOKE = "revoke", "收回"
        EXPIRE = "expire", "到期失效"

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=12, choices=Kind.choices)
    reason = models.CharField("原因", max_length=300)
    at = models.DateTimeField("时间")
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12)
    valid_until = models.DateField("有效期至")
    actor_label = models.CharField("经办人", max_length=150, blank=True)
    journal_entry_id = models.BigIntegerField("记录编号")

    objects: ClassVar[models.Manager[CertificateEvent]]

    class Meta:
        verbose_name = "证件变更记录"
        verbose_name_plural = "证件变更记录"
        ordering = ["certificate", "at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate.number} {self.get_kind_display()}"


class TrainingRecord(models.Model):
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="trainings"
    )
    date = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    topic = models.CharField("培训内容", max_length=200)
    provider = models.CharField("组织单位", max_length=100, blank=True)

    objects: ClassVar[models.Manager[TrainingRecord]]

    class Meta:
        verbose_name = "培训记录"
        verbose_name_plural = "培训记录"
        ordering = ["officer", "-date"]

    def __str__(self) -> str:
        return f"{self.officer.name} {self.date} {self.hours}学时"


class AssessmentGrade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    PASS = "pass", "合格"
    BASIC_PASS = "basic_pass", "基本合格"
    FAIL = "fail", "不合格"


class AnnualAssessment(models.Model):
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField("年度")
    grade = models.CharField("考核结果", max_length=12, choices=AssessmentGrade.choices)

    objects: ClassVar[models.Manager[AnnualAssessment]]

    class Meta:
        verbose_name = "年度考核"
        verbose_name_plural = "年度考核"
        ordering = ["officer", "-year"]
        constraints = [models.UniqueConstraint(fields=["officer", "year"], name="assessment_once_a_year")]

    def __str__(self) -> str:
        return f"{self.officer.name} {self.year} {self.get_grade_display()}"


class SanctionKind(models.TextChoices):
    REMINDER_TALK = "reminder_talk", "谈话提醒"
    PUBLIC_CRITICISM = "public_criticism", "通报批评"
    SUSPEND = "suspend", "暂扣执法证"
    REVOKE = "revoke", "收回执法证"


class Sanction(models.Model):
    officer = models.ForeignKey(
        Officer, verbose_name="执法人员", on_delete=models.PROTECT, related_name="sanctions"
    )
    kind = models.CharField("措施", max_length=20, choices=SanctionKind.choices)
    reason = models.CharField("事由", max_length=300)
    date = models.DateField("日期")
    # Set when the service applied this sanction by an escalation rule rather than by hand.
    escalated_from = models.ForeignKey(
        "self", verbose_name="升级自", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule = models.CharField("适用规则", max_length=200, blank=True)
    actor_label = models.CharField("决定人", max_length=150, blank=True)

    objects: ClassVar[models.Manager[Sanction]]

    class Meta:
        verbose_name = "执法人员管理措施"
        verbose_name_plural = "执法人员管理措施台账"
        ordering = ["officer", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.officer.name} {self.get_kind_display()} {self.date}"


class LegalReviewer(models.Model):
    """法制审核人员 of an agency's legal unit (118号 四(十一))."""

    officer = models.OneToOneField(
        Officer, verbose_name="人员", on_delete=models.PROTECT, related_name="legal_reviewer"
    )
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="legal_reviewers"
    )
    appointed_on = models.DateField("任职日期")
    # 行政处罚法 Art.58 para.2: a first-time reviewer must hold the 法律职业资格.
    first_time = models.BooleanField("初次从事法制审核", default=False)
    active = models.BooleanField("在岗", default=True)

    objects: ClassVar[models.Manager[LegalReviewer]]

    class Meta:
        verbose_name = "法制审核人员"
        verbose_name_plural = "法制审核人员"

    def __str__(self) -> str:
        return self.officer.name


class Counsel(models.Model):
    class Kind(models.TextChoices):
        EXTERNAL = "external", "法律顾问"
        IN_HOUSE = "in_house", "公职律师"

    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="counsel"
    )
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    organization = models.CharField("所在单位", max_length=200, blank=True)
    license_number = models.CharField("执业证号", max_length=40, blank=True)
    active = models.BooleanField("在聘", default=True)

    objects: ClassVar[models.Manager[Counsel]]

    class Meta:
        verbose_name = "法律顾问与公职律师"
        verbose_name_plural = "法律顾问与公职律师"

    def __str__(self) -> str:
        return self.name
