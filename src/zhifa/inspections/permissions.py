"""Who may plan, approve and draw random inspections. The roles of accounts.permissions: an agency's officers
and head prepare its work (plans, tasks, the commitment, the seed, recusals); the head approves
(国办发〔2024〕54号 问答: every inspection is approved in advance by the agency's head, 事先报主体负责人批准)
and publishes the plan with the administrator; a supervisor only reads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from zhifa.accounts.models import Role
from zhifa.accounts.permissions import refusal_for
from zhifa.core.errors import PermissionDenied
from zhifa.organizations.models import Agency


def require_worker(actor: Any, *, agency: Agency, action: str, admin: bool = False) -> None:
    """An officer or head of `agency` (or, with `admin`, an administrator of it or of the platform)."""
    if admin and _is_admin_of(actor, agency):
        return
    why = refusal_for(actor, action=action, agency_id=agency.pk)
    if why:
        raise PermissionDenied(why)


def require_worker_of_any(actor: Any, *, agencies: Iterable[Agency], action: str) -> None:
    """An officer or head of one of `agencies` (the participants of a joint task)."""
    whys = [refusal_for(actor, action=action, agency_id=a.pk) for a in agencies]
    if whys and all(whys):
        raise PermissionDenied(whys[0])


def require_head(actor: Any, *, agency: Agency, action: str, admin: bool = False) -> None:
    """The head (负责人) of `agency`; with `admin`, also an administrator of it or of the platform. No
    actor is the platform itself (the demo loader)."""
    if actor is None:
        return
    if getattr(actor, "role", None) == Role.AGENCY_HEAD and getattr(actor, "agency_id", None) == agency.pk:
        return
    if admin and _is_admin_of(actor, agency):
        return
    who = f"{agency.name}的负责人" + ("或系统管理员" if admin else "")
    raise PermissionDenied(f"只有{who}可以{action}")


def _is_admin_of(actor: Any, agency: Agency) -> bool:
    return getattr(actor, "role", None) == Role.ADMINISTRATOR and getattr(actor, "agency_id", None) in (
        None,
        agency.pk,
    )
