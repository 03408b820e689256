"""Shared pieces of the REST API. Authentication lives in accounts (accounts.api_auth); it resolves the
caller's scope once and leaves it on the request, where every endpoint reads it with `scope_of`."""

from __future__ import annotations

from django.http import HttpRequest

from zhifa.core.scope import Scope


def scope_of(request: HttpRequest) -> Scope:
    scope = getattr(request, "zhifa_scope", None)
    return scope if isinstance(scope, Scope) else Scope.nothing()
