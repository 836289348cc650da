"""Run leases: a run is alive exactly while its process holds an flock on its lease file.

A ``running`` row in ``download_runs`` must be told apart from one left by a
killed process. A host name and pid cannot do that (pids are reused, hosts are
renamed, containers share pids). Instead every running ingest holds an exclusive
``flock`` on ``<database>.runs/<run_id>.lock``, taken before its row is committed
and released after the row is closed. The kernel drops the lock when the process
dies, however it dies, so another process can take it exactly when the run is
over: recovery marks a ``running`` row failed when its lease can be taken or the
file is missing, and never touches a run whose owner is alive.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path

from socialdb.errors import SocialDBError, StorageFullError


def lease_folder(db_path: Path) -> Path:
    """Where the lease files of a database live: ``<database>.runs/`` beside it."""
    return db_path.with_name(db_path.name + ".runs")


def lease_file(db_path: Path, run_id: str) -> Path:
    """The lease file of one run."""
    return lease_folder(db_path) / f"{run_id}.lock"


class RunLease:
    """An exclusive flock held by the process running one ingest."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def take(cls, db_path: Path, run_id: str) -> RunLease:
        """Create and lock the run's lease file (before its ``running`` row is committed)."""
        path = lease_file(db_path, run_id)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise _lease_error(path, error) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            raise SocialDBError(f"cannot lock run lease {path}: {error.strerror}") from error
        return cls(path, fd)

    def release(self) -> None:
        """Remove the lease file, then drop the lock (the row is already closed)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            self.path.unlink()
        os.close(fd)


def is_abandoned(db_path: Path, run_id: str) -> bool:
    """True when no live process holds the run's lease (or it has no lease file).

    Taking the lock proves its owner is gone; the stale file is removed then.
    """
    path = lease_file(db_path, run_id)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # cannot tell: leave the run alone
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:
            return False
        with contextlib.suppress(OSError):
            path.unlink()
        return True
    finally:
        os.close(fd)


def _lease_error(path: Path, error: OSError) -> SocialDBError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFullError(f"no space left on the device holding {path.parent}: "
                                "free some space and run again")
    return SocialDBError(f"cannot create run lease {path}: {error.strerror}")
