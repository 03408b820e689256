"""User and token writes, journaled."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
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


class TokenRefused(Exception):
    """A bearer token that does not let its holder in; `message` says why, in Chinese (the API answers
    401 with it, so the calling system's operator knows to rotate an expired token, not to debug)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _default_expiry(now: datetime) -> datetime | None:
    days = settings.ZHIFA_API_TOKEN_DAYS
    return now + timedelta(days=days) if days > 0 else None


def _issue(*, user: User, name: str, expires_at: datetime | None) -> tuple[ApiToken, str]:
    key = "zf_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=_hash(key), prefix=key[3:11], expires_at=expires_at
    )
    return token, key


def api_token_create(
    *, user: User, name: str, expires_at: datetime | None = None, actor: Any
) -> tuple[ApiToken, str]:
    """Return the token row and the secret, which is shown once and never stored. Without `expires_at`
    the token expires ZHIFA_API_TOKEN_DAYS days from now (a leaked token does not work for ever)."""
    if expires_at is None:
        expires_at = _default_expiry(timezone.now())
    with transaction.atomic():
        token, key = _issue(user=user, name=name, expires_at=expires_at)
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


def api_token_rotate(*, token: ApiToken, actor: Any) -> tuple[ApiToken, str]:
    """Replace a token: a new secret for the same user and purpose, with a fresh expiry, and the old one
    revoked in the same transaction (one journal entry names both), so there is never a moment with two
    live tokens or none. A revoked token cannot be rotated (a new one is issued instead); an expired one
    can, which is how a system whose token lapsed gets going again."""
    with transaction.atomic():
        old = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if old.revoked_at is not None:
            raise DomainError(f"接口令牌“{old}”已吊销，不能轮换；请另行创建新令牌")
        now = timezone.now()
        new, key = _issue(user=old.user, name=old.name, expires_at=_default_expiry(now))
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        record(
            event_type="api_token.rotated",
            subject=new,
            agency_id=old.user.agency_id,
            actor=actor,
            payload={
                "user": old.user.username,
                "name": old.name,
                "prefix": new.prefix,
                "previous_prefix": old.prefix,
                "expires_at": new.expires_at.isoformat() if new.expires_at else None,
            },
        )
    return new, key


def api_token_user(key: str) -> User:
    """The user a bearer token stands for, or TokenRefused saying why not."""
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    now = timezone.now()
    if token is None:
        raise TokenRefused("接口令牌无效")
    if token.revoked_at is not None:
        raise TokenRefused(f"接口令牌（{token.prefix}…）已吊销")
    if token.expires_at is not None and token.expires_at <= now:
        expired = timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")
        raise TokenRefused(
            f"接口令牌（{token.prefix}…）已于 {expired} 过期，"
            "请在工作台“我的接口令牌”中轮换，或联系系统管理员"
        )
    if not token.user.is_active:
        raise TokenRefused("接口令牌所属用户已停用")
    # Touch at most once a minute: a write per API call would serialize readers on SQLite.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def api_token_authenticate(key: str) -> User | None:
    try:
        return api_token_user(key)
    except TokenRefused:
        return None
