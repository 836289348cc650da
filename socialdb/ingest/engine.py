"""The ingest: Apify files and folders in, one download_runs row and clean tables out.

Work is planned against the file ledger (an unchanged file is skipped from its
size and mtime, or its content hash, without being parsed), then staged files are
loaded in bounded batches, each batch one transaction. Memory therefore stays
bounded by the batch size whatever the corpus size, and a run killed at any
moment leaves only whole files behind; the next run fails the abandoned row and
ingests whatever is missing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from socialdb import config, ids, sqlfiles
from socialdb.apify.files import discover, printable_path
from socialdb.db import Database, HeldWriter, utcnow
from socialdb.errors import SocialDBError
from socialdb.ingest import ledger as file_ledger
from socialdb.ingest.batch import (
    Batch,
    BatchResult,
    BatchTables,
    build_tables,
    load_batch,
    load_order,
)
from socialdb.ingest.lease import RunLease
from socialdb.ingest.ledger import LedgerEntry
from socialdb.ingest.report import IngestReport
from socialdb.ingest.runs import fail_abandoned_runs, finish_run, start_run, system_info
from socialdb.ingest.staging import (
    FileFacts,
    StagedFile,
    check_size,
    content_hash,
    read_bytes,
    stage_file,
)

ProgressCallback = Callable[[int, int], None]


@dataclass(slots=True)
class IngestOptions:
    """How an ingest is labelled and batched."""

    script_name: str = "socialdb ingest"
    platform: str = "linkedin"
    dagster_run_id: str | None = None
    partition_key: str | None = None
    extra_info: dict = field(default_factory=dict)
    fetched_at: dict[str, datetime] = field(default_factory=dict)  # file name -> Apify finish
    batch_bytes: int = 32 * 1024 * 1024
    batch_records: int = field(default_factory=config.ingest_batch_records)


def ingest_paths(
    db: Database,
    paths: Iterable[str | Path],
    options: IngestOptions | None = None,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files and folders (recursively, ``.json`` only) as one run."""
    options = options or IngestOptions()
    listed = list(paths)
    given = [printable_path(p) for p in listed]
    files, missing, notes = discover(listed)
    job = _Ingest(db, options, progress)
    job.report.rejected_files.extend(missing)
    return job.run(given, files, notes)


class _Ingest:
    def __init__(self, db: Database, options: IngestOptions, progress: ProgressCallback | None):
        self.db = db
        self.options = options
        self.progress = progress
        self.report = IngestReport()
        self.new_urns: set[str] = set()
        self.updated_urns: set[str] = set()
        self.days: set[str] = set()
        self.touches: list[tuple[str, str, float]] = []
        self.loaded_elsewhere: list[str] = []  # files another run stored after our plan
        self.writer: HeldWriter
        self.lease: RunLease

    def run(self, given: list[str], files: list[Path], notes: list[str]) -> IngestReport:
        started = time.monotonic()
        report = self.report
        report.files_found = len(files)
        report.notes.extend(notes)
        with self.db.writer() as writer:
            self.writer = writer
            ledger = self._start(given, files)
            try:
                self._ingest_files(files, ledger)
                report.status = "completed"
            except KeyboardInterrupt:
                report.status, report.error = "cancelled", "cancelled by the user"
                raise
            except Exception as error:
                report.status, report.error = "failed", _reason(error)
                raise
            finally:
                report.files_unchanged += len(self.loaded_elsewhere)
                report.duration_seconds = round(time.monotonic() - started, 3)
                report.scrape_days = sorted(self.days)
                self._finish()
        return report

    def _start(self, given: list[str], files: list[Path]) -> dict[str, LedgerEntry]:
        """Recover abandoned runs, open this run under its lease, read the ledger.

        All in the first transaction of the writer, so the plan is made against the
        ledger as it is once this process holds the write lock (a run that waited
        for another one sees what that one stored).
        """
        lease: RunLease | None = None
        try:
            with self.writer.transaction() as con:
                self.report.abandoned_runs_failed = fail_abandoned_runs(con, self.db.path)
                run_id = ids.new_id(con, "run")
                lease = RunLease.take(self.db.path, run_id)
                self.report.run_id = start_run(
                    con,
                    run_id=run_id,
                    script_name=self.options.script_name,
                    platform=self.options.platform,
                    info=system_info(given, self.options.extra_info),
                    dagster_run_id=self.options.dagster_run_id,
                    partition_key=self.options.partition_key,
                )
                known = file_ledger.lookup(con, [f.name for f in files])
        except BaseException:
            if lease is not None:
                lease.release()  # the row was never committed
            raise
        self.lease = lease
        return known

    def _finish(self) -> None:
        """Close the run row, then give up the lease (in that order: see lease.py).

        If the row cannot be written (the disk is full), the lease still goes, so the
        next run marks the row failed; the first error is the one reported.
        """
        report = self.report
        problems = report.problems() + ([report.error] if report.error else [])
        try:
            with self.writer.transaction() as con:
                finish_run(con, report.run_id, report.status, problems)
        except Exception:
            if report.error is None:
                raise
        finally:
            self.lease.release()

    def _ingest_files(self, files: list[Path], ledger: dict[str, LedgerEntry]) -> None:
        """Stage files on this thread while the previous batch loads on another.

        DuckDB releases the GIL while it works, so parsing batch k+1 overlaps
        loading batch k; at most two batches are in memory at once.
        """
        pending: Future[None] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="socialdb-load") as loader:
            try:
                for batch in self._batches(files, ledger):
                    tables = build_tables(batch)
                    if pending is not None:
                        pending.result()
                    pending = loader.submit(self._commit, batch, tables)
                if pending is not None:
                    pending.result()
                    pending = None
                if self.touches:
                    self._commit(Batch(), build_tables(Batch()))
            finally:
                if pending is not None:  # an error or interrupt here: let the load end first
                    wait([pending])

    def _batches(self, files: list[Path], ledger: dict[str, LedgerEntry]) -> Iterator[Batch]:
        batch = Batch()
        seen_names: dict[str, Path] = {}
        for done, path in enumerate(load_order(files), start=1):
            staged = self._plan_file(path, ledger, seen_names)
            if staged is not None:
                batch.add(staged)
                if (batch.bytes_staged >= self.options.batch_bytes
                        or batch.records_staged >= self.options.batch_records):
                    yield batch
                    batch = Batch()
            if self.progress:
                self.progress(done, len(files))
        if len(batch):
            yield batch

    def _plan_file(
        self, path: Path, ledger: dict[str, LedgerEntry], seen_names: dict[str, Path]
    ) -> StagedFile | None:
        """Stage a file that needs reading; None when it is skipped (and why is recorded)."""
        report = self.report
        if path.name in seen_names:
            report.notes.append(
                f"{path}: skipped, same file name as {seen_names[path.name]} (names identify files)"
            )
            return None
        seen_names[path.name] = path
        try:
            facts = FileFacts.of(path)
        except OSError as error:
            report.rejected_files.append((str(path), f"cannot read: {error.strerror}"))
            return None
        known = ledger.get(path.name)
        if known and known.size == facts.size and known.mtime == facts.mtime:
            self._count_unchanged(known)
            if known.path != str(path):
                self.touches.append((path.name, str(path), facts.mtime))
            return None
        too_large = check_size(facts)
        if too_large:
            report.rejected_files.append((str(path), too_large))
            return None
        data = read_bytes(path)
        if isinstance(data, str):
            report.rejected_files.append((str(path), data))
            return None
        digest = content_hash(data)
        if known and known.content_hash == digest:
            self._count_unchanged(known)
            self.touches.append((path.name, str(path), facts.mtime))
            return None
        staged = stage_file(facts, data, digest, self.options.fetched_at.get(path.name),
                            self.options.platform)
        staged.replaces = known is not None
        return staged

    def _count_unchanged(self, known: LedgerEntry) -> None:
        self.report.files_unchanged += 1
        if known.status == "rejected":
            self.report.files_known_rejected += 1

    def _commit(self, batch: Batch, tables: BatchTables) -> None:
        now = utcnow()
        touches, self.touches = self.touches, []
        with self.writer.transaction() as con:
            batch, tables = self._recheck(con, batch, tables)
            result = load_batch(con, tables, self.report.run_id, now, self.options.platform)
            if touches:
                file_ledger.touch(con, touches)
            fresh_updates = set(result.existing_urns) - self.new_urns - self.updated_urns
            con.execute(
                sqlfiles.query("run_add_counts"),
                {"run_id": self.report.run_id,
                 "fetched": sum(f.records_read for f in batch.files),
                 "new": len(result.new_urns), "updated": len(fresh_updates)},
            )
        self.new_urns.update(result.new_urns)
        self.updated_urns.update(fresh_updates)
        self._account(batch, result, len(fresh_updates))

    def _recheck(
        self, con: duckdb.DuckDBPyConnection, batch: Batch, tables: BatchTables
    ) -> tuple[Batch, BatchTables]:
        """Drop the files another run loaded since this one planned (same content hash).

        The writer lets other processes in between transactions, so a second ingest
        of the same files may have stored some of them meanwhile: those count as
        unchanged here and stay credited to the run that loaded them. A file another
        run stored with different content is replaced, not duplicated.
        """
        if not len(batch):
            return batch, tables
        replacing = [f.replaces for f in batch.files]
        keep, stored = file_ledger.split_stored_meanwhile(con, batch.files)
        self.loaded_elsewhere += [str(f.facts.path) for f in stored]
        if not stored and [f.replaces for f in keep] == replacing:
            return batch, tables  # nothing changed since the plan: the tables stand
        rebuilt = Batch()
        for staged in keep:
            rebuilt.add(staged)
        return rebuilt, build_tables(rebuilt)

    def _account(self, batch: Batch, result: BatchResult, updated: int) -> None:
        report = self.report
        report.posts_new += len(result.new_urns)
        report.posts_updated += updated
        report.snapshots_added += result.snapshots_added
        report.snapshots_replaced += result.snapshots_replaced
        report.media_added += result.media_added
        for staged in batch.files:
            path = str(staged.facts.path)
            report.records_read += staged.records_read
            report.files_read.append(path)
            if staged.scrape_day:
                self.days.add(staged.scrape_day)
            if staged.status == "rejected":
                report.rejected_files.append((path, staged.problem or "unreadable"))
                continue
            report.files_ingested += 1
            if staged.status == "partial":
                report.files_partial += 1
                if staged.problem:
                    report.rejected_files.append((path, f"partly read: {staged.problem}"))
            report.rejected_records.extend(
                (path, index, reason) for index, reason in staged.rejected_records
            )
            report.dropped_fields.extend(
                (path, index, reason) for index, reason in staged.dropped_fields
            )


def _reason(error: Exception) -> str:
    """The run's error_message for an exception: a domain error's own sentence."""
    if isinstance(error, SocialDBError):
        return str(error)
    return f"{type(error).__name__}: {error}"
