"""Opening a DuckDB file: waiting for the write lock, a file still being created, a full disk.

DuckDB lets a single process hold the write lock; a writer that finds it taken
waits and retries with backoff, up to ``SOCIALDB_LOCK_TIMEOUT`` seconds, instead
of failing. A full disk (DuckDB's or the OS's "No space left on device") becomes
:class:`StorageFullError`, one line with its own exit status.
"""

from __future__ import annotations

import errno
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from socialdb.errors import DatabaseLockedError, SocialDBError, StorageFullError

_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")
# How DuckDB words the OS's ENOSPC/EDQUOT (also inside "database has been invalidated").
_FULL_MARKERS = ("No space left on device", "Disk quota exceeded", "File too large")
_INVALID_FILE = "not a valid DuckDB database file"
_HEADERS_BYTES = 3 * 4096  # a new DuckDB file: main header and two database headers
_CREATION_GRACE = 2.0  # seconds a file still being created may look invalid
_PID_IN_MESSAGE = re.compile(r"PID (\d+)")
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


def _being_created(path: Path, error: duckdb.Error) -> bool:
    """True when the file looks invalid only because another process is creating it.

    DuckDB creates the file, then writes its headers; a process opening it in between
    reads an invalid file. A real non-DuckDB file keeps failing after the grace time.
    """
    if _INVALID_FILE not in str(error):
        return False
    try:
        return path.stat().st_size < _HEADERS_BYTES
    except OSError:
        return True


def open_with_retry(
    path: Path, read_only: bool, timeout: float, on_wait: Callable[[str], None] | None
) -> duckdb.DuckDBPyConnection:
    """A connection, once the lock is free (DatabaseLockedError after ``timeout`` s)."""
    started = time.monotonic()
    deadline = started + timeout
    delay = 0.05
    announced = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            if is_storage_full(error):
                raise storage_full(path) from error
            if _being_created(path, error) and time.monotonic() - started < _CREATION_GRACE:
                time.sleep(0.05)  # another process is writing the new file's headers
                continue
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


