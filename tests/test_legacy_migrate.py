"""The legacy migration on the shared sample: rows read back, idempotency, ingest overlap."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import LEGACY_DB, SAMPLE_RAW

from socialdb import sqlfiles
from socialdb.db import Database
from socialdb.ingest import ingest_paths
from socialdb.legacy import migrate_legacy
from socialdb.managers import DownloadManager, PostManager

TABLES = ("posts", "data_downloads", "post_media", "profiles", "tags", "profile_tags",
          "legacy_migrated_posts", "download_runs")


def _legacy(sql: str) -> list[tuple]:
    con = sqlite3.connect(f"file:{LEGACY_DB}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _counts(db: Database) -> dict[str, int]:
    with db.connect(read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def _dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every migrated table, for "nothing changed" comparisons."""
    with db.connect(read_only=True) as con:
        return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=str) for t in TABLES}


# -- independent expectations from the raw files and the legacy database ---------------
def _digits(record: dict) -> str:
    if record.get("full_urn"):
        return record["full_urn"].rsplit(":", 1)[-1]
    return record["urn"]["activity_urn"]


def _media_urls(record: dict) -> set[str]:
    urls: set[str] = set()
    media = record.get("media") or {}
    urls.update(i["url"] for i in media.get("images") or [] if i.get("url"))
    urls.update(u for u in (media.get("url"), media.get("thumbnail")) if u)
    for key, fields in (("document", ("url", "thumbnail")), ("article", ("thumbnail",))):
        part = record.get(key) or {}
        urls.update(part[f] for f in fields if part.get(f))
    return urls


def _expected_after_ingest() -> tuple[int, int, int]:
    posts: set[str] = set()
    snapshots: set[tuple[str, str]] = set()
    media: set[tuple[str, str]] = set()
    for path in sorted(SAMPLE_RAW.rglob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            urn = _digits(record)
            posts.add(urn)
            snapshots.add((urn, path.name))
            media.update((urn, u) for u in _media_urls(record))
    for json_data, source_file in _legacy("SELECT json_data, source_file FROM posts"):
        record = json.loads(json_data)
        urn = _digits(record)
        posts.add(urn)
        snapshots.add((urn, source_file.replace("\\", "/").rsplit("/", 1)[-1]))
        media.update((urn, u) for u in _media_urls(record))
    return len(posts), len(snapshots), len(media)


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns


@pytest.fixture
def legacy_copy(tmp_path: Path) -> Path:
    target = tmp_path / "posts.db"
    shutil.copy2(LEGACY_DB, target)
    return target


def test_sample_rows_read_back(db: Database, legacy_copy: Path) -> None:
    before = _fingerprint(legacy_copy)
    report = migrate_legacy(db, legacy_copy)
    assert _fingerprint(legacy_copy) == before, "the legacy file must never change"
    assert not list(legacy_copy.parent.glob("posts.db-*")), "no journal/wal files created"

    legacy_posts = _legacy("SELECT count(*) FROM posts")[0][0]
    assert report.read == {"posts": legacy_posts, "profiles": 3, "tags": 5, "profile_tags": 4}
    assert report.written == {"posts": 18, "data_downloads": 18, "post_media": 9,
                              "profiles": 3, "tags": 5, "profile_tags": 4,
                              "legacy_migrated_posts": 18, "download_runs": 1}
    assert report.clean and not report.warnings

    legacy = {
        row[0]: row for row in _legacy(
            "SELECT urn, posted_at_timestamp, json_data, source_file, first_seen_at, "
            "is_read, is_marked FROM posts")
    }
    rows = db.fetch_dicts("SELECT * FROM posts")
    assert len(rows) == len(legacy)
    for post in rows:
        urn, posted_ms, json_data, _source, first_seen, is_read, is_marked = legacy[
            post["full_urn"]]
        record = json.loads(json_data)
        assert post["post_id"].startswith("p-") and len(post["post_id"]) == 10
        assert post["urn"] == urn.rsplit(":", 1)[-1]
        assert post["posted_at_timestamp"] == posted_ms // 1000
        assert post["platform"] == "linkedin"
        assert post["post_type"] == record["post_type"]
        assert post["url"] == record["url"]
        assert post["raw_json"] == json_data
        assert post["first_seen_at"].isoformat(sep=" ") == first_seen
        assert (post["is_read"], post["is_marked"]) == (bool(is_read), bool(is_marked))

    snapshots = db.fetch_dicts(
        "SELECT p.full_urn, d.* FROM data_downloads d JOIN posts p USING (post_id)")
    assert len(snapshots) == len(legacy)
    for snap in snapshots:
        source = legacy[snap["full_urn"]][3]
        assert snap["download_id"].startswith("dl-")
        assert snap["run_id"] == report.run_id
        assert snap["source_file_path"] == source
        assert snap["source_file_name"] == Path(source).name
        # dataset_<user>_2025-10-01_00-02-49-255.json -> 2025-10-01 00:02:49.255
        stamp = Path(source).stem.rsplit("_", 2)
        assert snap["downloaded_at"].strftime("%Y-%m-%d_%H-%M-%S") == f"{stamp[1]}_{stamp[2][:8]}"
        stats = json.loads(legacy[snap["full_urn"]][2])["stats"]
        assert snap["total_reactions"] == stats["total_reactions"]
        assert json.loads(snap["stats_json"]) == stats

    run = db.fetch_dicts("SELECT * FROM download_runs")
    assert len(run) == 1
    assert run[0]["script_name"] == "migrate_legacy" and run[0]["status"] == "completed"
    assert (run[0]["posts_fetched"], run[0]["posts_new"]) == (18, 18)
    info = json.loads(run[0]["system_info"])
    assert info["source_file"] == str(legacy_copy.resolve())
    assert info["migration"]["written"]["data_downloads"] == 18


def test_sample_watch_list_repointed(db: Database) -> None:
    migrate_legacy(db, LEGACY_DB)
    expected = {
        (username, tag) for username, tag in _legacy(
            "SELECT p.username, lower(t.name) FROM profile_tags pt "
            "JOIN profiles p ON p.id = pt.profile_id JOIN tags t ON t.id = pt.tag_id")
    }
    got = db.fetch_dicts(
        "SELECT p.username, t.name, pt.profile_tag_id FROM profile_tags pt "
        "JOIN profiles p USING (profile_id) JOIN tags t USING (tag_id)")
    assert {(r["username"], r["name"]) for r in got} == expected
    assert all(r["profile_tag_id"].startswith("pft-") for r in got)
    profiles = {r["username"]: r for r in db.fetch_dicts("SELECT * FROM profiles")}
    for username, name, notes, active in _legacy(
            "SELECT username, name, notes, is_active FROM profiles"):
        assert profiles[username]["name"] == name
        assert profiles[username]["notes"] == notes
        assert profiles[username]["is_active"] == bool(active)
        assert profiles[username]["profile_id"].startswith("prf-")
    tags = {r["name"]: r for r in db.fetch_dicts("SELECT * FROM tags")}
    assert {n: c for n, c in _legacy("SELECT name, color FROM tags")} == {
        n: r["color"] for n, r in tags.items()}


def test_post_count_is_the_stored_posts_of_each_profile(db: Database) -> None:
    """The sample's legacy post_count (0) is stale; socialdb's counts the stored posts."""
    migrate_legacy(db, LEGACY_DB)
    got = {r["username"]: r["post_count"] for r in db.fetch_dicts(
        "SELECT username, post_count FROM profiles")}
    stored = {r["username"]: r["n"] for r in db.fetch_dicts(
        "SELECT pr.username, count(p.post_id) AS n FROM profiles pr "
        "LEFT JOIN posts p ON p.author_username = pr.username GROUP BY pr.username")}
    assert got == stored and any(stored.values())


def test_running_twice_changes_nothing(db: Database) -> None:
    migrate_legacy(db, LEGACY_DB)
    first = _dump(db)
    again = migrate_legacy(db, LEGACY_DB)
    assert _dump(db) == first
    assert again.run_id is None and not again.changed
    assert again.matched == {"posts": 18, "profiles": 3, "tags": 5, "profile_tags": 4}


def test_migrate_then_ingest_exact_counts(db: Database, raw_copy: Path) -> None:
    migrate_legacy(db, LEGACY_DB)
    ingest = ingest_paths(db, [raw_copy])
    assert ingest.clean
    posts, snapshots, media = _expected_after_ingest()
    counts = _counts(db)
    assert (counts["posts"], counts["data_downloads"], counts["post_media"]) == (
        posts, snapshots, media)
    assert ingest.posts_new == 0  # every raw post was already migrated
    # ...and migrating once more after the ingest adds nothing either.
    before = _dump(db)
    assert migrate_legacy(db, LEGACY_DB).run_id is None
    assert _dump(db) == before


def test_ingest_then_migrate_exact_counts_and_ui_state(db: Database, raw_copy: Path) -> None:
    ingest_paths(db, [raw_copy])
    report = migrate_legacy(db, LEGACY_DB)
    posts, snapshots, media = _expected_after_ingest()
    counts = _counts(db)
    assert (counts["posts"], counts["data_downloads"], counts["post_media"]) == (
        posts, snapshots, media)
    assert report.written["posts"] == 0 and report.matched["posts"] == 18
    # the existing posts took the legacy UI state (is_read / is_marked)
    flags = {u: (bool(r), bool(m)) for u, r, m in
             _legacy("SELECT urn, is_read, is_marked FROM posts")}
    got = {r["full_urn"]: (r["is_read"], r["is_marked"])
           for r in db.fetch_dicts("SELECT full_urn, is_read, is_marked FROM posts")}
    assert got == flags
    assert report.updated["posts_ui_state"] == sum(1 for f in flags.values() if any(f))
    assert report.run_id is not None  # it changed something, so it has a run row


def test_ui_state_is_never_cleared(db: Database) -> None:
    migrate_legacy(db, LEGACY_DB)
    with db.transaction() as con:
        con.execute("UPDATE posts SET is_marked = true")  # marked in socialdb since
    migrate_legacy(db, LEGACY_DB)
    assert db.fetch_dicts("SELECT count(*) AS n FROM posts WHERE NOT is_marked")[0]["n"] == 0


def _flags(db: Database) -> dict[str, tuple[bool, bool]]:
    return {r["urn"]: (r["is_read"], r["is_marked"])
            for r in db.fetch_dicts("SELECT urn, is_read, is_marked FROM posts")}


def test_rerun_keeps_ui_state_the_user_changed_since(db: Database) -> None:
    first = migrate_legacy(db, LEGACY_DB)
    assert first.written["legacy_migrated_posts"] == 18
    recorded = db.fetch_dicts("SELECT urn, run_id FROM legacy_migrated_posts")
    assert {r["urn"] for r in recorded} == set(_flags(db))
    assert {r["run_id"] for r in recorded} == {first.run_id}

    read = sorted(u for u, (r, _m) in _flags(db).items() if r)
    marked = sorted(u for u, (_r, m) in _flags(db).items() if m)
    PostManager(db).set_read(read, False)
    PostManager(db).set_marked(marked, False)
    before = _dump(db)

    again = migrate_legacy(db, LEGACY_DB)
    assert not again.changed and again.run_id is None
    assert again.updated["posts_ui_state"] == 0
    assert _dump(db) == before
    assert not any(r or m for r, m in _flags(db).values())


def test_databases_migrated_before_the_record_are_backfilled(db: Database) -> None:
    """Migration 004 records the posts an earlier migration wrote snapshots for."""
    run_id = migrate_legacy(db, LEGACY_DB).run_id
    with db.transaction() as con:
        con.execute("DELETE FROM legacy_migrated_posts")  # as before migration 004
        con.execute(next(m.sql for m in sqlfiles.migrations() if m.version == 4))
    recorded = db.fetch_dicts("SELECT urn, run_id FROM legacy_migrated_posts")
    assert len(recorded) == 18 and {r["run_id"] for r in recorded} == {run_id}

    PostManager(db).set_read(list(_flags(db)), False)
    before = _dump(db)
    assert not migrate_legacy(db, LEGACY_DB).changed
    assert _dump(db) == before


def test_removing_a_run_or_a_post_keeps_the_record(db: Database) -> None:
    run_id = migrate_legacy(db, LEGACY_DB).run_id
    assert run_id is not None
    post = db.fetch_dicts("SELECT post_id, urn FROM posts WHERE is_read ORDER BY urn")[0]
    PostManager(db).remove(post["post_id"])  # no foreign key blocks the delete
    DownloadManager(db).remove_run(run_id)
    recorded = db.fetch_dicts("SELECT urn, run_id FROM legacy_migrated_posts")
    assert len(recorded) == 18 and {r["run_id"] for r in recorded} == {None}
    assert post["urn"] in {r["urn"] for r in recorded}

    PostManager(db).set_read(list(_flags(db)), False)
    again = migrate_legacy(db, LEGACY_DB)
    # the removed post comes back from the legacy file, the others keep their state
    assert again.written["posts"] == 1 and again.updated["posts_ui_state"] == 0
    assert again.written["legacy_migrated_posts"] == 0
    assert [u for u, (r, _m) in _flags(db).items() if r] == [post["urn"]]
