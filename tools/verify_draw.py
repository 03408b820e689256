#!/usr/bin/env python3
"""Independent verifier of a Zhifa random-inspection draw (双随机抽查), algorithm zhifa-draw-1.
Needs only Python 3.9+ (standard library); it shares no code with Zhifa on purpose.

    python3 verify_draw.py RECORD.json [--eligible FILE] [--pool FILE] [--base-url URL]

RECORD.json is the public record (/inspections/draws/<id>.json). A large eligible list (抽取库) or
officer pool (检查人员名录库) is not inline but published beside it: give the file, or let the verifier
fetch `eligible_url` / `pool_url` (a relative URL needs --base-url, e.g. https://example.gov.cn).

It checks, in this order, and goes on after a difference (all are listed; the first one is the cause):
list_hash and pool_hash against the lists; list_count and pool_count; the strata recomputed from the list,
the ratio and the multipliers; previous_hash; exclusions_hash (recusals known before the commitment);
commitment_hash; the commitment journaled before the seed; the seed from the commitment hash and the public
random value; the selected businesses; the inspectors of each (with all recusals, also those after the
draw). Exit 0 and a one-line summary when everything matches; 1 and the first difference otherwise
(a list that cannot be had is a difference too); 2 when the record or a given file cannot be read.
The algorithm: docs/draw-algorithm.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import urllib.parse
import urllib.request
from fractions import Fraction
from typing import Any

ALGORITHM = "zhifa-draw-1"
RECORD_FORMAT = "zhifa-draw-record-1"


class Stop(Exception):
    """A difference after which nothing further can be checked (a list missing or unreadable)."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


# ----------------------------------------------------------------------------------------- the lists


def fetch(url: str, base_url: str | None, what: str) -> bytes:
    if not urllib.parse.urlparse(url).scheme:
        if not base_url:
            raise Stop(
                f"{what}未随记录提供 / not given: the record points to {url}; pass the file or --base-url"
            )
        url = urllib.parse.urljoin(base_url, url)
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            data: bytes = response.read()
            return data
    except (OSError, ValueError) as exc:
        raise Stop(f"无法下载{what} / cannot fetch {url}: {exc}") from None


def eligible_bytes_of(record: dict[str, Any], given: bytes | None, base_url: str | None) -> bytes:
    if given is not None:
        return given
    if "eligible" in record:
        rows = sorted(record["eligible"], key=lambda row: row[0])
        return "".join(f"{code}\t{cls}\t{region}\n" for code, cls, region in rows).encode("utf-8")
    if "eligible_url" in record:
        return fetch(record["eligible_url"], base_url, "抽取库")
    raise Stop("记录中没有抽取库 / the record has neither eligible nor eligible_url")


def pool_bytes_of(record: dict[str, Any], given: bytes | None, base_url: str | None) -> bytes:
    if given is not None:
        return given
    if "pool" in record:
        rows = sorted(record["pool"], key=lambda row: int(row[0]))
        return "".join(f"{i}\t{a}\t{','.join(sorted(regions))}\n" for i, a, regions in rows).encode("utf-8")
    if "pool_url" in record:
        return fetch(record["pool_url"], base_url, "检查人员名录")
    raise Stop("记录中没有检查人员名录 / the record has neither pool nor pool_url")


def read_eligible(data: bytes) -> list[tuple[str, str, str]]:
    """(code, class, region) per line; the bytes already matched the committed hash."""
    rows = []
    seen = set()
    text = data.decode("utf-8")
    for number, line in enumerate(text.split("\n")[:-1] if text else [], 1):
        fields = line.split("\t")
        if len(fields) != 3:
            raise Stop(f"抽取库第 {number} 行不是三列 / eligible line {number} does not have 3 fields")
        if fields[0] in seen:
            raise Stop(f"抽取库代码重复 / eligible code {fields[0]} appears twice")
        seen.add(fields[0])
        rows.append((fields[0], fields[1], fields[2]))
    return rows


def read_pool(data: bytes) -> list[tuple[int, int, frozenset[str]]]:
    rows = []
    text = data.decode("utf-8")
    for number, line in enumerate(text.split("\n")[:-1] if text else [], 1):
        fields = line.split("\t")
        if len(fields) != 3:
            raise Stop(f"检查人员名录第 {number} 行不是三列 / pool line {number} does not have 3 fields")
        regions = frozenset(fields[2].split(",")) if fields[2] else frozenset()
        rows.append((int(fields[0]), int(fields[1]), regions))
    return rows


# ----------------------------------------------------------------------------------------- the draw


def strata_of(
    rows: list[tuple[str, str, str]], ratio: str, multipliers: dict[str, str]
) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for _, cls, _ in rows:
        counts[cls] = counts.get(cls, 0) + 1
    out = []
    for cls in sorted(counts):
        if cls not in multipliers:
            raise Stop(f"缺少分类“{cls}”的系数 / the commitment has no multiplier for class {cls!r}")
        n = counts[cls]
        # Exact rational arithmetic, then the ceiling: the same integer as Decimal with ROUND_CEILING.
        wanted = math.ceil(n * Fraction(ratio) * Fraction(multipliers[cls]) / 100)
        out.append({"class": cls, "count": n, "draw": min(n, wanted)})
    return out


def selection(rows: list[tuple[str, str, str]], strata: list[dict[str, Any]], seed: bytes) -> list[str]:
    """Per class, sort ALL its entries by SHA-256(seed + "select\\0" + code), then the code, and take the
    first `draw` (a full sort: a different route from Zhifa's partial heap, the same result)."""
    by_class: dict[str, list[str]] = {}
    for code, cls, _ in rows:
        by_class.setdefault(cls, []).append(code)
    chosen: list[str] = []
    for stratum in strata:
        codes = by_class.get(stratum["class"], [])
        keyed = sorted(
            (hashlib.sha256(seed + b"select\x00" + code.encode("utf-8")).digest(), code) for code in codes
        )
        chosen += [code for _, code in keyed[: stratum["draw"]]]
    return sorted(chosen)


def inspectors_for(
    code: str,
    region: str,
    pool: list[tuple[int, int, frozenset[str]]],
    per_target: dict[str, int],
    seed: bytes,
    excluded: set[tuple[int, str]],
    before: set[int],
) -> list[int]:
    out: list[int] = []
    for agency in sorted(per_target, key=int):
        needed = per_target[agency]
        ranked = sorted(
            (
                hashlib.sha256(
                    seed + b"assign\x00" + code.encode("utf-8") + b"\x00" + str(i).encode()
                ).digest(),
                i,
            )
            for i, a, regions in pool
            if a == int(agency) and region in regions and (i, code) not in excluded
        )
        pick = [i for _, i in ranked if i not in before][:needed]
        pick += [i for _, i in ranked if i in before][: needed - len(pick)]
        if len(pick) < needed:
            raise Stop(
                f"无法指派 / assignment impossible for {code}: agency {agency} needs {needed}, "
                f"{len(ranked)} qualified"
            )
        out += [i for _, i in ranked if i in pick]
    return out


def first_difference(expected: list[Any], recorded: list[Any]) -> str:
    for n in range(min(len(expected), len(recorded))):
        if expected[n] != recorded[n]:
            return f"#{n + 1} expected {short(expected[n])}, record has {short(recorded[n])}"
    return f"expected {len(expected)} entries, record has {len(recorded)}"


def differs(zh: str, en: str, expected: Any, have: Any, where: str = "commitment") -> str:
    return f"{zh}不一致 / {en} differs: expected {short(expected)}, {where} has {short(have)}"


# ----------------------------------------------------------------------------------------- verify


def check(
    record: dict[str, Any],
    eligible_bytes: bytes | None,
    pool_bytes: bytes | None,
    base_url: str | None,
    problems: list[str],
) -> str:
    """Append every difference to `problems` (in the published order); return the summary line."""
    c = record.get("commitment")
    if record.get("format") != RECORD_FORMAT or not isinstance(c, dict) or c.get("algorithm") != ALGORITHM:
        raise Stop(f"不是 {ALGORITHM} 抽取记录 / not a {RECORD_FORMAT} record of algorithm {ALGORITHM}")
    if record.get("algorithm") != ALGORITHM:
        problems.append(differs("算法", "algorithm", ALGORITHM, record.get("algorithm"), "record"))
    task = record.get("task") or {}
    if task.get("code", c.get("task")) != c.get("task"):
        problems.append(differs("任务编号", "task code", c.get("task"), task.get("code"), "record"))

    data = eligible_bytes_of(record, eligible_bytes, base_url)
    if sha256_hex(data) != c.get("list_hash"):
        problems.append(differs("抽取库哈希", "list_hash", sha256_hex(data), c.get("list_hash")))
    pdata = pool_bytes_of(record, pool_bytes, base_url)
    if sha256_hex(pdata) != c.get("pool_hash"):
        problems.append(differs("名录哈希", "pool_hash", sha256_hex(pdata), c.get("pool_hash")))
    try:
        rows, pool = read_eligible(data), read_pool(pdata)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Stop(f"列表无法读取 / a list cannot be read: {exc}") from None
    if len(rows) != c.get("list_count"):
        problems.append(differs("抽取库户数", "list_count", len(rows), c.get("list_count")))
    if len(pool) != c.get("pool_count"):
        problems.append(differs("名录人数", "pool_count", len(pool), c.get("pool_count")))

    strata = strata_of(rows, c["ratio_percent"], c["multipliers"])
    if strata != c.get("strata"):
        problems.append(f"分层不一致 / strata differ: {first_difference(strata, c.get('strata') or [])}")

    previous = record.get("previous", {})
    if sha256_hex(canonical(previous)) != c.get("previous_hash"):
        problems.append(
            differs(
                "上次检查人员哈希", "previous_hash", sha256_hex(canonical(previous)), c.get("previous_hash")
            )
        )
    triples = record.get("exclusions", [])
    before = sorted({(int(t[0]), t[1]) for t in triples if not (len(t) > 2 and t[2].get("after_draw"))})
    pairs_hash = sha256_hex(canonical([[i, code] for i, code in before]))
    if pairs_hash != c.get("exclusions_hash"):
        problems.append(differs("回避名单哈希", "exclusions_hash", pairs_hash, c.get("exclusions_hash")))

    c_hash = sha256_hex(canonical(c))
    if c_hash != record.get("commitment_hash"):
        problems.append(
            differs("承诺哈希", "commitment_hash", c_hash, record.get("commitment_hash"), "record")
        )
    c_seq = (record.get("commitment_entry") or {}).get("seq")
    s_seq = (record.get("seed_entry") or {}).get("seq")
    if not (isinstance(c_seq, int) and isinstance(s_seq, int) and c_seq < s_seq):
        problems.append(
            f"顺序不对 / order wrong: commitment entry seq {c_seq} must precede seed entry seq {s_seq}"
        )

    value = str(record.get("random_value", "")).strip()
    seed = hashlib.sha256((c_hash + "\n" + value).encode("utf-8")).digest()
    if not value:
        problems.append("随机数为空 / random_value is empty")
    if seed.hex() != record.get("seed"):
        problems.append(differs("种子", "seed", seed.hex(), record.get("seed"), "record"))

    selected = selection(rows, strata, seed)
    if selected != record.get("selected"):
        where = first_difference(selected, record.get("selected") or [])
        problems.append(f"抽中名单不一致 / selection differs: {where}")

    region_of = {code: region for code, _, region in rows}
    excluded = {(int(t[0]), t[1]) for t in triples}
    per_target = {str(a): int(k) for a, k in c.get("per_target", {}).items()}
    recorded = record.get("assignments", {})
    for code in selected:
        prior = set(previous.get(code, []))
        want = inspectors_for(code, region_of[code], pool, per_target, seed, excluded, prior)
        if recorded.get(code) != want:
            problems.append(differs("指派", f"assignment of {code}", want, recorded.get(code), "record"))
            break
    else:
        extra = sorted(set(recorded) - set(selected))
        if extra:
            problems.append(f"指派不一致 / assignment differs: {extra[0]} was not drawn but has inspectors")
    targets = record.get("targets")
    if targets is not None and sorted(targets) != selected:
        problems.append("检查对象与抽中名单不一致 / targets differ from the selection")
    people = len({i for ids in recorded.values() for i in ids})
    return (
        f"核验通过：任务 {c.get('task')} 从 {len(rows)} 户中抽中 {len(selected)} 户，"
        f"{people} 名检查人员的指派一致 / OK: draw {c.get('task')} verified ({ALGORITHM}): "
        f"{len(selected)} of {len(rows)} businesses, {people} inspectors, seed {seed.hex()[:16]}…"
    )


def verify(
    record: dict[str, Any],
    eligible_bytes: bytes | None = None,
    pool_bytes: bytes | None = None,
    base_url: str | None = None,
) -> list[str]:
    """The differences between the record and a recomputation, first cause first; [] when it verifies."""
    return run(record, eligible_bytes, pool_bytes, base_url)[0]


def run(
    record: dict[str, Any],
    eligible_bytes: bytes | None = None,
    pool_bytes: bytes | None = None,
    base_url: str | None = None,
) -> tuple[list[str], str]:
    problems: list[str] = []
    summary = ""
    try:
        summary = check(record, eligible_bytes, pool_bytes, base_url, problems)
    except Stop as exc:
        problems.append(str(exc))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problems.append(f"记录格式不对 / malformed record: {type(exc).__name__} {exc}")
    return problems, summary


def read_file(path: str | None) -> bytes | None:
    if path is None:
        return None
    with open(path, "rb") as fh:
        return fh.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Zhifa random-inspection draw (zhifa-draw-1)")
    parser.add_argument("record", help="the public record RECORD.json")
    parser.add_argument("--eligible", help="the eligible list file (TSV) when the record gives eligible_url")
    parser.add_argument("--pool", help="the officer pool file (TSV) when the record gives pool_url")
    parser.add_argument("--base-url", help="where relative eligible_url / pool_url live, e.g. https://host")
    args = parser.parse_args(argv)
    try:
        with open(args.record, encoding="utf-8") as fh:
            record = json.load(fh)
        eligible, pool = read_file(args.eligible), read_file(args.pool)
    except (OSError, ValueError) as exc:
        print(f"无法读取 / cannot read: {exc}", file=sys.stderr)
        return 2
    problems, summary = run(record, eligible, pool, args.base_url)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        print(f"核验不通过 / INVALID: {problems[0]}{more}", file=sys.stderr)
        for problem in problems[1:]:
            print(f"  then: {problem}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
