"""法制审核 (国办发〔2018〕118号 四; 行政处罚法 Art.58; 市场监督管理行政处罚程序规定 Art.49–55).

A submission freezes the exact proposed decision (its canonical JSON and SHA-256); a review approves
that hash and nothing else. Every round is kept; opinions are numbered 法制审核意见书; disputes go to
the agency head, whose decision is recorded."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from zhifa.cases.models import Case
from zhifa.organizations.models import Agency
from zhifa.personnel.models import LegalReviewer


class ReviewPolicy(models.Model):
    """Per-agency configuration: review every general-procedure decision, and the time limit."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="review_policy")
    review_all_general = models.BooleanField("普通程序案件全部法制审核", default=False)
    # SAMR 程序规定 Art.55: 10 working days (extension on the head's approval).
    time_limit_working_days = models.PositiveSmallIntegerField("审核时限（工作日）", default=10)

    objects: ClassVar[models.Manager[ReviewPolicy]]

    class Meta:
        verbose_name = "法制审核设置"
        verbose_name_plural = "法制审核设置"

    def __str__(self) -> str:
        return f"{self.agency}"


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待分配"
    ASSIGNED = "assigned", "审核中"
    AGREED = "agreed", "同意"
    RETURNED = "returned", "退回承办机构"
    DISPUTED = "disputed", "承办机构有异议，待负责人决定"
    HEAD_UPHELD = "head_upheld", "负责人支持审核意见"
    HEAD_ADOPTED = "head_adopted", "负责人决定采纳承办机构意见"
    SUPERSEDED = "superseded", "已重新送审"


class ReviewSubmission(models.Model):
    case = models.ForeignKey(
        Case, verbose_name="案件", on_delete=models.PROTECT, related_name="review_submissions"
    )
    round = models.PositiveSmallIntegerField("轮次")
    proposal = models.TextField("送审的拟处理决定（冻结）")
    proposal_hash = models.CharField("拟处理决定摘要", max_length=64, db_index=True)
    triggers = models.TextField("审核依据（触发规则）", default="[]")
    materials = models.TextField("送审材料", default="{}")
    status = models.CharField(
        "状态", max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_on = models.DateField("送审日期")
    reviewer = models.ForeignKey(
        LegalReviewer,
        verbose_name="审核人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    assigned_on = models.DateField("分配日期", null=True, blank=True)
    due_on = models.DateField("审核期限", null=True, blank=True, db_index=True)
    provisional_due = models.BooleanField(default=False)

    objects: ClassVar[models.Manager[ReviewSubmission]]

    class Meta:
        verbose_name = "法制审核送审"
        verbose_name_plural = "法制审核送审"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["case", "round"], name="review_round_once")]

    def __str__(self) -> str:
        return f"{self.case} 第{self.round}轮"

    @property
    def proposal_data(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.proposal)
        return data

    @property
    def trigger_list(self) -> list[dict[str, str]]:
        data: list[dict[str, str]] = json.loads(self.triggers)
        return data

    @property
    def material_map(self) -> dict[str, str]:
        data: dict[str, str] = json.loads(self.materials)
        return data


class OpinionKind(models.TextChoices):
    # SAMR 程序规定 Art.54.
    AGREE = "agree", "同意"
    CORRECT = "correct", "建议纠正"
    SUPPLEMENT = "supplement", "建议补充调查"
    OTHER = "other", "其他意见和建议"


class ReviewOpinion(models.Model):
    submission = models.OneToOneField(ReviewSubmission, on_delete=models.PROTECT, related_name="opinion")
    kind = models.CharField("审核意见", max_length=12, choices=OpinionKind.choices)
    text = models.TextField("意见内容")
    number = models.CharField("法制审核意见书文号", max_length=60, unique=True)
    issued_on = models.DateField("出具日期")
    reviewer = models.ForeignKey(LegalReviewer, on_delete=models.PROTECT, related_name="+")
    checklist = models.TextField("审核要点确认", default="[]")
    journal_entry_id = models.BigIntegerField(null=True, blank=True)

    objects: ClassVar[models.Manager[ReviewOpinion]]

    class Meta:
        verbose_name = "法制审核意见书"
        verbose_name_plural = "法制审核意见书"

    def __str__(self) -> str:
        return self.number


class Dispute(models.Model):
    """The handling unit disagrees in writing; the agency head decides (118号 四(十四); 内蒙古办法 Art.32)."""

    class Decision(models.TextChoices):
        UPHOLD_REVIEW = "uphold_review", "支持审核意见"
        ADOPT_PROPOSAL = "adopt_proposal", "采纳承办机构意见"

    submission = models.OneToOneField(ReviewSubmission, on_delete=models.PROTECT, related_name="dispute")
    reasons = models.TextField("异议理由")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    raised_on = models.DateField()
    decision = models.CharField("负责人决定", max_length=16, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("决定理由", blank=True)
    collective_discussion_on = models.DateField("集体讨论日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_on = models.DateField(null=True, blank=True)

    objects: ClassVar[models.Manager[Dispute]]

    class Meta:
        verbose_name = "审核异议"
        verbose_name_plural = "审核异议"

    def __str__(self) -> str:
        return f"{self.submission} 异议"
