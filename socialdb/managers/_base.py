"""What every manager shares: connections, name resolution and input checks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime

import duckdb

from socialdb.db import Database, in_transaction
from socialdb.errors import NotFoundError, ValidationError
from socialdb.managers import _sql, journal

FILE = "posts_lookup"
_POST_ID = re.compile(r"^p-[0-9a-f]{8}$")
_URN_DIGITS = re.compile(r"^\d+$")
_FULL_URN = re.compile(r"^urn:li:[A-Za-z]+:(\d+)$")
#: The largest --limit a listing takes: far above any real listing, far below BIGINT.
MAX_LIMIT = 1_000_000_000
_INT32 = 2**31
# C0 controls (newline and tab included), DEL and C1 controls
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class Manager:
    """Base of the managers: one :class:`Database`, short connections per call.

    Reads use read-only connections (they never hold the write lock); writes run in
    one transaction after finishing any change a crashed process left half done.
    """

    def __init__(self, db: Database) -> None:
        self.db = db

    @contextmanager
    def _read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.db.connect(read_only=True) as con:
            yield con

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection outside a transaction (for journalled two-step changes)."""
        with self.db.connect() as con:
            journal.settle(con)
            yield con

    @contextmanager
    def _write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection inside BEGIN/COMMIT; an exception changes nothing."""
        with self._session() as con, in_transaction(con):
            yield con


def require_text(value: str | None, what: str) -> str:
    """A non-blank string, kept verbatim (quotes, SQL, unicode are just text)."""
    if value is None or not str(value).strip():
        raise ValidationError(f"{what} must not be empty")
    if "\x00" in value:
        raise ValidationError(f"{what} must not contain NUL characters")
    return value


def require_choice(value: str | None, choices: Sequence[str], what: str) -> None:
    """None, or one of ``choices``; anything else names the valid ones."""
    if value is not None and value not in choices:
        raise ValidationError(f"unknown {what} {value!r}; use one of {', '.join(choices)}")


def require_limit(limit: int) -> None:
    """Listings take a positive --limit small enough for SQL's LIMIT (a BIGINT).

    Python integers have no bound, so without the upper one a 20-digit --limit
    reached DuckDB and ended in a conversion traceback.
    """
    _require_int(limit, "--limit")
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError(f"--limit must be between 1 and {MAX_LIMIT:,}")


def require_priority(priority: int) -> None:
    """A priority fits the INTEGER column (a 32-bit signed number)."""
    _require_int(priority, "--priority")
    if not -_INT32 <= priority < _INT32:
        raise ValidationError(f"--priority must be between {-_INT32:,} and {_INT32 - 1:,}")


def _require_int(value: object, what: str) -> None:
    # bool is an int in Python, but True is no sensible limit or priority
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(f"{what} must be a whole number, not {type(value).__name__}")


def resolve_post(con: duckdb.DuckDBPyConnection, ref: str) -> dict:
    """The post named by a ``p-`` id, the bare urn digits or a ``urn:li:...:<digits>`` urn."""
    text = (ref or "").strip()
    row = None
    if _POST_ID.match(text):
        row = _sql.fetch_one(con, FILE, "by_id", post_id=text)
    elif _URN_DIGITS.match(text):
        row = _sql.fetch_one(con, FILE, "by_urn", urn=text, full_urn=text)
    elif match := _FULL_URN.match(text):
        row = _sql.fetch_one(con, FILE, "by_urn", urn=match[1], full_urn=text)
    else:
        raise ValidationError(
            f"{ref!r} is not a post reference: give a post id (p-1a2b3c4d), the urn digits "
            "or urn:li:activity:<digits>")
    if row is None:
        raise NotFoundError(f"no post {text!r}")
    return row


def resolve_profile(con: duckdb.DuckDBPyConnection, username: str) -> dict:
    """The profile with exactly this username."""
    row = _sql.fetch_one(con, FILE, "profile_by_username", username=username)
    if row is None:
        raise NotFoundError(f"no profile {username!r} (see `socialdb profiles list`)")
    return row


def normalize_tag_name(name: str | None) -> str:
    """Tag names are lower-case and trimmed; everything else is kept verbatim."""
    text = require_text(name, "tag name").strip().lower()
    if _CONTROL.search(text):
        raise ValidationError("tag name must be one line without tabs or control characters")
    return text


def resolve_tag(con: duckdb.DuckDBPyConnection, name: str) -> dict:
    """The tag with this name (compared lower-case)."""
    normal = normalize_tag_name(name)
    row = _sql.fetch_one(con, FILE, "tag_by_name", name=normal)
    if row is None:
        raise NotFoundError(f"no tag {normal!r} (create it with `socialdb tags add`)")
    return row


def parse_time(text: str, what: str) -> datetime:
    """An ISO 8601 date or time as naive UTC (no offset means UTC)."""
    raw = (text or "").strip()
    try:
        if len(raw) == 10:
            day = date.fromisoformat(raw)
            return datetime(day.year, day.month, day.day)
        value = datetime.fromisoformat(raw)
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # OverflowError: an offset past year 1 / 9999
        raise ValidationError(
            f"{what} {text!r} is not an ISO 8601 time (e.g. 2025-10-01 or "
            "2025-10-01T14:30:00Z)") from None
    return value
