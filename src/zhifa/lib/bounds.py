"""The ranges a number or a date from outside may take before it reaches the database, and the parse of
a decimal integer within them (no Django: the journal's public endpoints use it too). core/params.py
builds the URL converter, the query-string parsers and the API types on these."""

from __future__ import annotations

from datetime import date

MAX_ID = 2**63 - 1  # PostgreSQL bigint (Django's BigAutoField), and SQLite's INTEGER
# The dates the register speaks about: nothing is decided before 1900 or after 2099, and every deadline
# computed from such a date (plus years of working days) stays far inside Python's date range.
MIN_DAY = date(1900, 1, 1)
MAX_DAY = date(2099, 12, 31)


def parse_int(text: str, *, minimum: int, maximum: int) -> int | None:
    """ASCII decimal digits (an optional leading minus) for a number in [minimum, maximum]; else None.
    Full-width digits, signs, spaces inside, exponents and hex are not numbers here."""
    body = text[1:] if text.startswith("-") else text
    if not body or not body.isascii() or not body.isdigit() or len(body) > 20:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None
