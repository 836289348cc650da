"""The file ledger (``ingested_files``) as the ingest consults it: plan, re-check, touch.

A run plans against the ledger once it holds the write lock; since the writer lets
other processes in between transactions, each batch is re-checked against the
ledger inside its own load transaction, so a file another run stored meanwhile is
neither loaded twice nor credited to the wrong run.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from socialdb import sqlfiles
from socialdb.ingest.staging import StagedFile


@dataclass(slots=True)
class LedgerEntry:
    """What the ledger knows of one file name."""

    path: str
    size: int
    mtime: float | None
    content_hash: str
    status: str


def lookup(con: duckdb.DuckDBPyConnection, names: list[str]) -> dict[str, LedgerEntry]:
    """``{file name: entry}`` for the names the ledger knows."""
    if not names:
        return {}
    rows = con.execute(sqlfiles.query("ledger_lookup"), {"names": names}).fetchall()
    return {
        name: LedgerEntry(path, size, mtime, digest, status)
        for name, path, size, mtime, digest, status in rows
    }


def split_stored_meanwhile(
    con: duckdb.DuckDBPyConnection, files: list[StagedFile]
) -> tuple[list[StagedFile], list[StagedFile]]:
    """(files still to load, files another run stored since the plan with this content).

    A file another run stored with *different* content is kept and marked as
    replacing the ledger's version, so its snapshots are replaced, not duplicated.
    """
    now_known = lookup(con, [f.facts.name for f in files])
    keep: list[StagedFile] = []
    stored: list[StagedFile] = []
    for staged in files:
        known = now_known.get(staged.facts.name)
        if known is not None and known.content_hash == staged.content_hash:
            stored.append(staged)
            continue
        if known is not None:
            staged.replaces = True
        keep.append(staged)
    return keep, stored


def touch(con: duckdb.DuckDBPyConnection, touches: list[tuple[str, str, float]]) -> None:
    """Record the new path and mtime of unchanged files (moved or touched, not re-read)."""
    import pyarrow as pa  # not at module level: a re-ingest that changes nothing skips it

    con.register(
        "stg_touch",
        pa.table({
            "file_name": [t[0] for t in touches],
            "file_path": [t[1] for t in touches],
            "file_mtime": [t[2] for t in touches],
        }),
    )
    try:
        con.execute(sqlfiles.query("ledger_touch"))
    finally:
        con.unregister("stg_touch")
