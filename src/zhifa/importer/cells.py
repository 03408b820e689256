"""Turning one spreadsheet cell into a value, or into a Chinese message that says what was expected.

Every parser takes the raw cell (text from a CSV; text, number, date or boolean from an XLSX) and
returns the value or raises :class:`CellProblem`. Blank cells are handled by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices

from zhifa.importer.reading import CellValue


class CellProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize(text: str) -> str:
    """NFKC (full-width digits, letters and punctuation to ASCII) and surrounding whitespace stripped."""
    return unicodedata.normalize("NFKC", text).strip()


def to_text(value: CellValue) -> str:
    """The cell as the user typed it. Integral numbers lose Excel's ``.0`` (``990102.0`` → ``990102``);
    dates become ``YYYY-MM-DD``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value).strip()


def shown(value: CellValue) -> str:
    """The cell quoted back to the user in a message, shortened if long."""
    text = to_text(value)
    return text if len(text) <= 40 else text[:40] + "…"


# --- dates ---------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Excel's 1900 date system: serial 1 is 1900-01-01, and Excel counts a 29 February 1900 that never
# existed, so serials from 61 on are one day ahead of the plain count from 1899-12-31.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MIN, _EXCEL_MAX = 61, 2958465  # 1900-03-01 .. 9999-12-31


def parse_date(value: CellValue) -> date:
    """A date: an Excel date cell, an Excel serial number, or text ``YYYY-MM-DD`` (also ``YYYY/M/D``,
    ``YYYY.M.D``, ``YYYY年M月D日`` and ``YYYYMMDD``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if float(value).is_integer() and _EXCEL_MIN <= int(value) <= _EXCEL_MAX:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise CellProblem(f"日期格式应为 YYYY-MM-DD，收到“{shown(value)}”")
    text = normalize(to_text(value))
    match = _DATE_RE.fullmatch(text) or _COMPACT_DATE_RE.fullmatch(text)
    if match is None:
        raise CellProblem(f"日期格式应为 YYYY-MM-DD，收到“{shown(value)}”")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellProblem(f"日期格式应为 YYYY-MM-DD，收到“{shown(value)}”") from None


# --- numbers -------------------------------------------------------------------------------------------


def parse_int(value: CellValue, *, suffixes: Iterable[str] = ()) -> int:
    """A whole number; an optional unit suffix (e.g. ``年``) is tolerated."""
    if isinstance(value, bool):
        raise CellProblem(f"应为整数，收到“{shown(value)}”")
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        if float(value).is_integer():
            return int(value)
        raise CellProblem(f"应为整数，收到“{shown(value)}”")
    text = normalize(to_text(value)).replace(",", "")
    for suffix in suffixes:
        if text.endswith(suffix):
            text = text[: -len(suffix)].strip()
            break
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    raise CellProblem(f"应为整数，收到“{shown(value)}”")


_WAN = Decimal(10000)


def parse_amount(value: CellValue, *, unit: str = "元") -> Decimal:
    """An amount in yuan, at most two decimals, not negative; ``1,000``, ``1000元`` are accepted, and so are
    amounts in 万元 as agencies publish them (``2万元``, ``1.5万``, ``万元`` alone meaning one 万). A bare
    number is in ``unit``: ``"万元"`` where the column header says so (``罚款上限（万元）``)."""
    wrong = f"应为金额（元或万元），收到“{shown(value)}”"
    if isinstance(value, bool):
        raise CellProblem(wrong)
    factor = _WAN if unit == "万元" else Decimal(1)
    if isinstance(value, (int, float, Decimal)):
        text = str(value) if not isinstance(value, float) else repr(value)
    else:
        text = normalize(to_text(value)).replace(",", "").replace("，", "").strip()
        if text.endswith("万元") or text.endswith("万"):
            text = text.removesuffix("元").removesuffix("万").strip() or "1"
            factor = _WAN
        elif text.endswith("元"):
            text = text.removesuffix("元").strip()
            factor = Decimal(1)
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellProblem(wrong) from None
    if not amount.is_finite():
        raise CellProblem(wrong)
    if amount < 0:
        raise CellProblem(f"金额不能为负数，收到“{shown(value)}”")
    amount *= factor
    quantized = amount.quantize(Decimal("0.01"))
    if quantized != amount:
        raise CellProblem(f"金额最多保留两位小数（按元计），收到“{shown(value)}”")
    if quantized >= Decimal("1e12"):
        raise CellProblem(f"金额过大，收到“{shown(value)}”")
    return quantized


def parse_percent(value: CellValue) -> Decimal:
    """A percentage as lists publish it: ``5%``, ``5％``, ``5``, an Excel percentage cell (0.05), or a floor
    ``不低于5%`` (the ratio is the floor the list sets)."""
    wrong = f"应为百分比（如 5%），收到“{shown(value)}”"
    if isinstance(value, bool):
        raise CellProblem(wrong)
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        # An Excel cell formatted as a percentage holds the fraction (0.05 for 5%).
        percent = number * 100 if 0 < number < 1 else number
    else:
        text = normalize(to_text(value))
        match = re.fullmatch(r"(?:不低于|不少于|不超过|原则上不低于|≥|>=)?\s*(\d+(?:\.\d+)?)\s*%", text)
        if match is None:
            match = re.fullmatch(r"(\d+(?:\.\d+)?)", text)
        if match is None:
            raise CellProblem(wrong)
        percent = Decimal(match[1])
    if not Decimal(0) < percent <= Decimal(100):
        raise CellProblem(f"百分比应大于 0 且不超过 100，收到“{shown(value)}”")
    quantized = percent.quantize(Decimal("0.01"))
    if quantized != percent:
        raise CellProblem(f"百分比最多保留两位小数，收到“{shown(value)}”")
    return quantized


# --- booleans and choices ------------------------------------------------------------------------------

_TRUE = {"是", "有", "y", "yes", "true", "t", "1", "√", "✓"}
_FALSE = {"否", "无", "n", "no", "false", "f", "0", "×", "✗"}


def parse_bool(value: CellValue) -> bool:
    if isinstance(value, bool):
        return value
    text = normalize(to_text(value)).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellProblem(f"应填“是”或“否”，收到“{shown(value)}”")


def parse_choice(
    value: CellValue, choices: type[TextChoices], *, aliases: dict[str, str] | None = None
) -> str:
    """The code of a choice given by its Chinese label or its code (case-insensitive)."""
    text = normalize(to_text(value))
    for code, label in choices.choices:
        if text == label or text.lower() == str(code).lower():
            return str(code)
    if aliases and text in aliases:
        return aliases[text]
    allowed = "、".join(str(label) for _, label in choices.choices)
    raise CellProblem(f"应为{allowed}之一，收到“{shown(value)}”")


def split_list(text: str) -> list[str]:
    """A list in one cell, separated by 、 ， , ； ; or line breaks; blanks dropped."""
    return [p.strip() for p in re.split(r"[、，,；;\n]", text) if p.strip()]
