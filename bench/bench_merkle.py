"""Benchmark zhifa.lib.merkle: proof latency from a node store, and append throughput.

Run from the repository root:  .venv/bin/python bench/bench_merkle.py [--leaves N] [--proofs K]

Prints one JSON object per line. The node store is a plain dict keyed by
``(level, index)``, standing in for a database table of perfect-subtree nodes:
``get_node`` costs one dict lookup, so the figures are the CPU floor of proof
building and leave out the database round trips (a real store should batch-read
``inclusion_proof_nodes(...)`` in one query).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence

import _common
from _common import percentile

_common.bootstrap(django=False)

from zhifa.lib import merkle  # noqa: E402  (after the checkout's src/ is on the path)


def emit(**fields: object) -> None:
    print(json.dumps(fields, sort_keys=True), flush=True)


def build_store(n: int, algo: str) -> tuple[dict[tuple[int, int], bytes], merkle.CompactRange, float]:
    hasher = merkle.get_hasher(algo)
    leaves = [hasher.hash_leaf(i.to_bytes(8, "big")) for i in range(n)]
    store: dict[tuple[int, int], bytes] = {}
    compact = merkle.CompactRange(algo)
    t0 = time.perf_counter()
    for leaf in leaves:
        for level, index, h in compact.append(leaf):
            store[(level, index)] = h
    return store, compact, time.perf_counter() - t0


def bench_append(n: int, algo: str) -> None:
    hasher = merkle.get_hasher(algo)
    leaves = [hasher.hash_leaf(i.to_bytes(8, "big")) for i in range(n)]
    compact = merkle.CompactRange(algo)
    t0 = time.perf_counter()
    for leaf in leaves:
        compact.append(leaf)
    elapsed = time.perf_counter() - t0
    emit(
        bench="append_compact_range",
        algo=algo,
        leaves=n,
        seconds=round(elapsed, 3),
        leaves_per_s=round(n / elapsed),
        note="leaf hashes precomputed; compact range only",
    )
    entries = [i.to_bytes(8, "big") * 32 for i in range(n)]  # 256-byte entries
    compact = merkle.CompactRange(algo)
    t0 = time.perf_counter()
    for entry in entries:
        compact.append(hasher.hash_leaf(entry))
    elapsed = time.perf_counter() - t0
    emit(
        bench="append_with_leaf_hashing",
        algo=algo,
        leaves=n,
        entry_bytes=256,
        seconds=round(elapsed, 3),
        leaves_per_s=round(n / elapsed),
    )


def time_calls(fn: Callable[..., object], args_list: Sequence[tuple[int, ...]]) -> list[float]:
    """Wall time of each call in milliseconds, sorted."""
    out = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t0) * 1000.0)
    out.sort()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=1000)
    parser.add_argument("--append-leaves", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n = args.leaves

    for algo in merkle.SUPPORTED_ALGORITHMS:
        bench_append(args.append_leaves, algo)

    algo = "sha256"
    store, compact, build_s = build_store(n, algo)
    emit(
        bench="build_store",
        algo=algo,
        leaves=n,
        stored_nodes=len(store),
        seconds=round(build_s, 3),
        leaves_per_s=round(n / build_s),
        note="compact-range append + dict insert of every completed node",
    )

    def get_node(level: int, index: int) -> bytes:
        return store[(level, index)]

    root = compact.root()
    indexes = [rng.randrange(n) for _ in range(args.proofs)]

    def prove(index: int) -> list[bytes]:
        return merkle.inclusion_proof(index, n, get_node, algo)

    timings = time_calls(prove, [(i,) for i in indexes])
    proofs = [prove(i) for i in indexes]
    for i, proof in zip(indexes, proofs, strict=True):  # sanity: every proof verifies
        merkle.verify_inclusion(store[(0, i)], i, n, proof, root, algo)
    emit(
        bench="inclusion_proof",
        algo=algo,
        tree_size=n,
        proofs=len(timings),
        median_ms=round(statistics.median(timings), 4),
        p95_ms=round(percentile(timings, 0.95), 4),
        max_ms=round(timings[-1], 4),
        proof_hashes=len(proofs[0]),
        nodes_read_max=max(len(merkle.inclusion_proof_nodes(i, n)) for i in indexes),
    )

    # Proofs at random historic sizes (the imperfect right edge needs rehashing).
    pairs = [(rng.randrange(1, n + 1),) for _ in range(args.proofs)]
    hist = [(rng.randrange(s), s) for (s,) in pairs]
    timings = time_calls(lambda i, s: merkle.inclusion_proof(i, s, get_node, algo), hist)
    emit(
        bench="inclusion_proof_historic_size",
        algo=algo,
        max_tree_size=n,
        proofs=len(timings),
        median_ms=round(statistics.median(timings), 4),
        p95_ms=round(percentile(timings, 0.95), 4),
    )

    cons = [(rng.randrange(1, n + 1), n) for _ in range(args.proofs)]
    timings = time_calls(lambda m, s: merkle.consistency_proof(m, s, get_node, algo), cons)
    emit(
        bench="consistency_proof",
        algo=algo,
        tree_size=n,
        proofs=len(timings),
        median_ms=round(statistics.median(timings), 4),
        p95_ms=round(percentile(timings, 0.95), 4),
    )

    verify_args = [(i, k) for k, i in enumerate(indexes)]
    timings = time_calls(
        lambda i, k: merkle.verify_inclusion(store[(0, i)], i, n, proofs[k], root, algo), verify_args
    )
    emit(
        bench="verify_inclusion",
        algo=algo,
        tree_size=n,
        proofs=len(timings),
        median_ms=round(statistics.median(timings), 4),
        p95_ms=round(percentile(timings, 0.95), 4),
    )


if __name__ == "__main__":
    main()
