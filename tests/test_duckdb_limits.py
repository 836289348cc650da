"""Canary for the DuckDB limit that shaped the schema (duckdb/duckdb#20246).

DuckDB rewrites an UPDATE of an indexed column as DELETE + INSERT and rejects it when
another table's foreign key references the row. socialdb therefore leaves out the
foreign key data_downloads.run_id -> download_runs (a run's indexed status must change
after its snapshots exist) and never updates posts' indexed columns. When this test
fails, DuckDB has lifted the limit: add the foreign key back in a new migration.
"""

from __future__ import annotations

import duckdb
import pytest


def test_updating_an_indexed_column_of_a_referenced_row_still_fails() -> None:
    con = duckdb.connect()
    con.execute("CREATE TABLE runs (run_id TEXT PRIMARY KEY, status TEXT)")
    con.execute("CREATE INDEX idx_status ON runs (status)")
    con.execute("CREATE TABLE snaps (id TEXT PRIMARY KEY, run_id TEXT REFERENCES runs (run_id))")
    con.execute("INSERT INTO runs VALUES ('run-1', 'running')")
    con.execute("INSERT INTO snaps VALUES ('dl-1', 'run-1')")
    with pytest.raises(duckdb.ConstraintException, match="still referenced"):
        con.execute("UPDATE runs SET status = 'completed' WHERE run_id = 'run-1'")
