"""行政执法统计年报 templates, pure: a province's penalty categories and rows as data, the tie-break that puts
a decision with several penalty kinds in exactly one category, and amounts in yuan or 万元.

What real templates say (the 2019–2024 年报 of 广州, 杭州, 曲阜, 大同, 庆元 and others all carry the same
note): 单处一个类别行政处罚的，计入相应的行政处罚类别；并处两种以上行政处罚的，算一宗行政处罚，计入最重的
行政处罚类别 …… 并处明确类别的行政处罚和其他行政处罚的，计入明确类别的行政处罚. A template lists its
categories from the lightest to the heaviest (行政处罚法 Art.9 order in the national default; some
provinces rank 吊销 above 责令关闭), so "the heaviest" is the category listed last among the decision's,
and 其他 never outranks a named kind. Some provinces instead count a decision under the kind the decision
lists last; both rules are selectable per template.

No Django here: the statistics app feeds it the platform's kinds and figures."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HEAVIEST = "heaviest"
LAST_LISTED = "last_listed"
TIE_BREAKS = {HEAVIEST: "计入最重的处罚类别", LAST_LISTED: "计入决定书最后列明的处罚种类"}

YUAN = "yuan"
WAN = "wan"
AMOUNT_UNITS = {YUAN: "元", WAN: "万元"}
# 万元 keeps four places (1 元 = 0.0001 万元), as the 曲阜 and 广州 tables print it: no yuan is lost.
_PLACES = {YUAN: Decimal("0.01"), WAN: Decimal("0.0001")}

# 行政处罚法 Art.9(6): 法律、行政法规规定的其他行政处罚. A kind the template does not name counts here.
OTHER_KIND = "其他"


class TemplateError(ValueError):
    """A template that cannot be used; `message` says in Chinese what is wrong and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    """One line of a table: a figure of the platform (`figure`) or a penalty category (`category`)."""

    label: str
    figure: str = ""
    category: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]
    note: str = ""


@dataclass(frozen=True)
class Definition:
    categories: tuple[Category, ...]
    sections: tuple[Section, ...]

    def category(self, code: str) -> Category:
        for c in self.categories:
            if c.code == code:
                return c
        raise KeyError(code)


def _text(value: Any, where: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{where}缺少{what}")
    return value.strip()


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise TemplateError(f"{where}应为非空列表")
    return value


def _categories(data: Any, kinds: Sequence[str]) -> tuple[Category, ...]:
    out: list[Category] = []
    placed: dict[str, str] = {}
    codes: set[str] = set()
    for i, raw in enumerate(_list(data, "处罚类别（categories）"), start=1):
        where = f"第 {i} 个处罚类别"
        if not isinstance(raw, dict):
            raise TemplateError(f"{where}格式不正确，应含 code、label、kinds")
        code = _text(raw.get("code"), where, "代码（code）")
        label = _text(raw.get("label"), f"{where}“{code}”", "名称（label）")
        if code in codes:
            raise TemplateError(f"处罚类别代码“{code}”重复")
        codes.add(code)
        members = _list(raw.get("kinds"), f"{where}“{label}”的处罚种类（kinds）")
        for kind in members:
            if kind not in kinds:
                raise TemplateError(
                    f"{where}“{label}”含有未知的处罚种类“{kind}”；可用的处罚种类为：{'、'.join(kinds)}"
                )
            if kind in placed:
                raise TemplateError(f"处罚种类“{kind}”同时归入“{placed[kind]}”和“{label}”两个类别")
            placed[kind] = label
        out.append(Category(code, label, tuple(members)))
    missing = [k for k in kinds if k not in placed]
    if missing:
        raise TemplateError(
            f"处罚种类“{'、'.join(missing)}”未归入任何类别：每种处罚都应计入一个类别，合计才等于决定总数"
        )
    return tuple(out)


def _sections(data: Any, categories: Sequence[Category], figures: Mapping[str, str]) -> tuple[Section, ...]:
    codes = [c.code for c in categories]
    out: list[Section] = []
    for i, raw in enumerate(_list(data, "统计表（sections）"), start=1):
        if not isinstance(raw, dict):
            raise TemplateError(f"第 {i} 张统计表格式不正确，应含 title、rows")
        title = _text(raw.get("title"), f"第 {i} 张统计表", "标题（title）")
        rows: list[Row] = []
        for j, r in enumerate(_list(raw.get("rows"), f"统计表“{title}”的行（rows）"), start=1):
            where = f"统计表“{title}”第 {j} 行"
            if not isinstance(r, dict):
                raise TemplateError(f"{where}格式不正确，应含 label 和 figure 或 category")
            label = _text(r.get("label"), where, "名称（label）")
            figure, category = r.get("figure") or "", r.get("category") or ""
            if bool(figure) == bool(category):
                raise TemplateError(
                    f"{where}“{label}”应当且只能指定一个统计指标（figure）或处罚类别（category）"
                )
            if category and category not in codes:
                raise TemplateError(
                    f"{where}“{label}”引用的处罚类别“{category}”不存在；本模板的处罚类别为：{'、'.join(codes)}"
                )
            if figure and figure not in figures:
                raise TemplateError(
                    f"{where}“{label}”引用的统计指标“{figure}”不存在；可用的指标见统计年报说明"
                )
            rows.append(Row(label, str(figure), str(category)))
        note = raw.get("note") or ""
        out.append(Section(title, tuple(rows), str(note)))
    return tuple(out)


def parse_definition(data: Any, *, kinds: Sequence[str], figures: Mapping[str, str]) -> Definition:
    """A template's definition from its JSON data: categories (lightest to heaviest) over `kinds` (every
    kind in exactly one), and tables whose rows name a figure of `figures` or one of its categories.
    TemplateError with the first problem, located, in Chinese."""
    if not isinstance(data, dict):
        raise TemplateError("模板定义应为 JSON 对象，含 categories 和 sections")
    categories = _categories(data.get("categories"), kinds)
    return Definition(categories, _sections(data.get("sections"), categories, figures))


def definition_data(definition: Definition) -> dict[str, Any]:
    """The JSON data of a definition (parse_definition's inverse)."""
    return {
        "categories": [
            {"code": c.code, "label": c.label, "kinds": list(c.kinds)} for c in definition.categories
        ],
        "sections": [
            {
                "title": s.title,
                "note": s.note,
                "rows": [
                    {"label": r.label, **({"figure": r.figure} if r.figure else {"category": r.category})}
                    for r in s.rows
                ],
            }
            for s in definition.sections
        ],
    }


class Categorizer:
    """Puts a decision (its penalty kinds, in the order the decision lists them) in one category code.

    `aliases` maps older names to a kind (吊销营业执照 → 吊销许可证件); any other name the template does not
    know counts as 其他 (Art.9(6)) when the template has that kind."""

    def __init__(
        self, categories: Sequence[Category], rule: str, *, aliases: Mapping[str, str] | None = None
    ) -> None:
        if rule not in TIE_BREAKS:
            raise TemplateError(f"并处多种处罚的计数规则“{rule}”无效，应为：{'、'.join(TIE_BREAKS.values())}")
        self.rule = rule
        self.aliases = dict(aliases or {})
        self._code: dict[str, str] = {}
        self._rank: dict[str, int] = {}
        for rank, c in enumerate(categories):
            for kind in c.kinds:
                self._code[kind] = c.code
                # 其他 never outranks a named kind (并处明确类别的行政处罚和其他行政处罚的，计入明确类别).
                self._rank[kind] = -1 if kind == OTHER_KIND else rank
        self.other = self._code.get(OTHER_KIND, "")

    def kind(self, name: str) -> str:
        name = self.aliases.get(name, name)
        return name if name in self._code else OTHER_KIND

    def categorize(self, kinds: Iterable[str]) -> str:
        known = [self.kind(k) for k in kinds]
        known = [k for k in known if k in self._code]
        if not known:
            return self.other
        if self.rule == LAST_LISTED:
            return self._code[known[-1]]
        return self._code[max(known, key=lambda k: self._rank[k])]


def amount_in(yuan: Decimal, unit: str) -> Decimal:
    """An amount in yuan expressed in the template's unit, rounded half up to its places."""
    value = yuan / Decimal(10000) if unit == WAN else yuan
    return value.quantize(_PLACES[unit], rounding=ROUND_HALF_UP)


def share_percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal place; None when whole is 0 (no share to state)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
