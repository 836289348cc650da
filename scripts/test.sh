#!/usr/bin/env bash
# Install everything, then lint and run the whole test suite (extra args go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
scripts/install_tools.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
