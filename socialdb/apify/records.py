"""The contract between a platform's parsing and the ingest: what a record becomes.

Every platform module (``socialdb/apify/linkedin.py``, and later YouTube, Substack,
X) turns one scraped record into a :class:`NormalizedRecord` or a :class:`Rejection`
with a pure function, and describes itself with a :class:`Platform`. The ingest
knows only this module and the registry (``socialdb.apify.platforms``), so a new
platform is a new module, not edits across the ingest.

A wrong-typed field either rejects the record (when storing it would be wrong: no
identity, no post time, an engagement that would read as a false 0) or is dropped
from a record that is kept; both are named (:class:`FieldProblem`), never coerced
silently. Nothing here raises for bad input.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from socialdb.apify.values import INT32_MAX, type_name


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One media attachment of a post, deduplicated per post by URL."""

    media_type: str
    media_url: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A field of a kept record that was dropped: what was seen, what was expected.

    ``field`` is the path inside the record (``author``, ``media.images[2].url``);
    ``seen`` is the JSON type seen (or the value, for an out-of-range number).
    """

    field: str
    seen: str
    expected: str

    def __str__(self) -> str:
        return f"field {self.field} is {self.seen}, expected {self.expected}; field dropped"


@dataclass(frozen=True, slots=True)
class NormalizedRecord:
    """The columns one record contributes to posts, data_downloads and post_media.

    ``problems`` names every field dropped on the way (the record is still stored,
    and ``raw_json`` still holds it verbatim).
    """

    urn: str
    full_urn: str | None
    posted_at_timestamp: int
    author_username: str | None
    text_content: str | None
    post_type: str | None
    url: str | None
    total_reactions: int
    media: tuple[MediaItem, ...] = field(default_factory=tuple)
    problems: tuple[FieldProblem, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a record could not be stored at all (the text ends in ``record rejected``)."""

    reason: str


Normalizer = Callable[[object], NormalizedRecord | Rejection]


@dataclass(frozen=True, slots=True)
class Platform:
    """One social platform as scraped through Apify: where its files land, how they parse.

    ``name`` is what ``posts.platform``, ``profiles.platform`` and the ingest's
    ``IngestOptions.platform`` say; ``folder`` the landing folder below each day
    (``<root>/YYYYMMDD/<folder>/``); ``actor_id`` and ``actor_input(username, limit)``
    how its Apify actor scrapes one profile; ``normalize`` its pure record rules;
    ``known_keys`` the top-level record keys those rules understand (a record with
    others means the actor changed its output: an asset check warns).
    """

    name: str
    folder: str
    actor_id: str
    actor_input: Callable[[str, int], dict[str, Any]]
    normalize: Normalizer
    known_keys: frozenset[str]

    def unknown_keys(self, record: object) -> set[str]:
        """Top-level keys of ``record`` the normalizer does not know."""
        return set(record) - self.known_keys if isinstance(record, dict) else set()


def drop(problems: list[FieldProblem] | None, name: str, value: object, expected: str) -> None:
    """Record that field ``name`` (a ``value`` of the wrong type) was dropped."""
    if problems is not None:
        problems.append(FieldProblem(name, type_name(value), expected))


def optional_string(
    record: dict[str, Any], key: str, problems: list[FieldProblem] | None, path: str | None = None
) -> str | None:
    """``record[key]`` when it is a string; None when absent, null or (named) wrong-typed."""
    value = record.get(key)
    if value is None or type(value) is str:
        return value
    drop(problems, path or key, value, "string")
    return None


def url_value(value: object, name: str, problems: list[FieldProblem] | None) -> str | None:
    """A URL string (trimmed; empty is None); another type is dropped and named."""
    if type(value) is str:
        return value.strip() or None
    if value is not None:
        drop(problems, name, value, "string")
    return None


def dimension_value(value: object, name: str, problems: list[FieldProblem] | None) -> int | None:
    """An image width/height: a non-negative integer that fits INTEGER, else dropped (named)."""
    if type(value) is int and 0 <= value <= INT32_MAX:
        return value  # the common case, kept cheap
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        drop(problems, name, value, "number")
        return None
    if not math.isfinite(value) or value < 0 or value > INT32_MAX:
        if problems is not None:
            problems.append(FieldProblem(name, str(value), "a non-negative number in range"))
        return None
    return int(value)
