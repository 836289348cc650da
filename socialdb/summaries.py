"""Summaries of the database for orchestration and reporting: a run's row, the newest
posts it read, table sizes, the analytics models' sizes and the integrity checks.

Domain code (no Dagster import): the Dagster assets and checks call these, and they
can be used and tested without an instance. Every function here only reads.
"""

from __future__ import annotations

from collections.abc import Iterable

from socialdb import sqlfiles
from socialdb.apify.linkedin import KNOWN_RECORD_KEYS
from socialdb.db import Database, rows_as_dicts


def run_row(db: Database, dagster_run_id: str) -> dict | None:
    """The newest download_runs row written by this Dagster run, if any."""
    rows = db.fetch_dicts(sqlfiles.query("dagster_run_row"), {"dagster_run_id": dagster_run_id})
    return rows[0] if rows else None


def newest_posts(db: Database, run_id: str, limit: int = 10) -> list[dict]:
    """The newest posts this download_runs row read snapshots of."""
    params = {"run_id": run_id, "limit": limit}
    return db.fetch_dicts(sqlfiles.query("dagster_newest_posts"), params)


def table_rows(db: Database) -> dict[str, int]:
    """Row counts of posts, data_downloads, post_media and download_runs."""
    return db.fetch_dicts(sqlfiles.query("dagster_table_rows"))[0]


def analytics_overview(db: Database, top: int = 10) -> tuple[dict[str, int], list[dict]]:
    """Row counts of the analytics models and the top rising posts (read-only)."""
    with db.connect(read_only=True) as con:
        counts = rows_as_dicts(con.execute(sqlfiles.query("dagster_engagement_overview")))[0]
        rising = rows_as_dicts(
            con.execute(sqlfiles.query("dagster_engagement_rising"), {"limit": top})
        )
    return counts, rising


def check_params(name: str) -> dict:
    """Parameters a check query needs (only the unknown-keys check has one)."""
    if name == "check_unknown_record_keys":
        return {"known": sorted(KNOWN_RECORD_KEYS)}
    return {}


def run_checks(db: Database, names: Iterable[str]) -> dict[str, list[dict]]:
    """Run each named check query once; every result row is one violation."""
    results: dict[str, list[dict]] = {}
    with db.connect(read_only=True) as con:
        for name in dict.fromkeys(names):
            cursor = con.execute(sqlfiles.query(name), check_params(name))
            results[name] = rows_as_dicts(cursor)
    return results
