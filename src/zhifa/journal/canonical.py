"""Canonical JSON: the exact bytes that a journal entry's hash covers.

Keys sorted, no insignificant whitespace, UTF-8 without escaping (Chinese stays readable), datetimes in
ISO 8601 with offset, decimals and dates as strings. Two equal payloads always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not serializable into the journal: {type(value).__name__}")


def canonical_json(value: Mapping[str, Any] | list[Any] | None) -> str:
    return json.dumps(
        value if value is not None else {},
        default=_default,
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
