"""``socialdb ingest``: Apify files and folders into the database, one run per call."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json
from socialdb.errors import NotFoundError

if TYPE_CHECKING:  # the engine loads DuckDB and pyarrow: imported when a run starts
    from socialdb.db import Database
    from socialdb.ingest import IngestReport
    from socialdb.ingest.engine import ProgressCallback

EXIT_REJECTED = 1
MAX_PROBLEMS_SHOWN = 20


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("files", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield advance


def summary_lines(report: IngestReport) -> list[str]:
    """The one-screen summary printed after an ingest."""
    rejected = len(report.rejected_files)
    lines = [
        f"run {report.run_id}: {report.status} in {report.duration_seconds:.1f} s",
        f"files    {report.files_found} found, {report.files_ingested} ingested "
        f"({report.files_partial} partly), {report.files_unchanged} unchanged, "
        f"{rejected} with problems",
        f"records  {report.records_read} read, {len(report.rejected_records)} rejected, "
        f"{len(report.dropped_fields)} wrong-typed field(s) dropped",
        f"posts    {report.posts_new} new, {report.posts_updated} updated",
        f"snapshots {report.snapshots_added} added"
        + (f" ({report.snapshots_replaced} replaced)" if report.snapshots_replaced else "")
        + f", media {report.media_added} added",
    ]
    if report.files_known_rejected:
        lines.append(f"note     {report.files_known_rejected} unchanged file(s) were rejected "
                     "before (see `socialdb stats`)")
    if report.abandoned_runs_failed:
        lines.append("recovered " + ", ".join(report.abandoned_runs_failed)
                     + " (left 'running' by a killed process; marked failed)")
    lines += [f"note     {note}" for note in report.notes]
    problems = report.problems()
    if problems:
        lines.append("problems:")
        lines += [f"  {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  ... and {len(problems) - MAX_PROBLEMS_SHOWN} more: "
                         f"socialdb runs show {report.run_id}")
    return lines


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when stderr is a terminal).")
@db_option
def ingest_command(
    db: Database, paths: tuple[str, ...], as_json: bool, progress: bool | None
) -> None:
    """Ingest Apify JSON files and folders (recursively, *.json only) as one run.

    Unchanged files are skipped, changed ones re-read; broken files and records are
    reported with the reason and everything else is stored; a wrong-typed field of a
    record is dropped (and named) and the rest of the record stored. Exit status 0 when
    all was ingested, 1 when some files or records were rejected or fields dropped,
    5 when none of the paths exists (no run is recorded), 8 when the disk is full.

    \b
    Example:
      socialdb ingest data/raw
      socialdb --db /tmp/posts.duckdb ingest data/raw/20251001 extra.json
    """
    if not any(os.path.lexists(path) for path in paths):
        from socialdb.apify.files import printable_path

        # Nothing to read is a mistake, not a run: no download_runs row, no database.
        names = ", ".join(printable_path(path) for path in paths)
        raise NotFoundError(f"nothing to ingest: no such file or folder: {names}")
    from socialdb.ingest import IngestOptions, ingest_paths

    show_bar = sys.stderr.isatty() if progress is None else progress
    with _progress_bar(show_bar and not as_json) as advance:
        report = ingest_paths(db, paths, IngestOptions(script_name="socialdb ingest"), advance)
    if as_json:
        echo_json(report.to_dict())
    else:
        echo("\n".join(summary_lines(report)))
    if not report.clean:
        sys.exit(EXIT_REJECTED)


def register(main: click.Group) -> None:
    """Add ``ingest`` to the main group."""
    main.add_command(ingest_command)
