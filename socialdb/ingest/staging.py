"""Read one file into staged rows: hash, decode, normalize — no database access.

Pure with respect to the database, so files can be staged ahead of the load and
tested alone. A file that cannot be read becomes a rejected StagedFile with its
reason; a record that cannot be normalized becomes a (index, reason) pair, and a
field dropped from a kept record an (index, problem) pair. The records are read by
the rules of the run's platform (``socialdb.apify.platforms``).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from socialdb import config
from socialdb.apify.files import decode, scrape_day, snapshot_time
from socialdb.apify.platforms import DEFAULT_PLATFORM, platform_for
from socialdb.apify.records import NormalizedRecord, Rejection
from socialdb.inputs import too_large_reason

LEDGER_PROBLEMS = 100  # record problems kept in ingested_files.error per file


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the file system says about a file, before its bytes are read."""

    path: Path
    size: int
    mtime: float

    @property
    def name(self) -> str:
        return self.path.name

    @classmethod
    def of(cls, path: Path) -> FileFacts:
        stat = path.stat()
        return cls(path, stat.st_size, stat.st_mtime)


@dataclass(slots=True)
class StagedFile:
    """One file's contribution to a batch, or the reason it contributes nothing."""

    facts: FileFacts
    content_hash: str
    downloaded_at: datetime
    scrape_day: str | None
    records: list[tuple[int, str, NormalizedRecord]] = field(default_factory=list)
    records_read: int = 0
    rejected_records: list[tuple[int, str]] = field(default_factory=list)
    dropped_fields: list[tuple[int, str]] = field(default_factory=list)
    problem: str | None = None
    replaces: bool = False

    @property
    def status(self) -> str:
        """'rejected' (nothing usable), 'partial' (some records, fields or bytes not kept)
        or 'ingested'."""
        if self.problem and not self.records:
            return "rejected"
        if self.problem or self.rejected_records or self.dropped_fields:
            return "partial"
        return "ingested"

    def record_problems(self) -> list[tuple[int, str]]:
        """(record index, reason) of every rejected record and dropped field, in file order."""
        return sorted(self.rejected_records + self.dropped_fields, key=lambda p: p[0])

    def error_text(self) -> str | None:
        """The file's problems in one text for the ledger: the file's, then each record's.

        Capped at ``LEDGER_PROBLEMS`` record problems (with a count of the rest): a file of
        30,000 records with a wrong-typed field each would otherwise store megabytes.
        """
        lines = [self.problem] if self.problem else []
        problems = self.record_problems()
        lines += [f"record {index}: {reason}" for index, reason in problems[:LEDGER_PROBLEMS]]
        if len(problems) > LEDGER_PROBLEMS:
            lines.append(f"... and {len(problems) - LEDGER_PROBLEMS} more record problem(s)")
        return "; ".join(lines) if lines else None


def content_hash(data: bytes) -> str:
    """A 128-bit BLAKE2b digest: fast, and collisions are not a practical concern."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_bytes(path: Path, limit: int | None = None) -> bytes | str:
    """The file's bytes, or the reason they were not read (never raises).

    Reads at most ``limit`` bytes (default $SOCIALDB_MAX_FILE_MB) plus one: a file
    that grew past the cap after its size was checked is rejected, not loaded whole.
    """
    limit = config.max_file_bytes() if limit is None else limit
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return f"cannot read: {os.strerror(error.errno) if error.errno else error}"
    if len(data) > limit:
        try:
            size = max(len(data), path.stat().st_size)
        except OSError:
            size = len(data)
        return str(too_large_reason(size, limit))
    return data


def check_size(facts: FileFacts, limit: int | None = None) -> str | None:
    """Why the file is too large to read (from its stat, before any byte is read), or None."""
    return too_large_reason(facts.size, limit)


def stage_file(
    facts: FileFacts,
    data: bytes,
    digest: str,
    fetched_at: datetime | None = None,
    platform: str = DEFAULT_PLATFORM,
) -> StagedFile:
    """Decode and normalize one file's bytes; duplicate posts within it count once.

    Every dropped field is named, also for a duplicate record (its input had it).
    """
    normalize = platform_for(platform).normalize
    staged = StagedFile(
        facts=facts,
        content_hash=digest,
        downloaded_at=snapshot_time(facts.path, fetched_at),
        scrape_day=scrape_day(facts.path),
    )
    decoded = decode(data)
    staged.problem = decoded.problem
    staged.records_read = len(decoded.records)
    seen_urns: set[str] = set()
    for index, raw_text, value in decoded.records:
        result = normalize(value)
        if isinstance(result, Rejection):
            staged.rejected_records.append((index, result.reason))
            continue
        if result.problems:
            staged.dropped_fields += [(index, str(problem)) for problem in result.problems]
        if result.urn not in seen_urns:
            seen_urns.add(result.urn)
            staged.records.append((index, raw_text, result))
    return staged
