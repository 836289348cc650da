"""The outcome of a legacy migration: what was read, written, matched and skipped."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

TABLES_READ = ("posts", "profiles", "tags", "profile_tags")
TABLES_WRITTEN = (
    "posts", "data_downloads", "post_media", "profiles", "tags", "profile_tags",
    "legacy_migrated_posts", "download_runs",
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A legacy row that was not migrated, with the key a person can look it up by."""

    table: str
    key: str
    reason: str

    def line(self) -> str:
        """``<table> <key>: <reason>``, the form stored in the run's error_message."""
        return f"{self.table} {self.key}: {self.reason}"


@dataclass(slots=True)
class LegacyReport:
    """Everything one migration did; also stored in its download_runs row."""

    source: str = ""
    run_id: str | None = None
    status: str = "running"
    duration_seconds: float = 0.0
    read: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES_READ, 0))
    written: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES_WRITTEN, 0))
    # legacy rows that matched a row already in the database (same urn/username/name)
    matched: dict[str, int] = field(default_factory=dict)
    # existing rows whose non-key columns the migration changed
    updated: dict[str, int] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the migration wrote or changed anything (and so has a run row)."""
        data = sum(v for k, v in self.written.items() if k != "download_runs")
        return data + sum(self.updated.values()) > 0

    @property
    def clean(self) -> bool:
        """True when every legacy row was migrated (or already was)."""
        return not self.skipped

    def problems(self) -> list[str]:
        """One line per skipped row, then per row migrated with a warning."""
        return [s.line() for s in self.skipped] + [
            f"{w.line()} (migrated)" for w in self.warnings
        ]

    def counts(self) -> dict:
        """The numbers alone, as stored in the run's system_info."""
        return {
            "read": dict(self.read), "written": dict(self.written),
            "matched": dict(self.matched), "updated": dict(self.updated),
            "skipped": len(self.skipped), "warnings": len(self.warnings),
        }

    def to_dict(self) -> dict:
        """A JSON-ready dict (CLI --json, Dagster metadata)."""
        data = asdict(self)
        data["clean"] = self.clean
        data["changed"] = self.changed
        return data

    def summary_lines(self) -> list[str]:
        """The one-screen summary the CLI prints."""
        run = f"run {self.run_id}" if self.run_id else "no run recorded (nothing to change)"
        lines = [
            f"migrated {self.source}: {self.status} in {self.duration_seconds:.1f} s, {run}",
            "read      " + ", ".join(f"{t} {self.read.get(t, 0)}" for t in TABLES_READ),
            "written   " + ", ".join(f"{t} {self.written.get(t, 0)}" for t in TABLES_WRITTEN),
        ]
        if any(self.matched.values()):
            lines.append("matched   " + ", ".join(
                f"{t} {n}" for t, n in self.matched.items() if n) + " (already present)")
        if any(self.updated.values()):
            lines.append("updated   " + ", ".join(f"{t} {n}" for t, n in self.updated.items() if n))
        lines += [f"note      {n}" for n in self.notes]
        if self.skipped:
            lines.append(f"skipped   {len(self.skipped)}:")
            lines += [f"  {s.line()}" for s in self.skipped]
        if self.warnings:
            lines.append(f"warnings  {len(self.warnings)} (row migrated anyway):")
            lines += [f"  {w.line()}" for w in self.warnings]
        return lines
