"""Who may do what in an evaluation: the region's supervisors run the plan; an agency's staff do its
self-evaluation, object to its results and report rectification; an assigned evaluator scores."""

from __future__ import annotations

from typing import Any

from zhifa.accounts.models import Role
from zhifa.core.errors import PermissionDenied
from zhifa.organizations.models import Agency, Region


def is_supervisor_of(actor: Any, region: Region) -> bool:
    if actor is None or not getattr(actor, "is_active", False):
        return False
    if actor.role == Role.ADMINISTRATOR and actor.agency_id is None:
        return True
    return bool(
        actor.role == Role.SUPERVISOR
        and actor.region is not None
        and region.path.startswith(actor.region.path)
    )


def require_supervisor(actor: Any, region: Region, *, action: str) -> None:
    if not is_supervisor_of(actor, region):
        raise PermissionDenied(f"只有{region.name}或其上级的监督人员可以{action}")


def require_agency_staff(actor: Any, agency: Agency, *, action: str) -> None:
    if actor is None or not getattr(actor, "is_active", False) or actor.agency_id != agency.pk:
        raise PermissionDenied(f"只有{agency.name}的工作人员可以{action}")


def require_agency_head(actor: Any, agency: Agency, *, action: str) -> None:
    """The agency's own answer to its result notice (an objection, or accepting the result) is the
    agency's act, given by its head (负责人; 广东省令第231号 第十二条（七）: 被评查单位提出异议), not by
    any of its officers or clerks."""
    require_agency_staff(actor, agency, action=action)
    if actor.role not in (Role.AGENCY_HEAD, Role.ADMINISTRATOR):
        raise PermissionDenied(f"只有{agency.name}的负责人可以{action}")
