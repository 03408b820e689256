"""Alerts: the evaluation of the rules (raise what is new, resolve what went away) and the two things a
person does with one — acknowledge it with a note, resolve it by hand with a reason. Every change is
journaled in the transaction that makes it (alert.raised / alert.acknowledged / alert.resolved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.accounts.models import Role
from zhifa.core.errors import DomainError, PermissionDenied
from zhifa.journal.services import record
from zhifa.supervision.alert_rules import RULES, AlertRule, Finding
from zhifa.supervision.models_alerts import UNRESOLVED, Alert, AlertState

AUTO_REASON = "预警原因已消除，系统自动解除"


def fingerprint(rule_key: str, f: Finding) -> str:
    return f"{rule_key}:{f.subject_kind}:{f.subject_id}"


@dataclass
class RuleResult:
    raised: int = 0
    resolved: int = 0


@dataclass
class EvaluationResult:
    rules: dict[str, RuleResult] = field(default_factory=dict)

    @property
    def raised(self) -> int:
        return sum(r.raised for r in self.rules.values())

    @property
    def resolved(self) -> int:
        return sum(r.resolved for r in self.rules.values())


def evaluate(
    *, today: date | None = None, now: datetime | None = None, keys: list[str] | None = None
) -> EvaluationResult:
    """Run every rule (or those of `keys`): raise an alert for each new finding, resolve automatically
    each unresolved alert whose cause was not found. Idempotent: a second run the same day changes
    nothing. One transaction per rule, so a failing rule leaves the others' work in place."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    result = EvaluationResult()
    for key, rule in RULES.items():
        if keys is not None and key not in keys:
            continue
        result.rules[key] = _evaluate_rule(rule, today, now)
    return result


def _evaluate_rule(rule: AlertRule, today: date, now: datetime) -> RuleResult:
    findings = {fingerprint(rule.key, f): f for f in rule.find(today)}
    out = RuleResult()
    with transaction.atomic():
        existing = list(
            Alert.objects.select_for_update()
            .filter(Q(state__in=UNRESOLVED) | Q(suppresses=True), rule=rule.key)
            .values_list("id", "fingerprint", "state", "agency_id", "reference")
        )
        known = {fp for _, fp, _, _, _ in existing}
        new = [
            Alert(
                rule=rule.key,
                severity=rule.severity,
                role=rule.role,
                agency_id=f.agency_id,
                subject_kind=f.subject_kind,
                subject_id=f.subject_id,
                reference=f.reference[:120],
                detail=f.detail[:300],
                fingerprint=fp,
                raised_at=now,
            )
            for fp, f in findings.items()
            if fp not in known
        ]
        for alert in Alert.objects.bulk_create(new, batch_size=2000):
            record(
                event_type="alert.raised",
                subject=alert,
                agency_id=alert.agency_id,
                payload={
                    "rule": rule.key,
                    "severity": rule.severity,
                    "role": rule.role,
                    "subject_kind": alert.subject_kind,
                    "subject_id": alert.subject_id,
                    "reference": alert.reference,
                    "detail": alert.detail,
                },
            )
        out.raised = len(new)
        gone = [row for row in existing if row[1] not in findings]
        gone_open = [row for row in gone if row[2] in UNRESOLVED]
        Alert.objects.filter(pk__in=[row[0] for row in gone_open]).update(
            state=AlertState.RESOLVED,
            resolved_at=now,
            resolved_auto=True,
            resolve_reason=AUTO_REASON,
        )
        # A hand resolution accepted a cause; once that cause is gone, its recurrence is news again.
        Alert.objects.filter(pk__in=[row[0] for row in gone if row[2] == AlertState.RESOLVED]).update(
            suppresses=False
        )
        for pk, _, _, agency_id, reference in gone_open:
            record(
                event_type="alert.resolved",
                subject=f"supervision.alert:{pk}",
                agency_id=agency_id,
                payload={"rule": rule.key, "reference": reference, "reason": AUTO_REASON, "auto": True},
            )
        out.resolved = len(gone_open)
    return out


# --- people ---------------------------------------------------------------------------------------------


def _is_supervisor_of(actor: Any, alert: Alert) -> bool:
    role = getattr(actor, "role", None)
    if role == Role.ADMINISTRATOR and getattr(actor, "agency_id", None) is None:
        return True
    region = getattr(actor, "region", None)
    return role == Role.SUPERVISOR and region is not None and alert.agency.region.path.startswith(region.path)


def may_acknowledge(actor: Any, alert: Alert) -> bool:
    """The region's supervisors, and the agency's staff the alert goes to (its head always)."""
    if _is_supervisor_of(actor, alert):
        return True
    if getattr(actor, "agency_id", None) != alert.agency_id:
        return False
    return getattr(actor, "role", None) in (alert.role, Role.AGENCY_HEAD)


def may_resolve(actor: Any, alert: Alert) -> bool:
    """Resolving by hand accepts that the cause stays: the supervisors, or the agency's head."""
    if _is_supervisor_of(actor, alert):
        return True
    return (
        getattr(actor, "agency_id", None) == alert.agency_id
        and getattr(actor, "role", None) == Role.AGENCY_HEAD
    )


def _locked(alert: Alert) -> Alert:
    return Alert.objects.select_for_update(of=("self",)).select_related("agency__region").get(pk=alert.pk)


def acknowledge(*, alert: Alert, actor: Any, note: str) -> Alert:
    note = (note or "").strip()
    if not note:
        raise DomainError("请填写知悉说明（已采取或将采取的措施）", field="note")
    with transaction.atomic():
        alert = _locked(alert)
        if not may_acknowledge(actor, alert):
            raise PermissionDenied("只有该预警所涉执法主体的相关人员或本区域的监督人员可以知悉预警")
        if alert.state != AlertState.OPEN:
            raise DomainError(f"该预警{alert.get_state_display()}，不能再知悉")
        alert.state = AlertState.ACKNOWLEDGED
        alert.ack_note, alert.ack_by, alert.ack_at = note[:2000], actor, timezone.now()
        alert.save(update_fields=["state", "ack_note", "ack_by", "ack_at"])
        record(
            event_type="alert.acknowledged",
            subject=alert,
            agency_id=alert.agency_id,
            actor=actor,
            payload={"rule": alert.rule, "reference": alert.reference, "note": alert.ack_note},
        )
    return alert


def resolve(*, alert: Alert, actor: Any, reason: str) -> Alert:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写解除理由", field="reason")
    with transaction.atomic():
        alert = _locked(alert)
        if not may_resolve(actor, alert):
            raise PermissionDenied("只有本区域的监督人员或该执法主体的负责人可以解除预警")
        if alert.state == AlertState.RESOLVED:
            raise DomainError("该预警已解除")
        alert.state = AlertState.RESOLVED
        alert.resolved_at, alert.resolved_by = timezone.now(), actor
        alert.resolve_reason, alert.resolved_auto, alert.suppresses = reason[:2000], False, True
        alert.save(
            update_fields=[
                "state",
                "resolved_at",
                "resolved_by",
                "resolve_reason",
                "resolved_auto",
                "suppresses",
            ]
        )
        record(
            event_type="alert.resolved",
            subject=alert,
            agency_id=alert.agency_id,
            actor=actor,
            payload={
                "rule": alert.rule,
                "reference": alert.reference,
                "reason": alert.resolve_reason,
                "auto": False,
            },
        )
    return alert
