"""What the named-entity model proposes, and what the rules make of it.

The model (:mod:`zhifa.lib.redact.ner`) proposes persons (PER) and organizations (ORG); the rules
decide:

* a proposed person stays a candidate only if it looks like one: 2-4 Han characters (or a ·-joined
  name), no redaction mark (张某), no function or suffix character, not an officer's name kept by the
  caller, not inside a document number, a title or an organization's name (``_protect``), and —
  when it is also an ordinary word (田野, 向东) — standing between a boundary and a right cue;
* an organization the model finds protects the names inside it when it ends like an organization;
* a candidate of the surname detector that the model reads as the start of another word (经|核算,
  向|本府, 和|第三人) and not as a person is dropped: the detector's guess, not the context, made it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import Final

from zhifa.lib.redact._candidates import P_FREE, Candidate, is_han
from zhifa.lib.redact._names import boundary_ok, is_common_word, left_strength
from zhifa.lib.redact._protect import BRANDS
from zhifa.lib.redact._surnames import SINGLE_SURNAMES

# The same rank as the surname detector: where the two overlap, the longer span wins (LAC cuts
# 张虎成 to 张虎 now and then, the detector 达瓦次仁 to 达瓦).
P_MODEL: Final = P_FREE
_FUNCTION_TAGS: Final = frozenset({"p", "c", "u", "d", "r", "f", "m", "q", "xc", "w", "vd", "ad", "TIME"})
_NOT_IN_NAME: Final = frozenset(
    "的了是在和与及或而不也都就还把被将对向从到于给让由为以之其这那些个们某×*＊Xx"
    "年月日时分秒号元省市县区镇乡村路街巷组栋幢室楼层户所局厅处科队站店厂司院校场馆部会社"
    "壹贰叁肆伍陆柒捌玖拾佰仟万亿零整"
)

Word = tuple[int, int, str]


def _clean(view: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (is_han(view[start])):
        start += 1
    while end > start and not (is_han(view[end - 1])):
        end -= 1
    return start, end


def person_spans(view: str, words: Sequence[Word]) -> list[tuple[int, int]]:
    """The model's persons, with the pieces of a ·-joined name put together (LAC may cut
    热合曼·艾则孜 into 热 / 合曼·艾则孜) and stray whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    for start, end, tag in words:
        if tag != "PER":
            continue
        start, end = _clean(view, start, end)
        if end <= start:
            continue
        if spans:
            ps, pe = spans[-1]
            gap = view[pe:start]
            if gap in ("", "·") and (gap == "·" or "·" in view[ps:end]):
                spans[-1] = (ps, end)
                continue
        spans.append((start, end))
    # a name cut before its ·-joined second part (阿依古丽 / · / 买买提 tagged v): extend over it
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end < len(view) - 1 and view[end] == "·" and is_han(view[end + 1]):
            nxt = end + 1
            while nxt < len(view) and is_han(view[nxt]) and nxt - end <= 8:
                nxt += 1
            end = nxt
        out.append((start, end))
    return out


_PRODUCT_LABEL: Final = re.compile(r"(?:商标|品牌|品名|名称|牌子|型号|规格|标称|字样)[:：]?[ \t]*$")
_NOUN_TAGS: Final = frozenset({"n", "nz", "nw", "an"})


def find_model_names(view: str, words: Sequence[Word], keep: set[str]) -> Iterator[Candidate]:
    starts = [w[0] for w in words]
    for start, end in person_spans(view, words):
        name = view[start:end]
        if name in keep:
            continue
        plain = name.replace("·", "")
        if "·" in name:
            if not 3 <= len(plain) <= 20 or any(not is_han(c) for c in plain):
                continue
            if any(len(part) < 2 for part in name.split("·")):
                continue  # 多·福·克 is a pesticide's short name; names have longer parts
        if _PRODUCT_LABEL.search(view, max(0, start - 6), start) or view[start - 1 : start] in ("®", "™"):
            continue  # 商标：大卫, 老院长®万螺宁
        i = bisect.bisect_left(starts, end)
        if i < len(words) and words[i][0] == end and words[i][2] in _NOUN_TAGS and is_han(view[end]):
            continue  # a name glued to a noun is a product's or a place's (万螺宁杀螺胺杀虫剂)
        else:
            if not 2 <= len(name) <= 4:
                continue
            if any(c in _NOT_IN_NAME for c in name[1:]):
                continue
        if "某" in name or name[:2] in BRANDS or name[:3] in BRANDS:
            continue
        if is_common_word(name) and not boundary_ok(view, start, end):
            continue
        if len(name) == 2 and name[0] not in SINGLE_SURNAMES and not boundary_ok(view, start, end):
            continue  # 妨碍行洪的: two characters without a surname, inside a phrase, are a word
        if len(name) == 2 and not left_strength(view, start) and is_han(view[end : end + 1] or "x"):
            continue  # 北柴胡超正常: two characters glued to words on both sides
        if view[end : end + 1] in (":", "：") and view[end + 1 : end + 2] not in ("", "\n"):
            continue  # a field's label (林种：一般用材林), not a salutation (段宜刚、蒋萍娥：⏎)
        yield Candidate(start, end, "person_name", P_MODEL, "model", "other", name)


def vetoed(c: Candidate, words: Sequence[Word], starts: Sequence[int]) -> bool:
    """A surname-detector candidate that the model reads as part of other words, with no person in it."""
    i = max(0, bisect.bisect_right(starts, c.start) - 1)
    overlapping: list[Word] = []
    while i < len(words) and words[i][0] < c.end:
        if words[i][1] > c.start:
            overlapping.append(words[i])
        i += 1
    if not overlapping or any(w[2] == "PER" for w in overlapping):
        return False
    first = overlapping[0]
    crosses = first[0] < c.start or overlapping[-1][1] > c.end
    return crosses or (first[2] in _FUNCTION_TAGS and len(overlapping) > 1)
