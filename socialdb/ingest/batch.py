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

import duckdb
import pyarrow as pa

from socialdb import ids, sqlfiles
from socialdb.apify.files import username_from_name
from socialdb.ingest.staging import StagedFile

_FILE_SCHEMA = pa.schema(
    [
        ("file_name", pa.string()), ("file_path", pa.string()), ("file_size", pa.int64()),
        ("file_mtime", pa.float64()), ("content_hash", pa.string()),
        ("scrape_day", pa.string()), ("status", pa.string()), ("records_read", pa.int32()),
        ("records_rejected", pa.int32()), ("error", pa.string()), ("replaces", pa.bool_()),
    ]
)
_RECORD_SCHEMA = pa.schema(
    [
        ("download_id", pa.string()), ("file_name", pa.string()), ("file_path", pa.string()),
        ("record_index", pa.int32()), ("downloaded_at", pa.timestamp("us")),
        ("urn", pa.string()), ("full_urn", pa.string()), ("posted_at_timestamp", pa.int64()),
        ("author_username", pa.string()), ("text_content", pa.string()),
        ("post_type", pa.string()), ("url", pa.string()), ("raw_json", pa.string()),
        ("total_reactions", pa.int32()), ("stats_json", pa.string()),
    ]
)
_MEDIA_SCHEMA = pa.schema(
    [
        ("media_id", pa.string()), ("urn", pa.string()), ("media_type", pa.string()),
        ("media_url", pa.string()), ("width", pa.int32()), ("height", pa.int32()),
    ]
)


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


def _file_table(files: list[StagedFile]) -> pa.Table:
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
        schema=_FILE_SCHEMA,
    )


def _record_table(files: list[StagedFile], download_ids: list[str]) -> pa.Table:
    columns: dict[str, list] = {name: [] for name in _RECORD_SCHEMA.names}
    for f in files:
        name, path, when = f.facts.name, str(f.facts.path), f.downloaded_at
        for index, raw_text, rec in f.records:
            columns["file_name"].append(name)
            columns["file_path"].append(path)
            columns["record_index"].append(index)
            columns["downloaded_at"].append(when)
            columns["urn"].append(rec.urn)
            columns["full_urn"].append(rec.full_urn)
            columns["posted_at_timestamp"].append(rec.posted_at_timestamp)
            columns["author_username"].append(rec.author_username)
            columns["text_content"].append(rec.text_content)
            columns["post_type"].append(rec.post_type)
            columns["url"].append(rec.url)
            columns["raw_json"].append(raw_text)
            columns["total_reactions"].append(rec.total_reactions)
            columns["stats_json"].append(rec.stats_json)
    columns["download_id"] = download_ids
    return pa.table(columns, schema=_RECORD_SCHEMA)


def _media_rows(files: list[StagedFile]) -> list[tuple[str, str, str, int | None, int | None]]:
    """(urn, type, url, width, height), one per (post, url) across the batch."""
    rows: dict[tuple[str, str], tuple[str, str, str, int | None, int | None]] = {}
    for f in files:
        for _index, _raw, rec in f.records:
            for item in rec.media:
                key = (rec.urn, item.media_url)
                if key not in rows:
                    rows[key] = (rec.urn, item.media_type, item.media_url, item.width, item.height)
    return list(rows.values())


def load_batch(
    con: duckdb.DuckDBPyConnection, batch: Batch, run_id: str, now: datetime, platform: str
) -> BatchResult:
    """Write one batch inside the caller's transaction; returns what changed."""
    result = BatchResult()
    record_count = sum(len(f.records) for f in batch.files)
    media = _media_rows(batch.files)
    con.register("stg_files", _file_table(batch.files))
    con.register("stg_records", _record_table(batch.files, ids.new_ids(con, "download", record_count)))
    media_ids = ids.new_ids(con, "media", len(media))
    con.register(
        "stg_media",
        pa.table(
            {
                "media_id": media_ids,
                "urn": [m[0] for m in media],
                "media_type": [m[1] for m in media],
                "media_url": [m[2] for m in media],
                "width": [m[3] for m in media],
                "height": [m[4] for m in media],
            },
            schema=_MEDIA_SCHEMA,
        ),
    )
    try:
        con.execute(sqlfiles.query("ingest_stage_latest"))
        all_urns = [r[0] for r in con.execute("SELECT urn FROM stg_latest").fetchall()]
        result.existing_urns = [r[0] for r in con.execute(sqlfiles.query("ingest_existing_urns")).fetchall()]
        existing = set(result.existing_urns)
        result.new_urns = [u for u in all_urns if u not in existing]
        con.register(
            "stg_post_ids",
            pa.table({"urn": result.new_urns, "post_id": ids.new_ids(con, "post", len(result.new_urns))},
                     schema=pa.schema([("urn", pa.string()), ("post_id", pa.string())])),
        )
        replaced = con.execute(sqlfiles.query("ingest_delete_replaced_snapshots")).fetchone()
        result.snapshots_replaced = int(replaced[0]) if replaced else 0
        con.execute(sqlfiles.query("ingest_update_posts"), {"now": now})
        con.execute(sqlfiles.query("ingest_insert_posts"), {"now": now, "platform": platform})
        added = con.execute(sqlfiles.query("ingest_insert_snapshots"), {"now": now, "run_id": run_id})
        result.snapshots_added = int(added.fetchone()[0])
        added_media = con.execute(sqlfiles.query("ingest_insert_media"), {"now": now})
        result.media_added = int(added_media.fetchone()[0])
        con.execute(sqlfiles.query("ingest_upsert_ledger"), {"now": now, "run_id": run_id})
        _refresh_profiles(con, batch, now)
    finally:
        for name in ("stg_files", "stg_records", "stg_media", "stg_post_ids"):
            con.unregister(name)
        con.execute("DROP TABLE IF EXISTS stg_latest")
    return result


def _refresh_profiles(con: duckdb.DuckDBPyConnection, batch: Batch, now: datetime) -> None:
    """post_count and last_synced_at of the watched profiles this batch touched."""
    file_users: list[str] = []
    file_times: list[datetime] = []
    authors: set[str] = set()
    for f in batch.files:
        owner = username_from_name(f.facts.name)
        if owner and f.status != "rejected":
            file_users.append(owner)
            file_times.append(f.downloaded_at)
        authors.update(r.author_username for _i, _t, r in f.records if r.author_username)
    usernames = sorted(authors | set(file_users))
    if usernames:
        con.execute(
            sqlfiles.query("profiles_refresh_counts"),
            {"now": now, "usernames": usernames, "file_users": file_users,
             "file_times": file_times},
        )
