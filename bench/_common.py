"""What the benchmarks share: the import path and Django settings, the JSON-lines output (every figure
with the database vendor and the 1-minute load average), progress on stderr, nearest-rank percentiles
and their summary, cProfile around a measurement, and the refusal to write into a database that is not
a scratch one.

Imported by the scripts beside it (`python bench/bench_x.py` puts bench/ first on sys.path). Nothing
here imports Django at module level: lib-only benches (merkle, redact) use it without settings.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[1]


def bootstrap(*, django: bool = True) -> None:
    """Make `zhifa` importable from a checkout without the installed package; with `django`, point
    Django at the project's settings (unless DJANGO_SETTINGS_MODULE says otherwise)."""
    try:
        import zhifa  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
    if django:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")


def load1() -> float | None:
    """The 1-minute load average: on a shared machine it says whether other work competed for the CPUs
    while a figure was measured."""
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


class Output:
    """One bench script's output: `emit` prints a JSON line on stdout with "bench", "db" (the vendor,
    "?" until `django_setup`) and "load1"; `progress` prints a timestamped line on stderr."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.db = "?"

    def emit(self, bench: str, **fields: Any) -> None:
        line = {"bench": bench, "db": self.db, **fields, "load1": load1()}
        print(json.dumps(line, ensure_ascii=False, default=str), flush=True)

    def progress(self, message: str) -> None:
        print(f"[{self.name} {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    def refuse(self, message: str) -> NoReturn:
        sys.exit(f"{self.name}: {message}")


# --------------------------------------------------------------------------- figures


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summary(
    values_ms: Sequence[float],
    prefix: str = "",
    *,
    digits: int = 2,
    percentiles: Sequence[int] = (50, 95),
    count: bool = False,
    mean: bool = True,
    qps: bool = False,
) -> dict[str, float]:
    """`{prefix}n` (with `count`), `{prefix}pNN_ms` for each of `percentiles`, `{prefix}max_ms`,
    `{prefix}mean_ms` (with `mean`), `{prefix}qps` (with `qps`: sequential calls per second), in that
    order, rounded to `digits`; {} for no values."""
    v = sorted(values_ms)
    if not v:
        return {}
    out: dict[str, float] = {}
    if count:
        out[f"{prefix}n"] = len(v)
    for p in percentiles:
        out[f"{prefix}p{p}_ms"] = round(percentile(v, p / 100), digits)
    out[f"{prefix}max_ms"] = round(v[-1], digits)
    if mean:
        out[f"{prefix}mean_ms"] = round(statistics.fmean(v), digits)
    if qps:
        out[f"{prefix}qps"] = round(len(v) / (sum(v) / 1000), 1)
    return out


# (own seconds, cumulative seconds, calls, (file, line, function)) per function profiled
ProfileRow = tuple[float, float, int, tuple[str, int, str]]


@contextlib.contextmanager
def maybe_profile(enabled: bool, report: Callable[[list[ProfileRow]], None]) -> Iterator[None]:
    """cProfile the block when `enabled`, then hand its rows to `report` (each bench prints them its
    own way)."""
    if not enabled:
        yield
        return
    prof = cProfile.Profile()
    prof.enable()
    try:
        yield
    finally:
        prof.disable()
        stats = pstats.Stats(prof, stream=io.StringIO())
        raw = stats.stats  # type: ignore[attr-defined]
        report([(tt, ct, nc, func) for func, (_cc, nc, tt, ct, _callers) in raw.items()])


# --------------------------------------------------------------------------- Django and the database


def django_setup(out: Output, *, migrate: bool, vendor: str | None = None, vendor_hint: str = "") -> None:
    """django.setup(), the output's "db" set to the vendor; refuses another vendor than `vendor` (with
    `vendor_hint`) before touching the database; migrates first with `migrate`."""
    import django

    django.setup()
    from django.db import connection

    out.db = connection.vendor
    if vendor is not None and out.db != vendor:
        sys.exit(vendor_hint or f"{out.name} is for {vendor}")
    if migrate:
        from django.core.management import call_command

        out.progress("migrate")
        call_command("migrate", verbosity=0, interactive=False)


def describe_db() -> str:
    from django.db import connection

    return f"{connection.vendor}:{connection.settings_dict['NAME']}"


def refuse_unless_scratch(out: Output, holds: str, *, force: bool, why: str = "") -> None:
    """Exit unless the database is a scratch one: `holds` names what it already holds ("" when empty),
    `why` what the bench would do to it. --force overrides."""
    if holds and not force:
        out.refuse(
            f"refusing to run: the database {describe_db()} already holds {holds} (real data?).{why} Point "
            "ZHIFA_VAR_DIR / ZHIFA_DATABASE_URL at a fresh scratch database of your own, or pass --force."
        )


def count_queries(fn: Callable[[], object]) -> int:
    """SQL statements `fn()` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)
