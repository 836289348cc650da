"""Migrate the old tool's SQLite ``posts.db`` into socialdb (the seed's phases 1-3).

The whole migration is one DuckDB transaction: legacy rows are converted in
chunks (``transform.convert_post``), staged as Arrow tables into temp tables, and
written with one ``INSERT ... SELECT`` per table (``sql/queries/legacy_*.sql``).
If anything fails the target is left exactly as it was. Every write skips what
is already there — posts by urn, snapshots by (post, source file name), media
by (post, URL), profiles by username, tags by normalized name — so running the
migration twice, or ingesting the same raw files before or after it, adds no
duplicates. A legacy post's read/marked state is applied once, by the run that first
takes the post over (``legacy_migrated_posts``), so a re-run never overrides what the
user changed in socialdb since. The SQLite file is only ever opened read-only.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from socialdb import ids, sqlfiles
from socialdb.db import Database, in_transaction, utcnow
from socialdb.ingest.runs import MAX_ERROR_LINES, system_info
from socialdb.legacy.report import LegacyReport, Skipped
from socialdb.legacy.source import LegacySource
from socialdb.legacy.transform import ConvertedPost, convert_post, legacy_flag, legacy_time
from socialdb.managers import journal

SCRIPT_NAME = "migrate_legacy"
PLATFORM = "linkedin"
_INT32_MAX = 2**31 - 1

_POST_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("legacy_urn", pa.string()), ("urn", pa.string()),
    ("full_urn", pa.string()), ("posted_at_timestamp", pa.int64()),
    ("author_username", pa.string()), ("text_content", pa.string()),
    ("post_type", pa.string()), ("url", pa.string()), ("raw_json", pa.string()),
    ("json_ok", pa.bool_()), ("first_seen_at", pa.timestamp("us")),
    ("is_read", pa.bool_()), ("is_marked", pa.bool_()), ("seen_at", pa.timestamp("us")),
])
_SNAPSHOT_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("urn", pa.string()), ("downloaded_at", pa.timestamp("us")),
    ("total_reactions", pa.int32()), ("stats_json", pa.string()),
    ("source_file_path", pa.string()), ("source_file_name", pa.string()),
])
_MEDIA_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("urn", pa.string()), ("media_type", pa.string()),
    ("media_url", pa.string()), ("width", pa.int32()), ("height", pa.int32()),
])
_PROFILE_SCHEMA = pa.schema([
    ("legacy_id", pa.int64()), ("username", pa.string()), ("name", pa.string()),
    ("is_active", pa.bool_()), ("notes", pa.string()), ("post_count", pa.int32()),
    ("last_synced_at", pa.timestamp("us")), ("created_at", pa.timestamp("us")),
    ("updated_at", pa.timestamp("us")),
])
_TAG_SCHEMA = pa.schema([
    ("legacy_id", pa.int64()), ("name", pa.string()), ("color", pa.string()),
    ("created_at", pa.timestamp("us")),
])
_PROFILE_TAG_SCHEMA = pa.schema([
    ("seq", pa.int64()), ("legacy_id", pa.int64()), ("legacy_profile_id", pa.int64()),
    ("legacy_tag_id", pa.int64()), ("created_at", pa.timestamp("us")),
])


def migrate_legacy(
    db: Database, sqlite_path: str | Path, *, dagster_run_id: str | None = None
) -> LegacyReport:
    """Migrate a legacy ``posts.db`` into ``db`` in one transaction; returns the report.

    ``dagster_run_id`` (optional) is stored on the run row so the Dagster job that
    called this can be found from ``download_runs``.

    Raises :class:`~socialdb.legacy.source.LegacyDatabaseError` (one line, the
    target untouched) when the file is missing, not SQLite, locked or not a
    legacy database. A run row is written only when something changed.
    """
    began = time.monotonic()
    path = Path(sqlite_path)
    report = LegacyReport(source=str(path))
    with LegacySource(path) as source:
        report.notes.extend(source.notes)
        with db.connect() as con:
            # Finish a manager change a crashed process left half done first: its
            # stashed tag links are invisible to the "already there?" checks below.
            journal.settle(con)
            with in_transaction(con):
                _Migration(con, source, report, path, began, dagster_run_id).run()
    report.status = "completed"
    report.duration_seconds = round(time.monotonic() - began, 3)
    return report


class _Migration:
    """One migration on one open write connection (inside the caller's transaction)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, source: LegacySource,
                 report: LegacyReport, path: Path, began: float,
                 dagster_run_id: str | None = None) -> None:
        self.con = con
        self.source = source
        self.report = report
        self.path = path
        self.began = began
        self.started_at = utcnow()
        self.now = self.started_at
        self.run_id = ids.new_id(con, "run")
        self.dagster_run_id = dagster_run_id

    def run(self) -> None:
        # DuckDB draws a progress bar on stderr for long statements; the CLI has its own say.
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute(sqlfiles.query("legacy_create_staging"))
        self._stage_posts()
        self._write_posts()
        self._stage_watch_list()
        self._write_watch_list()
        if self.report.changed:
            self._write_run()

    # -- posts ------------------------------------------------------------------
    def _stage_posts(self) -> None:
        report = self.report
        seq = 0
        for chunk in self.source.rows("posts"):
            posts: list[dict] = []
            snapshots: list[dict] = []
            media: list[dict] = []
            for row in chunk:
                seq += 1
                key = _post_key(row.get("urn"), seq)
                result = convert_post(row)
                if not isinstance(result, ConvertedPost):
                    report.skipped.append(Skipped("posts", key, result.reason))
                    continue
                posts.append({"seq": seq, **result.post})
                if result.snapshot:
                    snapshots.append({"seq": seq, **result.snapshot})
                media.extend({"seq": seq, **m} for m in result.media)
                report.warnings.extend(Skipped("posts", key, w) for w in result.warnings)
            self._append("lg_posts", posts, _POST_SCHEMA)
            self._append("lg_snapshots", snapshots, _SNAPSHOT_SCHEMA)
            self._append("lg_media", media, _MEDIA_SCHEMA)
        report.read["posts"] = seq

    def _write_posts(self) -> None:
        con, report, q = self.con, self.report, sqlfiles.query
        con.execute(q("legacy_pick_posts"))
        for legacy_urn, urn, kept in con.execute(q("legacy_merged_posts")).fetchall():
            report.notes.append(
                f"legacy post {legacy_urn} is the same post as {kept} (urn {urn}); merged"
            )
        picked = _scalar(con, "SELECT count(*) FROM lg_post_pick")
        new_urns = [r[0] for r in con.execute(q("legacy_new_post_urns")).fetchall()]
        report.matched["posts"] = picked - len(new_urns)
        report.updated["posts_ui_state"] = _count(
            con.execute(q("legacy_update_ui_state"), {"now": self.now}))
        self._register("lg_post_ids", {
            "urn": new_urns, "post_id": ids.new_ids(con, "post", len(new_urns))})
        report.written["posts"] = _count(con.execute(
            q("legacy_insert_posts"), {"now": self.now, "platform": PLATFORM}))
        # The UI state of these posts is socialdb's from now on: a re-run leaves it alone.
        report.written["legacy_migrated_posts"] = _count(con.execute(
            q("legacy_record_migrated_posts"), {"now": self.now, "run_id": self.run_id}))
        report.written["data_downloads"] = self._insert_numbered(
            "legacy_stage_new_snapshots", "lg_snapshots_new", "download",
            "legacy_insert_snapshots", {"now": self.now, "run_id": self.run_id})
        report.written["post_media"] = self._insert_numbered(
            "legacy_stage_new_media", "lg_media_new", "media",
            "legacy_insert_media", {"now": self.now})

    # -- profiles, tags, profile_tags --------------------------------------------
    def _stage_watch_list(self) -> None:
        report = self.report
        profiles = self.source.all_rows("profiles")
        tags = self.source.all_rows("tags")
        links = self.source.all_rows("profile_tags")
        report.read.update(profiles=len(profiles), tags=len(tags), profile_tags=len(links))
        self._register_rows("lg_profiles_in", _profile_rows(profiles, report), _PROFILE_SCHEMA)
        self._register_rows("lg_tags_in", _tag_rows(tags, report), _TAG_SCHEMA)
        self._register_rows("lg_profile_tags_in", _link_rows(links), _PROFILE_TAG_SCHEMA)

    def _write_watch_list(self) -> None:
        con, report, q = self.con, self.report, sqlfiles.query
        report.updated["profiles"] = _count(
            con.execute(q("legacy_update_profiles"), {"now": self.now}))
        usernames = _scalar(con, "SELECT count(DISTINCT username) FROM lg_profiles_in")
        report.written["profiles"] = self._insert_numbered(
            "legacy_stage_new_profiles", "lg_profiles_new", "profile",
            "legacy_insert_profiles", {"now": self.now, "platform": PLATFORM})
        report.matched["profiles"] = usernames - report.written["profiles"]
        names = _scalar(con, "SELECT count(DISTINCT name) FROM lg_tags_in")
        report.written["tags"] = self._insert_numbered(
            "legacy_stage_new_tags", "lg_tags_new", "tag", "legacy_insert_tags",
            {"now": self.now})
        report.matched["tags"] = names - report.written["tags"]
        for legacy_id, profile_id, tag_id, no_profile, no_tag in con.execute(
                q("legacy_orphan_profile_tags")).fetchall():
            missing = " and ".join(
                f"{what} id {value}" for what, value, gone in
                (("profile", profile_id, no_profile), ("tag", tag_id, no_tag)) if gone)
            report.skipped.append(Skipped(
                "profile_tags", f"id {legacy_id}",
                f"{missing} not in the legacy database (or skipped above)"))
        links = _scalar(con, q("legacy_count_profile_tag_links"))
        report.written["profile_tags"] = self._insert_numbered(
            "legacy_stage_new_profile_tags", "lg_profile_tags_new", "profile_tag",
            "legacy_insert_profile_tags", {"now": self.now})
        report.matched["profile_tags"] = links - report.written["profile_tags"]
        report.updated["profiles_post_count"] = _count(
            con.execute(q("legacy_recount_profiles")))

    # -- the run row --------------------------------------------------------------
    def _write_run(self) -> None:
        report = self.report
        report.run_id = self.run_id
        report.written["download_runs"] = 1
        report.duration_seconds = round(time.monotonic() - self.began, 3)
        problems = report.problems()
        lines = problems[:MAX_ERROR_LINES]
        if len(problems) > MAX_ERROR_LINES:
            lines.append(f"... and {len(problems) - MAX_ERROR_LINES} more")
        stat = self.path.stat()
        info = system_info([str(self.path)], {
            "source_file": str(self.path.resolve()),
            "source_size": stat.st_size,
            "source_mtime": datetime.fromtimestamp(stat.st_mtime, UTC).isoformat(),
            "migration": report.counts(),
            "notes": report.notes[:MAX_ERROR_LINES],
        })
        self.con.execute(sqlfiles.query("legacy_insert_run"), {
            "run_id": self.run_id, "started_at": self.started_at, "completed_at": utcnow(),
            "platform": PLATFORM, "posts_fetched": report.read["posts"],
            "posts_new": report.written["posts"],
            "posts_updated": report.updated.get("posts_ui_state", 0),
            "error_message": "\n".join(lines) if lines else None,
            "system_info": json.dumps(info, default=str),
            "dagster_run_id": self.dagster_run_id,
        })

    # -- helpers ------------------------------------------------------------------
    def _insert_numbered(self, stage: str, staged: str, entity: str, insert: str,
                         params: dict[str, Any]) -> int:
        """Stage the rows to insert (numbered rn), draw that many IDs, insert them."""
        self.con.execute(sqlfiles.query(stage))
        count = _scalar(self.con, f"SELECT count(*) FROM {staged}")  # constant table name
        if count == 0:
            return 0
        self._register("lg_ids", {
            "rn": list(range(1, count + 1)), "id": ids.new_ids(self.con, entity, count)})
        try:
            return _count(self.con.execute(sqlfiles.query(insert), params))
        finally:
            self.con.unregister("lg_ids")

    def _append(self, table: str, rows: list[dict], schema: pa.Schema) -> None:
        if not rows:
            return
        self.con.register("lg_chunk", pa.Table.from_pylist(rows, schema=schema))
        try:
            # table names are the constants of legacy_create_staging.sql
            self.con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM lg_chunk")
        finally:
            self.con.unregister("lg_chunk")

    def _register(self, name: str, columns: dict[str, list]) -> None:
        self.con.register(name, pa.table(columns))

    def _register_rows(self, name: str, rows: list[dict], schema: pa.Schema) -> None:
        self.con.register(name, pa.Table.from_pylist(rows, schema=schema))


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()  # fetchall: DuckDB 2 wants results drained
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def _count(cursor: duckdb.DuckDBPyConnection) -> int:
    """Rows changed by the INSERT/UPDATE just executed."""
    rows = cursor.fetchall()
    return int(rows[0][0]) if rows else 0


def _post_key(urn: object, seq: int) -> str:
    text = "" if urn is None else str(urn).strip()
    return text or f"row {seq}"


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = (value if isinstance(value, str) else str(value)).replace("\r", "").strip()
    return text or None


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number


def _profile_rows(rows: list[dict], report: LegacyReport) -> list[dict]:
    """Legacy profiles -> staging rows; profiles without a username are skipped."""
    out = []
    for row in rows:
        username = _clean(row.get("username"))
        legacy_id = _int_or_none(row.get("id"))
        if username is None or legacy_id is None:
            report.skipped.append(Skipped(
                "profiles", f"id {row.get('id')}",
                "username is empty" if username is None else "id is not an integer"))
            continue
        count = _int_or_none(row.get("post_count"))
        active = row.get("is_active")
        out.append({
            "legacy_id": legacy_id, "username": username,
            "name": _clean(row.get("name")) or username,
            "is_active": True if active is None else legacy_flag(active),
            "notes": _clean(row.get("notes")),
            "post_count": count if count is not None and 0 <= count <= _INT32_MAX else 0,
            "last_synced_at": legacy_time(row.get("last_synced_at")),
            "created_at": legacy_time(row.get("created_at")),
            "updated_at": legacy_time(row.get("updated_at")),
        })
    return out


def _tag_rows(rows: list[dict], report: LegacyReport) -> list[dict]:
    """Legacy tags -> staging rows with lower-cased, trimmed names (case variants merge)."""
    out = []
    spellings: dict[str, list[str]] = {}
    for row in rows:
        raw = _clean(row.get("name"))
        legacy_id = _int_or_none(row.get("id"))
        if raw is None or legacy_id is None:
            report.skipped.append(Skipped(
                "tags", f"id {row.get('id')}",
                "name is empty" if raw is None else "id is not an integer"))
            continue
        name = raw.lower()
        spellings.setdefault(name, []).append(raw)
        out.append({"legacy_id": legacy_id, "name": name, "color": _clean(row.get("color")),
                    "created_at": legacy_time(row.get("created_at"))})
    for name, variants in spellings.items():
        if len(variants) > 1:
            shown = ", ".join(repr(v) for v in variants)
            report.notes.append(f"legacy tags {shown} merged into {name!r}")
    return out


def _link_rows(rows: list[dict]) -> list[dict]:
    return [
        {"seq": seq, "legacy_id": _int_or_none(row.get("id")),
         "legacy_profile_id": _int_or_none(row.get("profile_id")),
         "legacy_tag_id": _int_or_none(row.get("tag_id")),
         "created_at": legacy_time(row.get("created_at"))}
        for seq, row in enumerate(rows, start=1)
    ]
