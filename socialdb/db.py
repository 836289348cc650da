"""The database layer: one DuckDB file, migrated on first use, written by one process at a time.

DuckDB lets a single process hold the write lock. socialdb's writers (CLI, Dagster
runs, sensors) therefore open short-lived connections and, when another process
holds the lock, wait and retry with backoff instead of failing; after
``SOCIALDB_LOCK_TIMEOUT`` seconds they give up with a clear message. Every
connection runs in UTC so ``CURRENT_TIMESTAMP`` defaults are UTC wall-clock times.
"""

from __future__ import annotations

import errno
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from socialdb import config, sqlfiles
from socialdb.errors import (
    DatabaseLockedError,
    NotFoundError,
    SocialDBError,
    StorageFullError,
)

_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")
# How DuckDB words the OS's ENOSPC/EDQUOT (also inside "database has been invalidated").
_FULL_MARKERS = ("No space left on device", "Disk quota exceeded", "File too large")
_PID_IN_MESSAGE = re.compile(r"PID (\d+)")
_schema_ready: set[tuple[str, int]] = set()  # migrated and views re-created here
_schema_seen_current: set[tuple[str, int]] = set()  # found current by a read-only check
_schema_guard = threading.Lock()


def utcnow() -> datetime:
    """Now as a naive UTC datetime, the form every TIMESTAMP column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def is_lock_error(error: BaseException) -> bool:
    """True when DuckDB refused to open because another process holds the file lock."""
    return isinstance(error, duckdb.Error) and any(m in str(error) for m in _LOCK_MARKERS)


def is_storage_full(error: BaseException) -> bool:
    """True when DuckDB or the OS refused a write because the disk or quota is full."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return isinstance(error, duckdb.Error) and any(m in str(error) for m in _FULL_MARKERS)


def storage_full(path: Path) -> StorageFullError:
    """The one line a user sees when the database's disk is full."""
    return StorageFullError(
        f"no space left on the device holding the database {path}: the last change was "
        "not stored; free some space and run again"
    )


def _open_with_retry(
    path: Path, read_only: bool, timeout: float, on_wait: Callable[[str], None] | None
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    delay = 0.05
    announced = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            if is_storage_full(error):
                raise storage_full(path) from error
            if not is_lock_error(error):
                raise SocialDBError(f"cannot open database {path}: {error}") from error
            holder = _PID_IN_MESSAGE.search(str(error))
            who = f"process {holder[1]}" if holder else "another process"
            if time.monotonic() >= deadline:
                raise DatabaseLockedError(
                    f"database {path} is locked by {who} (waited {timeout:.0f} s); "
                    "try again when that run finishes, or raise SOCIALDB_LOCK_TIMEOUT"
                ) from error
            if on_wait and not announced:
                on_wait(f"database {path} is busy ({who} is writing); waiting for the lock")
                announced = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


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
        con = _open_with_retry(self.path, read_only, self.lock_timeout, self.on_wait)
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
        con = _open_with_retry(self.path, True, self.lock_timeout, self.on_wait)
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
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(migration.sql)
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
