"""Headline numbers of a socialdb database (``socialdb stats``)."""

from __future__ import annotations

from socialdb import sqlfiles
from socialdb.db import Database, rows_as_dicts


def database_stats(db: Database, problem_files: int = 20) -> dict:
    """Counts per table, the newest run and the files with problems."""
    with db.connect(read_only=True) as con:
        overview = rows_as_dicts(con.execute(sqlfiles.query("stats_overview")))[0]
        last = rows_as_dicts(con.execute(sqlfiles.query("stats_last_run")))
        problems = rows_as_dicts(
            con.execute(sqlfiles.query("stats_rejected_files"), {"limit": problem_files})
        )
    return {
        "database": str(db.path),
        **overview,
        "last_run": last[0] if last else None,
        "problem_files": problems,
    }
