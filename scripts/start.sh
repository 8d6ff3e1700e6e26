#!/usr/bin/env bash
# Install what the app needs and start it on its built-in demo data (offline).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec .venv/bin/streamlit run app.py --server.headless true "$@"
