"""A scheduled scrape end to end: read the watch list, land the files, ingest them, sync.

Two steps, so the database write lock is held only while writing:
:func:`scrape_active_profiles` reads the watch list read-only and lands the files
(it may take an hour), then :func:`ingest_scrape` ingests exactly those files as one
run and updates ``last_synced_at``. :func:`scrape_and_ingest` runs both. Never
imports Dagster (the assets in ``assets/scrape.py`` are thin wrappers over this).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from socialdb import sqlfiles
from socialdb.apify.platforms import DEFAULT_PLATFORM
from socialdb.db import Database, utcnow
from socialdb.ingest import IngestOptions, IngestReport, ingest_paths
from socialdb.scrape.actor import scrape_profiles
from socialdb.scrape.report import ProfileScrape, ScrapeReport, ScrapeSettings


def active_usernames(db: Database, platform: str = DEFAULT_PLATFORM) -> list[str]:
    """Usernames of the active profiles of ``platform`` on the watch list, sorted (read-only).

    A database that does not exist yet has an empty watch list (reads never create one),
    so a first scrape says "add profiles" rather than "no database".
    """
    if not db.path.exists():
        return []
    with db.connect(read_only=True) as con:
        rows = con.execute(sqlfiles.query("scrape_active_profiles"),
                           {"platform": platform}).fetchall()
    return [row[0] for row in rows]


def mark_synced(con: duckdb.DuckDBPyConnection, results: Iterable[ProfileScrape]) -> int:
    """Move last_synced_at (never backwards) for the profiles scraped successfully.

    Only last_synced_at and updated_at change: neither is indexed, so the update is
    safe for profiles that profile_tags reference (DuckDB issue #20246).
    """
    done = [r for r in results if r.ok and r.finished_at is not None]
    if not done:
        return 0
    row = con.execute(
        sqlfiles.query("scrape_mark_synced"),
        {"now": utcnow(), "usernames": [r.username for r in done],
         "synced": [r.finished_at for r in done]},
    ).fetchone()
    return int(row[0]) if row else 0


@dataclass(slots=True)
class ScrapeOutcome:
    """A whole scheduled scrape: the actor calls, the ingest of their files, the sync."""

    scrape: ScrapeReport
    ingest: IngestReport
    profiles_synced: int = 0

    @property
    def all_failed(self) -> bool:
        """True when there were profiles to scrape and not one succeeded."""
        return bool(self.scrape.results) and not self.scrape.succeeded


def scrape_active_profiles(
    db: Database,
    client: Any,
    landing: Path,
    settings: ScrapeSettings,
    on_result: Callable[[ProfileScrape], None] | None = None,
) -> ScrapeReport:
    """Step 1 of a scrape: read the watch list and land one file per profile.

    Reads the database only through read-only connections (:func:`active_usernames`;
    only a new or outdated file is first migrated by ``Database.connect``) and writes
    nothing but landing files, so it needs no write lock however long the actor runs
    take. The report is plain data (picklable, no client, no token): it is
    what :func:`ingest_scrape` needs, possibly in another process.
    """
    usernames = active_usernames(db, settings.platform)
    return scrape_profiles(client, usernames, landing, settings, on_result)


def scrape_ingest_options(
    report: ScrapeReport, *, script_name: str, dagster_run_id: str | None = None
) -> IngestOptions:
    """How the files of ``report`` are ingested: snapshot times from Apify, the summary."""
    return IngestOptions(
        script_name=script_name,
        platform=report.platform,
        dagster_run_id=dagster_run_id,
        fetched_at={
            r.path.name: r.finished_at for r in report.succeeded if r.path and r.finished_at
        },
        extra_info={"apify": report.summary()},
    )


def ingest_scrape(
    db: Database,
    report: ScrapeReport,
    *,
    script_name: str = "dagster apify_scrape",
    dagster_run_id: str | None = None,
) -> ScrapeOutcome:
    """Step 2 of a scrape: ingest exactly the files of ``report`` as one run, sync profiles.

    The download_runs row of the ingest also carries the scrape: its system_info
    holds the scrape summary and its error_message lists each failed profile; when
    every profile failed the row is marked failed.
    """
    options = scrape_ingest_options(report, script_name=script_name,
                                    dagster_run_id=dagster_run_id)
    ingest = ingest_paths(db, report.files, options)
    outcome = ScrapeOutcome(scrape=report, ingest=ingest)
    with db.transaction() as con:
        if report.failed:
            con.execute(
                sqlfiles.query("scrape_record_failures"),
                {"run_id": ingest.run_id, "problems": "\n".join(report.problems()),
                 "all_failed": outcome.all_failed},
            )
        outcome.profiles_synced = mark_synced(con, report.succeeded)
    return outcome


def scrape_and_ingest(
    db: Database,
    client: Any,
    landing: Path,
    settings: ScrapeSettings,
    *,
    script_name: str = "dagster apify_scrape",
    dagster_run_id: str | None = None,
    on_result: Callable[[ProfileScrape], None] | None = None,
) -> ScrapeOutcome:
    """Both steps in one call: :func:`scrape_active_profiles`, then :func:`ingest_scrape`."""
    report = scrape_active_profiles(db, client, landing, settings, on_result)
    return ingest_scrape(db, report, script_name=script_name, dagster_run_id=dagster_run_id)
