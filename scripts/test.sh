#!/usr/bin/env bash
# Install what the tests need (Chromium, PostgreSQL and PostGIS from Debian included) and run
# the whole suite. The PostgreSQL tests start their own server on 127.0.0.1 and skip, saying
# why, where the packages cannot be installed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh" dev
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's Chromium for the browser tests (needs root)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
if ! compgen -G "/usr/share/postgresql/*/extension/postgis.control" > /dev/null; then
  echo "installing Debian's postgresql and postgis for the PostgreSQL store tests" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq postgresql postgis; } \
    || echo "could not install them: the PostgreSQL tests will be skipped" >&2
fi
echo "== ruff"; .venv/bin/ruff check .
echo "== mypy"; .venv/bin/mypy
echo "== pytest"; .venv/bin/pytest -q
