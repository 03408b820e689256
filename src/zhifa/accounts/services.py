"""User and token writes, journaled."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhifa.accounts.models import AGENCY_ROLES, ApiToken, Role, User
from zhifa.core.errors import DomainError
from zhifa.journal.services import record
from zhifa.organizations.models import Agency, Region


def _check_scope(role: str, agency: Agency | None, region: Region | None) -> None:
    if role not in Role.values:
        raise DomainError(f"角色“{role}”无效", field="role")
    if Role(role) in AGENCY_ROLES and agency is None:
        raise DomainError(f"{Role(role).label}必须属于一个执法主体", field="agency")
    if role == Role.SUPERVISOR and region is None:
        raise DomainError("监督人员必须指定监督区域", field="region")
    if role != Role.SUPERVISOR and region is not None:
        raise DomainError("只有监督人员可以指定监督区域", field="region")


def user_create(
    *,
    username: str,
    password: str,
    display_name: str,
    role: str,
    agency: Agency | None = None,
    region: Region | None = None,
    actor: Any = None,
    validate: bool = True,
) -> User:
    _check_scope(role, agency, region)
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名“{username}”已被使用", field="username")
    user = User(username=username, display_name=display_name, role=role, agency=agency, region=region)
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise DomainError("；".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.is_staff = role == Role.ADMINISTRATOR
    user.is_superuser = role == Role.ADMINISTRATOR and agency is None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise DomainError(f"用户名“{username}”已被使用", field="username")
        user.save()
        record(
            event_type="user.created",
            subject=user,
            agency_id=agency.pk if agency else None,
            actor=actor,
            payload={"username": username, "role": role, "region": region.code if region else None},
        )
    return user


def password_changed(*, user: User) -> None:
    """Journal a password change (the hash itself never enters the journal)."""
    with transaction.atomic():
        record(event_type="user.password_changed", subject=user, agency_id=user.agency_id, actor=user)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None, actor: Any
) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored."""
    key = "zf_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_hash=_hash(key), prefix=key[3:11], expires_at=expires_at
        )
        record(
            event_type="api_token.created",
            subject=token,
            agency_id=user.agency_id,
            actor=actor,
            payload={"user": user.username, "name": name, "prefix": token.prefix},
        )
    return token, key


def api_token_revoke(*, token: ApiToken, actor: Any) -> None:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(event_type="api_token.revoked", subject=token, agency_id=token.user.agency_id, actor=actor)


def api_token_authenticate(key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or (token.expires_at and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    # Touch at most once a minute: a write per API call would serialize readers on SQLite.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
