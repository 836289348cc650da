"""Load a batch of staged files into DuckDB in one transaction, set-based.

A batch is turned into three Arrow tables (files, records, media) that DuckDB
reads directly; every write is one ``INSERT ... SELECT`` / ``UPDATE ... FROM`` over
them (SQL in ``sql/queries/ingest_*.sql``). The batch's files, posts, snapshots,
media, ledger rows and run counters commit together or not at all, so a killed
run never leaves a half-ingested file behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from socialdb import ids, sqlfiles
from socialdb.apify.files import username_from_name
from socialdb.ingest.staging import StagedFile

if TYPE_CHECKING:  # pyarrow is imported by the functions that build tables: a re-ingest
    import pyarrow as pa  # that finds nothing changed never loads it (~70 ms)

_RECORD_FIELDS = (
    "record_index", "urn", "full_urn", "posted_at_timestamp", "author_username", "text_content",
    "post_type", "url", "raw_json", "total_reactions",
)


@cache
def _schemas() -> tuple[pa.Schema, pa.Schema, pa.Schema]:
    """The Arrow schemas of the files, records and media tables."""
    import pyarrow as pa

    files = pa.schema([
        ("file_name", pa.string()), ("file_path", pa.string()), ("file_size", pa.int64()),
        ("file_mtime", pa.float64()), ("content_hash", pa.string()),
        ("scrape_day", pa.string()), ("status", pa.string()), ("records_read", pa.int32()),
        ("records_rejected", pa.int32()), ("error", pa.string()), ("replaces", pa.bool_()),
    ])
    records = pa.schema([
        ("file_name", pa.string()), ("file_path", pa.string()),
        ("record_index", pa.int32()), ("downloaded_at", pa.timestamp("us")),
        ("urn", pa.string()), ("full_urn", pa.string()), ("posted_at_timestamp", pa.int64()),
        ("author_username", pa.string()), ("text_content", pa.string()),
        ("post_type", pa.string()), ("url", pa.string()), ("raw_json", pa.string()),
        ("total_reactions", pa.int32()),
    ])
    media = pa.schema([
        ("urn", pa.string()), ("media_type", pa.string()),
        ("media_url", pa.string()), ("width", pa.int32()), ("height", pa.int32()),
    ])
    return files, records, media


def load_order(files: list[Path]) -> list[Path]:
    """The order a run loads its files in: by file name, i.e. by profile, then scrape time.

    A post recurs in every scrape of its profile for days, so loading a backfill in
    folder (day) order updated each post's content columns (raw_json ~2 KB) in batch
    after batch, and DuckDB's cost for repeated updates of long strings grows until
    the next checkpoint (measured: 9-23 s per 10 batches late in a 300k-record run).
    A profile's files together touch each post in one or two batches. Any order is
    correct (ingest_update_posts keeps the newest scrape); the sort is stable, so for
    two files with one name the earlier path still wins.
    """
    return sorted(files, key=lambda path: path.name)


@dataclass(slots=True)
class BatchResult:
    """What one committed batch changed."""

    new_urns: list[str] = field(default_factory=list)
    existing_urns: list[str] = field(default_factory=list)
    snapshots_added: int = 0
    media_added: int = 0
    snapshots_replaced: int = 0


@dataclass(slots=True)
class Batch:
    """Staged files waiting to be loaded together."""

    files: list[StagedFile] = field(default_factory=list)
    bytes_staged: int = 0
    records_staged: int = 0

    def add(self, staged: StagedFile) -> None:
        self.files.append(staged)
        self.bytes_staged += staged.facts.size
        self.records_staged += len(staged.records)

    def __len__(self) -> int:
        return len(self.files)


@dataclass(slots=True)
class BatchTables:
    """A batch as Arrow tables, built without touching the database (IDs come later)."""

    files: pa.Table
    records: pa.Table
    media: pa.Table
    profile_usernames: list[str]
    synced_users: list[str]
    synced_times: list[datetime]


def build_tables(batch: Batch) -> BatchTables:
    """Turn staged files into Arrow tables; runs while the previous batch loads."""
    file_users: list[str] = []
    file_times: list[datetime] = []
    authors: set[str] = set()
    for f in batch.files:
        owner = username_from_name(f.facts.name)
        if owner and f.status != "rejected":
            file_users.append(owner)
            file_times.append(f.downloaded_at)
        authors.update(r.author_username for _i, _t, r in f.records if r.author_username)
    return BatchTables(
        files=_file_table(batch.files),
        records=_record_table(batch.files),
        media=_media_table(batch.files),
        profile_usernames=sorted(authors | set(file_users)),
        synced_users=file_users,
        synced_times=file_times,
    )


def _file_table(files: list[StagedFile]) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_pylist(
        [
            {
                "file_name": f.facts.name, "file_path": str(f.facts.path),
                "file_size": f.facts.size, "file_mtime": f.facts.mtime,
                "content_hash": f.content_hash, "scrape_day": f.scrape_day,
                "status": f.status, "records_read": f.records_read,
                "records_rejected": len(f.rejected_records), "error": f.error_text(),
                "replaces": f.replaces,
            }
            for f in files
        ],
        schema=_schemas()[0],
    )


def _record_table(files: list[StagedFile]) -> pa.Table:
    """Columns built per file: constants repeated, record fields transposed with zip."""
    import pyarrow as pa

    constant: dict[str, list] = {"file_name": [], "file_path": [], "downloaded_at": []}
    rows: list[tuple] = []
    for f in files:
        count = len(f.records)
        constant["file_name"] += [f.facts.name] * count
        constant["file_path"] += [str(f.facts.path)] * count
        constant["downloaded_at"] += [f.downloaded_at] * count
        rows += [
            (index, rec.urn, rec.full_urn, rec.posted_at_timestamp, rec.author_username,
             rec.text_content, rec.post_type, rec.url, raw_text, rec.total_reactions)
            for index, raw_text, rec in f.records
        ]
    transposed = list(zip(*rows, strict=True)) if rows else [()] * len(_RECORD_FIELDS)
    columns = {**constant, **dict(zip(_RECORD_FIELDS, transposed, strict=True))}
    schema = _schemas()[1]
    return pa.table({name: columns[name] for name in schema.names}, schema=schema)


def _media_table(files: list[StagedFile]) -> pa.Table:
    """One row per (post, url) across the batch."""
    import pyarrow as pa

    rows: dict[tuple[str, str], tuple[str, str, str, int | None, int | None]] = {}
    for f in files:
        for _index, _raw, rec in f.records:
            for item in rec.media:
                key = (rec.urn, item.media_url)
                if key not in rows:
                    rows[key] = (rec.urn, item.media_type, item.media_url, item.width, item.height)
    values = list(rows.values())
    schema = _schemas()[2]
    return pa.table({name: [v[i] for v in values] for i, name in enumerate(schema.names)},
                    schema=schema)


def _with_ids(
    con: duckdb.DuckDBPyConnection, table: pa.Table, entity: str, column: str
) -> pa.Table:
    import pyarrow as pa

    return table.append_column(column, pa.array(ids.new_ids(con, entity, table.num_rows),
                                                pa.string()))


def load_batch(
    con: duckdb.DuckDBPyConnection, tables: BatchTables, run_id: str, now: datetime,
    platform: str,
) -> BatchResult:
    """Write one batch inside the caller's transaction; returns what changed."""
    import pyarrow as pa

    result = BatchResult()
    con.register("stg_files", tables.files)
    con.register("stg_records", _with_ids(con, tables.records, "download", "download_id"))
    con.register("stg_media", _with_ids(con, tables.media, "media", "media_id"))
    try:
        con.execute(sqlfiles.query("ingest_stage_latest"))
        con.execute(sqlfiles.query("ingest_stage_known"))
        all_urns = [r[0] for r in con.execute("SELECT urn FROM stg_latest").fetchall()]
        existing = con.execute(sqlfiles.query("ingest_existing_urns")).fetchall()
        result.existing_urns = [r[0] for r in existing]
        known = set(result.existing_urns)
        result.new_urns = [u for u in all_urns if u not in known]
        new_posts = pa.table({"urn": pa.array(result.new_urns, pa.string())})
        con.register("stg_post_ids", _with_ids(con, new_posts, "post", "post_id"))
        replaced = con.execute(sqlfiles.query("ingest_delete_replaced_snapshots")).fetchone()
        result.snapshots_replaced = int(replaced[0]) if replaced else 0
        con.execute(sqlfiles.query("ingest_update_posts"), {"now": now})
        con.execute(sqlfiles.query("ingest_insert_posts"), {"now": now, "platform": platform})
        added = con.execute(sqlfiles.query("ingest_insert_snapshots"),
                            {"now": now, "run_id": run_id}).fetchone()
        result.snapshots_added = int(added[0]) if added else 0
        added_media = con.execute(sqlfiles.query("ingest_insert_media"), {"now": now}).fetchone()
        result.media_added = int(added_media[0]) if added_media else 0
        con.execute(sqlfiles.query("ingest_upsert_ledger"), {"now": now, "run_id": run_id})
        if tables.profile_usernames:
            con.execute(
                sqlfiles.query("profiles_refresh_counts"),
                {"now": now, "usernames": tables.profile_usernames,
                 "file_users": tables.synced_users, "file_times": tables.synced_times},
            )
    finally:
        for name in ("stg_files", "stg_records", "stg_media", "stg_post_ids"):
            con.unregister(name)
        con.execute("DROP TABLE IF EXISTS stg_latest")
        con.execute("DROP TABLE IF EXISTS stg_known")
    return result
