"""One legacy ``posts`` row -> the post, snapshot and media rows socialdb stores.

Pure functions, no I/O. The identity, time, author, engagement and media rules
are the Apify normalizer's own (``socialdb.apify.linkedin``), applied to the
record kept in ``json_data``, so a migrated post gets the same ``urn`` as the
same post ingested from its raw file. Legacy columns are the fallback when
``json_data`` is missing or not valid JSON, because the old tool wrote both and
the columns are better than losing the post. Nothing here raises for bad data:
a row either converts (perhaps with warnings) or is skipped with the reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from socialdb.apify.files import scrape_time_from_name
from socialdb.apify.linkedin import (
    author_username,
    engagement,
    extract_media,
    post_identity,
    posted_at_seconds,
)
from socialdb.apify.values import ValueProblem, epoch_seconds, type_name

_MILLIS_THRESHOLD = 100_000_000_000
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_TRUE_TEXT = frozenset({"1", "true", "t", "yes", "y"})


@dataclass(slots=True)
class ConvertedPost:
    """What one legacy row contributes; ``snapshot`` is None when it has no stats or time."""

    post: dict[str, Any]
    snapshot: dict[str, Any] | None
    media: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SkippedPost:
    """A legacy row that cannot become a post (no identity or no post time)."""

    reason: str


def legacy_time(value: object) -> datetime | None:
    """A legacy timestamp (ISO text, SQLite's ``YYYY-MM-DD HH:MM:SS``, epoch s/ms) as naive UTC."""
    if value is None or isinstance(value, bool | bytes):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if _NUMBER.match(text):
            return legacy_time(float(text))
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            return None
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        return parsed
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= _MILLIS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def legacy_flag(value: object) -> bool:
    """SQLite's loose booleans (0/1, '0'/'1', 'true'/'false', NULL) as a bool."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_TEXT
    return False


def base_name(path: object) -> str | None:
    """The file name of a legacy ``source_file`` (POSIX or Windows separators)."""
    if not isinstance(path, str) or not path.strip():
        return None
    name = re.split(r"[\\/]", path.strip())[-1]
    return name or None


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _parse_record(json_data: object) -> tuple[dict[str, Any] | None, str | None]:
    """(record, problem): the json_data object, or why there is none."""
    if json_data is None or (isinstance(json_data, str) and not json_data.strip()):
        return None, "json_data is empty"
    if not isinstance(json_data, str):
        return None, f"json_data is {type_name(json_data)}, not JSON text"
    try:
        record = json.loads(json_data)
    except ValueError as error:
        return None, f"json_data is not valid JSON ({error})"
    except RecursionError:
        return None, "json_data nests too deep"
    if not isinstance(record, dict):
        return None, f"json_data is a JSON {type_name(record)}, not an object"
    return record, None


def _identity(row: dict[str, Any], record: dict | None) -> tuple[str, str | None] | str:
    """(urn, full_urn) from json_data, else from the legacy columns; else the reason."""
    if record is not None:
        try:
            return post_identity(record.get("urn"), record.get("full_urn"))
        except ValueProblem:
            pass
    try:
        return post_identity(_text(row.get("urn")), _text(row.get("full_urn")))
    except ValueProblem as problem:
        return str(problem)


def _posted_at(row: dict[str, Any], record: dict | None) -> int | str:
    """Unix seconds from the legacy column (ms or s), else json_data; else the reason."""
    reasons = []
    column = row.get("posted_at_timestamp")
    if column is not None:
        try:
            return epoch_seconds("posted_at_timestamp", column)
        except ValueProblem as problem:
            reasons.append(str(problem))
    else:
        reasons.append("posted_at_timestamp is empty")
    if record is not None:
        try:
            return posted_at_seconds(record.get("posted_at"))
        except ValueProblem as problem:
            reasons.append(f"json_data: {problem}")
    return "; ".join(reasons)


def convert_post(row: dict[str, Any]) -> ConvertedPost | SkippedPost:
    """Convert one legacy posts row (a dict over source.KNOWN_COLUMNS['posts'])."""
    record, json_problem = _parse_record(row.get("json_data"))
    warnings = [json_problem] if json_problem else []
    identity = _identity(row, record)
    if isinstance(identity, str):
        return SkippedPost(identity)
    urn, full_urn = identity
    posted_at = _posted_at(row, record)
    if isinstance(posted_at, str):
        return SkippedPost(f"no post time: {posted_at}")

    source_file = _text(row.get("source_file"))
    file_name = base_name(source_file)
    seen_at = (
        (scrape_time_from_name(file_name) if file_name else None)
        or legacy_time(row.get("imported_at"))
        or legacy_time(row.get("first_seen_at"))
    )
    rec = record or {}
    text = rec.get("text") if isinstance(rec.get("text"), str) else _text(row.get("text_content"))
    column_author = _text(row.get("author_username"))
    post = {
        "legacy_urn": _text(row.get("urn")),
        "urn": urn,
        "full_urn": full_urn,
        "posted_at_timestamp": posted_at,
        "author_username": author_username(rec.get("author"))
        or (column_author.strip() if column_author and column_author.strip() else None),
        "text_content": text,
        "post_type": rec.get("post_type") if isinstance(rec.get("post_type"), str) else None,
        "url": rec.get("url") if isinstance(rec.get("url"), str) else None,
        "raw_json": _text(row.get("json_data")),
        "json_ok": record is not None,
        "first_seen_at": legacy_time(row.get("first_seen_at")) or seen_at,
        "is_read": legacy_flag(row.get("is_read")),
        "is_marked": legacy_flag(row.get("is_marked")),
        "seen_at": seen_at,
    }
    snapshot = None
    if record is None:
        warnings.append("no engagement snapshot (json_data holds the stats)")
    elif seen_at is None:
        warnings.append("no engagement snapshot: no time (source_file name, imported_at, "
                        "first_seen_at all empty)")
    else:
        stats_problems: list = []
        try:
            total, stats_json = engagement(record.get("stats"), stats_problems)
        except ValueProblem as problem:
            warnings.append(f"no engagement snapshot: {problem}")
        else:
            warnings.extend(f"snapshot kept: {p}" for p in stats_problems)
            snapshot = {
                "urn": urn, "downloaded_at": seen_at, "total_reactions": total,
                "stats_json": stats_json,
                "source_file_path": source_file, "source_file_name": file_name,
            }
    media = [
        {"urn": urn, "media_type": m.media_type, "media_url": m.media_url,
         "width": m.width, "height": m.height}
        for m in (extract_media(record) if record is not None else ())
    ]
    return ConvertedPost(post, snapshot, media, warnings)
