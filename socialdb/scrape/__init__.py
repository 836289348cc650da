"""Scrape the watch list with a platform's Apify actor, land the files, ingest them.

The orchestration around the pure parsing in ``socialdb.apify``: ``report``
(settings and outcomes, plain data), ``actor`` (one actor call per profile, never
raising for API trouble), ``writer`` (atomic landing files named like the real
scraper's), ``job`` (the watch list, the ingest of the landed files, the sync).
"""

from socialdb.scrape.actor import TERMINAL_STATUSES, scrape_profile, scrape_profiles
from socialdb.scrape.job import (
    ScrapeOutcome,
    active_usernames,
    ingest_scrape,
    mark_synced,
    scrape_active_profiles,
    scrape_and_ingest,
    scrape_ingest_options,
)
from socialdb.scrape.report import DEFAULT_ACTOR_ID, ProfileScrape, ScrapeReport, ScrapeSettings
from socialdb.scrape.writer import dataset_file_path, write_dataset_file

__all__ = [
    "DEFAULT_ACTOR_ID", "TERMINAL_STATUSES", "ProfileScrape", "ScrapeOutcome", "ScrapeReport",
    "ScrapeSettings", "active_usernames", "dataset_file_path", "ingest_scrape", "mark_synced",
    "scrape_active_profiles", "scrape_and_ingest", "scrape_ingest_options", "scrape_profile",
    "scrape_profiles", "write_dataset_file",
]
