from __future__ import annotations

from typing import Any

from zhifa.accounts.models import AGENCY_ROLES, ApiToken, Role, User
from zhifa.core.scope import Scope


def scope_for(user: Any) -> Scope:
    """The scope of a user: nothing for the anonymous or inactive, else by role (DESIGN.md "Who uses it")."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope.nothing()
    assert isinstance(user, User)
    if user.role == Role.SUPERVISOR:
        if user.region is None:
            return Scope.nothing()
        return Scope(region_path=user.region.path, user_id=user.pk)
    if Role(user.role) in AGENCY_ROLES or user.agency_id is not None:
        if user.agency_id is None:
            return Scope.nothing()
        return Scope(agency_id=user.agency_id, user_id=user.pk)
    if user.role == Role.ADMINISTRATOR:
        return Scope.all(user_id=user.pk)
    return Scope.nothing()


def api_tokens_of(user: User) -> list[ApiToken]:
    """The caller's own API tokens, newest first (a user sees and rotates only their own)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))
