"""Settings, resolved when asked for, never at import time.

The CLI's ``--db`` wins over ``SOCIALDB_DATABASE``, which wins over the default
``data/socialdb.duckdb`` (relative to the working directory, like the landing
folder ``data/raw``), so the CLI, tests and Dagster agree on one file.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATABASE = Path("data") / "socialdb.duckdb"
DEFAULT_LANDING_DIR = Path("data") / "raw"


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The DuckDB file to use: the explicit path, else $SOCIALDB_DATABASE, else the default."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("SOCIALDB_DATABASE")
    return Path(from_env) if from_env else DEFAULT_DATABASE


def landing_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The raw-file landing folder: explicit, else $SOCIALDB_LANDING_DIR, else data/raw."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("SOCIALDB_LANDING_DIR")
    return Path(from_env) if from_env else DEFAULT_LANDING_DIR


def lock_timeout_seconds() -> float:
    """How long a writer waits for DuckDB's write lock ($SOCIALDB_LOCK_TIMEOUT, default 120 s)."""
    raw = os.environ.get("SOCIALDB_LOCK_TIMEOUT", "120")
    try:
        return max(0.0, float(raw))
    except ValueError:
        return 120.0


def memory_limit() -> str:
    """DuckDB's memory_limit for socialdb connections ($SOCIALDB_MEMORY_LIMIT, default 384MB).

    DuckDB's default (80% of RAM) lets its buffer pool grow with the database; a
    fixed limit keeps an ingest's memory bounded whatever the corpus size.
    """
    return os.environ.get("SOCIALDB_MEMORY_LIMIT", "384MB")


def writer_hold_seconds() -> float:
    """How long an ingest keeps the write lock before letting others in (default 10 s)."""
    try:
        return max(0.0, float(os.environ.get("SOCIALDB_WRITER_HOLD_SECONDS", "10")))
    except ValueError:
        return 10.0


def ingest_batch_records() -> int:
    """Records per ingest transaction ($SOCIALDB_INGEST_BATCH_RECORDS, default 10,000)."""
    try:
        return max(1, int(os.environ.get("SOCIALDB_INGEST_BATCH_RECORDS", "10000")))
    except ValueError:
        return 10_000


def checkpoint_threshold() -> str:
    """WAL size that triggers a DuckDB checkpoint ($SOCIALDB_CHECKPOINT_THRESHOLD, default 256MB).

    DuckDB's 16 MB default checkpoints after nearly every ingest batch, and a
    checkpoint's cost grows with the database (its indexes are written out), so a long
    backfill slowed down as it went; a larger WAL checkpoints every few batches.
    """
    return os.environ.get("SOCIALDB_CHECKPOINT_THRESHOLD", "256MB")


DEFAULT_MAX_FILE_MB = 10


def max_file_bytes() -> int:
    """The largest input file an ingest reads ($SOCIALDB_MAX_FILE_MB, default 10 MB).

    A file is parsed whole and its records loaded together, and the next file is
    parsed while one loads. Measured peak RSS, two 10 MB files in a row: 695-730 MB
    (16 MB: 975 MB), so the default keeps an ingest well under 1 GiB whatever lands
    in the folder, with 5x room over the largest real Apify file (0.1-2 MB).
    See benchmarks/bench_file_memory.py.
    """
    try:
        megabytes = float(os.environ.get("SOCIALDB_MAX_FILE_MB", DEFAULT_MAX_FILE_MB))
    except ValueError:
        megabytes = DEFAULT_MAX_FILE_MB
    return int(max(0.0, megabytes) * 1024 * 1024)
