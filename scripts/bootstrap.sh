#!/usr/bin/env bash
# Shared set-up: a virtual environment with the project installed, npm assets, built gazetteer.
# Usage: source scripts/bootstrap.sh [extras]   (extras: "dev" for the test tools)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -e ".[dev]"
else
  .venv/bin/python -m pip install --quiet -e .
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm not found: installing Node.js from Debian (needs root)" >&2
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
.venv/bin/incidentmap setup
