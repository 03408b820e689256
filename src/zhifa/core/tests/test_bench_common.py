"""bench/_common.py, what the benchmarks share (DESIGN.md: benchmarks print machine-readable figures):
the summary keys each bench prints keep their names, order and rounding; percentiles are nearest-rank;
a database that holds data is refused unless --force; every bench script still starts (--help)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[4] / "bench"

pytestmark = pytest.mark.skipif(not (BENCH / "_common.py").exists(), reason="bench/ not shipped")


@pytest.fixture(scope="module")
def common() -> Iterator[ModuleType]:
    sys.path.insert(0, str(BENCH))
    try:
        yield importlib.import_module("_common")
    finally:
        sys.path.remove(str(BENCH))


def test_percentile_is_nearest_rank(common):
    values = [float(i) for i in range(1, 101)]
    assert (common.percentile(values, 0.5), common.percentile(values, 0.95)) == (50.0, 95.0)
    assert common.percentile([7.0], 0.99) == 7.0
    assert common.percentile([1.0, 2.0], 0.0) == 1.0


def test_each_benchs_summary_keeps_its_keys_order_and_rounding(common):
    v = [1.23456, 2.34567, 3.45678, 10.0]
    # bench_journal: three decimals, p99 too
    assert list(common.summary(v, "txn_", digits=3, percentiles=(50, 95, 99)).items()) == [
        ("txn_p50_ms", 2.346),
        ("txn_p95_ms", 10.0),
        ("txn_p99_ms", 10.0),
        ("txn_max_ms", 10.0),
        ("txn_mean_ms", 4.259),
    ]
    # bench_cases: the defaults
    assert list(common.summary(v)) == ["p50_ms", "p95_ms", "max_ms", "mean_ms"]
    assert common.summary(v)["p50_ms"] == 2.35
    # bench_portal: the count and sequential queries per second instead of the mean
    portal = common.summary(v, count=True, mean=False, qps=True)
    assert list(portal.items()) == [
        ("n", 4),
        ("p50_ms", 2.35),
        ("p95_ms", 10.0),
        ("max_ms", 10.0),
        ("qps", round(4 / (sum(v) / 1000), 1)),
    ]
    assert common.summary([]) == {}


def test_emit_prints_one_json_line_with_db_and_load(common, capsys):
    out = common.Output("bench_x")
    out.db = "sqlite"
    out.emit("step", 名称="立案", n=1)
    line = json.loads(capsys.readouterr().out)
    assert list(line)[:4] == ["bench", "db", "名称", "n"] and list(line)[-1] == "load1"
    assert (line["bench"], line["db"]) == ("step", "sqlite")


def test_a_database_holding_data_is_refused_unless_forced(common):
    out = common.Output("bench_x")
    with pytest.raises(SystemExit) as exc:
        common.refuse_unless_scratch(
            out, "3 journal entries", force=False, why=" It writes append-only rows."
        )
    assert str(exc.value).startswith("bench_x: refusing to run: the database ")
    assert "3 journal entries" in str(exc.value) and "--force" in str(exc.value)
    common.refuse_unless_scratch(out, "3 journal entries", force=True)
    common.refuse_unless_scratch(out, "", force=False)


@pytest.mark.parametrize(
    "script",
    ["bench_journal", "bench_cases", "bench_portal", "bench_merkle", "bench_redact", "bench_officialdoc"],
)
def test_every_bench_script_starts(script):
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{script}.py"), "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout
