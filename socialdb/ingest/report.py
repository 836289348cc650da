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
    notes: list[str] = field(default_factory=list)
    scrape_days: list[str] = field(default_factory=list)
    abandoned_runs_failed: list[str] = field(default_factory=list)
    files_read: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def clean(self) -> bool:
        """True when every file and record given was ingested (or already was)."""
        return not self.rejected_files and not self.rejected_records and self.error is None

    def problems(self) -> list[str]:
        """One line per rejected file and record: ``<file>: <reason>``."""
        lines = [f"{path}: {reason}" for path, reason in self.rejected_files]
        lines += [
            f"{path}: record {index}: {reason}" for path, index, reason in self.rejected_records
        ]
        return lines

    def to_dict(self) -> dict:
        """A JSON-ready dict (for --json output and Dagster metadata)."""
        data = asdict(self)
        data["clean"] = self.clean
        return data
