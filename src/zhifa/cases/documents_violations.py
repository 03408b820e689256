"""The decision and the notice of a case with several violations (issue 17 §1): each violation in its
order — the item, its facts, the provision violated, the penalty basis and its own penalty — then the
penalty the decision imposes on them together (行政处罚法 Art.29: 分别裁量、合并处罚; Art.59: the facts,
the kinds and the basis of each penalty). A case with one violation prints as it always has
(cases.documents)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from zhifa.cases.models import Case, Violation
from zhifa.catalog.models import EnforcementItem
from zhifa.lib.chinese_numbers import to_chinese

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Listed:
    """One violation as the documents print it."""

    ordinal: int
    item: str
    facts: str
    legal_basis: str
    penalty_basis: str
    penalty: str
    same_act_as: int | None


def violations(case: Case) -> list[Violation]:
    """The violations of a case that has several (empty for one), read once per case instance."""
    if case.violation_count <= 1:
        return []
    cached: list[Violation] | None = getattr(case, "_document_violations", None)
    if cached is None:
        cached = list(Violation.objects.filter(case=case).select_related("item").order_by("ordinal"))
        case._document_violations = cached  # type: ignore[attr-defined]
    return cached


def _item_basis(item: EnforcementItem, cache: dict[int, str]) -> str:
    if item.pk not in cache:
        cache[item.pk] = "、".join(b.citation for b in item.legal_bases.select_related("law"))
    return cache[item.pk]


def listed(case: Case, penalty_of: Callable[[Case], str]) -> list[Listed]:
    """The violations with their bases (the violation's own citation, else its item's) and penalties."""
    bases: dict[int, str] = {}
    rows = []
    for v in violations(case):
        legal = v.legal_basis or _item_basis(v.item, bases)
        rows.append(
            Listed(
                ordinal=v.ordinal,
                item=v.item.name,
                facts=v.facts.strip().rstrip("。"),
                legal_basis=legal,
                penalty_basis=v.penalty_basis or legal,
                penalty=penalty_of(cast(Case, v)),
                same_act_as=v.same_act_as,
            )
        )
    return rows


def _n(row: Listed) -> str:
    return f"（{to_chinese(row.ordinal)}）"


def facts_paragraphs(rows: list[Listed]) -> list[str]:
    lead = f"经查，当事人有下列{to_chinese(len(rows))}项违法行为："
    return [lead, *(f"{_n(r)}{r.item}：{r.facts}。" for r in rows)]


def penalty_paragraphs(rows: list[Listed], total: str, *, proposed: bool = False) -> list[str]:
    """Per violation its basis and penalty, then the total; `proposed` words it as the notice does."""
    verb = "拟" if proposed else ""
    lines = []
    for r in rows:
        same = f"与第{to_chinese(r.same_act_as)}项系同一违法行为，" if r.same_act_as else ""
        penalty = f"{verb}处{r.penalty}" if r.penalty else "不予罚款"
        lines.append(
            f"{_n(r)}{same}上述第{to_chinese(r.ordinal)}项行为违反了{r.legal_basis}的规定，"
            f"依据{r.penalty_basis}，{penalty}。"
        )
    who = "你（单位）" if proposed else "当事人"
    lines.append(f"以上违法行为合并处罚，本机关{verb}决定对{who}作出如下行政处罚：{total}。")
    return lines


def basis_text(rows: list[Listed]) -> str:
    """Every provision the decision rests on, each once, in the violations' order."""
    seen: list[str] = []
    for r in rows:
        for text in (r.legal_basis, r.penalty_basis):
            if text and text not in seen:
                seen.append(text)
    return "、".join(seen)
