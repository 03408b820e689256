"""The clerk's confidentiality check (保密审查) on a draft's spans: hide or show a piece of text at every
place it occurs, keep one pseudonym per person, and render the public text again.

Plain functions over the span list stored in ``Publication.spans`` (dicts with start, end, category,
original, replacement; code-point offsets into ``original_text``); services.adjust_redaction applies
them in its transaction and journals the correction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from zhifa.core.errors import DomainError
from zhifa.lib.redact import Policy, pseudonym_base

#: What the clerk may call a piece of text she hides, and what it becomes.
CATEGORIES: Final = {
    "person_name": "人名",
    "address": "住址",
    "number": "证件号、电话等号码",
    "other": "其他",
}
CATEGORY_LABELS: Final = {
    **CATEGORIES,
    "id_number": "身份证号",
    "phone": "电话",
    "bank_account": "银行账号",
    "vehicle_plate": "车牌号",
    "email": "电子邮箱",
    "passport": "证件号",
    "property_certificate": "权属证书号",
    "credit_code": "统一社会信用代码",
    "manual": "人工隐去",
}
MAX_SELECTION: Final = 200
_HAN_NAME: Final = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8}){1,2}")
_PLACE_END: Final = re.compile(r"(?:园|苑|小区|大厦|广场|公寓|山庄|新村|家园|花苑|社区)$")
_TRAILING_NUMBER: Final = re.compile(r"\d+$")

Span = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """What one correction did: the spans now hidden or shown (code-point offsets)."""

    action: str
    text: str
    category: str
    occurrences: tuple[tuple[int, int], ...]


def guess_category(text: str) -> str:
    """The category a selection most likely is: a 2-4 character Han run is a name, digits a number."""
    if sum(c.isdigit() for c in text) >= 5:
        return "number"
    if any(c in text for c in "省市县区镇乡村路街号室栋幢组") or _PLACE_END.search(text):
        return "address"
    if _HAN_NAME.fullmatch(text):
        return "person_name"
    return "other"


def occurrences(original: str, text: str) -> list[tuple[int, int]]:
    """Every non-overlapping place ``text`` occurs in ``original``."""
    out: list[tuple[int, int]] = []
    start = original.find(text)
    while start >= 0 and text:
        out.append((start, start + len(text)))
        start = original.find(text, start + len(text))
    return out


def selected_text(original: str, text: str, start: int, end: int) -> str:
    """The text the clerk selected: ``text`` as typed or selected, else ``original[start:end]``. The
    text decides (every occurrence is corrected); offsets that disagree with it — a page rendered
    before another correction, a browser that folded CR LF — are ignored."""
    if text:
        chosen = text
    elif 0 <= start < end <= len(original):
        chosen = original[start:end]
    else:
        raise DomainError("请先在原文中选择要隐去或取消隐去的文字", field="text")
    if not chosen.strip():
        raise DomainError("所选文字为空白，请重新选择", field="text")
    if len(chosen) > MAX_SELECTION:
        raise DomainError(f"一次最多选择{MAX_SELECTION}个字", field="text")
    return chosen


def hide(
    spans: Sequence[Span], original: str, text: str, category: str, policy: Policy
) -> tuple[list[Span], Change]:
    """Hide ``text`` wherever it occurs. A hidden span it overlaps is absorbed into the new one
    (selecting 张三丰 where 张三 was hidden hides 张三丰); places already hidden stay as they are."""
    if category not in CATEGORIES:
        raise DomainError("请选择隐去的类别", field="category")
    places = occurrences(original, text)
    if not places:
        raise DomainError(f"原文中没有“{text}”", field="text")
    out = [dict(s) for s in spans]
    done: list[tuple[int, int]] = []
    for start, end in places:
        if any(s["start"] <= start and end <= s["end"] for s in out):
            continue  # already hidden inside a larger span
        overlapped = [s for s in out if s["start"] < end and start < s["end"]]
        lo = min([start, *(s["start"] for s in overlapped)])
        hi = max([end, *(s["end"] for s in overlapped)])
        out = [s for s in out if s not in overlapped]
        out.append(
            {
                "start": lo,
                "end": hi,
                "category": category,
                "original": original[lo:hi],
                "replacement": _replacement(category, original[lo:hi], policy),
                "manual": True,
            }
        )
        done.append((lo, hi))
    if not done:
        raise DomainError(f"“{text}”已全部隐去", field="text")
    return _sorted(out), Change("add", text, category, tuple(done))


def show(spans: Sequence[Span], text: str) -> tuple[list[Span], Change]:
    """Show again every hidden span whose text is ``text`` (or that lies inside it)."""
    gone = [s for s in spans if s["original"] == text or (text in s["original"] and len(text) >= 2)]
    if not gone:
        raise DomainError(f"“{text}”没有被隐去", field="text")
    kept = [dict(s) for s in spans if s not in gone]
    category = str(gone[0]["category"])
    return _sorted(kept), Change("remove", text, category, tuple((s["start"], s["end"]) for s in gone))


def _replacement(category: str, text: str, policy: Policy) -> str:
    if category == "person_name":
        return pseudonym_base(text)  # numbered by renumber() when another person shares it
    if category == "number":
        return policy.deletion_mark
    return policy.address_mark


def renumber(spans: Sequence[Span]) -> dict[str, str]:
    """One pseudonym per person, numbered in order of first appearance when two people share one
    (法释〔2016〕19号 Art.9(5)), as the engine does; returns old replacement -> new for the spans
    that changed. Spans of one person are those the engine gave one pseudonym (阿依古丽 and
    阿依古丽·买买提 are both 阿某), and every span of the same text."""
    people: dict[str, str] = {}  # person key (first text seen) -> base pseudonym
    key_of: dict[int, str] = {}
    by_replacement: dict[str, str] = {}
    by_text: dict[str, str] = {}
    for i, s in enumerate(spans):
        if s["category"] != "person_name":
            continue
        # The engine never gives two people one pseudonym, so its spans that share one are one person;
        # a clerk's span is grouped by its text alone (her 王大伟 is not the engine's 王某).
        manual = bool(s.get("manual"))
        key = by_text.get(s["original"]) or (None if manual else by_replacement.get(s["replacement"]))
        key = key or s["original"]
        by_text.setdefault(s["original"], key)
        if not manual:
            by_replacement.setdefault(s["replacement"], key)
        key_of[i] = key
        if key not in people:
            base = _TRAILING_NUMBER.sub("", str(s["replacement"])) or pseudonym_base(s["original"])
            people[key] = base
    groups: dict[str, list[str]] = {}
    for key, base in people.items():
        groups.setdefault(base, []).append(key)
    final: dict[str, str] = {}
    for base, keys in groups.items():
        for n, key in enumerate(keys, start=1):
            final[key] = base if len(keys) == 1 else f"{base}{n}"
    changed: dict[str, str] = {}
    for i, key in key_of.items():
        old = str(spans[i]["replacement"])
        if old != final[key]:
            changed[old] = final[key]
            spans[i]["replacement"] = final[key]
    return changed


def render(original: str, spans: Sequence[Span]) -> str:
    out: list[str] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s["start"]):
        out += [original[pos : s["start"]], str(s["replacement"])]
        pos = s["end"]
    out.append(original[pos:])
    return "".join(out)


def _sorted(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: s["start"])
    return spans


def segments(original: str, spans: Sequence[Span]) -> list[dict[str, Any]]:
    """The original cut at the spans, each piece with its code-point offset (what the page's script
    turns a selection into), and the public text's pieces beside them."""
    out: list[dict[str, Any]] = []
    pos = 0
    for s in sorted(spans, key=lambda s: s["start"]):
        if s["start"] > pos:
            out.append({"text": original[pos : s["start"]], "start": pos, "span": None})
        label = CATEGORY_LABELS.get(s["category"], s["category"])
        out.append({"text": original[s["start"] : s["end"]], "start": s["start"], "span": s, "label": label})
        pos = s["end"]
    if pos < len(original):
        out.append({"text": original[pos:], "start": pos, "span": None})
    return out


def summary(spans: Sequence[Span]) -> list[dict[str, Any]]:
    """The hidden texts grouped: one row per distinct text, with its category, replacement and count."""
    rows: dict[str, dict[str, Any]] = {}
    for s in sorted(spans, key=lambda s: s["start"]):
        row = rows.setdefault(
            s["original"],
            {
                "original": s["original"],
                "category": s["category"],
                "label": CATEGORY_LABELS.get(s["category"], s["category"]),
                "replacement": s["replacement"],
                "count": 0,
                "manual": bool(s.get("manual")),
                "first": s["start"],
            },
        )
        row["count"] += 1
    return list(rows.values())
