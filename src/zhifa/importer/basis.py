"""The legal-basis cell (执法依据) of the items registry.

Grammar (full-width and ASCII forms of digits, brackets, colons and semicolons are equivalent; the law
name is kept exactly as written, because it must match the law library)::

    cell      := reference { separator reference } [ separator ]
    separator := "；" | ";" | line break
    reference := [ role ( "：" | ":" ) ] law article [ paragraph ] [ clause ]
    role      := "设定依据" | "处罚依据" | "程序依据"          (default: 设定依据)
    law       := the law's name as recorded in the law library, optionally in 《》
    article   := "第" number "条"
    paragraph := "第" number "款"
    clause    := "第" number "项"  |  "第（" number "）项"
    number    := Arabic digits ("124") or Chinese numerals ("一百二十四"), at least 1

Spaces between the parts are optional. Examples::

    中华人民共和国食品安全法 第124条第1款; 中华人民共和国行政处罚法 第28条
    《中华人民共和国食品安全法》第一百二十四条第一款第（二）项
    处罚依据：中华人民共和国食品安全法 第124条第1款第2项；设定依据：中华人民共和国行政许可法 第12条

Not supported (write them as separate references): several articles after one law name
("第1条、第2条"), inserted articles ("第十条之一"), and 目/节 sub-divisions.
"""

from __future__ import annotations

import re
import unicodedata

from zhifa.catalog.models import LegalBasis
from zhifa.catalog.services import BasisRef
from zhifa.importer.cells import CellProblem

_CN_DIGITS = {
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
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_NUMBER = r"[0-9０-９零〇一二两三四五六七八九十百千]+"
_REFERENCE = re.compile(
    rf"""
    (?:(?P<role>设定依据|处罚依据|程序依据)\s*[:：]\s*)?
    《?\s*(?P<law>[^《》;；:：]+?)\s*》?\s*
    第\s*(?P<article>{_NUMBER})\s*条
    (?:\s*第\s*(?P<paragraph>{_NUMBER})\s*款)?
    (?:\s*第\s*[(（]?\s*(?P<clause>{_NUMBER})\s*[)）]?\s*项)?
    """,
    re.VERBOSE,
)
_ROLES = {
    "设定依据": LegalBasis.Role.DUTY,
    "处罚依据": LegalBasis.Role.PENALTY,
    "程序依据": LegalBasis.Role.PROCEDURE,
}

GRAMMAR_HINT = "格式应为“法律名称 第N条[第N款][第N项]”，多条依据用分号分隔"


def parse_chinese_number(text: str) -> int | None:
    """``124``, ``一百二十四``, ``十二``, ``一百零五``, ``两千``… → int; None if not a number in 1..9999."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii() and text.isdigit():
        value = int(text)
        return value if 0 < value <= 9999 else None
    total = 0
    digit: int | None = None
    last_unit = 10_000
    zero_seen = False
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None:
                return None  # two digits in a row ("一二")
            d = _CN_DIGITS[ch]
            if d == 0:
                if zero_seen or total == 0:
                    return None
                zero_seen = True
                continue
            digit = d
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if unit != 10 or total != 0:  # only a leading 十 may stand without a digit
                    return None
                digit = 1
            total += digit * unit
            digit = None
            last_unit = unit
            zero_seen = False
        else:
            return None
    if digit is not None:
        if zero_seen or last_unit == 10_000 or last_unit == 10:
            total += digit
        else:
            # "一百五" (colloquial 150) is not how statutes number articles.
            return None
    return total if 0 < total <= 9999 else None


def parse_basis(text: str) -> list[BasisRef]:
    """Parse a legal-basis cell; CellProblem names the first reference that does not fit the grammar."""
    parts = [p.strip() for p in re.split(r"[;；\n]", text)]
    parts = [p for p in parts if p]
    if not parts:
        raise CellProblem("执法依据不能为空，" + GRAMMAR_HINT)
    refs: list[BasisRef] = []
    for index, part in enumerate(parts, start=1):
        match = _REFERENCE.fullmatch(part)
        where = f"第 {index} 条依据“{part}”" if len(parts) > 1 else f"“{part}”"
        if match is None:
            raise CellProblem(f"{where}无法识别，{GRAMMAR_HINT}")
        numbers: dict[str, int | None] = {}
        for name, label in (("article", "条"), ("paragraph", "款"), ("clause", "项")):
            raw = match[name]
            if raw is None:
                numbers[name] = None
                continue
            value = parse_chinese_number(raw)
            if value is None:
                raise CellProblem(f"{where}中的“第{raw}{label}”不是有效的序号")
            numbers[name] = value
        article = numbers["article"]
        assert article is not None
        refs.append(
            BasisRef(
                law=match["law"].strip(),
                article=article,
                paragraph=numbers["paragraph"],
                clause=numbers["clause"],
                role=_ROLES[match["role"]] if match["role"] else LegalBasis.Role.DUTY,
            )
        )
    return refs
