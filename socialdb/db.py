"""The database layer: one DuckDB file, migrated on first use, written by one process at a time.

DuckDB lets a single process hold the write lock. socialdb's writers (CLI, Dagster
runs, sensors) therefore open short-lived connections and, when another process
holds the lock, wait and retry with backoff instead of failing; after
``SOCIALDB_LOCK_TIMEOUT`` seconds they give up with a clear message (opening, and a
full disk, in :mod:`socialdb.dbopen`). Every connection runs in UTC so
``CURRENT_TIMESTAMP`` defaults are UTC wall-clock times.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from socialdb import config, sqlfiles
from socialdb.dbopen import is_lock_error, is_storage_full, open_with_retry, storage_full
from socialdb.errors import NotFoundError, SocialDBError

__all__ = [  # is_lock_error, is_storage_full, storage_full: re-exported from socialdb.dbopen
    "Database", "HeldWriter", "apply_migrations", "current_version", "in_transaction",
    "is_lock_error", "is_storage_full", "rows_as_dicts", "storage_full", "utcnow",
]

_schema_ready: set[tuple[str, int]] = set()  # migrated and views re-created here
_schema_seen_current: set[tuple[str, int]] = set()  # found current by a read-only check
_schema_guard = threading.Lock()


def utcnow() -> datetime:
    """Now as a naive UTC datetime, the form every TIMESTAMP column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


class Database:
    """A socialdb DuckDB file: connections, transactions, migrations and named queries."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        lock_timeout: float | None = None,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = config.database_path(path)
        self.lock_timeout = (
            config.lock_timeout_seconds() if lock_timeout is None else lock_timeout
        )
        self.on_wait = on_wait

    def __repr__(self) -> str:
        return f"Database({str(self.path)!r})"

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for one unit of work, closed afterwards to release the file lock.

        Read-only connections are used for reporting so they never block on, or
        hold, the write lock longer than needed; the schema is created or upgraded
        through a short write connection first when the file is behind. A read-only
        connection never creates a database: a mistyped path is an error, not a new
        empty file. A full disk becomes :class:`StorageFullError`.
        """
        if read_only and not self.path.exists():
            raise NotFoundError(
                f"no database at {self.path} (check --db or SOCIALDB_DATABASE; a command "
                "that writes, such as `socialdb ingest` or `socialdb profiles add`, creates it)"
            )
        if read_only and not self._schema_is_current_readonly():
            with self.connect():
                pass
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                if is_storage_full(error):
                    raise storage_full(self.path) from error
                raise SocialDBError(f"cannot create the folder of {self.path}: "
                                    f"{error.strerror}") from error
        con = open_with_retry(self.path, read_only, self.lock_timeout, self.on_wait)
        try:
            con.execute("SET TimeZone = 'UTC'")
            con.execute("SET memory_limit = ?", [config.memory_limit()])
            if not read_only:
                con.execute("SET checkpoint_threshold = ?", [config.checkpoint_threshold()])
                self._ensure_schema(con)
            yield con
        except (duckdb.Error, OSError) as error:
            if is_storage_full(error):
                raise storage_full(self.path) from error
            raise
        finally:
            _close(con, self.path)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A write connection inside BEGIN/COMMIT; any exception rolls everything back."""
        with self.connect() as con, in_transaction(con):
            yield con


    @contextmanager
    def writer(self, hold_seconds: float | None = None) -> Iterator[HeldWriter]:
        """A writer for a series of transactions that shares one connection for up to
        ``hold_seconds`` (default $SOCIALDB_WRITER_HOLD_SECONDS), then lets others in.

        Reopening per transaction would checkpoint the WAL each time (measured: +25%
        on a month-long backfill); holding the lock for a whole long run would starve
        the CLI and the UI. This bounds both.
        """
        held = HeldWriter(self, config.writer_hold_seconds() if hold_seconds is None
                          else hold_seconds)
        try:
            yield held
        finally:
            held.release()

    def fetch_dicts(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[dict]:
        """Run a read query on a read-only connection and return rows as dicts."""
        with self.connect(read_only=True) as con:
            return rows_as_dicts(con.execute(sql, params or []))

    def schema_version(self) -> int:
        """The newest migration applied to this file (0 for a new or foreign file)."""
        if not self.path.exists():
            return 0
        with self.connect(read_only=True) as con:
            return current_version(con)

    # -- schema -----------------------------------------------------------------
    def _schema_is_current_readonly(self) -> bool:
        key = (str(self.path.resolve()), len(sqlfiles.migrations()))
        if key in _schema_ready:
            return True
        if not self.path.exists():
            return False
        if key in _schema_seen_current:
            return True
        con = open_with_retry(self.path, True, self.lock_timeout, self.on_wait)
        try:
            current = current_version(con) == len(sqlfiles.migrations())
        finally:
            con.close()
        if current:  # a reading process checks once, not on every connection
            _schema_seen_current.add(key)
        return current

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        key = (str(self.path.resolve()), len(sqlfiles.migrations()))
        if key in _schema_ready:
            return
        with _schema_guard:
            apply_migrations(con)
            _schema_ready.add(key)


class HeldWriter:
    """Transactions on a write connection that is released after a bounded time."""

    def __init__(self, db: Database, hold_seconds: float) -> None:
        self.db = db
        self.hold_seconds = hold_seconds
        self._context: Any = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction; the connection is kept or released afterwards."""
        if self._con is None:
            self._context = self.db.connect()
            self._con = self._context.__enter__()
            self._opened_at = time.monotonic()
        try:
            with in_transaction(self._con) as con:
                yield con
        except BaseException as error:
            self.release()
            if isinstance(error, duckdb.Error | OSError) and is_storage_full(error):
                raise storage_full(self.db.path) from error
            raise
        if time.monotonic() - self._opened_at >= self.hold_seconds:
            self.release()

    def release(self) -> None:
        """Close the connection (checkpointing it) so another process can write."""
        if self._context is not None:
            context, self._context, self._con = self._context, None, None
            context.__exit__(None, None, None)


def _close(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Close (and so checkpoint) a connection; a checkpoint on a full disk is reported."""
    try:
        con.close()
    except duckdb.Error as error:
        if is_storage_full(error):
            raise storage_full(path) from error
        raise


@contextmanager
def in_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN/COMMIT on an open connection; any exception rolls everything back."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")

def rows_as_dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict]:
    """The remaining rows of an executed query as a list of column->value dicts."""
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# A line that splits a migration into steps committed one after the other. DuckDB 2.0.1
# applies DROP INDEX, an UPDATE of the formerly indexed column of a referenced row, and
# CREATE INDEX only in separate transactions (duckdb#20246); such a migration must be
# safe to re-run from its first step (IF EXISTS / IF NOT EXISTS, idempotent updates),
# since it is recorded only with its last step.
COMMIT_MARKER = "\n-- socialdb: commit\n"


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration version, 0 when the registry table does not exist."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration newer than the file's version, each in its own transaction.

    Each applied migration is recorded in ``schema_migrations``. Views are
    re-created (CREATE OR REPLACE) once per process, so a release that changes a
    view's definition takes effect without a migration. Returns the
    versions applied (empty when the file was already current).
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"
    )
    have = current_version(con)
    applied: list[int] = []
    for migration in sqlfiles.migrations():
        if migration.version <= have:
            continue
        steps = migration.sql.split(COMMIT_MARKER)
        for number, step in enumerate(steps, start=1):
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(step)
                if number == len(steps):
                    con.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name],
                    )
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        applied.append(migration.version)
    for _name, view_sql in sqlfiles.views():
        con.execute(view_sql)
    return applied
