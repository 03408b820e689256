"""预警 (alerts): what the supervision app finds wrong in the other systems, one row per rule and subject.

An alert is raised by the daily evaluation of the rules in alert_rules.py (alert_services.evaluate), and
is open, acknowledged (with a note: the agency knows and is on it) or resolved — automatically when its
cause is gone on a later run, or by hand with a reason. At most one unresolved alert per (rule, subject):
the `fingerprint` is unique among them (a partial unique constraint), so a re-run never doubles one.

A hand resolution is a decision to accept a cause that persists (e.g. a vacancy being filled): while the
cause is still found, that alert `suppresses` a new one for the same fingerprint; once a run no longer
finds the cause, the suppression lapses and a later recurrence raises a fresh alert."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from zhifa.organizations.models import Agency


class AlertSeverity(models.TextChoices):
    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class AlertState(models.TextChoices):
    OPEN = "open", "待处理"
    ACKNOWLEDGED = "acknowledged", "已知悉"
    RESOLVED = "resolved", "已解除"


UNRESOLVED = (AlertState.OPEN, AlertState.ACKNOWLEDGED)


class Alert(models.Model):
    rule = models.CharField("预警规则", max_length=40)
    severity = models.CharField("严重程度", max_length=8, choices=AlertSeverity.choices)
    # The role of the agency's staff it goes to (accounts.Role); supervisors of the region see them all.
    role = models.CharField("处理角色", max_length=20)
    agency = models.ForeignKey(Agency, verbose_name="执法主体", on_delete=models.PROTECT, related_name="+")
    # What it is about, as (kind, id): "deadline", "case", "publication", "certificate", "agency".
    subject_kind = models.CharField("对象类别", max_length=20)
    subject_id = models.BigIntegerField("对象编号")
    reference = models.CharField("对象", max_length=120)  # a case number, a certificate number …
    detail = models.CharField("预警内容", max_length=300)
    fingerprint = models.CharField(max_length=120)
    state = models.CharField("状态", max_length=14, choices=AlertState.choices, default=AlertState.OPEN)
    raised_at = models.DateTimeField("预警时间")
    ack_note = models.TextField("知悉说明", blank=True)
    ack_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ack_at = models.DateTimeField("知悉时间", null=True, blank=True)
    resolved_at = models.DateTimeField("解除时间", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolve_reason = models.TextField("解除理由", blank=True)
    resolved_auto = models.BooleanField("原因消除自动解除", default=False)
    suppresses = models.BooleanField(default=False)  # hand-resolved, cause still present (see above)

    objects: ClassVar[models.Manager[Alert]]

    class Meta:
        verbose_name = "预警"
        verbose_name_plural = "预警"
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~models.Q(state="resolved"),
                name="alert_unresolved_once",
            )
        ]
        indexes = [
            models.Index(fields=["rule", "state"], name="alert_rule_state"),
            models.Index(fields=["agency", "state", "-raised_at"], name="alert_agency_state"),
            models.Index(fields=["state", "-raised_at"], name="alert_state_raised"),
            models.Index(fields=["-raised_at", "-id"], name="alert_raised_order"),  # the page's order
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.reference}"
