"""Sample registry files that build a small, fictional database from nothing when imported in the order
of ``ORDER`` (region codes 99xxxx are not assigned in GB/T 2260)."""

from __future__ import annotations

from pathlib import Path

ORDER = ("fields", "laws", "regions", "agencies", "officers", "items", "benchmarks")
DIRECTORY = Path(__file__).resolve().parent


def sample_path(kind: str) -> Path:
    return DIRECTORY / f"{kind}.csv"
