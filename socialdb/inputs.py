"""What an input file must pass before a byte of it is read: a UTF-8 name, a bounded size.

On Linux a file name is bytes; Python hands a name that is not valid UTF-8 over
as a ``str`` holding lone surrogates (PEP 383). Such a string cannot be encoded
as UTF-8, so neither DuckDB nor a terminal can take it: socialdb names those files
as rejected with the bad bytes escaped (``\\xff``) instead of storing them.

A file is read whole and parsed into Python objects, which costs 20 to 45 times
its size in memory; a cap on the size (checked from ``stat`` before reading)
keeps one ingest's peak memory bounded whatever lands in the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from socialdb import config

NOT_UTF8_REASON = "file name is not valid UTF-8 (rename the file to ingest it)"


def is_utf8_path(path: str | os.PathLike[str]) -> bool:
    """True when the path is valid UTF-8 (it can be stored in the database as text)."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def not_utf8_reason(path: Path) -> str:
    """Why a path that is not valid UTF-8 is rejected: its file name, or a folder's."""
    if is_utf8_path(path.name):
        return "folder name is not valid UTF-8 (rename the folder to ingest its files)"
    return NOT_UTF8_REASON


def printable_path(path: str | os.PathLike[str]) -> str:
    """The path with every byte that is not valid UTF-8 written as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def too_large_reason(size: int, limit: int | None = None) -> str | None:
    """Why a file of ``size`` bytes is not read, or None when it is within the cap."""
    limit = config.max_file_bytes() if limit is None else limit
    if size <= limit:
        return None
    return (f"file too large: {_megabytes(size)} exceeds the limit of {_megabytes(limit)} "
            "(SOCIALDB_MAX_FILE_MB)")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"
