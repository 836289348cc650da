#!/usr/bin/env bash
# Install everything, then start the Dagster UI on http://127.0.0.1:3000 with a
# persistent DAGSTER_HOME (.dagster_home) over data/socialdb.duckdb and data/raw.
# Options (passed to python -m pipelines.devserver): --port N (default 3000),
# --host ADDR (default 127.0.0.1), --help.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/python -m pipelines.devserver "$@"
