"""What a step's form on the case page holds (issue 18 §3): the values typed before a refusal, the current
proposal when the proposal is being changed, and the message that says what a step did.

cases.forms says which fields each step asks for; this module only fills them for the page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhifa.cases import engine
from zhifa.cases.forms import Field
from zhifa.cases.models import Case, Document


@dataclass(frozen=True)
class BoundField:
    """A step's field with what it shows: `value` for inputs and text areas, `selected` for choices."""

    name: str
    label: str
    kind: str
    required: bool
    choices: tuple[tuple[str, str], ...]
    value: str = ""
    selected: frozenset[str] = frozenset()
    checked: bool = False


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


def from_post(fields: Sequence[Field], post: Any) -> dict[str, Any]:
    """The typed values of a refused submission, as the browser sent them."""
    out: dict[str, Any] = {}
    for f in fields:
        if f.kind == "multiselect":
            out[f.name] = list(post.getlist(f.name))
        elif f.kind == "checkbox":
            out[f.name] = post.get(f.name) == "on"
        else:
            out[f.name] = post.get(f.name, "")
    return out


# The step's field names that read a case attribute of another name.
CASE_ATTRIBUTE = {"benchmark_id": "benchmark_id"}


def from_case(fields: Sequence[Field], case: Case) -> dict[str, Any]:
    """The current proposal, for the step that changes it: the officer edits what stands, not a blank."""
    out: dict[str, Any] = {}
    for f in fields:
        attribute = CASE_ATTRIBUTE.get(f.name, f.name)
        if hasattr(case, attribute):
            out[f.name] = getattr(case, attribute)
    return out


def bind(fields: Sequence[Field], values: Mapping[str, Any]) -> list[BoundField]:
    bound = []
    for f in fields:
        raw = values.get(f.name)
        many: Iterable[Any] = raw if isinstance(raw, (list, tuple)) else ([] if raw in (None, "") else [raw])
        bound.append(
            BoundField(
                name=f.name,
                label=f.label,
                kind=f.kind,
                required=f.required,
                choices=f.choices,
                value="" if isinstance(raw, (list, tuple, bool)) else _text(raw),
                selected=frozenset(_text(v) for v in many if not isinstance(v, bool)),
                checked=raw is True,
            )
        )
    return bound


def done_message(case: Case, step: str, documents_before: set[int]) -> str:
    """ "已办理：送达事先告知书（江北市监告〔2026〕21号）": the step and the documents it issued."""
    label = engine.procedure_of(case).transitions[step].label
    issued = Document.objects.filter(case=case).exclude(pk__in=documents_before).order_by("pk")
    numbers = "、".join(f"{d.title} {d.number}" for d in issued)
    return f"已办理：{label}" + (f"（{numbers}）" if numbers else "")
