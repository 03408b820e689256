"""Shared pieces of the REST API: authentication (a bearer token for other systems, the session for the
workbench) and the caller's scope, which every endpoint passes to its selector."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from zhifa.core.scope import Scope


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from zhifa.accounts.services import api_token_authenticate

        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The workbench's logged-in session (CSRF is checked for unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


def scope_of(request: HttpRequest) -> Scope:
    from zhifa.accounts.selectors import scope_for

    return scope_for(getattr(request, "auth", None) or request.user)
