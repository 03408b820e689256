"""Alert reads, scoped: a supervisor sees every alert of the agencies in their region, an agency's staff
their agency's alerts for their role (its head all of them), an administrator what their scope allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from zhifa.accounts.models import AGENCY_ROLES, Role
from zhifa.core.scope import Scope
from zhifa.organizations.models import Agency
from zhifa.supervision.models_alerts import UNRESOLVED, Alert


@dataclass(frozen=True)
class AlertFilters:
    rule: str = ""
    state: str = ""  # "" = unresolved (open or acknowledged); "all"; or one AlertState
    agency_id: int | None = None
    severity: str = ""


def visible(*, scope: Scope, user: Any) -> QuerySet[Alert]:
    # The agencies as a subquery, not a join: the page then walks the alerts in raised order (index
    # alert_raised_order) and checks each against a small hashed set, instead of sorting every alert of
    # a province to show fifty (bench_alerts: a province's supervisor over ~18,000 open alerts).
    qs = Alert.objects.filter(agency_id__in=Agency.objects.filter(scope.agency_q("")).values("pk"))
    role = getattr(user, "role", None)
    if role in AGENCY_ROLES and role != Role.AGENCY_HEAD:
        qs = qs.filter(role=role)
    return qs


def alert_list(*, scope: Scope, user: Any, filters: AlertFilters) -> QuerySet[Alert]:
    qs = visible(scope=scope, user=user).select_related("agency")
    if filters.state == "all":
        pass
    elif filters.state:
        qs = qs.filter(state=filters.state)
    else:
        qs = qs.filter(state__in=UNRESOLVED)
    if filters.rule:
        qs = qs.filter(rule=filters.rule)
    if filters.agency_id is not None:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    return qs.order_by("-raised_at", "-id")


def open_count(*, scope: Scope, user: Any) -> int:
    """The workbench home's count: what is still waiting for someone (not yet acknowledged)."""
    return visible(scope=scope, user=user).filter(Q(state="open")).count()


def alert_get(*, scope: Scope, user: Any, alert_id: int) -> Alert | None:
    return visible(scope=scope, user=user).select_related("agency__region").filter(pk=alert_id).first()
