"""Every benchmark in bench/ runs in a smoke mode (tiny sizes, a few seconds each) inside the suite, so
that a schema or API change that breaks a benchmark fails the tests instead of being found months later
when someone wants the figure again (issue 11 part 7: `bench_portal.py fill` had broken on a newer NOT NULL
column of the publication table, and `bench_journal.py proof` on a renamed function).

Each run is a subprocess on a scratch database of its own: a fresh SQLite file under a temporary
ZHIFA_VAR_DIR, or, for the PostgreSQL-only benchmarks when the suite runs on PostgreSQL, a scratch database
created beside the test database and dropped afterwards. Only the exit code and the JSON lines are checked:
timing is never asserted (the figures of a smoke run mean nothing)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
BENCH = ROOT / "bench"

# (script, arguments, needs): needs is "any" (SQLite or PostgreSQL), "postgresql" (the script refuses
# SQLite), or a program that must be on PATH. Every script in bench/ must appear here at least once.
SMOKE: list[tuple[str, list[str], str]] = [
    ("bench_cases.py", ["--migrate", "transitions", "--n", "3"], "any"),
    ("bench_cases.py", ["--migrate", "transitions", "--n", "3", "--violations", "3"], "any"),
    ("bench_draw.py", ["--targets", "500", "--inspectors", "16", "--regions", "10"], "any"),
    (
        "bench_draw_service.py",
        # 48 officers: at least 4 per city, so a recusal never leaves a business without two inspectors.
        ["--migrate", "--targets", "400", "--officers", "48", "--recusals", "3"],
        "any",
    ),
    ("bench_cases.py", ["--migrate", "--force", "list", "--cases", "60", "--reps", "2"], "any"),
    ("bench_journal.py", ["--migrate", "record", "--n", "50"], "any"),
    ("bench_journal.py", ["--migrate", "latency", "--rate", "20", "--duration", "2"], "any"),
    (
        "bench_journal.py",
        ["--migrate", "proof", "--entries", "300", "--batch", "100", "--proofs", "5"],
        "any",
    ),
    ("bench_import.py", ["--migrate", "items", "--rows", "40"], "any"),
    ("bench_merkle.py", ["--leaves", "1000", "--proofs", "10", "--append-leaves", "100"], "any"),
    ("bench_officialdoc.py", ["--seconds", "0.3"], "any"),
    ("bench_redact.py", ["--docs", "5", "--rounds", "1"], "any"),
    ("bench_redact.py", ["--docs", "3", "--rounds", "1", "--model", "off"], "any"),
    # The labelled published decisions, with the model when it is installed (rules alone otherwise).
    ("measure_redact.py", ["--model", "both", "--speed-docs", "3", "--no-rss", "--limit", "3"], "any"),
    # The three labelled sets side by side (the held-out and blind ones too), as the summary table.
    (
        "measure_redact.py",
        ["--set", "all", "--model", "off", "--speed-docs", "0", "--limit", "2", "--summary"],
        "any",
    ),
    ("bench_decision_import.py", ["--migrate", "--rows", "12", "--batch", "5"], "any"),
    ("bench_decision_import.py", ["--migrate", "--rows", "6", "--format", "csv"], "any"),
    ("bench_decision_import.py", ["--migrate", "--rows", "4", "--format", "xlsx"], "any"),
    ("bench_tus_ingest.py", ["--size-mb", "4", "--chunk-mb", "1"], "any"),
    ("bench_portal.py", ["--migrate", "fill", "--rows", "300"], "postgresql"),
    (
        "bench_inspection_portal.py",
        [
            *["--migrate", "--businesses", "300", "--results", "900", "--agencies", "4"],
            *["--requests", "10", "--list-reps", "1", "--clients", "1", "--duration", "1", "all"],
        ],
        "any",
    ),
    ("bench_statistics.py", ["--migrate", "fill", "--cases", "300", "--agencies", "3"], "any"),
    ("bench_case_file.py", ["--migrate", "--cases", "1", "--evidence", "1", "--evidence-kb", "4"], "any"),
    ("bench_complaints.py", ["--migrate", "--n", "12", "--window", "6", "--attachments", "1"], "any"),
    ("bench_alerts.py", ["--migrate", "--cases", "200", "--agencies", "2", "--reps", "3"], "any"),
    ("bench_targets_import.py", ["--migrate", "--rows", "200", "--reps", "1", "--xlsx-rows", "20"], "any"),
]
# Subcommands that measure a database another subcommand filled: run after it, on the same database.
FOLLOW_UPS: dict[str, list[tuple[list[str], str]]] = {
    "bench_portal.py": [
        (["search", "--reps", "1", "--budget", "1", "--explain", "0"], "postgresql"),
        (["pages", "--duration", "1", "--workers", "1", "--connections", "2"], "wrk"),
    ],
    "bench_statistics.py": [(["run", "--reps", "1", "--page-reps", "3"], "any")],
}


def _suite_database_url() -> str | None:
    return os.environ.get("ZHIFA_DATABASE_URL") or None


@contextmanager
def _scratch_postgres(url: str) -> Iterator[str]:
    """A scratch database on the suite's PostgreSQL server, dropped afterwards."""
    import psycopg

    admin = url.replace("postgres://", "postgresql://", 1)
    base, _, _ = admin.rpartition("/")
    name = f"zhifa_smoke_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}".replace("postgresql://", "postgres://", 1)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(script: str, args: list[str], env: dict[str, str]) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, (
        f"{script} {' '.join(args)} exited {proc.returncode}\n--- stderr ---\n{proc.stderr[-4000:]}"
        f"\n--- stdout ---\n{proc.stdout[-2000:]}"
    )
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert lines, f"{script} {' '.join(args)} printed no JSON figure"
    return lines


def _id(value: object) -> str:
    if isinstance(value, list):  # the arguments: the subcommand, if any
        return next((a for a in value if a.isalpha()), "")
    return str(value).removesuffix(".py")


def test_every_bench_script_has_a_smoke_run() -> None:
    scripts = {p.name for p in BENCH.glob("bench_*.py")}
    covered = {script for script, _, _ in SMOKE}
    assert scripts - covered == set(), "add a smoke run for every benchmark script"


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args", "needs"), SMOKE, ids=lambda v: _id(v))
def test_bench_smoke(script: str, args: list[str], needs: str, tmp_path: Path) -> None:
    url = _suite_database_url()
    on_postgres = bool(url and url.startswith(("postgres://", "postgresql://")))
    if needs == "postgresql" and not on_postgres:
        pytest.skip(f"{script} is for PostgreSQL; it runs in the suite's PostgreSQL pass")
    env = {**os.environ, "ZHIFA_VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with _scratch_postgres(url) if on_postgres and url else _no_database() as scratch:
        if scratch:
            env["ZHIFA_DATABASE_URL"] = scratch
        else:
            env.pop("ZHIFA_DATABASE_URL", None)
        _run(script, args, env)
        for follow_args, follow_needs in FOLLOW_UPS.get(script, []):
            if follow_needs not in ("any", "postgresql") and shutil.which(follow_needs) is None:
                continue  # e.g. wrk: the figure needs it, the smoke run does not insist
            _run(script, follow_args, env)


@contextmanager
def _no_database() -> Iterator[str]:
    yield ""
