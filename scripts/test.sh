#!/usr/bin/env bash
# Command two: every check and every test. Lint and types first (fast), then the test suite.
# ZHIFA_DATABASE_URL=postgres://… runs the suite against PostgreSQL instead of SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export ZHIFA_VAR_DIR="${ZHIFA_VAR_DIR:-$(mktemp -d -t zhifa-test-XXXXXX)}"
if [ "${1:-}" != "--tests-only" ]; then
  echo "== ruff"; .venv/bin/ruff check src bench
  echo "== mypy"; .venv/bin/mypy
fi
if [ -n "${ZHIFA_DATABASE_URL:-}" ]; then echo "== pytest (PostgreSQL)"; else echo "== pytest (SQLite)"; fi
.venv/bin/python -m pytest -o addopts="-p no:cacheprovider --strict-markers" -q
