"""Who may write on an agency's cases outside the procedure engine (opening a case, registering a lead,
sending it to legal review, attaching evidence …): its officers (执法人员) and its heads (负责人), as the
engine's steps (cases.engine.CASE_ROLES). A supervisor is read-only for an agency's work; legal
reviewers act only at the review desk and publicity clerks only in the publicity queue; administrators
keep the registries. Enforced by the services, so the workbench, the API and commands all meet it."""

from __future__ import annotations

from typing import Any

from zhifa.accounts.models import Role
from zhifa.core.errors import PermissionDenied

CASE_WORKERS = frozenset({Role.OFFICER.value, Role.AGENCY_HEAD.value})
# Who may take a case's whole electronic file (电子卷宗: unredacted personal data and the evidence):
# the agency's officers and heads, and the supervisors who evaluate case files (案卷评查) in their region.
CASE_FILE_READERS = frozenset({*CASE_WORKERS, Role.SUPERVISOR.value})


def refusal_for(actor: Any, *, action: str, agency_id: int | None = None) -> str:
    """Why `actor` may not `action` (a verb phrase, e.g. "登记案件线索") on a case of `agency_id`; ""
    when it may. No actor is the platform itself (the demo loader, a daily job)."""
    if actor is None:
        return ""
    role = getattr(actor, "role", None)
    if role == Role.SUPERVISOR:
        return f"监督人员对执法主体的办案工作只能查看，不能{action}"
    if role not in CASE_WORKERS:
        label = Role(role).label if role in Role.values else "当前用户"
        return f"{label}不能{action}：须由执法人员或负责人办理"
    own = getattr(actor, "agency_id", None)
    if own is None or (agency_id is not None and own != agency_id):
        # 行政处罚法 Art.17-18: a case is handled by the agency that holds it, by its own staff.
        return f"只有承办该案的执法主体的执法人员或负责人可以{action}"
    return ""


def require_case_worker(actor: Any, *, action: str, agency_id: int | None = None) -> None:
    """Raise PermissionDenied (403 in the API) unless `actor` is an officer or head of `agency_id`."""
    why = refusal_for(actor, action=action, agency_id=agency_id)
    if why:
        raise PermissionDenied(why)
