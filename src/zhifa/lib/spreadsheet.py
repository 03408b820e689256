"""Cells that a spreadsheet will not execute: pure functions, standard library only.

Every CSV or XLSX the platform hands out (the portal's open data, any workbench export) passes its
cells through ``safe_cell`` / ``safe_row``. A text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return is read by Excel, LibreOffice and WPS as a formula (``=HYPERLINK(…)``,
``=cmd|' /C calc'!A0``, ``@SUM(…)``), so a party's name or a title typed by anyone could run in the
reader's spreadsheet. Following OWASP's CSV-injection guidance such a cell is prefixed with a single
quote, which the spreadsheet shows as text and which a reader can see.

Only text is touched: a number written as a number (an ``int``, ``float`` or ``Decimal`` in an XLSX
cell, or rendered by the CSV writer from one) is a value, not a formula, even when it is negative,
so ``-5`` stays ``-5``. A *text* cell ``"-5"`` is prefixed: the export cannot know it is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

# OWASP "CSV Injection": =, +, -, @, tab (0x09), carriage return (0x0D).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_text(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: prefixed with ``'`` if it would start a formula."""
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_cell(value: T) -> T | str:
    """A cell value that cannot be a formula. Strings are neutralised; every other type (numbers,
    dates, booleans, ``None``) is returned unchanged, since the writer renders it as a value."""
    if isinstance(value, str):
        return safe_text(value)
    return value


def safe_row(values: Iterable[T]) -> list[T | str]:
    return [safe_cell(v) for v in values]
