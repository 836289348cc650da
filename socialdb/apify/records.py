"""Apify record -> post columns, snapshot columns and media rows (SPEC §3).

Pure functions, no I/O: a record either normalizes to a :class:`NormalizedRecord`
or yields a :class:`Rejection` carrying the reason. Nothing here raises for bad
input, because one broken record must never stop the rest of a file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from socialdb.apify.values import (
    INT32_MAX,
    ValueProblem,
    count_value,
    date_text_seconds,
    epoch_seconds,
    optional_dimension,
    optional_text,
    type_name,
)

# Top-level keys the normalizer understands; anything else means the actor changed.
KNOWN_RECORD_KEYS = frozenset(
    {
        "urn", "full_urn", "posted_at", "text", "url", "post_type", "author", "stats",
        "media", "article", "document", "reshared_post", "pagination_token",
    }
)
_URN_DIGITS = re.compile(r"^urn:li:(activity|ugcPost|share):(\d+)$")
_BARE_DIGITS = re.compile(r"^\d+$")
_PROFILE_SLUG = re.compile(r"/(?:in|company|school|showcase)/([^/?#]+)")


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One media attachment of a post, deduplicated per post by URL."""

    media_type: str
    media_url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class NormalizedRecord:
    """The columns one Apify record contributes to posts, data_downloads and post_media."""

    urn: str
    full_urn: str | None
    posted_at_timestamp: int
    author_username: str | None
    text_content: str | None
    post_type: str | None
    url: str | None
    total_reactions: int
    media: tuple[MediaItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a record could not be normalized."""

    reason: str


def post_identity(urn: object, full_urn: object) -> tuple[str, str | None]:
    """(bare urn digits, full urn) by SPEC §3's rule; raises ValueProblem when there is none.

    ``full_urn`` wins; then ``urn.activity_urn``, ``urn.ugcPost_urn``; then a plain
    string ``urn`` (older exports, and the legacy database, which stores the full
    ``urn:li:activity:...`` form or the bare id). The same rule serves the legacy
    migration, so a migrated post and the same post ingested from a raw file are one.
    """
    if isinstance(full_urn, str) and full_urn.strip():
        digits = _digits_of(full_urn.strip())
        if digits:
            return digits, full_urn.strip()
    if isinstance(urn, dict):
        for key, kind in (("activity_urn", "activity"), ("ugcPost_urn", "ugcPost")):
            value = urn.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if isinstance(value, str) and value.strip():
                digits = _digits_of(value.strip())
                if digits:
                    return digits, f"urn:li:{kind}:{digits}"
    elif isinstance(urn, str | int) and not isinstance(urn, bool) and str(urn).strip():
        text = str(urn).strip()
        digits = _digits_of(text)
        if digits:
            return digits, text if text.startswith("urn:") else f"urn:li:activity:{digits}"
    raise ValueProblem("no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn)")


def _digits_of(value: str) -> str | None:
    if _BARE_DIGITS.match(value):
        return value
    match = _URN_DIGITS.match(value)
    return match[2] if match else None


def author_username(author: object) -> str | None:
    """``author.username``, else the /in/ or /company/ slug of ``author.profile_url``."""
    if isinstance(author, str):
        return author.strip() or None
    if not isinstance(author, dict):
        return None
    username = author.get("username")
    if isinstance(username, str) and username.strip():
        return username.strip()
    profile_url = author.get("profile_url")
    if isinstance(profile_url, str):
        match = _PROFILE_SLUG.search(profile_url)
        if match:
            return unquote(match[1]) or None
    return None


def posted_at_seconds(posted_at: object) -> int:
    """Unix seconds of the post: ``posted_at.timestamp`` (ms or s), else ``posted_at.date``."""
    if isinstance(posted_at, dict):
        timestamp = posted_at.get("timestamp")
        if timestamp is not None:
            return epoch_seconds("posted_at.timestamp", timestamp)
        if posted_at.get("date") is not None:
            return date_text_seconds("posted_at.date", posted_at["date"])
        raise ValueProblem("posted_at has neither timestamp nor date")
    if posted_at is None:
        raise ValueProblem("posted_at is missing")
    if isinstance(posted_at, int | float) and not isinstance(posted_at, bool):
        return epoch_seconds("posted_at", posted_at)
    if isinstance(posted_at, str):
        try:
            return epoch_seconds("posted_at", posted_at)
        except ValueProblem:
            return date_text_seconds("posted_at", posted_at)
    raise ValueProblem(f"posted_at is {type_name(posted_at)}, expected an object")


def engagement_total(stats: object) -> int:
    """``total_reactions`` from ``stats`` after checking every count; missing stats are 0.

    The ingest takes ``stats_json`` from the record's raw text in SQL (DuckDB does it
    off the parsing thread), so this only validates and returns the total.
    """
    if stats is None:
        return 0
    if not isinstance(stats, dict):
        raise ValueProblem(f"stats is {type_name(stats)}, expected an object")
    for key, value in stats.items():
        if type(value) is int and 0 <= value <= INT32_MAX:
            continue  # the common case: a plain count, nothing to check
        if value is not None and key != "total_reactions" and isinstance(value, int | float | str):
            count_value(f"stats.{key}", value)  # reject negative/out-of-range counts
    total = stats.get("total_reactions")
    return 0 if total is None else count_value("stats.total_reactions", total)


def engagement(stats: object) -> tuple[int, str | None]:
    """(total_reactions, stats_json) from ``stats``; missing stats count as zero."""
    total = engagement_total(stats)
    return total, None if stats is None else json.dumps(stats, ensure_ascii=False)


def extract_media(record: dict[str, Any]) -> tuple[MediaItem, ...]:
    """Each image of ``media.images``, each video (and its thumbnail), document and
    article thumbnail, deduplicated by URL in the order first seen."""
    found: dict[str, MediaItem] = {}

    def add(media_type: str, url: object, width: object = None, height: object = None) -> None:
        if isinstance(url, str) and url.strip() and url.strip() not in found:
            found[url.strip()] = MediaItem(
                media_type, url.strip(), optional_dimension(width), optional_dimension(height)
            )

    media = record.get("media")
    if isinstance(media, dict):
        kind = media.get("type") if isinstance(media.get("type"), str) else None
        images = media.get("images")
        if isinstance(images, list):
            for image in images:
                if isinstance(image, dict):
                    add("image", image.get("url"), image.get("width"), image.get("height"))
        if kind == "video":
            add("video", media.get("url"))
        elif kind in (None, "image", "images") or kind.startswith("image"):
            add("image", media.get("url"))
        else:
            add(kind, media.get("url"))
        add("thumbnail", media.get("thumbnail"))
    document = record.get("document")
    if isinstance(document, dict):
        add("document", document.get("url"))
        add("thumbnail", document.get("thumbnail"))
    article = record.get("article")
    if isinstance(article, dict):
        add("article_thumbnail", article.get("thumbnail"))
    return tuple(found.values())


def normalize_record(record: object) -> NormalizedRecord | Rejection:
    """Normalize one Apify record; a record that cannot be normalized yields a Rejection."""
    if not isinstance(record, dict):
        return Rejection(f"record is {type_name(record)}, expected an object")
    try:
        urn, full_urn = post_identity(record.get("urn"), record.get("full_urn"))
        posted_at = posted_at_seconds(record.get("posted_at"))
        total_reactions = engagement_total(record.get("stats"))
        return NormalizedRecord(
            urn=urn,
            full_urn=full_urn,
            posted_at_timestamp=posted_at,
            author_username=author_username(record.get("author")),
            text_content=optional_text("text", record.get("text")),
            post_type=optional_text("post_type", record.get("post_type")),
            url=optional_text("url", record.get("url")),
            total_reactions=total_reactions,
            media=extract_media(record),
        )
    except ValueProblem as problem:
        return Rejection(str(problem))


def unknown_keys(record: object) -> set[str]:
    """Top-level keys the normalizer does not know (a sign the actor changed its output)."""
    return set(record) - KNOWN_RECORD_KEYS if isinstance(record, dict) else set()
