"""The one place where numbers, ids and dates coming from outside (a URL, a query string, an API body) are
range-checked, so that no input reaches the database as a value it cannot hold.

An id past PostgreSQL's bigint raises DataError there and OverflowError on SQLite; a date past 9999 or a
"next day" of 9999-12-31 raises in Python. Each such value is refused here, with a Chinese message:

- URL ids: the `id` path converter (registered once, in CoreConfig.ready) matches 1..2^63-1 only, so
  /cases/99999999999999999999/ is an ordinary 404;
- query strings of the HTML pages: `query_id`, `query_int`, `query_date`, `page_number` raise `BadParameter`,
  which the root URLconf's handler400 answers as 400 with its message;
- the REST API: the pydantic types `Id`, `Day`, `Offset`, `Limit` below, in path, query and body alike
  (answered 422 by the API's validation handler; a path id out of range is a 404 there too);
- data inside a body (case step data, tus metadata): `parse_id`, `day_in_range`, `MAX_AMOUNT`.
The bounds themselves and the integer parse are in lib/bounds.py (no Django), for the journal too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import BadRequest
from pydantic import Field

from zhifa.lib.bounds import MAX_DAY, MAX_ID, MIN_DAY, parse_int

__all__ = [
    "MAX_AMOUNT",
    "MAX_DAY",
    "MAX_ID",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_PAGE",
    "MIN_DAY",
    "BadParameter",
    "Day",
    "Id",
    "IdConverter",
    "Limit",
    "Money",
    "Offset",
    "day_in_range",
    "page_number",
    "parse_id",
    "query_date",
    "query_id",
    "query_int",
]

MAX_PAGE = 1_000_000  # deeper pages are reached with the filters, never by paging (portal max_rows)
MAX_LIMIT = 500  # rows one API call may ask for
MAX_OFFSET = 10**9
MAX_AMOUNT = Decimal(10**12)  # yuan: DecimalField(max_digits=14, decimal_places=2) holds less


class BadParameter(BadRequest):
    """A query parameter that is not what the page expects: answered 400 with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def query_int(
    value: str | None, *, name: str, label: str, minimum: int = 0, maximum: int = MAX_ID
) -> int | None:
    """An optional integer query parameter: blank is None, anything else must be a number in range."""
    value = (value or "").strip()
    if not value:
        return None
    number = parse_int(value, minimum=minimum, maximum=maximum)
    if number is None:
        if parse_int(value, minimum=-(10**20), maximum=10**20) is None:
            raise BadParameter(f"参数“{label}”（{name}）应为整数")
        raise BadParameter(f"参数“{label}”（{name}）应在 {minimum} 到 {maximum} 之间")
    return number


def query_id(value: str | None, *, name: str, label: str) -> int | None:
    """An optional id in a query string (a filter by agency, item, officer…): 1..2^63-1."""
    return query_int(value, name=name, label=label, minimum=1, maximum=MAX_ID)


def query_date(value: str | None, *, name: str, label: str) -> date | None:
    """An optional date (YYYY-MM-DD) in a query string, between MIN_DAY and MAX_DAY."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value) if value.isascii() and len(value) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise BadParameter(f"参数“{label}”（{name}）应为日期，格式为 YYYY-MM-DD")
    if not MIN_DAY <= day <= MAX_DAY:
        raise BadParameter(f"参数“{label}”（{name}）应在 {MIN_DAY} 至 {MAX_DAY} 之间")
    return day


def parse_id(value: object) -> int | None:
    """An id given as data (an API body, a form, tus metadata): an int, or ASCII digits, in 1..2^63-1;
    anything else is None for the caller to refuse in its own words."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MAX_ID else None
    if isinstance(value, str):
        return parse_int(value.strip(), minimum=1, maximum=MAX_ID)
    return None


def day_in_range(day: date) -> bool:
    return MIN_DAY <= day <= MAX_DAY


def page_number(value: str | None) -> int:
    """The `page` of a paged list: blank is 1; a number past the last page (or "last") shows the last
    page, as Paginator.get_page does; anything else is refused."""
    if value == "last":
        return MAX_PAGE
    return query_int(value, name="page", label="页码", minimum=1, maximum=MAX_PAGE) or 1


class IdConverter:
    """`<id:case_id>` in a URL pattern: a positive integer that fits a bigint; anything else does not
    match the pattern, which is a 404 like any unknown address."""

    regex = "[0-9]{1,20}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # the resolver treats it as no match
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


# pydantic types for django-ninja: path and query parameters and schema fields.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Day = Annotated[date, Field(ge=MIN_DAY, le=MAX_DAY)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
# Amounts in yuan as the register stores them (DecimalField(max_digits=14, decimal_places=2)).
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
