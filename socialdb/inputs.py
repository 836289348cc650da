"""The size an input file may have, checked from ``stat`` before a byte is read.

A file is read whole and parsed into Python objects, which costs 20 to 45 times
its size in memory; the cap keeps one ingest's peak memory bounded whatever
lands in the folder. (A file's name must also be valid UTF-8: see
``socialdb.apify.files.is_utf8_path``.)
"""

from __future__ import annotations

from socialdb import config


def too_large_reason(size: int, limit: int | None = None) -> str | None:
    """Why a file of ``size`` bytes is not read, or None when it is within the cap."""
    limit = config.max_file_bytes() if limit is None else limit
    if size <= limit:
        return None
    return (f"file too large: {_megabytes(size)} exceeds the limit of {_megabytes(limit)} "
            "(SOCIALDB_MAX_FILE_MB)")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB"
