"""The floor for the ingest benchmark: a bare DuckDB bulk load of the same tables.

One ``read_json_objects`` pass over every file and ``INSERT ... SELECT`` into
posts, data_downloads and post_media (schema from socialdb's migrations, so the
tables and indexes are the same) — no validation, no ledger, no run row.

By default DuckDB runs with its own settings (memory_limit 80% of RAM: it peaks
at ~2.8 GB on the 10x corpus). ``--socialdb-settings`` applies the settings every
socialdb connection uses (time zone, memory_limit, checkpoint_threshold), the
fair floor for an ingest that must stay within 1 GiB.

    python benchmarks/bare_load.py benchmarks/corpus /tmp/floor.duckdb [--socialdb-settings]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from socialdb import config, sqlfiles
from socialdb.db import Database


def bare_load(corpus: Path, database: Path, socialdb_settings: bool = False) -> float:
    """Load the corpus into a fresh database file; returns the wall time in seconds."""
    with Database(database).connect():
        pass  # migrations: the same tables and indexes as socialdb
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    try:
        if socialdb_settings:
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET memory_limit = ?", [config.memory_limit()])
            con.execute("SET checkpoint_threshold = ?", [config.checkpoint_threshold()])
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
    seconds = bare_load(corpus_dir, db_file, "--socialdb-settings" in sys.argv[3:])
    print(f"bare load: {seconds:.2f} s")
