"""Headline numbers of a socialdb database (``socialdb stats``)."""

from __future__ import annotations

from socialdb import sqlfiles
from socialdb.db import Database


def database_stats(db: Database, problem_files: int = 20) -> dict:
    """Counts per table, the newest run and the files with problems."""
    with db.connect(read_only=True) as con:
        cursor = con.execute(sqlfiles.query("stats_overview"))
        names = [d[0] for d in cursor.description]
        overview = dict(zip(names, cursor.fetchone(), strict=True))
        last = con.execute(sqlfiles.query("stats_last_run"))
        last_names = [d[0] for d in last.description]
        row = last.fetchone()
        problems = con.execute(sqlfiles.query("stats_rejected_files"), {"limit": problem_files})
        problem_names = [d[0] for d in problems.description]
        problem_rows = [dict(zip(problem_names, r, strict=True)) for r in problems.fetchall()]
    return {
        "database": str(db.path),
        **overview,
        "last_run": dict(zip(last_names, row, strict=True)) if row else None,
        "problem_files": problem_rows,
    }
