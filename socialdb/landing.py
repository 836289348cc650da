"""The landing folder as an orchestrator sees it: day folders, new files, files still arriving.

Pure domain code (no Dagster): which ``YYYYMMDD`` day folders exist, which data
files are new or changed compared with the ingest ledger (``ingested_files``),
which are still being written (temporary names, a size or modification time
that moved since the previous look), and a small watch state that a sensor keeps
between evaluations so a file is requested once, when it has settled.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from socialdb import config, sqlfiles
from socialdb.apify.files import (
    DAY_FOLDER,
    is_candidate,
    is_utf8_path,
    not_utf8_reason,
    printable_path,
    scrape_day,
)
from socialdb.db import Database
from socialdb.inputs import too_large_reason

# A file named like data but carrying one of these is still being downloaded or copied.
_IN_PROGRESS_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".download", ".swp")


@dataclass(frozen=True, slots=True)
class LandingFile:
    """One data file in the landing folder, as the file system describes it."""

    name: str
    path: Path
    size: int
    mtime: float
    day: str | None

    @property
    def facts(self) -> tuple[int, float]:
        return (self.size, self.mtime)


@dataclass(slots=True)
class LandingScan:
    """Every data file under the landing folder, the files still being written, and the
    files no ingest can take (a name that is not UTF-8, a size over the cap): those
    are named, never requested, so a run is not scheduled for them again and again."""

    files: list[LandingFile] = field(default_factory=list)
    in_progress: list[Path] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (printable path, reason)


def day_folders(root: str | os.PathLike[str]) -> dict[str, Path]:
    """``{YYYYMMDD: folder}`` for every day folder directly under the landing folder."""
    base = Path(root)
    if not base.is_dir():
        return {}
    return {
        entry.name: Path(entry.path)
        for entry in sorted(os.scandir(base), key=lambda e: e.name)
        if DAY_FOLDER.match(entry.name) and entry.is_dir()
    }


def folders_for_days(root: str | os.PathLike[str], days: Iterable[str]) -> list[Path]:
    """The existing day folders among ``days`` (days without a folder have nothing to read)."""
    existing = day_folders(root)
    return [existing[day] for day in sorted(set(days)) if day in existing]


def looks_in_progress(name: str) -> bool:
    """True for a name a downloader uses while writing a data file (hidden, .tmp, .part...)."""
    if name.startswith((".", "~")) and ".json" in name:
        return True
    lowered = name.lower()
    return ".json" in lowered and lowered.endswith(_IN_PROGRESS_SUFFIXES)


def scan(root: str | os.PathLike[str]) -> LandingScan:
    """Walk the landing folder: data files (with size, mtime and scrape day) and temp files."""
    result = LandingScan()
    base = Path(root)
    if not base.is_dir():
        return result
    limit = config.max_file_bytes()
    for folder, dirs, names in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if is_candidate(path):
                if not is_utf8_path(path):
                    result.rejected.append((printable_path(path), not_utf8_reason(path)))
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue  # vanished between listing and stat: it was being moved
                too_large = too_large_reason(stat.st_size, limit)
                if too_large:
                    result.rejected.append((str(path), too_large))
                    continue
                result.files.append(
                    LandingFile(name, path, stat.st_size, stat.st_mtime, scrape_day(path))
                )
            elif looks_in_progress(name) and is_utf8_path(path):
                result.in_progress.append(path)
    return result


def ledger_facts(db: Database, names: Sequence[str]) -> dict[str, tuple[int, float | None]]:
    """``{file name: (size, mtime)}`` the ingest ledger holds for these names.

    Reads through a read-only connection; a database that does not exist yet has
    an empty ledger (and is not created here).
    """
    if not names or not db.path.exists():
        return {}
    with db.connect(read_only=True) as con:
        rows = con.execute(sqlfiles.query("landing_ledger_facts"), {"names": list(names)})
        return {name: (size, mtime) for name, size, mtime in rows.fetchall()}


def new_or_changed(
    files: Iterable[LandingFile], ledger: Mapping[str, tuple[int, float | None]]
) -> list[LandingFile]:
    """Files the ledger does not know, or knows with another size or mtime."""
    return [f for f in files if ledger.get(f.name) != f.facts]


def partition_label(days: Sequence[str]) -> str | None:
    """How a run's scrape days are written in ``download_runs.partition_key``."""
    ordered = sorted(set(days))
    if not ordered:
        return None
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}..{ordered[-1]}"


@dataclass(slots=True)
class WatchDecision:
    """What one look at the landing folder concluded."""

    ready: list[LandingFile] = field(default_factory=list)      # settled, to ingest now
    waiting: list[LandingFile] = field(default_factory=list)    # new or still changing
    in_flight: list[str] = field(default_factory=list)          # requested, not yet in ledger
    in_progress: list[Path] = field(default_factory=list)       # temporary names

    @property
    def days(self) -> list[str]:
        return sorted({f.day for f in self.ready if f.day})


@dataclass(slots=True)
class WatchState:
    """What a landing-folder watcher remembers between two looks (kept small).

    ``seen``: size and mtime of files not yet ready at the previous look, so a file
    is ready only once they stopped changing (or it has not been touched for
    ``settle_seconds``). ``requested``: files already handed to a run, with when,
    so they are not requested again while that run is queued or running; they
    leave the state once the ledger has them, or are requested again after
    ``retry_seconds`` if the run never recorded them.
    """

    seen: dict[str, tuple[int, float]] = field(default_factory=dict)
    requested: dict[str, tuple[int, float, float]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"seen": {k: list(v) for k, v in self.seen.items()},
             "requested": {k: list(v) for k, v in self.requested.items()}},
            sort_keys=True, separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str | None) -> WatchState:
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(
                seen={k: (int(v[0]), float(v[1])) for k, v in data.get("seen", {}).items()},
                requested={
                    k: (int(v[0]), float(v[1]), float(v[2]))
                    for k, v in data.get("requested", {}).items()
                },
            )
        except (ValueError, TypeError, IndexError, AttributeError):
            return cls()  # an unreadable cursor only costs one extra settle period

    def decide(
        self,
        scan_result: LandingScan,
        ledger: Mapping[str, tuple[int, float | None]],
        now: float,
        *,
        settle_seconds: float = 60.0,
        retry_seconds: float = 3600.0,
        accept_day: Callable[[str], bool] | None = None,
    ) -> tuple[WatchDecision, WatchState]:
        """Which files to ingest now, and the state to keep for the next look.

        A new or changed file is ready when its size and mtime equal those seen at
        the previous look, or when it was last modified ``settle_seconds`` ago.
        ``accept_day`` filters days the caller cannot schedule (they keep waiting).
        """
        decision = WatchDecision(in_progress=list(scan_result.in_progress))
        state = WatchState()
        for file in new_or_changed(scan_result.files, ledger):
            asked = self.requested.get(file.name)
            if asked and (asked[0], asked[1]) == file.facts and now - asked[2] < retry_seconds:
                decision.in_flight.append(file.name)
                state.requested[file.name] = asked
                continue
            settled = self.seen.get(file.name) == file.facts or now - file.mtime >= settle_seconds
            schedulable = file.day is not None and (accept_day is None or accept_day(file.day))
            if settled and schedulable:
                decision.ready.append(file)
                state.requested[file.name] = (file.size, file.mtime, now)
            else:
                decision.waiting.append(file)
                state.seen[file.name] = file.facts
        return decision, state
