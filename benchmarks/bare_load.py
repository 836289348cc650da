"""The floor for the ingest benchmark: a bare DuckDB bulk load of the same tables.

One ``read_json_objects`` pass over every file and ``INSERT ... SELECT`` into
posts, data_downloads and post_media (schema from socialdb's migrations, so the
tables and indexes are the same) — no validation, no ledger, no run row.

    python benchmarks/bare_load.py benchmarks/corpus /tmp/floor.duckdb
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from socialdb import sqlfiles
from socialdb.db import Database


def bare_load(corpus: Path, database: Path) -> float:
    """Load the corpus into a fresh database file; returns the wall time in seconds."""
    with Database(database).connect():
        pass  # migrations: the same tables and indexes as socialdb
    started = time.perf_counter()
    con = duckdb.connect(str(database))  # DuckDB's own defaults (no socialdb memory limit)
    try:
        con.execute("SET VARIABLE corpus_glob = ?", [str(corpus / "*/linkedin/*.json")])
        con.execute("BEGIN TRANSACTION")
        con.execute(sqlfiles.query("bench_bare_load"))
        con.execute("COMMIT")
    finally:
        con.close()
    return time.perf_counter() - started


if __name__ == "__main__":
    corpus_dir, db_file = Path(sys.argv[1]), Path(sys.argv[2])
    for suffix in ("", ".wal"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    seconds = bare_load(corpus_dir, db_file)
    print(f"bare load: {seconds:.2f} s")
