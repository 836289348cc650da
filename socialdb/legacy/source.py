"""Read the old tool's SQLite ``posts.db`` without ever writing to it.

The file is opened through SQLite's read-only URI mode (``file:...?mode=ro``), so
no journal is created and neither its bytes nor its mtime change. Everything is
read inside one read transaction, so a legacy tool still running next to us
cannot hand us half of a write. DuckDB's sqlite extension would be the natural
reader, but it is downloaded on first use and socialdb must work offline, so the
rows are read here and handed to DuckDB as Arrow tables.

The schema check is lenient where older or newer legacy versions differ (a
missing optional column reads as NULL, an unexpected new column is ignored and
noted) and strict where it matters: no ``posts`` table with ``urn`` and
``posted_at_timestamp``/``json_data`` means "not a legacy database".
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from socialdb.errors import ValidationError

# Seconds to wait for a legacy tool that holds a write lock on the file.
LOCK_TIMEOUT_SECONDS = 5.0
POST_CHUNK_ROWS = 5_000

# table -> every column the legacy tool is known to have written (SPEC §6).
KNOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "posts": (
        "urn", "full_urn", "posted_at_timestamp", "author_username", "text_content",
        "json_data", "source_file", "first_seen_at", "imported_at", "is_read", "is_marked",
    ),
    "profiles": (
        "id", "username", "name", "created_at", "updated_at", "is_active", "notes",
        "post_count", "last_synced_at",
    ),
    "tags": ("id", "name", "color", "created_at"),
    "profile_tags": ("id", "profile_id", "tag_id", "created_at"),
}
# Columns without which a table cannot be migrated at all.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "posts": ("urn", "posted_at_timestamp", "json_data"),
    "profiles": ("id", "username"),
    "tags": ("id", "name"),
    "profile_tags": ("profile_id", "tag_id"),
}


class LegacyDatabaseError(ValidationError):
    """The path is not a readable legacy ``posts.db`` (missing, not SQLite, wrong schema)."""


class LegacyDatabaseLockedError(LegacyDatabaseError):
    """Another process holds a write lock on the legacy file for longer than we waited."""

    exit_code = 4


class LegacySource:
    """An open, validated legacy database; use as a context manager.

    ``columns[table]`` lists the known columns present in the file (tables that
    are absent map to an empty tuple); ``notes`` says what was missing or unexpected.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.columns: dict[str, tuple[str, ...]] = {}
        self.notes: list[str] = []
        self._con = _open_read_only(self.path)
        try:
            self._con.execute("BEGIN")  # one consistent snapshot for every read below
            self._inspect()
        except sqlite3.Error as error:
            self._con.close()
            raise _translate(self.path, error) from error
        except BaseException:
            self._con.close()
            raise

    def __enter__(self) -> LegacySource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the read transaction and release the file."""
        with contextlib.suppress(sqlite3.Error):
            self._con.execute("ROLLBACK")
        self._con.close()

    # -- reading ----------------------------------------------------------------
    def count(self, table: str) -> int:
        """Rows in ``table`` (0 when the file has no such table)."""
        if not self.columns.get(table):
            return 0
        # table names come from KNOWN_COLUMNS, never from user input
        row = self._fetch(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def rows(self, table: str, chunk: int = POST_CHUNK_ROWS) -> Iterator[list[dict[str, Any]]]:
        """The table's rows in chunks, as dicts over every known column (missing -> None)."""
        present = self.columns.get(table)
        if not present:
            return
        order = "rowid" if table == "posts" else "1"
        select = ", ".join(
            f'"{c}"' if c in present else f'NULL AS "{c}"' for c in KNOWN_COLUMNS[table]
        )
        cursor = self._fetch(f"SELECT {select} FROM {table} ORDER BY {order}")
        names = KNOWN_COLUMNS[table]
        while True:
            try:
                batch = cursor.fetchmany(chunk)
            except sqlite3.Error as error:
                raise _translate(self.path, error) from error
            if not batch:
                return
            yield [dict(zip(names, row, strict=True)) for row in batch]

    def all_rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of a small table (profiles, tags, profile_tags)."""
        return [row for chunk in self.rows(table) for row in chunk]

    # -- internals --------------------------------------------------------------
    def _fetch(self, sql: str) -> sqlite3.Cursor:
        try:
            return self._con.execute(sql)
        except sqlite3.Error as error:
            raise _translate(self.path, error) from error

    def _inspect(self) -> None:
        tables = {
            name for (name,) in self._con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
            )
        }
        if "posts" not in tables:
            found = ", ".join(sorted(tables)) or "no tables"
            raise LegacyDatabaseError(
                f"{self.path} is not a legacy posts.db: it has no posts table ({found})"
            )
        for table, known in KNOWN_COLUMNS.items():
            if table not in tables:
                self.columns[table] = ()
                self.notes.append(f"no {table} table in the legacy database (nothing to migrate)")
                continue
            have = [r[1] for r in self._con.execute("SELECT * FROM pragma_table_info(?)", [table])]
            missing_required = [c for c in REQUIRED_COLUMNS[table] if c not in have]
            if missing_required:
                raise LegacyDatabaseError(
                    f"{self.path} is not a legacy posts.db: table {table} lacks column(s) "
                    + ", ".join(missing_required)
                )
            self.columns[table] = tuple(c for c in known if c in have)
            for column in known:
                if column not in have:
                    self.notes.append(f"legacy {table} has no {column} column (read as empty)")
            for column in have:
                if column not in known:
                    self.notes.append(f"legacy {table}.{column} is not a known column (ignored)")


def _open_read_only(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise LegacyDatabaseError(f"{path}: no such file")
    if not path.is_file():
        raise LegacyDatabaseError(f"{path} is not a file")
    uri = path.resolve().as_uri() + "?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True, timeout=LOCK_TIMEOUT_SECONDS,
                              isolation_level=None, check_same_thread=False)
    except sqlite3.Error as error:
        raise _translate(path, error) from error
    con.text_factory = _text
    return con


def _text(data: bytes) -> str:
    """Legacy text is UTF-8; a stray invalid byte must not stop the migration."""
    return data.decode("utf-8", errors="replace")


def _translate(path: Path, error: sqlite3.Error) -> LegacyDatabaseError:
    message = str(error)
    if "locked" in message or "busy" in message:
        return LegacyDatabaseLockedError(
            f"{path} is locked by another program (is the old tool still running?): {message}"
        )
    if "not a database" in message or "malformed" in message or "encrypted" in message:
        return LegacyDatabaseError(f"{path} is not a SQLite database ({message})")
    return LegacyDatabaseError(f"cannot read legacy database {path}: {message}")
