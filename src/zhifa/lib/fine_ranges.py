"""Fine ranges as discretion benchmarks write them, read into numbers; pure, no Django.

Agencies' 裁量基准 state a tier's fine in many forms (all seen in published benchmarks):

- absolute, in 元 or 万元, in Arabic or Chinese numerals: "处1万元以上3万元以下罚款", "处三万元以下的罚款",
  "0.5万元至1万元";
- a percentage or multiple of a named base: "货值金额百分之五十以上一倍以下", "违法所得1倍以上3倍以下",
  "货值金额等值以上三倍以下", "投资额百分之一以上百分之五以下";
- open at either end: "三万元以下" (upper bound only), "五万元以上" (lower bound only);
- with branches: "责令改正，给予警告；逾期未改正的，处一万元以上三万元以下罚款";
- with a fine on the responsible persons (双罚): "…对直接负责的主管人员和其他直接责任人员处一万元以上
  二万元以下罚款".

In Chinese legal drafting 以上/以下 include the number itself (刑法 Art.99 and the common usage of
行政处罚法), so both bounds are inclusive; "不足" excludes it and is only met in conditions here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from zhifa.lib.chinese_numbers import DIGIT_VALUES, SMALL_UNITS

# The bases benchmarks compute fines from. Longer names first so that "工程合同价款" wins over "合同价款".
BASES = (
    "违法生产、销售产品货值金额",
    "违法生产销售产品货值金额",
    "货值金额",
    "违法所得",
    "非法所得",
    "违法收入",
    "项目投资额",
    "投资额",
    "工程合同价款",
    "合同价款",
    "合同金额",
    "工程造价",
    "销售额",
    "营业额",
    "销售收入",
    "经营额",
    "违法经营额",
    "不缴或者少缴的税款",
    "应纳税款",
    "税款",
    "广告费用",
    "交易额",
)
_BASES_RE = "|".join(re.escape(b) for b in sorted(BASES, key=len, reverse=True))

_CN_DIGITS = DIGIT_VALUES
_CN_SMALL = SMALL_UNITS
_CN_BIG = {"万": 10_000, "亿": 100_000_000}

_NUM = r"(?:\d+(?:\.\d+)?\s*[千万亿]*|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?)"
_MONEY = rf"{_NUM}\s*元"
_MONEY_LOOSE = rf"{_NUM}\s*元?"
_CN_SMALL_NUM = "[零〇一二两三四五六七八九十]+"
_RATIO = (
    rf"(?:百分之{_NUM}|千分之{_NUM}|\d+(?:\.\d+)?\s*[%‰]|等值|{_NUM}\s*倍"
    rf"|{_CN_SMALL_NUM}分之{_CN_SMALL_NUM})"
)
_RATIO_LOOSE = rf"(?:{_RATIO}|{_NUM})"
_TO = r"\s*(?:至|到|-|~|—|–|－)\s*"

# A fine on the responsible persons of a unit (双罚), as 安全生产法 and many other laws provide.
_PERSONS = re.compile(
    r"(?:对|并对|同时对)(?:其|该单位|单位)?(?:的)?"
    r"(?:直接负责的主管人员|主要负责人|法定代表人|直接责任人员|有关责任人员|负有责任的[^，,；;。处]{0,12})"
    r"[^；;。处]{0,30}?(?:可以|可|并)?处"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # multiple of a base, both ends / one end
    (
        "rate",
        re.compile(
            rf"(?P<base>{_BASES_RE})(?:的)?\s*(?P<lo>{_RATIO})以上(?:的)?[、，,]?\s*(?P<hi>{_RATIO})以下"
        ),
    ),
    ("rate", re.compile(rf"(?P<base>{_BASES_RE})(?:的)?\s*(?P<lo>{_RATIO_LOOSE}){_TO}(?P<hi>{_RATIO})")),
    ("rate", re.compile(rf"(?P<base>{_BASES_RE})(?:的)?\s*(?P<hi>{_RATIO})以下")),
    ("rate", re.compile(rf"(?P<base>{_BASES_RE})(?:的)?\s*(?P<lo>{_RATIO})以上")),
    # absolute
    ("abs", re.compile(rf"(?P<lo>{_MONEY_LOOSE})以上(?:的)?[、，,]?\s*(?P<hi>{_MONEY})以下")),
    ("abs", re.compile(rf"(?P<lo>{_MONEY_LOOSE}){_TO}(?P<hi>{_MONEY})")),
    ("abs", re.compile(rf"(?:不超过|不高于|最高不超过)(?P<hi>{_MONEY})")),
    ("abs", re.compile(rf"(?:不少于|不低于)(?P<lo>{_MONEY})")),
    ("abs", re.compile(rf"(?P<hi>{_MONEY})以下")),
    ("abs", re.compile(rf"(?P<lo>{_MONEY})以上")),
)

# A range counts as the fine only where the text makes it one: after 处 (并处, 可以处…), or followed by
# 罚款 — so that amounts in conditions ("货值金额一万元以上的，…") are not taken for fines.
_BEFORE = re.compile(r"(?:处|罚款|罚)\s*$")
_AFTER = re.compile(r"^\s*(?:的)?\s*(?:罚款|罚金)")

# Other penalty kinds named in a tier (行政处罚法 Art.9), as the names the case engine uses.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("警告", re.compile(r"警告")),
    ("通报批评", re.compile(r"通报批评")),
    ("没收违法所得", re.compile(r"没收(?:其)?违法所得")),
    (
        "没收非法财物",
        re.compile(
            r"没收(?:其)?(?:非法财物|违法[^，,；;。]{0,12}(?:产品|商品|物品|财物|工具|设备|原料|食品|药品)|用于违法|伪造|假冒)"
        ),
    ),
    ("暂扣许可证件", re.compile(r"暂扣[^，,；;。]{0,10}(?:许可证|执照|证书|证件)")),
    ("降低资质等级", re.compile(r"降低资质等级")),
    ("吊销许可证件", re.compile(r"吊销[^，,；;。]{0,10}(?:许可证|执照|证书|证件)")),
    ("限制开展生产经营活动", re.compile(r"限制开展生产经营活动")),
    ("责令停产停业", re.compile(r"责令(?:其)?(?:停产停业|停业整顿|停产整顿|停止营业|停业)")),
    ("责令关闭", re.compile(r"责令(?:其)?关闭|予以关闭")),
    ("限制从业", re.compile(r"限制从业|(?:年内|终身)不得(?:从事|担任)")),
)
FINE = "罚款"


class NotAnAmount(ValueError):
    """The text is not an amount this module can read."""


def _cn_integer(text: str) -> int:
    total = section = digit = 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        elif ch in _CN_BIG:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
        else:
            raise NotAnAmount(text)
    return total + section + digit


def parse_number(text: str) -> Decimal:
    """``"3"``, ``"0.5"``, ``"三"``, ``"十五"``, ``"1.5万"``, ``"一万五千"``, ``"三点五"`` → the number."""
    t = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "").strip()
    if not t:
        raise NotAnAmount(text)
    multiplier = Decimal(1)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([千万亿]*)", t)
    if m:
        for ch in m[2]:
            multiplier *= {"千": 1000, "万": 10_000, "亿": 100_000_000}[ch]
        return Decimal(m[1]) * multiplier
    if "点" in t:
        whole, _, frac = t.partition("点")
        digits = "".join(str(_CN_DIGITS[c]) for c in frac if c in _CN_DIGITS)
        if len(digits) != len(frac):
            raise NotAnAmount(text)
        return Decimal(f"{_cn_integer(whole) if whole else 0}.{digits}")
    return Decimal(_cn_integer(t))


def parse_money(text: str) -> Decimal:
    """An amount in 元: ``"3万元"``, ``"三万元"``, ``"0.5万元"``, ``"2,000元"``, ``"2000"`` → yuan."""
    t = unicodedata.normalize("NFKC", text).strip().removeprefix("人民币").removesuffix("元").strip()
    try:
        value = parse_number(t)
    except (NotAnAmount, InvalidOperation, KeyError):
        raise NotAnAmount(text) from None
    return value.quantize(Decimal("0.01"))


def parse_ratio(text: str) -> Decimal:
    """A multiple of a base: ``"百分之五十"``/``"50%"`` → 0.5, ``"一倍"``/``"1倍"``/``"等值"`` → 1,
    ``"千分之五"`` → 0.005, ``"二分之一"`` → 0.5; a bare number is a multiple."""
    t = unicodedata.normalize("NFKC", text).replace(" ", "").strip()
    try:
        if t == "等值":
            return Decimal(1)
        if t.startswith("百分之"):
            return parse_number(t[3:]) / 100
        if t.startswith("千分之"):
            return parse_number(t[3:]) / 1000
        if t.endswith("%"):
            return parse_number(t[:-1]) / 100
        if t.endswith("‰"):
            return parse_number(t[:-1]) / 1000
        if "分之" in t:
            den, _, num = t.partition("分之")
            return parse_number(num) / parse_number(den)
        return parse_number(t.removesuffix("倍"))
    except (NotAnAmount, InvalidOperation, KeyError, ZeroDivisionError):
        raise NotAnAmount(text) from None


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _yuan(value: Decimal) -> str:
    if value >= 10_000 and value % 100 == 0:
        return f"{_plain(value / 10_000)}万元"
    return f"{_plain(value)}元"


def _ratio(value: Decimal) -> str:
    if value < 1:
        return f"{_plain(value * 100)}%"
    return f"{_plain(value)}倍"


@dataclass(frozen=True)
class FineRange:
    """A fine range. ``base`` empty: ``low``/``high`` are yuan; else they are multiples of the named base
    (0.5 is 50%). Either end may be open (None). ``condition`` is the branch's own condition, if any."""

    low: Decimal | None = None
    high: Decimal | None = None
    base: str = ""
    condition: str = ""

    def bounds(self, base_amount: Decimal | None = None) -> tuple[Decimal | None, Decimal | None]:
        """The bounds in yuan; a multiple needs the base amount."""
        if not self.base:
            return self.low, self.high
        if base_amount is None:
            raise ValueError("base amount needed")
        cent = Decimal("0.01")
        return (
            None if self.low is None else (self.low * base_amount).quantize(cent),
            None if self.high is None else (self.high * base_amount).quantize(cent),
        )

    def contains(self, amount: Decimal, base_amount: Decimal | None = None) -> bool:
        low, high = self.bounds(base_amount)
        return (low is None or amount >= low) and (high is None or amount <= high)

    def describe(self) -> str:
        """The range in words, as a benchmark would write it."""
        fmt = _ratio if self.base else _yuan
        if self.low is not None and self.high is not None:
            text = f"{fmt(self.low)}以上{fmt(self.high)}以下"
        elif self.high is not None:
            text = f"{fmt(self.high)}以下"
        elif self.low is not None:
            text = f"{fmt(self.low)}以上"
        else:
            text = "未定幅度"
        return f"{self.base}{text}"

    def as_json(self) -> dict[str, str]:
        return {
            "condition": self.condition,
            "base": self.base,
            "low": "" if self.low is None else str(self.low),
            "high": "" if self.high is None else str(self.high),
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> FineRange:
        return cls(
            low=Decimal(data["low"]) if data.get("low") else None,
            high=Decimal(data["high"]) if data.get("high") else None,
            base=data.get("base", ""),
            condition=data.get("condition", ""),
        )


@dataclass(frozen=True)
class ParsedFine:
    """What a tier's text says: its fine ranges (the first is the main one, the others branches), the
    fine on the responsible persons, and the penalty kinds it names."""

    ranges: tuple[FineRange, ...] = ()
    person: FineRange | None = None
    penalty_kinds: tuple[str, ...] = field(default=())

    @property
    def main(self) -> FineRange | None:
        return self.ranges[0] if self.ranges else None


def _condition_before(text: str, start: int) -> str:
    """The clause ending in 的 that introduces a branch ("逾期未改正的，处…"), if the range has one."""
    head = re.split(r"[；;。]", text[:start])[-1]
    m = re.search(
        r"([^，,；;。]*的)\s*[，,]\s*(?:[^，,；;。]*[，,]\s*)?(?:可以|可|并|应当)?(?:并)?处?\s*$", head
    )
    return m[1].strip() if m else ""


def _ranges(text: str, *, whole: bool = False) -> list[FineRange]:
    found: list[tuple[int, int, FineRange]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            spans_all = whole and not text[:start].strip() and not text[end:].strip(" 。.的罚款")
            if not spans_all and not (_BEFORE.search(text[:start]) or _AFTER.match(text[end:])):
                continue
            groups = m.groupdict()
            try:
                if kind == "rate":
                    low = parse_ratio(groups["lo"]) if groups.get("lo") else None
                    high = parse_ratio(groups["hi"]) if groups.get("hi") else None
                    base = groups["base"]
                else:
                    low = parse_money(groups["lo"]) if groups.get("lo") else None
                    high = parse_money(groups["hi"]) if groups.get("hi") else None
                    base = ""
            except NotAnAmount:
                continue
            taken.append((start, end))
            found.append((start, end, FineRange(low, high, base, _condition_before(text, start))))
    found.sort(key=lambda f: f[0])
    return [f[2] for f in found]


def parse_fine_text(text: str) -> ParsedFine:
    """Read a tier's penalty text. Nothing is invented: a range the text does not state clearly is left
    out (the caller keeps the text itself)."""
    t = unicodedata.normalize("NFKC", text or "")
    main_parts: list[str] = []
    person: FineRange | None = None
    for sentence in re.split(r"(?<=[；;。])", t):
        m = _PERSONS.search(sentence)
        if m is None:
            main_parts.append(sentence)
            continue
        main_parts.append(sentence[: m.start()])
        found = _ranges("处" + sentence[m.end() :])
        if found and person is None:
            person = FineRange(found[0].low, found[0].high, found[0].base)
    main = "".join(main_parts)
    ranges = _ranges(main, whole=True)
    kinds = [name for name, pattern in _KINDS if pattern.search(main)]
    if ranges or re.search(r"罚款", main):
        kinds.insert(0, FINE) if FINE not in kinds else None
    return ParsedFine(ranges=tuple(ranges), person=person, penalty_kinds=tuple(kinds))


def parse_range_cell(text: str, *, base: str = "") -> FineRange:
    """One cell holding a range or a single bound, e.g. a 罚款幅度 column: "1万元以上3万元以下",
    "三万元以下", "百分之五十以上一倍以下" (with ``base`` given or named in the text)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if base and not t.startswith(base):
        t = base + t
    found = _ranges(t, whole=True)
    if not found:
        raise NotAnAmount(text)
    return found[0]


SEVERITY_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("no_penalty", re.compile(r"不予(?:行政)?处罚|免予(?:行政)?处罚|免罚")),
    ("particularly_serious", re.compile(r"特别严重|(?<!较)严重|从重|特别重大|重大")),
    ("serious", re.compile(r"较重|较严重|较大")),
    ("minor", re.compile(r"轻微|较轻|从轻|轻")),
    ("ordinary", re.compile(r"一般|适中|中等|基本")),
)


def severity_of(label: str) -> str | None:
    """The severity a tier label in an agency's words means, when the words say it ("较重违法行为" →
    serious, "适中" → ordinary, "不予处罚" → no_penalty); None for labels such as "A", "第一项"."""
    t = unicodedata.normalize("NFKC", label)
    for code, pattern in SEVERITY_WORDS:
        if pattern.search(t):
            return code
    return None
