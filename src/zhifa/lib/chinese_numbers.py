"""Chinese numerals as statutes write article numbers: 第一百二十四条, 第十条, 第二十一条."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"

# Reading them back: the digits (with 〇 and 两 as statutes and benchmarks also write them) and the units
# below 万; the importer's article parser and the fine-wording parser share these.
DIGIT_VALUES = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_UNITS = [(1000, "千"), (100, "百"), (10, "十")]


def to_chinese(n: int) -> str:
    """Integers 0..9999 in the form used for article, paragraph and clause numbers."""
    if not 0 <= n <= 9999:
        raise ValueError(f"out of range for article numbering: {n}")
    if n < 10:
        return _DIGITS[n]
    out: list[str] = []
    rest = n
    zero_pending = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out.append("零")
                zero_pending = False
            # 10-19 are written 十, 十一 …, not 一十 (but 110 is 一百一十).
            if not (value == 10 and digit == 1 and not out):
                out.append(_DIGITS[digit])
            out.append(unit)
        elif out:
            zero_pending = True
    if rest:
        if zero_pending:
            out.append("零")
        out.append(_DIGITS[rest])
    return "".join(out)
