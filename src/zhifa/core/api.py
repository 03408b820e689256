"""Shared pieces of the REST API. Authentication lives in accounts (accounts.api_auth); it resolves the
caller's scope once and leaves it on the request, where every endpoint reads it with `scope_of`.

Every operation documents the same error answers (`ERRORS`), lists page with `Paging`, and takes ids,
dates, limits and offsets as the range-checked types of core/params.py."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser

from zhifa.core.params import MAX_LIMIT, MAX_OFFSET
from zhifa.core.scope import Scope


def scope_of(request: HttpRequest) -> Scope:
    scope = getattr(request, "zhifa_scope", None)
    return scope if isinstance(scope, Scope) else Scope.nothing()


class ErrorOut(Schema):
    detail: str


class RefusalOut(Schema):
    guard: str
    message: str
    article: str


class RefusedOut(Schema):
    """422: a refusal by a rule (`rule` cites the article; `refusals` lists every guard that refused a
    case step) or a request that does not parse (`errors` names the fields)."""

    detail: str
    rule: str = ""
    field: str | None = None
    refusals: list[RefusalOut] = []
    errors: list[dict[str, Any]] = []


# The error answers every operation may give, documented on each (response={200: X, **ERRORS}).
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,  # a body that is not JSON, or text with a NUL character
    401: ErrorOut,  # no valid token or session
    403: ErrorOut,  # the caller's role may not do this
    404: ErrorOut,  # not found, or outside the caller's scope (the two are not distinguished)
    422: RefusedOut,
}


class Paging(LimitOffsetPagination):
    """limit/offset paging with both bounded (core/params.py): an offset past a bigint would overflow
    the database's OFFSET."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="每页条数")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")


def _refuse_bad_text(value: object) -> None:
    if isinstance(value, str):
        # PostgreSQL text cannot hold NUL; a lone surrogate cannot be encoded as UTF-8.
        if "\x00" in value or (not value.isascii() and _not_utf8(value)):
            raise HttpError(400, "请求含有不允许的字符（NUL 或无效的 Unicode 代理字符）")
    elif isinstance(value, dict):
        for k, v in value.items():
            _refuse_bad_text(k)
            _refuse_bad_text(v)
    elif isinstance(value, list):
        for v in value:
            _refuse_bad_text(v)


def _not_utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class StrictParser(Parser):
    """JSON bodies and query strings whose text the database can store."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            data = json.loads(request.body)
        except ValueError as exc:
            raise HttpError(400, "请求体不是有效的 JSON") from exc
        _refuse_bad_text(data)
        return data  # type: ignore[no-any-return]

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        _refuse_bad_text(result)
        return result
