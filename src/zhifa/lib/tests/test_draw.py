"""zhifa.lib.draw (algorithm zhifa-draw-1) against the independent verifier tools/verify_draw.py and the
worked example of docs/draw-algorithm.md. Pure: no database."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from zhifa.lib import draw
from zhifa.lib.draw import Entry, PoolMember

ROOT = Path(__file__).resolve().parents[4]
VERIFIER = ROOT / "tools" / "verify_draw.py"
DOC = ROOT / "docs" / "draw-algorithm.md"

MULTIPLIERS = {"": Decimal(1), "A": Decimal("0.5"), "B": Decimal(1), "C": Decimal(2), "D": Decimal(3)}
REGIONS = ["110101", "110102", "110105"]
SOURCE = "中国福利彩票双色球 2026-12-10 第2026142期开奖号码（红球升序后接蓝球，以空格分隔）"


def _load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_draw_under_test", VERIFIER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


verifier = _load_verifier()


def code(n: int, prefix: str = "91330102MA") -> str:
    return f"{prefix}{n:08d}"


def entries_of(
    n: int, regions: tuple[str, ...] = ("330102", "330106"), classes: str = "ABCD "
) -> list[Entry]:
    return [
        Entry(code(i), classes[i % len(classes)].strip(), regions[(i * 7) % len(regions)]) for i in range(n)
    ]


def pool_of(ids: range, agency: int, regions: tuple[str, ...] = ("330102", "330106")) -> list[PoolMember]:
    return [PoolMember(i, agency, frozenset(regions)) for i in ids]


def make_record(
    entries: list[Entry],
    pool: list[PoolMember],
    *,
    ratio: str = "10",
    multipliers: dict[str, Decimal] | None = None,
    per_target: dict[int, int] | None = None,
    previous: dict[str, list[int]] | None = None,
    before: list[tuple[int, str]] | None = None,
    after: list[tuple[int, str]] | None = None,
    random_value: str = "03 08 15 21 27 33 11",
    task: str = "T-2026-001",
) -> dict[str, Any]:
    """The public record of a draw, built only from the lib's outputs, as the service will."""
    multipliers = MULTIPLIERS if multipliers is None else multipliers
    per_target = {1: 2} if per_target is None else per_target
    previous, before, after = previous or {}, before or [], after or []
    eligible_bytes, pool_bytes = draw.canonical_eligible(entries), draw.canonical_pool(pool)
    strata = draw.compute_strata(entries, Decimal(ratio), multipliers)
    commitment = draw.build_commitment(
        task=task,
        eligible_bytes=eligible_bytes,
        list_count=len(entries),
        pool_bytes=pool_bytes,
        pool_count=len(pool),
        ratio_percent=Decimal(ratio),
        multipliers=multipliers,
        strata=strata,
        per_target=per_target,
        previous=previous,
        exclusions=before,
        random_source=SOURCE,
    )
    seed = draw.derive_seed(draw.commitment_hash(commitment), random_value)
    selected = draw.select(entries, strata, seed)
    chosen = set(selected)
    assignments = draw.assign(
        [e for e in entries if e.code in chosen], pool, per_target, seed, before + after, previous
    )
    return draw.build_record(
        task={
            "code": task,
            "name": "示例抽查",
            "agency": 1,
            "items": [],
            "kind": "undirected",
            "conditions": {},
        },
        commitment=commitment,
        commitment_entry={"seq": 41, "at": "2026-12-01T09:00:00+08:00", "hash": "ab" * 32},
        random_value=random_value,
        seed_entry={"seq": 57, "at": "2026-12-10T21:40:00+08:00", "hash": "cd" * 32},
        seed=seed,
        entries=entries,
        pool=pool,
        previous=previous,
        exclusions=[(i, c, False) for i, c in before] + [(i, c, True) for i, c in after],
        selected=selected,
        assignments=assignments,
        targets={c: f"企业{c[-4:]}" for c in selected},
        inspectors={m.id: {"name": f"检查员{m.id}", "certificate": f"ZF{m.id:06d}"} for m in pool},
    )


def first_problem(record: dict[str, Any], **kwargs: Any) -> str:
    problems = verifier.verify(record, **kwargs)
    assert problems, "the verifier accepted an altered record"
    return str(problems[0])


# --------------------------------------------------------------------------- determinism and agreement


def test_same_inputs_give_the_same_draw_and_another_value_another_seed():
    entries, pool = entries_of(300), pool_of(range(1, 9), 1)
    one, two = make_record(entries, pool), make_record(list(reversed(entries)), list(reversed(pool)))
    assert one == two
    other = make_record(entries, pool, random_value="01 02 03 04 05 06 07")
    assert other["seed"] != one["seed"] and other["selected"] != one["selected"]
    assert one["selected"] == sorted(one["selected"]) and len(one["selected"]) == sum(
        s["draw"] for s in one["commitment"]["strata"]
    )


def test_the_lib_record_verifies_in_process_and_with_the_command(tmp_path):
    record = make_record(
        entries_of(200), pool_of(range(1, 7), 1), previous={code(3): [1, 2]}, before=[(4, code(5))]
    )
    assert verifier.verify(record) == []
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(VERIFIER), str(path)], capture_output=True, text=True, check=False, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1 and "核验通过" in proc.stdout and "OK" in proc.stdout


def test_the_command_reads_lists_by_file_or_url_and_names_the_first_difference(tmp_path):
    entries, pool = entries_of(120), pool_of(range(1, 6), 1)
    record = make_record(entries, pool)
    del record["eligible"]
    record["eligible_url"] = "draws/9/eligible.tsv"
    (tmp_path / "draws" / "9").mkdir(parents=True)
    (tmp_path / "draws" / "9" / "eligible.tsv").write_bytes(draw.canonical_eligible(entries))
    assert "not given" in first_problem(record)
    assert verifier.verify(record, base_url=tmp_path.as_uri() + "/") == []  # fetched with urllib
    assert verifier.verify(record, eligible_bytes=draw.canonical_eligible(entries)) == []

    first = record["selected"][0]
    record["selected"][0] = code(999)
    path = tmp_path / "record.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(VERIFIER), str(path), "--eligible", str(tmp_path / "draws/9/eligible.tsv")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 1
    assert f"selection differs: #1 expected {first}, record has {code(999)}" in proc.stderr


# --------------------------------------------------------------------------- tampering


def _alter_list(r: dict[str, Any]) -> None:
    r["eligible"][0][2] = "330199"


def _alter_pool(r: dict[str, Any]) -> None:
    r["pool"][0][2] = ["330102"]


def _alter_count(r: dict[str, Any]) -> None:
    r["commitment"]["list_count"] += 1


def _alter_strata(r: dict[str, Any]) -> None:
    r["commitment"]["strata"][1]["draw"] += 1


def _alter_previous(r: dict[str, Any]) -> None:
    r["previous"][code(3)] = [1]


def _alter_exclusions(r: dict[str, Any]) -> None:
    r["exclusions"].append([2, code(8), {"after_draw": False}])


def _alter_commitment(r: dict[str, Any]) -> None:
    r["commitment"]["random_source"] += "（改）"


def _seed_before_commitment(r: dict[str, Any]) -> None:
    r["commitment_entry"]["seq"], r["seed_entry"]["seq"] = (
        r["seed_entry"]["seq"],
        r["commitment_entry"]["seq"],
    )


def _alter_seed(r: dict[str, Any]) -> None:
    r["seed"] = "0" * 64


def _alter_random_value(r: dict[str, Any]) -> None:
    r["random_value"] = "03 08 15 21 27 33 12"


def _alter_selection(r: dict[str, Any]) -> None:
    drawn = set(r["selected"])
    r["selected"][-1] = next(e[0] for e in r["eligible"] if e[0] not in drawn)
    r["selected"].sort()


def _alter_assignment(r: dict[str, Any]) -> None:
    first = r["selected"][0]
    r["assignments"][first] = list(reversed(r["assignments"][first]))


@pytest.mark.parametrize(
    ("alter", "named"),
    [
        (_alter_list, "list_hash differs"),
        (_alter_pool, "pool_hash differs"),
        (_alter_count, "list_count differs"),
        (_alter_strata, "strata differ"),
        (_alter_previous, "previous_hash differs"),
        (_alter_exclusions, "exclusions_hash differs"),
        (_alter_commitment, "commitment_hash differs"),
        (_seed_before_commitment, "order wrong"),
        (_alter_seed, "seed differs"),
        (_alter_random_value, "seed differs"),
        (_alter_selection, "selection differs"),
        (_alter_assignment, "assignment of"),
    ],
    ids=lambda v: v.__name__.strip("_") if callable(v) else "",
)
def test_an_altered_record_fails_naming_the_difference(alter, named):
    record = make_record(
        entries_of(150), pool_of(range(1, 7), 1), previous={code(3): [1, 2]}, before=[(4, code(5))]
    )
    assert verifier.verify(record) == []
    altered = copy.deepcopy(record)
    alter(altered)
    assert named in first_problem(altered)


def test_a_record_of_another_algorithm_is_refused():
    record = make_record(entries_of(20), pool_of(range(1, 4), 1))
    record["commitment"]["algorithm"] = "zhifa-draw-2"
    assert "not a zhifa-draw-record-1 record" in first_problem(record)


# --------------------------------------------------------------------------- recusal and previous inspectors


def test_recusal_before_the_draw_is_respected_and_one_after_changes_only_that_business():
    entries, pool = entries_of(100), pool_of(range(1, 6), 1)
    record = make_record(entries, pool, ratio="20")
    victim = record["selected"][0]
    officer = record["assignments"][victim][0]
    # Recused (before the commitment, so another seed) from every business: never drawn as inspector.
    redone = make_record(entries, pool, ratio="20", before=[(officer, e.code) for e in entries])
    assert redone["seed"] != record["seed"] and verifier.verify(redone) == []
    assert all(officer not in ids for ids in redone["assignments"].values())

    after = make_record(entries, pool, ratio="20", after=[(officer, victim)])
    assert after["commitment_hash"] == record["commitment_hash"]  # after_draw pairs are not committed
    assert after["selected"] == record["selected"]
    changed = {c for c in record["assignments"] if after["assignments"][c] != record["assignments"][c]}
    assert changed == {victim} and officer not in after["assignments"][victim]
    assert verifier.verify(after) == []
    entry = next(e for e in entries if e.code == victim)
    seed = bytes.fromhex(record["seed"])
    assert draw.assign_one(entry, pool, {1: 2}, seed, [(officer, victim)], {}) == after["assignments"][victim]

    stale = copy.deepcopy(after)
    stale["assignments"][victim] = record["assignments"][victim]  # the recusal not applied
    assert f"assignment of {victim} differs" in first_problem(stale)


def test_previous_inspectors_are_avoided_when_the_pool_allows_and_used_when_it_does_not():
    seed = draw.derive_seed("0" * 64, "7")
    business = Entry(code(1), "A", "330102")
    pool = pool_of(range(1, 5), 1)
    free = draw.assign_one(business, pool, {1: 2}, seed, [], {})
    # Last time's inspectors were exactly the two best ranked: two others are drawn instead.
    avoided = draw.assign_one(business, pool, {1: 2}, seed, [], {business.code: free})
    assert set(avoided).isdisjoint(free) and len(avoided) == 2
    # Only three qualified, two of them last time's: the best ranked of those fills in.
    small = pool_of(range(1, 4), 1)
    ranked = draw.assign_one(business, small, {1: 3}, seed, [], {})
    prior = ranked[:2]
    filled = draw.assign_one(business, small, {1: 2}, seed, [], {business.code: prior})
    assert filled == [ranked[0], ranked[2]]  # the fresh one and the better ranked previous, in rank order
    record = make_record([business], small, ratio="100", previous={business.code: prior})
    assert record["assignments"][business.code] == filled and verifier.verify(record) == []


def test_unassignable_names_the_business_agency_and_counts():
    seed = draw.derive_seed("1" * 64, "x")
    business = Entry(code(1), "", "330102")
    pool = [*pool_of(range(1, 3), 1), PoolMember(3, 1, frozenset({"330106"}))]
    with pytest.raises(draw.Unassignable) as caught:
        draw.assign_one(business, pool, {1: 2}, seed, [(2, business.code)], {})
    assert (caught.value.code, caught.value.agency, caught.value.needed, caught.value.found) == (
        business.code,
        1,
        2,
        1,
    )
    assert "需要 2 名" in str(caught.value)


def test_shortfalls_checks_every_eligible_business_by_region_and_recusal():
    entries = [
        Entry(code(1), "A", "330102"),
        Entry(code(2), "B", "330102"),
        Entry(code(3), "A", "330106"),
        Entry(code(4), "A", "330108"),
        Entry(code(5), "C", "330108"),
    ]
    pool = [
        *pool_of(range(1, 4), 1, ("330102", "330106")),
        PoolMember(4, 1, frozenset({"330108"})),
        *pool_of(range(10, 12), 2, ("330102", "330106", "330108")),
    ]
    per_target = {1: 2, 2: 1}
    assert draw.shortfalls(entries, pool, per_target, []) == [
        draw.Shortfall("330108", 1, 2, 1, (code(4), code(5)))
    ]
    # Agency 2 has two inspectors everywhere; recusing both from one business leaves it none.
    found = draw.shortfalls(entries, pool, per_target, [(10, code(2)), (11, code(2)), (1, code(1))])
    assert found == [
        draw.Shortfall("330102", 2, 1, 0, (code(2),)),
        draw.Shortfall("330108", 1, 2, 1, (code(4), code(5))),
    ]
    assert "330108" in found[1].message() and "需要 2 名" in found[1].message()
    fine = [e for e in entries if e.region != "330108"]
    assert draw.shortfalls(fine, pool, per_target, [(1, code(1))]) == []


def test_joint_inspection_takes_each_agencys_share_in_agency_order():
    entries = entries_of(60)
    pool = [*pool_of(range(1, 6), 20), *pool_of(range(6, 9), 3)]
    record = make_record(entries, pool, ratio="25", per_target={20: 2, 3: 1})
    assert record["commitment"]["per_target"] == {"3": 1, "20": 2}
    for ids in record["assignments"].values():
        assert len(ids) == 3 and ids[0] in range(6, 9) and set(ids[1:]) <= set(range(1, 6))
    assert verifier.verify(record) == []


def test_two_inspectors_per_business_at_least_by_article_42_of_the_administrative_penalty_law():
    """行政处罚法第四十二条 (DESIGN invariant 3): an inspection has at least two inspectors; in a joint one
    each agency sends at least one."""
    seed = draw.derive_seed("2" * 64, "x")
    business = Entry(code(1), "", "330102")
    for bad in ({1: 1}, {1: 2, 2: 0}, {}):
        with pytest.raises(draw.DrawError, match="检查人员"):
            draw.assign_one(business, pool_of(range(1, 5), 1), bad, seed, [], {})
        with pytest.raises(draw.DrawError):
            draw.shortfalls([business], pool_of(range(1, 5), 1), bad, [])
    joint = [*pool_of(range(1, 3), 1), *pool_of(range(3, 5), 2)]
    ids = draw.assign_one(business, joint, {1: 1, 2: 1}, seed, [], {})
    assert len(ids) == 2 and ids[0] in (1, 2) and ids[1] in (3, 4)


# --------------------------------------------------------------------------- strata and canonical forms


def test_strata_round_up_cap_at_the_count_and_take_all_at_100_percent():
    entries = [Entry(code(i), cls, "330102") for i, cls in enumerate("AAAAAAAAAACCCD" + "B" * 7)] + [
        Entry(code(100), "", "330102")
    ]
    strata = draw.compute_strata(entries, Decimal("2.5"), MULTIPLIERS)
    assert [s.as_json() for s in strata] == [
        {"class": "", "count": 1, "draw": 1},  # 0.025 → 1
        {"class": "A", "count": 10, "draw": 1},  # 10 × 2.5 × 0.5 / 100 = 0.125 → 1
        {"class": "B", "count": 7, "draw": 1},
        {"class": "C", "count": 3, "draw": 1},
        {"class": "D", "count": 1, "draw": 1},
    ]
    exact = draw.compute_strata([Entry(code(i), "C", "x") for i in range(50)], Decimal(10), MULTIPLIERS)
    assert exact == [draw.Stratum("C", 50, 10)]  # exactly 10: no ceiling above an integer
    capped = draw.compute_strata([Entry(code(i), "D", "x") for i in range(5)], Decimal(50), MULTIPLIERS)
    assert capped == [draw.Stratum("D", 5, 5)]  # 7.5 → capped at the 5 there are
    # 重点检查: every business of the list (ratio 100%, multipliers of at least 1).
    key = draw.compute_strata(entries, Decimal(100), {c: Decimal(1) for c in draw.CREDIT_CLASSES})
    assert all(s.draw == s.count for s in key)
    zero = draw.compute_strata(entries, Decimal(5), {**MULTIPLIERS, "A": Decimal(0)})
    assert zero[1] == draw.Stratum("A", 10, 0)


def test_strata_refuse_bad_ratios_and_missing_multipliers():
    entries = [Entry(code(1), "B", "x")]
    for ratio in ("0", "-1", "100.01", "NaN"):
        with pytest.raises(draw.DrawError, match="抽查比例"):
            draw.compute_strata(entries, Decimal(ratio), MULTIPLIERS)
    with pytest.raises(draw.DrawError, match="“B”"):
        draw.compute_strata(entries, Decimal(5), {"A": Decimal(1)})
    with pytest.raises(draw.DrawError, match="位数过多"):
        draw.compute_strata(entries, Decimal("1." + "3" * 120), MULTIPLIERS)


def test_duplicate_codes_and_malformed_entries_are_refused():
    with pytest.raises(draw.DrawError, match=f"{code(2)} 重复"):
        draw.canonical_eligible(
            [Entry(code(2), "A", "1"), Entry(code(1), "A", "1"), Entry(code(2), "B", "2")]
        )
    for bad in (Entry("91330102ma00000001", "A", "1"), Entry(code(1), "E", "1"), Entry(code(1), "A", "1,2")):
        with pytest.raises(draw.DrawError):
            draw.canonical_eligible([bad])
    with pytest.raises(draw.DrawError, match="人员 3 重复"):
        draw.canonical_pool([PoolMember(3, 1, frozenset()), PoolMember(3, 2, frozenset())])


def test_canonical_forms_round_trip_and_parsers_refuse_non_canonical_bytes():
    entries = entries_of(40)
    data = draw.canonical_eligible(entries)
    assert data.startswith(f"{code(0)}\tA\t330102\n".encode())
    assert draw.parse_eligible(data) == sorted(entries, key=lambda e: e.code)
    lines = data.splitlines(keepends=True)
    with pytest.raises(draw.DrawError, match="第 2 行"):
        draw.parse_eligible(lines[1] + lines[0])
    with pytest.raises(draw.DrawError, match="第 3 行格式不对"):
        draw.parse_eligible(lines[0] + lines[1] + b"X\tA\t1\n")
    with pytest.raises(draw.DrawError, match="换行"):
        draw.parse_eligible(data[:-1])
    pool = [PoolMember(10, 2, frozenset({"b", "a"})), PoolMember(9, 1, frozenset())]
    pool_bytes = draw.canonical_pool(pool)
    assert pool_bytes == b"9\t1\t\n10\t2\ta,b\n"  # numeric order, regions sorted, an empty region list
    assert draw.parse_pool(pool_bytes) == sorted(pool, key=lambda m: m.id)
    with pytest.raises(draw.DrawError):
        draw.parse_pool(b"10\t2\tb,a\n")
    with pytest.raises(draw.DrawError):
        draw.parse_pool(b"010\t2\ta\n")


def test_canonical_json_and_normalized_previous():
    assert draw.canonical_json({"b": 1, "a": ["抽查", 2.5]}) == '{"a":["抽查",2.5],"b":1}'.encode()
    assert draw.normalize_previous({"X": [3, 1, 3], "Y": []}) == {"X": [1, 3]}
    assert draw.exclusion_pairs([(3, "B"), (1, "Z"), (3, "B")]) == [[1, "Z"], [3, "B"]]
    with pytest.raises(draw.DrawError):
        draw.derive_seed("0" * 64, "   ")


def test_records_of_large_lists_publish_them_by_url():
    big = entries_of(draw.INLINE_LIMIT + 1)
    args: dict[str, Any] = {
        "task": {},
        "commitment": {},
        "commitment_entry": {},
        "random_value": "1",
        "seed_entry": {},
        "seed": b"\0" * 32,
        "entries": big,
        "pool": [],
        "previous": {},
        "exclusions": [],
        "selected": [],
        "assignments": {},
        "targets": {},
        "inspectors": {},
    }
    with pytest.raises(draw.DrawError, match="eligible_url"):
        draw.build_record(**args)
    record = draw.build_record(**args, eligible_url="/inspections/draws/1/eligible.tsv")
    assert "eligible" not in record and record["eligible_url"].endswith(".tsv") and record["pool"] == []


# --------------------------------------------------------------------------- the worked example of the doc


def doc_example() -> dict[str, Any]:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- worked-example -->\s*```json\n(.*?)\n```", text, re.S)
    assert found, "docs/draw-algorithm.md lost its worked-example JSON block"
    return dict(json.loads(found.group(1)))


def test_the_worked_example_of_the_doc_is_what_the_lib_and_the_verifier_compute():
    example = doc_example()
    given, want = example["inputs"], example["expected"]
    entries = [Entry(*row) for row in given["eligible"]]
    pool = [PoolMember(i, a, frozenset(r)) for i, a, r in given["pool"]]
    assert draw.canonical_eligible(entries).decode() == want["eligible_tsv"]
    assert draw.canonical_pool(pool).decode() == want["pool_tsv"]
    multipliers = {c: Decimal(v) for c, v in given["multipliers"].items()}
    record = make_record(
        entries,
        pool,
        ratio=given["ratio_percent"],
        multipliers=multipliers,
        per_target={int(a): k for a, k in given["per_target"].items()},
        previous=given["previous"],
        before=[(i, c) for i, c in given["exclusions"]],
        random_value=given["random_value"],
        task=given["task"],
    )
    commitment = record["commitment"]
    assert commitment == want["commitment"]
    assert draw.canonical_json(commitment).decode() == want["commitment_canonical"]
    assert record["commitment_hash"] == want["commitment_hash"]
    assert record["seed"] == want["seed"]
    seed = bytes.fromhex(want["seed"])
    for c, key in want["select_keys"].items():
        assert draw.sha256_hex(seed + b"select\x00" + c.encode()) == key
    for c, keys in want["assign_keys"].items():
        for officer, key in keys.items():
            assert draw.sha256_hex(seed + b"assign\x00" + c.encode() + b"\x00" + officer.encode()) == key
    assert record["selected"] == want["selected"]
    assert record["assignments"] == want["assignments"]
    assert verifier.verify(record) == []


# --------------------------------------------------------------------------- property: lib and verifier agree

try:
    import hypothesis
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    hypothesis = None  # type: ignore[assignment]

if hypothesis is not None:

    @hypothesis.given(
        n=st.integers(1, 40),
        classes=st.lists(st.sampled_from(draw.CREDIT_CLASSES), min_size=1, max_size=40),
        regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=40),
        ratio=st.sampled_from(["1", "2.5", "10", "33.3", "50", "100"]),
        per_agency=st.sampled_from([{1: 2}, {1: 3}, {1: 1, 2: 1}, {2: 2, 1: 1}]),
        recusals=st.lists(st.tuples(st.integers(1, 12), st.integers(0, 39)), max_size=6),
        prior=st.lists(st.tuples(st.integers(0, 39), st.integers(1, 12)), max_size=8),
        value=st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != ""),
    )
    @hypothesis.settings(max_examples=60, deadline=None)
    def test_property_the_verifier_agrees_with_the_lib(
        n, classes, regions, ratio, per_agency, recusals, prior, value
    ):
        entries = [Entry(code(i), classes[i % len(classes)], regions[i % len(regions)]) for i in range(n)]
        pool = [PoolMember(i, 1 if i <= 8 else 2, frozenset(REGIONS[: 1 + i % 3])) for i in range(1, 13)]
        before = sorted({(officer, code(i % n)) for officer, i in recusals})
        previous: dict[str, list[int]] = {}
        for i, officer in prior:
            previous.setdefault(code(i % n), []).append(officer)
        # The service refuses a draw with shortfalls before the commitment.
        hypothesis.assume(not draw.shortfalls(entries, pool, per_agency, before))
        record = make_record(
            entries,
            pool,
            ratio=ratio,
            per_target=per_agency,
            previous=previous,
            before=before,
            random_value=value,
        )
        assert verifier.verify(record) == []
        # The lib's selection is the verifier's full sort, stratum by stratum.
        strata = record["commitment"]["strata"]
        rows = [(e.code, e.credit_class, e.region) for e in entries]
        assert verifier.selection(rows, strata, bytes.fromhex(record["seed"])) == record["selected"]
