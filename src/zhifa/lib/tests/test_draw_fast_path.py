"""The service's fast paths of zhifa-draw-1 give what the reference gives: `select_canonical` (the committed
bytes straight to the selection) against `select` over parsed entries and against the independent
verifier's full sort; `assign` (keys hashed in C-level maps) against the verifier's per-officer loop. On
random lists, pools, strata, recusals and previous inspectors, including the path where a stratum has too
few keys below the threshold and is walked whole. Pure: no database."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.lib import draw
from zhifa.lib.draw import Entry, PoolMember
from zhifa.lib.tests.test_draw import verifier

CLASSES = ("", "A", "B", "C", "D")
REGIONS = ("330102", "330106", "330108", "浙江省杭州市西湖区")


def random_entries(rng: random.Random, n: int) -> list[Entry]:
    codes = {"".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(18)) for _ in range(n)}
    return [Entry(c, rng.choice(CLASSES), rng.choice(REGIONS)) for c in codes]


def random_strata(rng: random.Random, entries: list[Entry]) -> list[draw.Stratum]:
    ratio = Decimal(rng.choice(["0.5", "1", "3", "10", "33.3", "50", "100"]))
    multipliers = {c: Decimal(rng.choice(["0", "0.5", "1", "2", "3"])) for c in CLASSES}
    return draw.compute_strata(entries, ratio, multipliers)


def reference_select(entries: list[Entry], strata: list[draw.Stratum], seed: bytes) -> list[str]:
    return draw.select(entries, strata, seed)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 3000), st.booleans())
def test_select_canonical_is_select_on_random_lists(rng_seed: int, n: int, tiny_margin: bool) -> None:
    rng = random.Random(rng_seed)
    entries = random_entries(rng, n)
    strata = random_strata(rng, entries)
    seed = rng.randbytes(32)
    data = draw.canonical_eligible(entries)
    expected = reference_select(entries, strata, seed)
    by_code = {e.code: e for e in entries}
    margin = draw._MARGIN
    try:
        if tiny_margin:  # too few keys below the threshold: each stratum is walked whole
            draw._MARGIN = (0, 1)
        got = draw.select_canonical(data, strata, seed)
    finally:
        draw._MARGIN = margin
    assert [e.code for e in got] == expected
    assert got == [by_code[c] for c in expected]  # each with its committed class and region
    rows = verifier.read_eligible(data)
    assert verifier.selection(rows, [s.as_json() for s in strata], seed) == expected


def test_select_canonical_at_a_large_list_with_the_bench_multipliers() -> None:
    rng = random.Random(13)
    entries = random_entries(rng, 60_000)
    multipliers = {"": Decimal(1), "A": Decimal("0.5"), "B": Decimal(1), "C": Decimal(2), "D": Decimal(3)}
    strata = draw.compute_strata(entries, Decimal(1), multipliers)
    seed = draw.derive_seed("0" * 64, "01 02 03 04 05 06 07")
    got = draw.select_canonical(draw.canonical_eligible(entries), strata, seed)
    assert [e.code for e in got] == draw.select(entries, strata, seed)


def test_select_canonical_refuses_what_is_not_the_canonical_list() -> None:
    entries = [Entry("91330102MA00000001", "A", "330102"), Entry("91330102MA00000002", "", "330106")]
    data = draw.canonical_eligible(entries)
    strata = draw.compute_strata(entries, Decimal(50), {c: Decimal(1) for c in CLASSES})
    seed = b"\x01" * 32
    lines = data.splitlines(keepends=True)
    unsorted, repeated = lines[1] + lines[0], lines[0] + lines[0]
    for bad in (
        b"X" + data,
        data[:-1],
        data.replace(b"\t330106", b"\t330,106"),
        data + b"junk\n",
        unsorted,
        repeated,
    ):
        with pytest.raises(draw.DrawError):
            draw.select_canonical(bad, strata, seed)
    wrong = [draw.Stratum("A", 2, 1), draw.Stratum("", 1, 1)]
    with pytest.raises(draw.DrawError, match="分层"):
        draw.select_canonical(data, wrong, seed)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_assign_is_the_verifiers_assignment_on_random_pools(rng_seed: int) -> None:
    rng = random.Random(rng_seed)
    entries = random_entries(rng, rng.randint(1, 60))
    agencies = rng.sample([3, 7, 11, 1000], rng.randint(1, 3))
    pool = [
        PoolMember(i, rng.choice(agencies), frozenset(rng.sample(REGIONS, rng.randint(1, len(REGIONS)))))
        for i in rng.sample(range(1, 500), rng.randint(12, 40))
    ]
    per_target = {a: rng.randint(1, 2) for a in agencies}
    if sum(per_target.values()) < 2:
        per_target[agencies[0]] = 2
    exclusions = [(m.id, e.code) for m in pool for e in entries if rng.random() < 0.05]
    previous = {e.code: rng.sample([m.id for m in pool], 2) for e in entries if rng.random() < 0.5}
    seed = rng.randbytes(32)
    try:
        got: dict[str, list[int]] | None = draw.assign(entries, pool, per_target, seed, exclusions, previous)
    except draw.Unassignable:
        got = None
    vpool = [(m.id, m.agency, m.regions) for m in pool]
    excluded = set(exclusions)
    expected: dict[str, list[int]] | None = {}
    try:
        for e in sorted(entries, key=lambda e: e.code):
            assert expected is not None
            expected[e.code] = verifier.inspectors_for(
                e.code,
                e.region,
                vpool,
                {str(a): k for a, k in per_target.items()},
                seed,
                excluded,
                set(previous.get(e.code, ())),
            )
    except verifier.Stop:
        expected = None
    assert got == expected
