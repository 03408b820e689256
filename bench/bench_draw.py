"""Benchmark the verifiable draw (zhifa.lib.draw, algorithm zhifa-draw-1) and its independent verifier.

Run from the repository root:  .venv/bin/python bench/bench_draw.py [--targets N] [--inspectors K]

Builds N synthetic eligible businesses (18-character codes in the GB 32100 character set, credit risk
classes "" A B C D, ~150 county regions) and a pool of K inspectors in two agencies (a joint inspection:
two inspectors of agency 1 and one of agency 2 per business), ~5% of the businesses with last time's
inspectors and N/1000 recusals. Then times each step the service runs: canonical bytes and their hashes,
the pre-check of every business, strata and commitment, the seed, the selection (`--ratio`, default 1%),
the assignment, writing the record (the list by file above 10,000 entries); then runs
tools/verify_draw.py as a subprocess on that record. Prints one JSON line per figure. Nothing touches a
database.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import _common

_common.bootstrap(django=False)

from zhifa.lib import draw  # noqa: E402  (after the checkout's src/ is on the path)

# GB 32100-2015 character set (no I O Z S V).
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CLASSES = [("", 20), ("A", 30), ("B", 35), ("C", 10), ("D", 5)]
MULTIPLIERS = {"": Decimal("1"), "A": Decimal("0.5"), "B": Decimal("1"), "C": Decimal("2"), "D": Decimal("3")}
PER_TARGET = {1: 2, 2: 1}


def synthetic(
    n: int, inspectors: int, regions: int, rng: random.Random
) -> tuple[list[draw.Entry], list[draw.PoolMember]]:
    region_codes = [f"33{(i // 12) + 1:02d}{(i % 12) + 2:02d}" for i in range(regions)]
    weights = [w for _, w in CLASSES]
    classes = rng.choices([c for c, _ in CLASSES], weights, k=n)
    where = rng.choices(region_codes, k=n)
    order = rng.sample(range(31**6), n)  # distinct: codes are unique
    entries = []
    for i in range(n):
        x = order[i]
        tail = "".join(CHARSET[(x // 31**p) % 31] for p in range(6))
        code = f"9{'123'[i % 3]}{where[i]}MA{tail}{CHARSET[i % 31]}{CHARSET[(i // 31) % 31]}"
        entries.append(draw.Entry(code, classes[i], where[i]))
    pool = []
    share = max(6, regions // 5)  # each inspector covers ~a fifth of the regions
    for officer in range(1, inspectors + 1):
        agency = 1 if officer <= inspectors * 5 // 8 else 2
        pool.append(
            draw.PoolMember(officer, agency, frozenset(rng.sample(region_codes, min(share, regions))))
        )
    # Every region gets at least 3 inspectors of each agency, so that the pre-check passes.
    by_agency = {a: [m for m in pool if m.agency == a] for a in (1, 2)}
    extra: dict[int, set[str]] = {}
    for region in region_codes:
        for members in by_agency.values():
            covering = [m for m in members if region in m.regions]
            for m in rng.sample(members, max(0, 3 - len(covering))):
                extra.setdefault(m.id, set()).add(region)
    pool = [draw.PoolMember(m.id, m.agency, m.regions | extra.get(m.id, set())) for m in pool]
    return entries, pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, default=1_000_000, help="eligible businesses")
    parser.add_argument("--inspectors", type=int, default=400)
    parser.add_argument("--regions", type=int, default=150)
    parser.add_argument("--ratio", default="1", help="抽查比例, percent")
    parser.add_argument("--keep", help="write the record and the list into this directory and keep them")
    args = parser.parse_args()
    out = _common.Output("bench_draw")
    rng = random.Random(13)

    out.progress(f"building {args.targets} entries and {args.inspectors} inspectors")
    entries, pool = synthetic(args.targets, args.inspectors, args.regions, rng)
    previous = {
        e.code: rng.sample(range(1, args.inspectors + 1), 2) for e in rng.sample(entries, len(entries) // 20)
    }
    exclusions = [
        (rng.randint(1, args.inspectors), e.code) for e in rng.sample(entries, max(1, len(entries) // 1000))
    ]
    fields = {"targets": args.targets, "inspectors": args.inspectors, "regions": args.regions}

    timings: dict[str, float] = {}

    def timed(name: str, fn, *a, **kw):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        result = fn(*a, **kw)
        timings[name] = time.perf_counter() - t0
        return result

    eligible_bytes = timed("canonical_eligible", draw.canonical_eligible, entries)
    list_hash = timed("list_hash", draw.sha256_hex, eligible_bytes)
    pool_bytes = timed("canonical_pool", draw.canonical_pool, pool)
    out.emit(
        "canonical",
        **fields,
        list_mb=round(len(eligible_bytes) / 1e6, 1),
        canonical_s=round(timings["canonical_eligible"], 3),
        hash_s=round(timings["list_hash"], 3),
        pool_s=round(timings["canonical_pool"], 4),
    )

    short = timed("shortfalls", draw.shortfalls, entries, pool, PER_TARGET, exclusions)
    if short:
        out.refuse(f"synthetic data has shortfalls: {short[0].message()}")
    out.emit("precheck", **fields, seconds=round(timings["shortfalls"], 3), shortfalls=len(short))

    t0 = time.perf_counter()
    strata = draw.compute_strata(entries, Decimal(args.ratio), MULTIPLIERS)
    commitment = draw.build_commitment(
        task="BENCH-2026-0001",
        eligible_bytes=eligible_bytes,
        list_count=len(entries),
        pool_bytes=pool_bytes,
        pool_count=len(pool),
        ratio_percent=Decimal(args.ratio),
        multipliers=MULTIPLIERS,
        strata=strata,
        per_target=PER_TARGET,
        previous=previous,
        exclusions=exclusions,
        random_source="中国福利彩票双色球 2026-12-10 第2026142期开奖号码（红球升序后接蓝球，以空格分隔）",
    )
    c_hash = draw.commitment_hash(commitment)
    commit_s = time.perf_counter() - t0
    out.emit("commitment", **fields, seconds=round(commit_s, 3), strata=[s.as_json() for s in strata])
    assert commitment["list_hash"] == list_hash

    random_value = "03 08 15 21 27 33 12"
    seed = draw.derive_seed(c_hash, random_value)
    selected = timed("select", draw.select, entries, strata, seed)
    out.emit(
        "select",
        **fields,
        ratio_percent=args.ratio,
        selected=len(selected),
        seconds=round(timings["select"], 3),
    )

    chosen = set(selected)
    selected_entries = [e for e in entries if e.code in chosen]
    assignments = timed("assign", draw.assign, selected_entries, pool, PER_TARGET, seed, exclusions, previous)
    out.emit("assign", **fields, businesses=len(assignments), seconds=round(timings["assign"], 3))

    core = sum(
        timings[k]
        for k in ("canonical_eligible", "list_hash", "canonical_pool", "shortfalls", "select", "assign")
    )
    out.emit(
        "draw_total",
        **fields,
        seconds=round(core + commit_s, 3),
        note="canonical + hashes + pre-check + commitment + select + assign (no database)",
    )

    with tempfile.TemporaryDirectory() as scratch:
        where = Path(args.keep or scratch)
        where.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        (where / "eligible.tsv").write_bytes(eligible_bytes)
        record = draw.build_record(
            task={
                "code": "BENCH-2026-0001",
                "name": "基准测试抽查任务",
                "agency": 1,
                "items": [],
                "kind": "undirected",
                "conditions": {},
            },
            commitment=commitment,
            commitment_entry={"seq": 1, "at": "2026-12-01T09:00:00+08:00", "hash": "00" * 32},
            random_value=random_value,
            seed_entry={"seq": 2, "at": "2026-12-10T22:00:00+08:00", "hash": "11" * 32},
            seed=seed,
            entries=entries,
            pool=pool,
            previous=previous,
            exclusions=[(i, code, False) for i, code in exclusions],
            selected=selected,
            assignments=assignments,
            targets={code: f"企业{code[-6:]}" for code in selected},
            inspectors={m.id: {"name": f"检查员{m.id}", "certificate": f"ZF{m.id:08d}"} for m in pool},
            eligible_url="eligible.tsv",
            pool_url="pool.tsv",
        )
        (where / "pool.tsv").write_bytes(pool_bytes)
        record_path = where / "record.json"
        record_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        write_s = time.perf_counter() - t0
        out.emit(
            "write_record",
            **fields,
            seconds=round(write_s, 3),
            record_kb=round(record_path.stat().st_size / 1024),
            list_by_file="eligible_url" in record,
        )

        command = [sys.executable, str(_common.ROOT / "tools" / "verify_draw.py"), str(record_path)]
        if "eligible_url" in record:
            command += ["--eligible", str(where / "eligible.tsv")]
        if "pool_url" in record:
            command += ["--pool", str(where / "pool.tsv")]
        t0 = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, check=False)
        verify_s = time.perf_counter() - t0
        if proc.returncode != 0:
            out.refuse(f"the verifier refused the record: {proc.stderr.strip()}")
        out.progress(proc.stdout.strip())
        out.emit("verifier", **fields, seconds=round(verify_s, 3), target_s=30, exit=proc.returncode)


if __name__ == "__main__":
    main()
