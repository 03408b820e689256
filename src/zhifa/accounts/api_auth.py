"""API authentication: a bearer token for other systems, the session for the workbench. Both resolve the
caller's scope once and leave it on the request (core.api.scope_of reads it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from zhifa.accounts.selectors import scope_for
from zhifa.accounts.services import TokenRefused, api_token_user

# What a request with no credentials at all is told (ninja's own default is English "Unauthorized").
NOT_AUTHENTICATED = "请先登录，或使用有效的接口令牌（Authorization: Bearer …）"


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """A token that is presented but refused (unknown, revoked, expired) is answered 401 with the
        reason; the session is not tried in its place."""
        try:
            user = api_token_user(token)
        except TokenRefused as exc:
            raise AuthenticationError(message=exc.message) from exc
        request.user = user
        request.zhifa_scope = scope_for(user)  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The workbench's logged-in session (django-ninja checks CSRF for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.zhifa_scope = scope_for(user)  # type: ignore[attr-defined]
            return user
        return None
