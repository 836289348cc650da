"""Call a platform's Apify actor for each profile and land each result as a raw file.

One actor call per profile (the platform's input, e.g. LinkedIn's ``{"username",
"page_number": 1, "limit"}``). A profile whose call fails (actor FAILED/TIMED-OUT/
ABORTED, HTTP error, our wait running out, the file not writable) is recorded with
its reason and the others go on. Works with any object shaped like
``apify_client.ApifyClient``; touches no database. The API token is only ever held
by the client: every reason string is redacted against it before it is kept.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from socialdb.scrape.report import ProfileScrape, ScrapeReport, ScrapeSettings
from socialdb.scrape.writer import write_dataset_file

TERMINAL_STATUSES = frozenset({"SUCCEEDED", "FAILED", "TIMED-OUT", "ABORTED"})
# Profile ids are letters, digits, '-', '_' and percent-escapes; anything that could
# leave the landing folder or hide the file (/, \, leading dot) is refused.
_SAFE_USERNAME = re.compile(r"^[^\s/\\.\x00-\x1f][^\s/\\\x00-\x1f]{0,199}$")
_MAX_REASON = 500


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
        run = client.actor(settings.actor).start(
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
    when = _as_naive_utc(finished.finished_at) or datetime.now(UTC).replace(tzinfo=None)
    try:
        result.path = write_dataset_file(landing, username, when, items, settings.platform)
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
    report = ScrapeReport(actor_id=settings.actor, platform=settings.platform)
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
