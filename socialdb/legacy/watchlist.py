"""Import the old scraper's watch list (``input-data.csv``, header ``name,username``).

The file was edited by hand, often on Windows: whitespace and CR line endings are
trimmed, blank lines skipped, a byte-order mark ignored, and each row that cannot
be used is reported with the file name, line number and reason while the rest is
imported. The import is idempotent and set-based: profiles are matched by
username, new ones inserted, and only the display name of existing ones updated
(``name`` is not indexed; ``is_active`` is, so it is left alone — see
duckdb/duckdb#20246).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyarrow as pa

from socialdb import ids, sqlfiles
from socialdb.db import Database, utcnow
from socialdb.errors import NotFoundError, ValidationError
from socialdb.usernames import username_problem

PLATFORM = "linkedin"
_PROFILE_URL = re.compile(r"linkedin\.com/(?:in|company)/([^/?#\s]+)", re.IGNORECASE)


@dataclass(slots=True)
class WatchlistReport:
    """What one CSV import did; malformed rows are (file, line, reason)."""

    source: str = ""
    rows_read: int = 0
    blank_lines: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    malformed: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when every non-blank row was usable."""
        return not self.malformed

    def to_dict(self) -> dict:
        """A JSON-ready dict (CLI --json)."""
        data = asdict(self)
        data["clean"] = self.clean
        return data

    def summary_lines(self) -> list[str]:
        """What the CLI prints."""
        lines = [
            f"{self.source}: {self.rows_read} row(s) read, {self.added} profile(s) added, "
            f"{self.updated} with a new name, {self.unchanged} unchanged, "
            f"{len(self.malformed)} malformed",
        ]
        lines += [f"note: {n}" for n in self.notes]
        lines += [f"{name}:{line}: {reason}" for name, line, reason in self.malformed]
        return lines


@dataclass(frozen=True, slots=True)
class _Entry:
    line: int
    username: str
    name: str
    name_given: bool


def import_watchlist_csv(db: Database, csv_path: str | Path) -> WatchlistReport:
    """Add the profiles listed in a ``name,username`` CSV or update their names; the report.

    Raises NotFoundError for a missing file and ValidationError for a file that is
    not a UTF-8 CSV with a ``name,username`` header (nothing is imported then).
    """
    path = Path(csv_path)
    report = WatchlistReport(source=str(path))
    entries = _read(path, report)
    if not entries:
        return report
    now = utcnow()
    table = pa.table({
        "line": [e.line for e in entries],
        "username": [e.username for e in entries],
        "name": [e.name for e in entries],
        "name_given": [e.name_given for e in entries],
    })
    with db.transaction() as con:
        con.register("wl_input", table)
        report.updated = _changed(con.execute(sqlfiles.query("watchlist_update_names"),
                                              {"now": now}))
        con.execute(sqlfiles.query("watchlist_stage_new"))
        count = _changed(con.execute("SELECT count(*) FROM wl_new"))
        if count:
            con.register("wl_ids", pa.table({
                "rn": list(range(1, count + 1)), "id": ids.new_ids(con, "profile", count)}))
            report.added = _changed(con.execute(
                sqlfiles.query("watchlist_insert_profiles"), {"now": now, "platform": PLATFORM}))
        inactive = [r[0] for r in con.execute(sqlfiles.query("watchlist_inactive")).fetchall()]
    report.unchanged = len(entries) - report.added - report.updated
    if inactive:
        report.notes.append(
            f"{len(inactive)} listed profile(s) are inactive and stay so "
            f"(socialdb profiles can reactivate them): {', '.join(inactive[:20])}"
        )
    return report


def _changed(cursor: object) -> int:
    rows = cursor.fetchall()  # type: ignore[attr-defined]  # drained: DuckDB 2 requires it
    return int(rows[0][0]) if rows else 0


def _read(path: Path, report: WatchlistReport) -> list[_Entry]:
    """The usable rows of the file, one per username; problems go to the report."""
    if not path.is_file():
        raise NotFoundError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(f"{path}: not UTF-8 text (byte offset {error.start})") from error
    except OSError as error:
        raise ValidationError(f"{path}: cannot read: {error.strerror}") from error
    name = path.name
    header: list[str] | None = None
    columns: dict[str, int] = {}
    seen: dict[str, int] = {}
    entries: list[_Entry] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for raw in reader:
            line = reader.line_num
            fields = [f.strip() for f in raw]
            if not any(fields):
                report.blank_lines += 1
                continue
            if header is None:
                header = [f.lower() for f in fields]
                columns = {h: i for i, h in enumerate(header)}
                if "name" not in columns or "username" not in columns:
                    raise ValidationError(
                        f"{path}:{line}: the header must be name,username "
                        f"(found {','.join(fields)})")
                continue
            report.rows_read += 1
            entry = _entry(name, line, fields, header, columns, report)
            if entry is None:
                continue
            if entry.username in seen:
                report.malformed.append((name, line, f"username {entry.username!r} is already "
                                         f"on line {seen[entry.username]}; row skipped"))
                continue
            seen[entry.username] = line
            entries.append(entry)
    except csv.Error as error:
        raise ValidationError(f"{path}:{reader.line_num}: not a CSV file ({error})") from error
    if header is None:
        raise ValidationError(f"{path}: empty file (expected a name,username header)")
    return entries


def _entry(name: str, line: int, fields: list[str], header: list[str],
           columns: dict[str, int], report: WatchlistReport) -> _Entry | None:
    if len(fields) < len(header) or any(fields[len(header):]):
        report.malformed.append(
            (name, line, f"expected {len(header)} fields ({','.join(header)}), "
                         f"found {len(fields)}"))
        return None
    username = fields[columns["username"]]
    display = fields[columns["name"]]
    match = _PROFILE_URL.search(username)
    if match:
        report.notes.append(f"{name}:{line}: profile URL read as username {match[1]!r}")
        username = match[1]
    if not username:
        report.malformed.append((name, line, "username is empty"))
        return None
    problem = username_problem(username)
    if problem:
        report.malformed.append(
            (name, line, f"username {username!r} is not a LinkedIn username: {problem}"))
        return None
    return _Entry(line, username, display or username, bool(display))
