"""The verifiable draw of 双随机 random inspections, algorithm ``zhifa-draw-1``: pure, standard library only.

Anyone must be able to re-run a published draw from public data and get the same businesses and the same
inspectors (issue 13 §3): the inputs are committed (hashed and journaled) before any randomness exists, the
randomness is a public value nobody in the agency chooses (e.g. a lottery result fixed on a stated date),
and the algorithm below is published (``docs/draw-algorithm.md``) and re-implemented independently by
``tools/verify_draw.py``. The two implementations must agree byte for byte; change neither without a new
algorithm name.

Steps (the service in ``zhifa.inspections`` calls them in this order):

1. ``canonical_eligible`` / ``canonical_pool``: the eligible list (抽取库) and the officer pool (执法检查人员
   名录库) as canonical TSV bytes, their SHA-256 in the commitment;
2. ``shortfalls``: every eligible business must be assignable before anything is committed;
3. ``compute_strata`` and ``build_commitment``; ``commitment_hash`` is journaled;
4. after the public value is published: ``derive_seed``, ``select`` (per credit risk class stratum, the
   entries with the smallest keyed hashes), ``assign`` (per business and agency, the candidates with the
   smallest keyed hashes, avoiding last time's inspectors where the pool allows);
5. a recusal (回避) after the draw: ``assign_one`` redraws that business alone.

Speed: a 1% draw from 1,000,000 entries with its assignment takes a few seconds in CPython (see
``bench/bench_draw.py``). The service selects with ``select_canonical`` (the committed bytes straight to
the selection, no `Entry` per line: tested to give what ``select`` gives); ``select`` stays the reference.
"""

from __future__ import annotations

import gc
import hashlib
import heapq
import itertools
import json
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Context, Decimal, Inexact, InvalidOperation
from typing import Any, Final

__all__ = [
    "ALGORITHM",
    "CREDIT_CLASSES",
    "INLINE_LIMIT",
    "RECORD_FORMAT",
    "DrawError",
    "Entry",
    "PoolMember",
    "Shortfall",
    "Stratum",
    "Unassignable",
    "assign",
    "assign_one",
    "build_commitment",
    "build_record",
    "canonical_eligible",
    "canonical_json",
    "canonical_pool",
    "commitment_hash",
    "compute_strata",
    "decimal_text",
    "derive_seed",
    "exclusion_pairs",
    "exclusions_hash",
    "normalize_previous",
    "parse_eligible",
    "parse_pool",
    "previous_hash",
    "select",
    "select_canonical",
    "sha256_hex",
    "shortfalls",
]

ALGORITHM: Final = "zhifa-draw-1"
RECORD_FORMAT: Final = "zhifa-draw-record-1"
# "" is an unclassified business; A (good credit) … D (bad credit): 信用风险分类, 国市监信发〔2022〕6号.
CREDIT_CLASSES: Final = ("", "A", "B", "C", "D")
# Lists longer than this are published as TSV files beside the record instead of inline.
INLINE_LIMIT: Final = 10_000

_SELECT: Final = b"select\x00"
_ASSIGN: Final = b"assign\x00"
# A unified social credit code (GB 32100-2015) is 18 upper-case letters or digits; the check character is
# the registry's business (lib.identifiers), the draw only needs a stable, tab-free key.
_CODE_CHARS: Final = r"[0-9A-Z]{18}"
_REGION_CHARS: Final = r"[^\t\n\r,]+"
_ELIGIBLE_LINE: Final = re.compile(rf"{_CODE_CHARS}\t[ABCD]?\t{_REGION_CHARS}\n")
_ELIGIBLE_TEXT: Final = re.compile(rf"(?:{_CODE_CHARS}\t[ABCD]?\t{_REGION_CHARS}\n)*")
_CODE: Final = re.compile(_CODE_CHARS)
_REGION: Final = re.compile(_REGION_CHARS)
# Exact decimal arithmetic for the strata: an input with too many digits is refused, never rounded.
_EXACT: Final = Context(prec=120, traps=[Inexact, InvalidOperation])


class DrawError(ValueError):
    """Bad input to the draw; the message is Chinese, for the person who prepared the task."""


class Unassignable(DrawError):
    """A drawn business cannot get the inspectors it needs from that agency."""

    def __init__(self, code: str, agency: int, needed: int, found: int) -> None:
        self.code = code
        self.agency = agency
        self.needed = needed
        self.found = found
        super().__init__(
            f"无法为 {code} 指派检查人员：机关 {agency} 需要 {needed} 名，符合条件的只有 {found} 名"
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One business of the eligible list (抽取库)."""

    code: str  # 统一社会信用代码, 18 upper-case characters
    credit_class: str  # "" (unclassified) or A|B|C|D
    region: str  # 区划代码 of the business


@dataclass(frozen=True, slots=True)
class PoolMember:
    """One inspector of the officer pool: the regions where they may inspect for ALL the task's items of
    their agency on the task's date (computed by the service with personnel.selectors.may_act)."""

    id: int
    agency: int
    regions: frozenset[str]


@dataclass(frozen=True, slots=True)
class Stratum:
    """One credit risk class of the list: how many entries it has and how many are drawn."""

    credit_class: str
    count: int
    draw: int

    def as_json(self) -> dict[str, Any]:
        return {"class": self.credit_class, "count": self.count, "draw": self.draw}


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Eligible businesses of one region that one agency cannot staff: `needed` inspectors, `found`
    qualified and not recused. `codes` are the businesses concerned (sorted)."""

    region: str
    agency: int
    needed: int
    found: int
    codes: tuple[str, ...] = field(default=())

    def message(self) -> str:
        sample = "、".join(self.codes[:5]) + ("等" if len(self.codes) > 5 else "")
        return (
            f"区划 {self.region} 的 {len(self.codes)} 户（{sample}）：机关 {self.agency} 需要"
            f" {self.needed} 名检查人员，有资格且无需回避的只有 {self.found} 名"
        )


# --------------------------------------------------------------------------- canonical forms and hashes


def canonical_json(obj: Any) -> bytes:
    """The one JSON serialisation that is hashed: sorted keys, no spaces, UTF-8 (not \\u escapes)."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decimal_text(value: Decimal) -> str:
    """The canonical text of a ratio or multiplier: plain notation, no trailing zeros ("2.5", "100")."""
    if not value.is_finite() or value < 0:
        raise DrawError(f"比例或系数必须是非负数，收到 {value}")
    return format(value.normalize(), "f")


def canonical_eligible(entries: Iterable[Entry]) -> bytes:
    """Lines ``code\\tclass\\tregion\\n`` sorted by code, UTF-8. A duplicate code or a malformed field is
    refused: a business appears once in the list whatever the query that built it."""
    ordered = sorted(entries, key=_CODE_OF)
    text = "".join([f"{e.code}\t{e.credit_class}\t{e.region}\n" for e in ordered])
    if _ELIGIBLE_TEXT.fullmatch(text) is None:  # one C-speed pass; find the culprit only when it fails
        for e in ordered:
            _check_entry(e)
        raise DrawError("抽取库格式不对")  # not reached: _check_entry names the culprit
    codes = list(map(_CODE_OF, ordered))
    if any(map(operator.eq, codes, codes[1:])):  # sorted: a duplicate sits next to its twin
        twin = next(a for a, b in itertools.pairwise(codes) if a == b)
        raise DrawError(f"抽取库中统一社会信用代码 {twin} 重复出现，每户只能出现一次")
    return text.encode("utf-8")


def parse_eligible(data: bytes) -> list[Entry]:
    """The entries of canonical eligible bytes (refused unless they are canonical: sorted, unique)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DrawError(f"抽取库不是 UTF-8 编码（第 {exc.start} 字节）") from None
    if _ELIGIBLE_TEXT.fullmatch(text) is None:  # slow path only to name the line
        for number, line in enumerate(_lines(data, "抽取库"), 1):
            if _ELIGIBLE_LINE.fullmatch(line) is None:
                raise DrawError(
                    f"抽取库第 {number} 行格式不对（应为“代码<TAB>分类<TAB>区划”）：{line[:-1]!r}"
                )
        raise DrawError("抽取库的最后一行缺少换行符")
    entries = [Entry(*line.split("\t")) for line in text.split("\n")[:-1]]
    codes = list(map(_CODE_OF, entries))
    if not all(map(operator.lt, codes, codes[1:])):
        number = next(n for n, (a, b) in enumerate(itertools.pairwise(codes), 2) if a >= b)
        raise DrawError(f"抽取库第 {number} 行：代码 {codes[number - 1]} 未按顺序排列或重复")
    return entries


def canonical_pool(pool: Iterable[PoolMember]) -> bytes:
    """Lines ``id\\tagency\\tr1,r2,...\\n`` (regions sorted) sorted by id numerically, UTF-8."""
    ordered = sorted(pool, key=_by_id)
    lines: list[str] = []
    previous: int | None = None
    for member in ordered:
        _check_member(member)
        if member.id == previous:
            raise DrawError(f"检查人员名录中人员 {member.id} 重复出现")
        previous = member.id
        lines.append(f"{member.id}\t{member.agency}\t{','.join(sorted(member.regions))}\n")
    return "".join(lines).encode("utf-8")


def parse_pool(data: bytes) -> list[PoolMember]:
    """The members of canonical pool bytes (refused unless canonical)."""
    members: list[PoolMember] = []
    previous: int | None = None
    for number, line in enumerate(_lines(data, "检查人员名录"), 1):
        parts = line[:-1].split("\t")
        if len(parts) != 3 or not _is_int(parts[0]) or not _is_int(parts[1]):
            raise DrawError(
                f"检查人员名录第 {number} 行格式不对（应为“人员<TAB>机关<TAB>区划,区划”）：{line[:-1]!r}"
            )
        regions = parts[2].split(",") if parts[2] else []
        member = PoolMember(int(parts[0]), int(parts[1]), frozenset(regions))
        if previous is not None and member.id <= previous:
            raise DrawError(f"检查人员名录第 {number} 行：人员 {member.id} 未按顺序排列或重复")
        if regions != sorted(member.regions):
            raise DrawError(f"检查人员名录第 {number} 行：区划未排序或重复")
        _check_member(member)
        previous = member.id
        members.append(member)
    return members


def normalize_previous(previous: Mapping[str, Iterable[int]]) -> dict[str, list[int]]:
    """The form of `previous` that is published and hashed: ids sorted and unique, empty lists dropped."""
    out: dict[str, list[int]] = {}
    for code, ids in previous.items():
        unique = sorted(set(ids))
        if unique:
            out[code] = unique
    return out


def previous_hash(previous: Mapping[str, Iterable[int]]) -> str:
    """SHA-256 of the canonical JSON of the normalized `previous` mapping."""
    return sha256_hex(canonical_json(normalize_previous(previous)))


def exclusion_pairs(exclusions: Iterable[tuple[int, str]]) -> list[list[int | str]]:
    """The published form of recusal pairs: ``[officer_id, code]`` lists, unique, sorted by (id, code)."""
    return [[officer, code] for officer, code in sorted(set(exclusions))]


def exclusions_hash(exclusions: Iterable[tuple[int, str]]) -> str:
    """SHA-256 of the canonical JSON of the sorted pairs known before the commitment."""
    return sha256_hex(canonical_json(exclusion_pairs(exclusions)))


# --------------------------------------------------------------------------- before the commitment


def compute_strata(
    entries: Iterable[Entry], ratio_percent: Decimal, multipliers: Mapping[str, Decimal]
) -> list[Stratum]:
    """One stratum per credit risk class present, in class order ("" first): draw = min(count,
    ceil(count × ratio × multiplier / 100)) computed exactly. Bad credit is inspected more, good credit
    less (国发〔2019〕5号; the multipliers are regional settings)."""
    if not ratio_percent.is_finite() or not Decimal(0) < ratio_percent <= Decimal(100):
        raise DrawError(f"抽查比例必须大于 0 且不超过 100（%），收到 {ratio_percent}")
    counts = Counter(e.credit_class for e in entries)
    strata: list[Stratum] = []
    for credit_class in sorted(counts):
        if credit_class not in multipliers:
            raise DrawError(f"缺少信用风险分类“{credit_class or '未分类'}”的抽查比例系数")
        multiplier = multipliers[credit_class]
        decimal_text(multiplier)  # refuses a negative or non-finite multiplier
        count = counts[credit_class]
        try:
            product = _EXACT.multiply(_EXACT.multiply(Decimal(count), ratio_percent), multiplier)
            exact = _EXACT.divide(product, 100)
        except (Inexact, InvalidOperation):
            raise DrawError("抽查比例或系数的位数过多，无法精确计算") from None
        draw = min(count, int(exact.to_integral_value(rounding=ROUND_CEILING)))
        strata.append(Stratum(credit_class, count, draw))
    return strata


def build_commitment(
    *,
    task: str,
    eligible_bytes: bytes,
    list_count: int,
    pool_bytes: bytes,
    pool_count: int,
    ratio_percent: Decimal,
    multipliers: Mapping[str, Decimal],
    strata: Sequence[Stratum],
    per_target: Mapping[int, int],
    previous: Mapping[str, Iterable[int]],
    exclusions: Iterable[tuple[int, str]],
    random_source: str,
) -> dict[str, Any]:
    """The commitment object, journaled before any randomness exists. `eligible_bytes` / `pool_bytes` are
    the canonical bytes; `exclusions` are the recusals known now."""
    _check_per_target(per_target)
    if not random_source.strip():
        raise DrawError("必须写明随机数来源及其确定日期")
    return {
        "algorithm": ALGORITHM,
        "task": task,
        "list_hash": sha256_hex(eligible_bytes),
        "list_count": list_count,
        "pool_hash": sha256_hex(pool_bytes),
        "pool_count": pool_count,
        "ratio_percent": decimal_text(ratio_percent),
        "multipliers": {c: decimal_text(m) for c, m in multipliers.items()},
        "strata": [s.as_json() for s in strata],
        "per_target": {str(a): k for a, k in sorted(per_target.items())},
        "previous_hash": previous_hash(previous),
        "exclusions_hash": exclusions_hash(exclusions),
        "random_source": random_source.strip(),
    }


def commitment_hash(commitment: Mapping[str, Any]) -> str:
    return sha256_hex(canonical_json(commitment))


def shortfalls(
    entries: Iterable[Entry],
    pool: Iterable[PoolMember],
    per_target: Mapping[int, int],
    exclusions: Iterable[tuple[int, str]],
) -> list[Shortfall]:
    """Every ELIGIBLE business (not only those drawn later) checked for enough qualified inspectors of
    each agency, recusals counted: per region first (a million entries cost a count), then per recused
    business. Empty when the draw may go ahead. Previous inspectors do not count against a business: they
    fill in when nobody else is left. Sorted by region, agency, then found."""
    _check_per_target(per_target)
    listed = entries if isinstance(entries, Sequence) else list(entries)
    index = _PoolIndex(pool)
    agencies = sorted(per_target.items())
    short_regions: dict[tuple[str, int], int] = {}
    for region in Counter(map(_REGION_OF, listed)):
        for agency, needed in agencies:
            found = len(index.candidates(agency, region))
            if found < needed:
                short_regions[(region, agency)] = found
    grouped: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    if short_regions:
        wanted = {region for region, _ in short_regions}
        codes_of: dict[str, list[str]] = defaultdict(list)
        for e in listed:
            if e.region in wanted:
                codes_of[e.region].append(e.code)
        for (region, agency), found in short_regions.items():
            grouped[(region, agency, found)] = codes_of[region]
    excluded = _exclusion_map(exclusions)
    if excluded:
        for e in listed:
            recused = excluded.get(e.code)
            if recused is None:
                continue
            for agency, needed in agencies:
                if (e.region, agency) in short_regions:
                    continue  # already named with its whole region
                candidates = index.candidates(agency, e.region)
                left = len(candidates) - len(recused.intersection(candidates))
                if left < needed:
                    grouped[(e.region, agency, left)].append(e.code)
    return [
        Shortfall(region, agency, per_target[agency], found, tuple(sorted(grouped[(region, agency, found)])))
        for region, agency, found in sorted(grouped)
    ]


# --------------------------------------------------------------------------- after the public value


def derive_seed(commitment_hash: str, random_value: str) -> bytes:
    """SHA-256(commitment_hash + "\\n" + random_value.strip()): 32 bytes nobody could know when the
    commitment was journaled."""
    value = random_value.strip()
    if not value:
        raise DrawError("随机数不能为空")
    if re.fullmatch(r"[0-9a-f]{64}", commitment_hash) is None:
        raise DrawError("承诺哈希应为 64 位小写十六进制")
    return hashlib.sha256(f"{commitment_hash}\n{value}".encode()).digest()


def select(entries: Iterable[Entry], strata: Sequence[Stratum], seed: bytes) -> list[str]:
    """Per stratum, the `draw` entries whose SHA-256(seed + "select\\0" + code) are smallest (ties: the
    smaller code); the union sorted by code."""
    by_class: dict[str, list[str]] = defaultdict(list)
    for e in entries:
        by_class[e.credit_class].append(e.code)
    _check_strata(by_class, strata)
    # Plain concatenation: the prefix (39 bytes) is shorter than a SHA-256 block, so a hashlib .copy() of
    # a prefixed state saves no compression and costs a call (measured ~10% slower).
    prefix = seed + _SELECT
    sha = hashlib.sha256
    chosen: list[str] = []
    for stratum in strata:
        codes = by_class[stratum.credit_class]
        keyed = ((sha(prefix + code.encode()).digest(), code) for code in codes)
        chosen.extend(code for _, code in heapq.nsmallest(stratum.draw, keyed))
    chosen.sort()
    return chosen


def select_canonical(data: bytes, strata: Sequence[Stratum], seed: bytes) -> list[Entry]:
    """`select` over the canonical eligible bytes, giving the selected entries (sorted by code): the same
    result as ``select(parse_eligible(data), strata, seed)``, for the service's seed at a province's scale.

    The reference builds one `Entry` per line (a frozen dataclass: ~1.5 µs each, 1.5 s at 1,000,000
    lines) and hashes in a generator. This path never builds them: one regex pass over the bytes gives
    (code, class, region) tuples, the 1,000,000 keys are hashed in C-level `map`s, and a threshold keeps
    only the keys that can be among the smallest (the keys are uniform SHA-256 values: below
    ``2 × draw + 64`` of the stratum's expected share), so that `heapq.nsmallest` walks a few thousand
    candidates, not the whole list. Exact, not probabilistic: when a stratum has fewer candidates below
    the threshold than it draws, it is walked whole. `tests/test_draw_fast_path.py` checks it against
    `select` and the verifier on random lists. Bytes that are not the canonical form (a malformed line,
    lines out of order or repeated) are refused, naming the line, as `parse_eligible` does."""
    with _gc_paused():
        rows = _ELIGIBLE_ROW.findall(data)
        n = len(rows)
        classes = list(map(_SECOND, rows))
        # The matches are disjoint; if their lengths add up to the whole, they are exactly its lines.
        covered = 21 * n + sum(map(len, classes)) + sum(map(len, map(_THIRD, rows)))
        codes = list(map(_FIRST, rows))
        if covered != len(data) or not all(map(operator.lt, codes, codes[1:])):
            parse_eligible(data)  # names the first line that is not canonical (or out of order)
            raise DrawError("抽取库格式不对")  # not reached for bytes parse_eligible accepts
        counts = {c: classes.count(c.encode()) for c in CREDIT_CLASSES}
        _check_counts({c: k for c, k in counts.items() if k}, strata)
        prefix = seed + _SELECT
        keys = list(map(_DIGEST, map(hashlib.sha256, map(prefix.__add__, codes))))
        wanted = {s.credit_class.encode(): s.draw for s in strata if s.draw}
        share = max(
            ((min(s.count, _MARGIN[0] * s.draw + _MARGIN[1]) / s.count) for s in strata if s.draw),
            default=0.0,
        )
        picked: Iterator[int]
        if share < 0.5:
            threshold = min(int(share * 2**256) + 1, 2**256 - 1).to_bytes(32, "big")
            picked = itertools.compress(range(n), map(threshold.__gt__, keys))
        else:  # a large share: the threshold would keep most keys anyway
            picked = iter(range(n))
        candidates: dict[bytes, list[tuple[bytes, tuple[bytes, bytes, bytes]]]] = defaultdict(list)
        for i in picked:
            row = rows[i]
            if row[1] in wanted:
                candidates[row[1]].append((keys[i], row))
        chosen: list[tuple[bytes, bytes, bytes]] = []
        for credit_class, k in wanted.items():
            found = candidates[credit_class]
            if len(found) < k:  # too few below the threshold (or no threshold): the whole stratum
                found = [(key, row) for key, row in zip(keys, rows, strict=True) if row[1] == credit_class]
            # (key, (code, …)): ties of keys fall to the smaller code, as in `select`.
            chosen.extend(row for _, row in heapq.nsmallest(k, found))
    chosen.sort()
    return [Entry(code.decode(), c.decode(), region.decode()) for code, c, region in chosen]


def assign(
    selected_entries: Iterable[Entry],
    pool: Iterable[PoolMember],
    per_target: Mapping[int, int],
    seed: bytes,
    exclusions: Iterable[tuple[int, str]],
    previous: Mapping[str, Iterable[int]],
) -> dict[str, list[int]]:
    """The inspectors of each selected business: ``{code: [officer ids]}``, agencies in numeric order,
    each agency's officers in rank order. `exclusions` are ALL recusals, before and after the draw.
    Raises `Unassignable` when a business lacks inspectors (the pre-check makes that impossible unless
    a recusal after the draw took the last one)."""
    _check_per_target(per_target)
    index = _PoolIndex(pool)
    excluded = _exclusion_map(exclusions)
    prior = {code: frozenset(ids) for code, ids in previous.items()}
    prefix = seed + _ASSIGN
    agencies = sorted(per_target.items())
    return {
        e.code: _assign(e, index, agencies, prefix, excluded.get(e.code, _NONE), prior.get(e.code, _NONE))
        for e in sorted(selected_entries, key=_CODE_OF)
    }


def assign_one(
    entry: Entry,
    pool: Iterable[PoolMember],
    per_target: Mapping[int, int],
    seed: bytes,
    exclusions: Iterable[tuple[int, str]],
    previous: Mapping[str, Iterable[int]],
) -> list[int]:
    """The inspectors of one business, as `assign` gives them: a recusal after the draw redraws only
    that business (its result depends on nothing but its own data)."""
    return assign([entry], pool, per_target, seed, exclusions, previous)[entry.code]


# --------------------------------------------------------------------------- the public record


def build_record(
    *,
    task: Mapping[str, Any],
    commitment: Mapping[str, Any],
    commitment_entry: Mapping[str, Any],
    random_value: str,
    seed_entry: Mapping[str, Any],
    seed: bytes,
    entries: Sequence[Entry],
    pool: Sequence[PoolMember],
    previous: Mapping[str, Iterable[int]],
    exclusions: Iterable[tuple[int, str, bool]],
    selected: Sequence[str],
    assignments: Mapping[str, Sequence[int]],
    targets: Mapping[str, str],
    inspectors: Mapping[int, Mapping[str, str]],
    eligible_url: str = "",
    pool_url: str = "",
) -> dict[str, Any]:
    """The public record (format ``zhifa-draw-record-1``). A list longer than INLINE_LIMIT is published by
    URL (its canonical TSV bytes, served by the caller) and must be given one; a shorter one is inline.
    `exclusions` are (officer id, code, after_draw) triples."""
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "algorithm": ALGORITHM,
        "task": dict(task),
        "commitment": dict(commitment),
        "commitment_hash": commitment_hash(commitment),
        "commitment_entry": dict(commitment_entry),
        "random_value": random_value,
        "seed_entry": dict(seed_entry),
        "seed": seed.hex(),
    }
    if len(entries) > INLINE_LIMIT:
        if not eligible_url:
            raise DrawError(f"抽取库超过 {INLINE_LIMIT} 户，须以文件发布（缺少 eligible_url）")
        record["eligible_url"] = eligible_url
    else:
        record["eligible"] = [[e.code, e.credit_class, e.region] for e in sorted(entries, key=_CODE_OF)]
    if len(pool) > INLINE_LIMIT:
        if not pool_url:
            raise DrawError(f"检查人员名录超过 {INLINE_LIMIT} 人，须以文件发布（缺少 pool_url）")
        record["pool_url"] = pool_url
    else:
        record["pool"] = [[m.id, m.agency, sorted(m.regions)] for m in sorted(pool, key=_by_id)]
    triples = sorted({(officer, code, bool(after)) for officer, code, after in exclusions})
    record.update(
        {
            "previous": normalize_previous(previous),
            "exclusions": [[officer, code, {"after_draw": after}] for officer, code, after in triples],
            "selected": list(selected),
            "assignments": {code: list(ids) for code, ids in sorted(assignments.items())},
            "targets": dict(sorted(targets.items())),
            "inspectors": {str(i): dict(v) for i, v in sorted(inspectors.items())},
        }
    )
    return record


# --------------------------------------------------------------------------- internals

_NONE: Final[frozenset[Any]] = frozenset()
# One canonical line of the eligible list, in bytes (select_canonical).
_ELIGIBLE_ROW: Final = re.compile(rb"([0-9A-Z]{18})\t([ABCD]?)\t([^\t\n\r,]+)\n")
# The share of a stratum's keys kept below the threshold: twice what is drawn, plus 64 (a stratum with
# fewer keys below it than it draws is walked whole; the tests shrink it to take that path).
_MARGIN: tuple[int, int] = (2, 64)
_FIRST: Final = operator.itemgetter(0)
_SECOND: Final = operator.itemgetter(1)
_THIRD: Final = operator.itemgetter(2)
_DIGEST: Final = operator.methodcaller("digest")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a million tuples are built (none of them can form a cycle):
    the collector would otherwise walk the growing list again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_CODE_OF: Final = operator.attrgetter("code")
_REGION_OF: Final = operator.attrgetter("region")


class _PoolIndex:
    """The pool's officer ids per (agency, region), each sorted: the candidates of a business before
    recusals; beside them, each id's decimal text in bytes (what its key hashes)."""

    def __init__(self, pool: Iterable[PoolMember]) -> None:
        index: dict[tuple[int, str], list[int]] = defaultdict(list)
        for member in sorted(pool, key=_by_id):
            for region in member.regions:
                index[(member.agency, region)].append(member.id)
        self._index = {key: tuple(ids) for key, ids in index.items()}
        self._texts = {key: tuple(str(i).encode() for i in ids) for key, ids in self._index.items()}

    def candidates(self, agency: int, region: str) -> tuple[int, ...]:
        return self._index.get((agency, region), ())

    def texts(self, agency: int, region: str) -> tuple[bytes, ...]:
        return self._texts.get((agency, region), ())


def _assign(
    entry: Entry,
    index: _PoolIndex,
    agencies: Sequence[tuple[int, int]],
    prefix: bytes,  # seed + "assign\0"
    recused: frozenset[int],
    prior: frozenset[int],
) -> list[int]:
    # The key of an officer: SHA-256(seed + "assign\0" + code + "\0" + decimal id), hashed in C-level
    # maps (one call per key instead of a state's copy, update and digest: the same bytes, the same key).
    head = prefix + entry.code.encode() + b"\x00"
    out: list[int] = []
    for agency, needed in agencies:
        officers = index.candidates(agency, entry.region)
        texts = index.texts(agency, entry.region)
        if recused:
            keep = [officer not in recused for officer in officers]
            officers = tuple(itertools.compress(officers, keep))
            texts = tuple(itertools.compress(texts, keep))
        if len(officers) < needed:
            raise Unassignable(entry.code, agency, needed, len(officers))
        keys = map(_DIGEST, map(hashlib.sha256, map(head.__add__, texts)))
        ranked = sorted(zip(keys, officers, strict=True))
        fresh = [officer for _, officer in ranked if officer not in prior][:needed]
        if len(fresh) < needed:  # too few others: last time's inspectors fill in, best ranked first
            fresh += [officer for _, officer in ranked if officer in prior][: needed - len(fresh)]
        chosen = set(fresh)
        out.extend(officer for _, officer in ranked if officer in chosen)  # listed in rank order
    return out


def _exclusion_map(exclusions: Iterable[tuple[int, str]]) -> dict[str, frozenset[int]]:
    grouped: dict[str, set[int]] = defaultdict(set)
    for officer, code in exclusions:
        grouped[code].add(officer)
    return {code: frozenset(ids) for code, ids in grouped.items()}


def _check_per_target(per_target: Mapping[int, int]) -> None:
    # DESIGN invariant 3 (行政处罚法 第四十二条、第五十五条; 企业公示信息抽查暂行办法: 2 名以上检查人员):
    # every inspection has at least two inspectors; in a joint inspection each agency sends at least one.
    if not per_target:
        raise DrawError("未指定每户的检查人员人数")
    if any(k < 1 for k in per_target.values()):
        raise DrawError("每个参与机关每户至少派出 1 名检查人员")
    if sum(per_target.values()) < 2:
        raise DrawError("每户检查人员合计不得少于 2 名（行政处罚法第四十二条）")


def _check_strata(by_class: Mapping[str, Sequence[str]], strata: Sequence[Stratum]) -> None:
    _check_counts({c: len(codes) for c, codes in by_class.items()}, strata)


def _check_counts(counts: Mapping[str, int], strata: Sequence[Stratum]) -> None:
    classes = [s.credit_class for s in strata]
    if classes != sorted(counts):
        raise DrawError("分层与抽取库中的信用风险分类不一致")
    for s in strata:
        if s.count != counts[s.credit_class] or not 0 <= s.draw <= s.count:
            raise DrawError(f"信用风险分类“{s.credit_class or '未分类'}”的分层户数与抽取库不一致")


def _check_entry(e: Entry) -> None:
    if _CODE.fullmatch(e.code) is None:
        raise DrawError(f"统一社会信用代码 {e.code!r} 应为 18 位大写字母或数字")
    if e.credit_class not in CREDIT_CLASSES:
        raise DrawError(f"{e.code} 的信用风险分类 {e.credit_class!r} 应为 A、B、C、D 或空")
    if _REGION.fullmatch(e.region) is None:
        raise DrawError(f"{e.code} 的区划代码 {e.region!r} 为空或含有制表符、换行或逗号")


def _check_member(member: PoolMember) -> None:
    if member.id < 0 or member.agency < 0:
        raise DrawError(f"检查人员 {member.id} 的编号或机关编号不能为负")
    for region in member.regions:
        if _REGION.fullmatch(region) is None:
            raise DrawError(f"检查人员 {member.id} 的区划代码 {region!r} 为空或含有制表符、换行或逗号")


def _lines(data: bytes, what: str) -> list[str]:
    """The lines of canonical bytes, each with its "\n" (only "\n" ends a line: str.splitlines would
    also split on \x85 or U+2028, which a region name could hold)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DrawError(f"{what}不是 UTF-8 编码（第 {exc.start} 字节）") from None
    if text and not text.endswith("\n"):
        raise DrawError(f"{what}的最后一行缺少换行符")
    return [line + "\n" for line in text.split("\n")[:-1]]


def _is_int(text: str) -> bool:
    # Canonical decimal only: "007" or "+7" would hash differently from the same id written plainly.
    return re.fullmatch(r"0|[1-9][0-9]*", text) is not None


def _by_id(m: PoolMember) -> int:
    return m.id
