"""The redaction pipeline: detect, apply the policy, resolve overlaps, write the replacements."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from zhifa.lib.redact import ner
from zhifa.lib.redact._addresses import find_addresses
from zhifa.lib.redact._candidates import P_RESCUED, Candidate, is_han, normalize_view
from zhifa.lib.redact._model import Party, Policy, Result, Span
from zhifa.lib.redact._names import (
    dotted_short_forms,
    find_after_roles,
    find_context,
    find_dotted,
    find_free,
    find_known,
    find_latin_forms,
    find_officers,
    find_officers_more,
    find_officials,
    find_repeats,
    find_table_cells,
    is_common_word,
    known_names,
    latin_after,
    left_boundary,
    right_ok,
)
from zhifa.lib.redact._ner_names import find_model_names, vetoed
from zhifa.lib.redact._protect import Protected, declared_orgs, protected
from zhifa.lib.redact._structured import find_structured
from zhifa.lib.redact._surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES, surname_of


def redact(
    text: str,
    *,
    parties: Sequence[Party] = (),
    policy: Policy | None = None,
    keep_names: Sequence[str] = (),
    model: bool | None = None,
) -> Result:
    """Redact ``text``; see the package docstring for what is found and how it is replaced.

    ``model``: use the named-entity model (:mod:`zhifa.lib.redact.ner`) beside the rules; ``None``
    (the default) uses it when it is installed and not turned off by ``ZHIFA_REDACT_MODEL=off``."""
    if policy is None:
        policy = _DEFAULT_POLICY
    if not text:
        return Result(text="", spans=())
    view = normalize_view(text)
    candidates = detect(view, parties=parties, policy=policy, keep_names=keep_names, model=model)
    chosen = resolve(candidates)
    return _render(text, view, chosen, policy, parties)


_DEFAULT_POLICY = Policy.national_default()
# Sources of names that a title in 《》 does not shield (see ``detect``).
_TRUSTED: Final = frozenset({"known", "context", "repeat"})

# Between the texts redacted together: a paragraph break, which no span crosses.
_JOIN: Final = "\n\n"


def redact_together(
    texts: Sequence[str],
    *,
    parties: Sequence[Party] = (),
    policy: Policy | None = None,
    keep_names: Sequence[str] = (),
    model: bool | None = None,
) -> list[Result]:
    """Redact the texts of one publication (title, summary, decision) as one: a person found in one
    is found in all, and has the same pseudonym in all (张某1 in the summary is 张某1 in the text).
    Each result's spans are offsets into its own text."""
    joined = _JOIN.join(texts)
    whole = redact(joined, parties=parties, policy=policy, keep_names=keep_names, model=model)
    results: list[Result] = []
    offset = 0
    spans = list(whole.spans)
    for text in texts:
        end = offset + len(text)
        mine = [s for s in spans if offset <= s.start and s.end <= end]
        out: list[str] = []
        pos = offset
        shifted: list[Span] = []
        for s in mine:
            out.append(joined[pos : s.start])
            out.append(s.replacement)
            pos = s.end
            shifted.append(replace(s, start=s.start - offset, end=s.end - offset))
        out.append(joined[pos:end])
        results.append(Result(text="".join(out), spans=tuple(shifted)))
        offset = end + len(_JOIN)
    return results


def use_model(model: bool | None) -> bool:
    """Whether a call with ``model=`` runs the named-entity model (see :func:`redact`)."""
    if model is False:
        return False
    return ner.available()


def detect(
    view: str,
    *,
    parties: Sequence[Party] = (),
    policy: Policy,
    keep_names: Sequence[str] = (),
    model: bool | None = None,
) -> list[Candidate]:
    """All candidates the policy does not keep, before overlap resolution."""
    found: list[Candidate] = []
    found.extend(find_structured(view))

    persons, orgs = known_names(parties)
    words = ner.tagger().words(view) if use_model(model) else []
    word_starts = [w[0] for w in words]
    shield = protected(
        view, orgs, [(s, e) for s, e, t in words if t == "ORG"], persons=[p.name for p in persons]
    )

    keep = {k.strip() for k in keep_names if k.strip()}
    if policy.keep_officer_names:
        keep |= find_officers(view) | find_officers_more(view) | find_officials(view)
    keep -= {p.name for p in persons}  # a party stays a party even if it is also named as an officer

    known = [
        c
        for c in find_known(view, persons, orgs)
        # A party whose name is an ordinary word (向东) is not found in 向东行驶, glued to words on
        # both sides; at a boundary it is the party (⏎米兰违反关于…).
        if not (is_common_word(c.name) and not right_ok(view, c.end) and not left_boundary(view, c.start))
    ]
    context = [*find_context(view), *find_table_cells(view)]
    free = [*find_free(view), *find_dotted(view), *find_after_roles(view)]
    if words:
        free = [c for c in free if c.source != "guess" or not vetoed(c, words, word_starts)]
        free.extend(find_model_names(view, words, keep))

    # Where the kept names stand: a detector that saw only part of one (都热合曼·阿布都拉 in
    # 阿不都热合曼·阿布都拉) must not redact that part.
    kept_at = Protected([(i, i + len(k)) for k in keep if len(k) >= 2 for i in _find_all(view, k)])

    def shielded(c: Candidate) -> bool:
        if c.source != "known" and kept_at.covers(c.start, c.end):
            return True
        # A title (《关于移交张斌等四人…的情况说明》) shields only the detectors' guesses: a person
        # known or found elsewhere is hidden in it too.
        if c.source in _TRUSTED:
            return shield.covers(c.start, c.end, titles=False)
        return shield.covers(c.start, c.end)

    detected: dict[str, str] = {}
    for c in (*context, *free):
        if c.name not in keep and not shielded(c):
            detected.setdefault(c.name, c.qualifier)
    for short, full in dotted_short_forms([*detected, *(k.name for k in persons)]).items():
        if full in detected:
            detected.setdefault(short, detected[full])
    for kn in persons:
        detected.pop(kn.name, None)
    # A party found again by another detector keeps the party's role (for role-qualified policies).
    roles = {kn.name: kn.role for kn in persons}
    names = [
        replace(c, qualifier=roles[c.name]) if c.name in roles else c
        for c in (*known, *context, *free)
        if c.name not in keep and not shielded(c)
    ]
    for latin in find_latin_forms(view, [(c.start, c.end) for c in names]):
        detected.setdefault(latin, "other")
    names.extend(c for c in find_repeats(view, detected) if not shielded(c))
    # A company named after its owner, written short (…王永利农资销售有限责任公司 -> 前锋农场王永利农资):
    # the name and the next two characters of a declared or given organization's name are the
    # company, whoever found the name (in case mode ``protected`` already did this for parties).
    org_names = [o for o in (*orgs, *declared_orgs(view)) if len(o) >= 4]
    if org_names:
        names = [c for c in names if c.source == "known" or not _short_company(view, c, org_names)]
    found.extend(names)

    person_spans = sorted((c.start, c.end) for c in names if c.source in ("known", "context"))
    addresses = list(find_addresses(view, parties, person_spans))
    # A name inside an organization's address (前锋农场周立波1号楼12门市: a building named after a
    # writer) is part of that public address; inside a person's address the address mark hides it.
    org_addresses = [
        (c.full_start if c.full_start >= 0 else c.start, c.end)
        for c in addresses
        if c.qualifier == "organization"
    ]
    if org_addresses:
        found = [
            c
            for c in found
            if c.category != "person_name"
            or c.source == "known"
            or not any(a <= c.start and c.end <= b for a, b in org_addresses)
        ]
    found.extend(addresses)

    kept: list[Candidate] = []
    for c in found:
        action = policy.action(c.category, c.qualifier)
        if action == "keep":
            continue
        if c.category == "address" and action == "delete" and 0 <= c.full_start < c.start:
            c = replace(c, start=c.full_start)
        kept.append(c)
    return kept


def _short_company(view: str, c: Candidate, org_names: Sequence[str]) -> bool:
    short = view[c.start : c.end + 2]
    return len(short) == c.end - c.start + 2 and any(
        c.name in o and short in o and not o.startswith(short) for o in org_names
    )


def _find_all(view: str, needle: str) -> list[int]:
    out: list[int] = []
    i = view.find(needle)
    while i >= 0:
        out.append(i)
        i = view.find(needle, i + 1)
    return out


def resolve(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Sorted, non-overlapping spans.

    1. A person name lying inside an address span is dropped: the address mark hides it anyway.
    2. Greedy: identifiers first, longest first; then by priority, then length, then position. A
       candidate overlapping an accepted one is dropped, except an address, which keeps its
       uncovered pieces (dropping it would publish it).
    """
    cands = list(candidates)
    addresses = [c for c in cands if c.category == "address"]
    if addresses:
        cands = [
            c
            for c in cands
            if c.category != "person_name"
            or not any(a.start <= c.start and c.end <= a.end for a in addresses)
        ]
    cands.sort(key=_rank)
    starts: list[int] = []
    accepted: list[Candidate] = []  # kept sorted by start, parallel to ``starts``
    for c in cands:
        pieces = _uncovered(c.start, c.end, starts, accepted)
        if pieces == [(c.start, c.end)]:
            _insert(c, starts, accepted)
        elif c.category == "address":
            for s, e in pieces:
                _insert(replace(c, start=s, end=e), starts, accepted)
    return accepted


def _rank(c: Candidate) -> tuple[int, int, int, int]:
    # Among identifiers the longest wins first (a mobile-looking run inside a bank card must not
    # split the card); elsewhere priority decides, then length.
    length = c.end - c.start
    if c.priority >= P_RESCUED:
        return (0, -length, -c.priority, c.start)
    return (1, -c.priority, -length, c.start)


def _uncovered(start: int, end: int, starts: list[int], accepted: list[Candidate]) -> list[tuple[int, int]]:
    i = bisect.bisect_right(starts, start) - 1
    i = max(i, 0)
    pieces: list[tuple[int, int]] = []
    pos = start
    while i < len(accepted) and accepted[i].start < end:
        a = accepted[i]
        if a.end > pos:
            if a.start > pos:
                pieces.append((pos, min(a.start, end)))
            pos = max(pos, a.end)
        i += 1
    if pos < end:
        pieces.append((pos, end))
    return pieces


def _insert(c: Candidate, starts: list[int], accepted: list[Candidate]) -> None:
    i = bisect.bisect_left(starts, c.start)
    starts.insert(i, c.start)
    accepted.insert(i, c)


# ---------------------------------------------------------------------------------------- render


def _render(
    text: str, view: str, chosen: Sequence[Candidate], policy: Policy, parties: Sequence[Party]
) -> Result:
    pseudonyms = _pseudonyms(view, chosen, policy, parties)
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    for c in chosen:
        original = text[c.start : c.end]
        action = policy.action(c.category, c.qualifier)
        if action == "delete":
            replacement = policy.deletion_mark
        elif c.category == "person_name":
            replacement = pseudonyms[c.name]
        else:
            replacement = _replace_identifier(c.category, view[c.start : c.end], original, policy)
        out.append(text[pos : c.start])
        out.append(replacement)
        pos = c.end
        spans.append(Span(c.start, c.end, c.category, original, replacement))
    out.append(text[pos:])
    return Result(text="".join(out), spans=tuple(spans))


def _canonical_names(parties: Sequence[Party]) -> dict[str, str]:
    """Short forms of minority names (阿依古丽 for 阿依古丽·买买提) -> the full name."""
    out: dict[str, str] = {}
    for p in parties:
        name = normalize_view(p.name.strip())
        if "·" in name:
            first = name.split("·", 1)[0].strip()
            if len(first) >= 2:
                out.setdefault(first, name)
    return out


def pseudonym_base(name: str) -> str:
    """张三 -> 张某; 欧阳修 -> 欧阳某; 阿依古丽·买买提 -> 阿某; John Smith -> J (法释〔2016〕19号 Art.9)."""
    if not name:
        return "某"
    first = name[0]
    if first.isascii() and first.isalpha():
        return first.upper()
    if "·" in name or not is_han(first):
        return first + "某"
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    if first in SINGLE_SURNAMES:
        return surname_of(name) + "某"
    return first + "某"


def _pseudonyms(
    view: str, chosen: Sequence[Candidate], policy: Policy, parties: Sequence[Party]
) -> dict[str, str]:
    """name -> its replacement; different people with the same 张某 get 张某1, 张某2 … in order of
    first appearance (Art.9(5): Arabic numerals after the name)."""
    canonical = _canonical_names(parties)
    # The short form of a ·-joined name, and a Latin form written after a name, are the same person.
    for short, full in dotted_short_forms(c.name for c in chosen if c.category == "person_name").items():
        canonical.setdefault(short, full)
    for c in chosen:
        if c.category == "person_name":
            latin = latin_after(view, c.end)
            if latin:
                canonical.setdefault(latin, canonical.get(c.name, c.name))
    # A name found once cut short (张三丰 read as 张三 before 正在) is the same person: one pseudonym.
    found_names = {c.name for c in chosen if c.category == "person_name"}
    for short in found_names:
        longer = [n for n in found_names if n != short and n.startswith(short) and len(n) == len(short) + 1]
        if len(short) >= 2 and len(longer) == 1 and "·" not in short:
            canonical.setdefault(short, canonical.get(longer[0], longer[0]))
    order: list[str] = []
    for c in chosen:
        if c.category != "person_name" or policy.action(c.category, c.qualifier) != "replace":
            continue
        full = canonical.get(c.name, c.name)
        if full not in order:
            order.append(full)
    groups: dict[str, list[str]] = {}
    for full in order:
        groups.setdefault(pseudonym_base(full), []).append(full)
    by_full: dict[str, str] = {}
    for base, members in groups.items():
        if len(members) == 1:
            by_full[members[0]] = base
        else:
            for i, full in enumerate(members, start=1):
                by_full[full] = f"{base}{i}"
    result = dict(by_full)
    for short, full in canonical.items():
        if full in by_full:
            result[short] = by_full[full]
    for c in chosen:
        if c.category == "person_name" and c.name not in result:
            result[c.name] = pseudonym_base(c.name)
    return result


def _mask_digits(s: str, keep: set[int], mask: str) -> str:
    """Mask every ASCII letter/digit of ``s`` whose index among the alphanumerics is not in ``keep``."""
    out: list[str] = []
    k = 0
    for ch in s:
        if ch.isascii() and ch.isalnum():
            out.append(ch if k in keep else mask)
            k += 1
        else:
            out.append(ch)
    return "".join(out)


def _replace_identifier(category: str, view_s: str, original: str, policy: Policy) -> str:
    mask = policy.mask_char
    n = sum(1 for ch in view_s if ch.isascii() and ch.isalnum())
    if category == "address":
        return policy.address_mark
    if category == "vehicle_plate":
        # 浙A·12345 -> 浙A·*****: province and issuing-authority letter kept.
        keep = 2
        while keep < len(original) and view_s[keep] in " ·-":
            keep += 1
        return original[:keep] + "".join(mask if not ch.isspace() else ch for ch in original[keep:])
    if category == "id_number":
        return _mask_digits(view_s, set(range(6)) | set(range(n - 4, n)), mask)
    if category == "phone":
        # Mobile: 139****5678 (first 3 and last 4 of the 11 digits); landline: area code kept.
        digits = [ch for ch in view_s if ch.isdigit()]
        if n >= 11 and "".join(digits[-11:]).startswith("1"):
            return _mask_digits(
                view_s, set(range(n - 11)) | set(range(n - 11, n - 8)) | set(range(n - 4, n)), mask
            )
        area = 3 if "".join(digits[:3]) in ("010",) or "".join(digits[:2]) == "02" else 4
        return _mask_digits(view_s, set(range(area)), mask)
    if category == "bank_account":
        return _mask_digits(view_s, set(range(n - 4, n)), mask)
    if category == "email":
        local, _, domain = original.partition("@")
        return f"{local[:1]}{mask * 3}@{domain}"
    if category == "passport":
        letters = 0
        while letters < len(view_s) and view_s[letters].isalpha():
            letters += 1
        return _mask_digits(view_s, set(range(letters)), mask)
    if category == "credit_code":
        return _mask_digits(view_s, set(range(min(12, n))), mask)  # 913101173245****** (legal-rules §6.3)
    if category == "property_certificate":
        i = original.rfind("第")
        head, tail = (original[: i + 1], original[i + 1 :]) if i >= 0 else ("", original)
        return head + "".join(mask if ch.isdigit() or ch in "０１２３４５６７８９" else ch for ch in tail)
    return policy.deletion_mark
