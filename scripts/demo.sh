#!/usr/bin/env bash
# Command one: install, migrate, load the demo data and serve on 127.0.0.1 (port: $ZHIFA_PORT or 8000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/zhifa demo "$@"
