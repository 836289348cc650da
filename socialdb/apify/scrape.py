"""Scrape the watch list with the Apify actor, land each result as a file, ingest it.

One actor call per active profile (input ``{"username", "page_number": 1, "limit"}``).
Each result lands atomically as one JSON array in the legacy layout
``<landing>/YYYYMMDD/linkedin/dataset_<username>_<YYYY-MM-DD_HH-MM-SS-mmm>.json``
(stamped with the run's UTC finish time), so a scraped file is indistinguishable
from the historical ones and the sensor, backfills and ``socialdb ingest`` treat
it the same way. A profile whose call fails (actor FAILED/TIMED-OUT/ABORTED, HTTP
error, our wait running out) is recorded with its reason and the others go on.

Two steps, so the database write lock is held only while writing:
:func:`scrape_active_profiles` reads the watch list read-only and lands the files
(it may take an hour), then :func:`ingest_scrape` ingests exactly those files and
updates ``last_synced_at`` (seconds). :func:`scrape_and_ingest` runs both.

Works with any object shaped like ``apify_client.ApifyClient``; never imports
Dagster. The API token is only ever held by the client: every reason string is
redacted against it before it is stored or shown.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from socialdb import sqlfiles
from socialdb.db import Database, utcnow
from socialdb.ingest import IngestOptions, IngestReport, ingest_paths

DEFAULT_ACTOR_ID = "apimaestro/linkedin-profile-posts"
PLATFORM_FOLDER = "linkedin"
TERMINAL_STATUSES = frozenset({"SUCCEEDED", "FAILED", "TIMED-OUT", "ABORTED"})
# LinkedIn public ids are letters, digits, '-', '_' and percent-escapes; anything that
# could leave the landing folder or hide the file (/, \, leading dot) is refused.
_SAFE_USERNAME = re.compile(r"^[^\s/\\.\x00-\x1f][^\s/\\\x00-\x1f]{0,199}$")
_MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class ScrapeSettings:
    """How to call the actor. ``wait_secs`` defaults to the run timeout plus a minute."""

    actor_id: str = DEFAULT_ACTOR_ID
    limit: int = 100
    run_timeout_secs: int = 600
    wait_secs: float | None = None
    page_size: int = 1000
    concurrency: int = 1

    @property
    def wait(self) -> timedelta:
        """How long to wait for one run before giving up on it (and aborting it)."""
        seconds = self.wait_secs if self.wait_secs is not None else self.run_timeout_secs + 60
        return timedelta(seconds=seconds)

    def run_input(self, username: str) -> dict[str, Any]:
        """The actor input for one profile."""
        return {"username": username, "page_number": 1, "limit": self.limit}


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
    """Every profile's outcome, in the order the profiles were given.

    Plain picklable data (no client, no token: reasons are already redacted), so it
    can be handed from the scrape step to the ingest step of a Dagster run.
    """

    actor_id: str
    results: list[ProfileScrape] = field(default_factory=list)
    duration_seconds: float = 0.0

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
            "profiles": len(self.results),
            "succeeded": len(self.succeeded),
            "failed": {r.username: r.reason for r in self.failed},
            "items": sum(r.items for r in self.results),
            "apify_runs": {r.username: r.apify_run_id for r in self.results if r.apify_run_id},
            "duration_seconds": self.duration_seconds,
        }


# -- files -----------------------------------------------------------------------------
def dataset_file_name(username: str, when: datetime) -> str:
    """``dataset_<username>_<YYYY-MM-DD_HH-MM-SS-mmm>.json`` for a UTC time."""
    return f"dataset_{username}_{when:%Y-%m-%d_%H-%M-%S}-{when.microsecond // 1000:03d}.json"


def dataset_file_path(landing: Path, username: str, when: datetime) -> Path:
    """Where a scrape of ``username`` finished at ``when`` (UTC) lands."""
    return landing / f"{when:%Y%m%d}" / PLATFORM_FOLDER / dataset_file_name(username, when)


def write_dataset_file(landing: Path, username: str, when: datetime, items: list[Any]) -> Path:
    """Write ``items`` as one JSON array, atomically, and return the final path.

    The bytes go to a hidden temporary name in the same folder (which the ingest and
    the sensor ignore), are fsynced, then renamed with ``os.replace``: a reader sees
    either no file or the whole file, never a partial one under a ``.json`` name.
    An existing file is never overwritten: the stamp moves on by a millisecond.
    """
    path = dataset_file_path(landing, username, when)
    while path.exists():
        when += timedelta(milliseconds=1)
        path = dataset_file_path(landing, username, when)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the actor ------------------------------------------------------------------------
def scrape_profile(
    client: Any, username: str, landing: Path, settings: ScrapeSettings
) -> ProfileScrape:
    """Run the actor for one profile and land its items; never raises for API trouble."""
    redact = _redactor(client)
    result = ProfileScrape(username=username, ok=False)
    if not _SAFE_USERNAME.match(username):
        result.reason = "username cannot be a file name (has /, \\, spaces, or starts with .)"
        return result
    try:
        run = client.actor(settings.actor_id).start(
            run_input=settings.run_input(username),
            run_timeout=timedelta(seconds=settings.run_timeout_secs),
            max_items=settings.limit,
        )
        result.apify_run_id = run.id
        finished = client.run(run.id).wait_for_finish(wait_duration=settings.wait)
        if finished is None:
            result.reason = f"Apify run {run.id} disappeared while we waited for it"
            return result
        result.apify_status = str(finished.status)
        if result.apify_status not in TERMINAL_STATUSES:
            result.reason = _give_up(client, run.id, settings, result.apify_status, redact)
            return result
        if result.apify_status != "SUCCEEDED":
            detail = f": {finished.status_message}" if finished.status_message else ""
            result.reason = redact(f"Apify run {run.id} ended {result.apify_status}{detail}")
            return result
        items = list(
            client.dataset(finished.default_dataset_id).iterate_items(chunk_size=settings.page_size)
        )
        result.items = len(items)
        complaint = _actor_error(items)
        if complaint:
            result.reason = redact(f"Apify run {run.id} returned only an error: {complaint}")
            return result
    except Exception as error:  # one profile's trouble must not stop the others
        result.reason = redact(_describe(error))
        return result
    when = _as_naive_utc(finished.finished_at) or utcnow()
    try:
        result.path = write_dataset_file(landing, username, when, items)
    except OSError as error:
        result.reason = redact(f"cannot write the file: {error}")
        return result
    result.finished_at, result.ok = when, True
    return result


def scrape_profiles(
    client: Any,
    usernames: Sequence[str],
    landing: Path,
    settings: ScrapeSettings,
    on_result: Callable[[ProfileScrape], None] | None = None,
) -> ScrapeReport:
    """Scrape every profile (``settings.concurrency`` at a time); results keep the input order.

    A rejected token (HTTP 401/403) stops further calls: every remaining profile is
    recorded as failed with the same reason instead of repeating a doomed request.
    """
    started = time.monotonic()
    report = ScrapeReport(actor_id=settings.actor_id)
    fatal: list[str] = []

    def one(username: str) -> ProfileScrape:
        if fatal:
            return ProfileScrape(username=username, ok=False, reason=f"not attempted: {fatal[0]}")
        result = scrape_profile(client, username, landing, settings)
        if result.reason and result.reason.startswith(("HTTP 401", "HTTP 403")):
            fatal.append(result.reason)
        if on_result:
            on_result(result)
        return result

    unique = list(dict.fromkeys(usernames))
    if settings.concurrency > 1 and len(unique) > 1:
        with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
            report.results = list(pool.map(one, unique))
    else:
        report.results = [one(u) for u in unique]
    report.duration_seconds = round(time.monotonic() - started, 3)
    return report


def _actor_error(items: list[Any]) -> str | None:
    """The message when the actor "succeeded" but its dataset holds only error objects.

    Such a dataset is not posts: landing it would only add rejected records, so the
    profile is recorded as failed with the actor's own words instead.
    """
    if not items or not all(isinstance(i, dict) and "error" in i for i in items):
        return None
    if any(key in i for i in items for key in ("urn", "full_urn")):
        return None
    first = items[0]
    return str(first.get("message") or first["error"])[:300]


def _give_up(
    client: Any, run_id: str, settings: ScrapeSettings, status: str, redact: Callable[[str], str]
) -> str:
    """Abort a run we stopped waiting for, so it stops costing money; say what happened."""
    waited = settings.wait.total_seconds()
    reason = f"timed out: Apify run {run_id} still {status} after waiting {waited:g} s"
    try:
        client.run(run_id).abort()
        reason += "; the run was aborted"
    except Exception as error:
        reason += f"; aborting it failed ({_describe(error)})"
    return redact(reason)


def _describe(error: Exception) -> str:
    status = getattr(error, "status_code", None)
    if isinstance(status, int):
        kind = getattr(error, "type", None)
        message = getattr(error, "message", None) or str(error)
        return f"HTTP {status}{f' {kind}' if kind else ''}: {message}"
    text = str(error) or type(error).__name__
    if "timed out" in text.lower() or "timeout" in type(error).__name__.lower():
        return f"timed out: {type(error).__name__}: {text}"
    return f"{type(error).__name__}: {text}"


def _redactor(client: Any) -> Callable[[str], str]:
    token = getattr(client, "token", None)

    def redact(text: str) -> str:
        if token and len(token) >= 8:  # real tokens are long; a 1-letter test token is not
            text = text.replace(token, "***")
        text = " ".join(text.split())  # one line: reasons go into tables and log lines
        return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."

    return redact


def _as_naive_utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


# -- the database -----------------------------------------------------------------------
def active_usernames(db: Database) -> list[str]:
    """Usernames of the active LinkedIn profiles on the watch list, sorted (read-only)."""
    with db.connect(read_only=True) as con:
        rows = con.execute(sqlfiles.query("scrape_active_profiles")).fetchall()
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
    return scrape_profiles(client, active_usernames(db), landing, settings, on_result)


def scrape_ingest_options(
    report: ScrapeReport, *, script_name: str, dagster_run_id: str | None = None
) -> IngestOptions:
    """How the files of ``report`` are ingested: snapshot times from Apify, the summary."""
    return IngestOptions(
        script_name=script_name,
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
