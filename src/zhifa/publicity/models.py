"""事后公开: publications of decisions (国办发〔2018〕118号 二(六); 市场监督管理行政处罚信息公示规定).

A publication is drafted from a decision with its redacted text and summary, checked and approved by a
publicity clerk (保密审查), published by its deadline, and withdrawn, corrected, expired or stopped
early by the rules; every step is journaled. The unredacted text is personal data: staff only."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from zhifa.cases.models import Case, Document
from zhifa.organizations.models import Agency


class PublicationKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    LICENSING = "licensing", "行政许可"
    OTHER = "other", "其他行政执法决定"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "待审核"
    PUBLISHED = "published", "已公示"
    WITHDRAWN = "withdrawn", "已撤下"
    SUPERSEDED = "superseded", "已更正（旧版本）"
    EXPIRED = "expired", "公示期满"
    STOPPED = "stopped", "提前停止公示"
    SUPPRESSED = "suppressed", "依法不予公示"


# The journal events that make a published decision come down (行政处罚法 Art.48; SAMR 公示规定 Art.11);
# publicity subscribes to them (apps.py).
WITHDRAWAL_TRIGGERS = {
    "decision.revoked": "处罚决定被撤销或者确认无效",
    "decision.changed": "处罚决定被变更或者确认违法",
}


class Publication(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="publications"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="publications"
    )
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=12, choices=PublicationKind.choices)
    decision_number = models.CharField("决定书文号", max_length=60, db_index=True)
    decided_on = models.DateField("决定日期", db_index=True)
    title = models.CharField("违法行为类型", max_length=200)
    party_display = models.CharField("当事人（公示）", max_length=200)
    penalty_display = models.CharField("处罚内容", max_length=300, blank=True)
    region_path = models.CharField(max_length=64, db_index=True)
    original_text = models.TextField("决定书原文")
    redacted_text = models.TextField("公示文本")
    spans = models.TextField("隐去项", default="[]")
    adjustments = models.TextField("人工调整", default="[]")
    status = models.CharField(
        "状态", max_length=12, choices=PublicationStatus.choices, default=PublicationStatus.DRAFT
    )
    suppressed_reason = models.CharField("不予公示理由", max_length=300, blank=True)
    due_on = models.DateField("公示期限", db_index=True)
    provisional_due = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField("公示日期", null=True, blank=True, db_index=True)
    display_until = models.DateField("公示截止", null=True, blank=True)
    withdraw_due = models.DateField("撤下期限", null=True, blank=True)
    # Why a published decision must come down, and what said so (行政处罚法 Art.48; SAMR 公示规定 Art.11:
    # withdrawn within 3 working days, with the reasons): set when it is flagged (flag_for_withdrawal),
    # shown on the clerk's queue, and the reason the withdrawal states unless the clerk words it anew.
    # Staff-only until then: the public learns a reason only from a withdrawal notice the clerk chose to
    # state publicly (selectors.public_get).
    withdraw_cause = models.TextField("应撤下事由", blank=True)
    withdraw_flagged_on = models.DateField("应撤下起算日", null=True, blank=True)
    # The journal event that triggered it (decision.revoked / decision.changed), its entry and who took
    # that step (the entry's actor label); empty for a publication flagged by hand.
    withdraw_trigger = models.CharField("触发事项", max_length=100, blank=True)
    withdraw_trigger_entry_id = models.BigIntegerField("触发记录编号", null=True, blank=True)
    withdraw_flagged_by = models.CharField("触发人", max_length=150, blank=True)
    withdrawn_on = models.DateField("撤下日期", null=True, blank=True)
    # Text, not 300 characters: by default it is the cause above, which carries the revision's reason.
    withdraw_reason = models.TextField("撤下理由", blank=True)
    public_notice = models.BooleanField("公开说明撤下理由", default=False)
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    sha256 = models.CharField("公示文本摘要", max_length=64, blank=True)
    published_entry_id = models.BigIntegerField("公示记录编号", null=True, blank=True)
    # A decision made outside this platform's case workflow (another case system, or an older one) and
    # registered for publication (registration.py) has no case to read its penalty from: what the rules
    # need (rules.PenaltyFacts: display period, never-published kinds, early stop) is kept here instead.
    penalty_kinds = models.JSONField("处罚种类", default=list, blank=True)
    fine_amount = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    party_kind = models.CharField("当事人类型", max_length=24, blank=True)
    restriction_until = models.DateField("限制期限届满日", null=True, blank=True)
    source_system = models.CharField("来源系统", max_length=100, blank=True)
    # Everyone the registered text names (party, legal representative, agents, witnesses, employees,
    # others) as lib.redact parties (JSON): what redacts every published field of it, now and when it
    # is withdrawn or corrected. Personal data: staff only, never on a public page.
    persons = models.TextField("涉及人员", default="[]")
    # Unigram + bigram tokens of the searchable public text (see publicity.search).
    search_tokens = models.TextField(default="", blank=True)

    objects: ClassVar[models.Manager[Publication]]

    class Meta:
        verbose_name = "公示信息"
        verbose_name_plural = "公示信息"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_on"], name="publication_status_date"),
            models.Index(fields=["agency", "status", "-published_on"], name="publication_agency_status"),
            # The portal's kind filter (许可/处罚/其他): without it a rare kind walked the whole status index.
            models.Index(fields=["status", "kind", "-published_on"], name="publication_status_kind"),
        ]

    def __str__(self) -> str:
        return self.decision_number

    @property
    def withdraw_trigger_display(self) -> str:
        """What triggered the withdrawal, in Chinese (the event's name, or the event type itself), and who
        took that step; "" when it is not known."""
        label = WITHDRAWAL_TRIGGERS.get(self.withdraw_trigger, self.withdraw_trigger)
        by = f"办理人：{self.withdraw_flagged_by}" if self.withdraw_flagged_by else ""
        return "，".join(part for part in (label, by) if part)

    @property
    def span_list(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.spans)
        return data

    @property
    def person_list(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.persons or "[]")
        return data

    @property
    def adjustment_list(self) -> list[dict[str, Any]]:
        data: list[dict[str, Any]] = json.loads(self.adjustments)
        return data


class PublicitySetting(models.Model):
    """Per-agency redaction overrides (category → delete/replace/keep) over the national default."""

    agency = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="publicity_setting")
    redaction_overrides = models.JSONField("隐去策略调整", default=dict, blank=True)

    objects: ClassVar[models.Manager[PublicitySetting]]

    class Meta:
        verbose_name = "公示设置"
        verbose_name_plural = "公示设置"

    def __str__(self) -> str:
        return str(self.agency)
