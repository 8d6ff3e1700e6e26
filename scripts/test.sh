#!/usr/bin/env bash
# Install what the tests need (Chromium from Debian included) and run the whole suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" dev
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's Chromium for the browser tests (needs root)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/pytest -q
