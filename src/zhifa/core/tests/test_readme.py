"""README.md's configuration section against the code: every environment variable it documents is read
somewhere in src/zhifa, and every regional setting key (cases.rules.DEFAULTS, publicity's and review's
included) is documented with its national default, so that an operator does not set a variable that
nothing reads, nor miss a ProcedureSetting key a province may override."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhifa.cases import rules

SRC = Path(__file__).resolve().parents[2]  # src/zhifa
README = SRC.parents[1] / "README.md"

pytestmark = pytest.mark.skipif(not README.exists(), reason="README.md not shipped with an installed package")


def _read_variables() -> set[str]:
    """ZHIFA_* names that the code reads (as string literals, outside tests)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts:
            continue
        found.update(re.findall(r"""["'](ZHIFA_[A-Z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    return found


def _documented_variables() -> list[str]:
    """The variables of the README's table rows; `…_SUFFIX` after a full name abbreviates a name with
    the same leading segments (`ZHIFA_S3_ENDPOINT_URL` / `…_ACCESS_KEY`), returned as `…_SUFFIX`."""
    names: list[str] = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `ZHIFA_"):
            first_cell = line.split("|")[1]
            names.extend(re.findall(r"`((?:ZHIFA|…)_[A-Z0-9_]+)`", first_cell))
    return names


def test_every_documented_environment_variable_is_read():
    read = _read_variables()
    documented = _documented_variables()
    assert len(documented) > 20
    stale: list[str] = []
    full = ""
    for name in documented:
        if name.startswith("ZHIFA_"):
            full = name
            if name not in read:
                stale.append(name)
            continue
        parts = full.split("_")
        candidates = {"_".join(parts[:k]) + name[1:] for k in range(1, len(parts))}
        if not candidates & read:
            stale.append(f"{full} / {name}")
    assert stale == [], f"README documents variables nothing reads: {stale}"


def test_every_regional_setting_key_is_documented_with_its_default():
    text = README.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| `") and "`" in line.split("|")[1]]
    missing: list[str] = []
    for key, default in rules.DEFAULTS.items():
        row = next((r for r in rows if f"`{key}`" in r.split("|")[1]), None)
        if row is None:
            missing.append(key)
            continue
        keys = re.findall(r"`(\w+)`", row.split("|")[1])
        values = [v.strip() for v in row.split("|")[2].split("/")]
        assert values[keys.index(key)] == f"{default.value:f}", (key, row)
    assert missing == [], f"README does not document these ProcedureSetting keys: {missing}"
