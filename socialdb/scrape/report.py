"""What a scrape is asked to do and what it did: settings, one result per profile, the report.

Plain data, picklable (no client, no token: reasons are redacted before they are
stored here), so a report can go from the scrape step of a Dagster run to its
ingest step, possibly in another process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from socialdb.apify.platforms import DEFAULT_PLATFORM, platform_for
from socialdb.apify.records import Platform

DEFAULT_ACTOR_ID = platform_for(DEFAULT_PLATFORM).actor_id


@dataclass(frozen=True, slots=True)
class ScrapeSettings:
    """How to call a platform's actor. ``actor_id`` defaults to the platform's own;
    ``wait_secs`` to the run timeout plus a minute."""

    actor_id: str | None = None
    limit: int = 100
    run_timeout_secs: int = 600
    wait_secs: float | None = None
    page_size: int = 1000
    concurrency: int = 1
    platform: str = DEFAULT_PLATFORM

    @property
    def target(self) -> Platform:
        """The platform scraped (its actor, its landing folder, its watch list)."""
        return platform_for(self.platform)

    @property
    def actor(self) -> str:
        """The Apify actor to run, ``owner/name``."""
        return self.actor_id or self.target.actor_id

    @property
    def wait(self) -> timedelta:
        """How long to wait for one run before giving up on it (and aborting it)."""
        seconds = self.wait_secs if self.wait_secs is not None else self.run_timeout_secs + 60
        return timedelta(seconds=seconds)

    def run_input(self, username: str) -> dict[str, Any]:
        """The actor input for one profile."""
        return self.target.actor_input(username, self.limit)


@dataclass(slots=True)
class ProfileScrape:
    """The outcome of scraping one profile: a file on disk, or the reason there is none."""

    username: str
    ok: bool
    reason: str | None = None
    path: Path | None = None
    items: int = 0
    finished_at: datetime | None = None  # naive UTC, the Apify run's finish
    apify_run_id: str | None = None
    apify_status: str | None = None


@dataclass(slots=True)
class ScrapeReport:
    """Every profile's outcome, in the order the profiles were given."""

    actor_id: str
    results: list[ProfileScrape] = field(default_factory=list)
    duration_seconds: float = 0.0
    platform: str = DEFAULT_PLATFORM

    @property
    def succeeded(self) -> list[ProfileScrape]:
        """Profiles whose file was written."""
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[ProfileScrape]:
        """Profiles that produced no file, each with its reason."""
        return [r for r in self.results if not r.ok]

    @property
    def files(self) -> list[Path]:
        """The files written, to hand to the ingest."""
        return [r.path for r in self.results if r.ok and r.path is not None]

    def problems(self) -> list[str]:
        """One line per failed profile: ``scrape <username>: <reason>``."""
        return [f"scrape {r.username}: {r.reason}" for r in self.failed]

    def summary(self) -> dict[str, Any]:
        """A JSON-ready digest for download_runs.system_info and run metadata."""
        return {
            "actor_id": self.actor_id,
            "platform": self.platform,
            "profiles": len(self.results),
            "succeeded": len(self.succeeded),
            "failed": {r.username: r.reason for r in self.failed},
            "items": sum(r.items for r in self.results),
            "apify_runs": {r.username: r.apify_run_id for r in self.results if r.apify_run_id},
            "duration_seconds": self.duration_seconds,
        }
