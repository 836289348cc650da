"""The outcome of one ingest: counts for people, problems with file names and reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class IngestReport:
    """Everything one ingest did and found, as stored in its download_runs row."""

    run_id: str = ""
    status: str = "running"
    duration_seconds: float = 0.0
    files_found: int = 0
    files_ingested: int = 0
    files_partial: int = 0
    files_unchanged: int = 0
    files_known_rejected: int = 0
    records_read: int = 0
    posts_new: int = 0
    posts_updated: int = 0
    snapshots_added: int = 0
    snapshots_replaced: int = 0
    media_added: int = 0
    rejected_files: list[tuple[str, str]] = field(default_factory=list)
    rejected_records: list[tuple[str, int, str]] = field(default_factory=list)
    dropped_fields: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    scrape_days: list[str] = field(default_factory=list)
    abandoned_runs_failed: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def clean(self) -> bool:
        """True when everything given was ingested whole (or already was): no file or
        record rejected and no field of a kept record dropped."""
        return (not self.rejected_files and not self.rejected_records
                and not self.dropped_fields and self.error is None)

    def record_problems(self) -> list[tuple[str, int, str]]:
        """(file, record index, reason) of every rejected record and dropped field.

        In file and record order, so one record's problems read together.
        """
        return sorted(self.rejected_records + self.dropped_fields, key=lambda p: (p[0], p[1]))

    def problems(self) -> list[str]:
        """One line per rejected file, rejected record and dropped field:
        ``<file>: <reason>``, ``<file>: record <n>: <reason>``."""
        lines = [f"{path}: {reason}" for path, reason in self.rejected_files]
        lines += [f"{path}: record {index}: {reason}"
                  for path, index, reason in self.record_problems()]
        return lines

    def to_dict(self) -> dict:
        """A JSON-ready dict (for --json output and Dagster metadata)."""
        data = asdict(self)
        data["clean"] = self.clean
        return data
