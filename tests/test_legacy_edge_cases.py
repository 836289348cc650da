"""The legacy migration on databases built with one edge case each."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from legacy_builders import (
    BASE_MS,
    add_tagged_profile,
    apify_record,
    build_legacy_db,
    legacy_post,
)

from socialdb.db import Database
from socialdb.legacy import migrate_legacy


def _posts(db: Database) -> dict[str, dict]:
    return {r["urn"]: r for r in db.fetch_dicts("SELECT * FROM posts")}


def _snapshots(db: Database) -> list[dict]:
    return db.fetch_dicts(
        "SELECT p.urn, d.* FROM data_downloads d JOIN posts p USING (post_id) ORDER BY p.urn")


def test_bare_urn_missing_full_urn_and_seconds(db: Database, tmp_path: Path) -> None:
    no_full = apify_record("7000000000000000002", full_urn=False)
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        # legacy urn is the bare activity id, full_urn column empty
        legacy_post("7000000000000000001", urn="7000000000000000001", full_urn=None),
        # neither the record nor the row has a full_urn: urn.activity_urn decides
        legacy_post("7000000000000000002", record=no_full, full_urn=None),
        # posted_at_timestamp stored in seconds instead of milliseconds
        legacy_post("7000000000000000003", posted_at=BASE_MS // 1000),
    ])
    report = migrate_legacy(db, path)
    assert report.clean and report.written["posts"] == 3
    posts = _posts(db)
    assert set(posts) == {"7000000000000000001", "7000000000000000002", "7000000000000000003"}
    assert posts["7000000000000000001"]["full_urn"] == "urn:li:activity:7000000000000000001"
    assert posts["7000000000000000002"]["full_urn"] == "urn:li:activity:7000000000000000002"
    assert {p["posted_at_timestamp"] for p in posts.values()} == {BASE_MS // 1000}


def test_bare_and_full_urn_of_one_post_merge(db: Database, tmp_path: Path) -> None:
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        legacy_post("7000000000000000009", is_read=1),
        legacy_post("7000000000000000009", urn="7000000000000000009", is_marked=1,
                    first_seen_at="2025-09-30 08:00:00",
                    source_file="dataset_jane-doe_2025-10-02_08-00-00-000.json"),
    ])
    report = migrate_legacy(db, path)
    assert report.written["posts"] == 1 and report.written["data_downloads"] == 2
    post = _posts(db)["7000000000000000009"]
    assert (post["is_read"], post["is_marked"]) == (True, True)
    assert post["first_seen_at"].isoformat(sep=" ") == "2025-09-30 08:00:00"
    assert any("merged" in n for n in report.notes)


def test_invalid_json_uses_columns_or_is_skipped(db: Database, tmp_path: Path) -> None:
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        legacy_post("7000000000000000011", json_data="{not json", is_read=1),
        legacy_post("x1", urn="not-an-urn", full_urn=None, json_data="[truncated"),
        legacy_post("7000000000000000013", json_data="{broken", posted_at=None),
    ])
    report = migrate_legacy(db, path)
    posts = _posts(db)
    assert list(posts) == ["7000000000000000011"]
    post = posts["7000000000000000011"]
    assert post["raw_json"] == "{not json"  # kept verbatim
    assert post["text_content"] == "post 7000000000000000011"  # from the column
    assert post["author_username"] == "jane-doe" and post["is_read"] is True
    assert post["posted_at_timestamp"] == BASE_MS // 1000
    assert _snapshots(db) == []  # no stats without json_data
    assert {(s.key, s.reason.split(":")[0]) for s in report.skipped} == {
        ("not-an-urn", "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn)"),
        ("urn:li:activity:7000000000000000013", "no post time"),
    }
    assert any("not valid JSON" in w.reason for w in report.warnings)
    run = db.fetch_dicts("SELECT error_message FROM download_runs")[0]
    assert "not-an-urn" in run["error_message"]


def test_snapshot_time_fallbacks_and_paths(db: Database, tmp_path: Path) -> None:
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        legacy_post("7000000000000000021",
                    source_file=r"C:\old\raw\dataset_jane-doe_2025-10-03_07-06-05-004.json"),
        legacy_post("7000000000000000022", source_file=None),
        legacy_post("7000000000000000023", source_file="odd-name.json", imported_at=None),
        legacy_post("7000000000000000024", source_file=None, imported_at=None,
                    first_seen_at=None),
    ])
    report = migrate_legacy(db, path)
    snaps = {s["urn"]: s for s in _snapshots(db)}
    assert set(snaps) == {"7000000000000000021", "7000000000000000022", "7000000000000000023"}
    first = snaps["7000000000000000021"]
    assert first["source_file_name"] == "dataset_jane-doe_2025-10-03_07-06-05-004.json"
    assert first["downloaded_at"].isoformat(sep=" ") == "2025-10-03 07:06:05.004000"
    assert snaps["7000000000000000022"]["source_file_name"] is None
    assert snaps["7000000000000000022"]["downloaded_at"].isoformat() == "2025-11-20T10:00:00"
    assert snaps["7000000000000000023"]["downloaded_at"].isoformat() == "2025-10-01T09:00:00"
    assert any(w.key.endswith("024") and "no time" in w.reason for w in report.warnings)
    assert "7000000000000000024" in _posts(db)
    again = migrate_legacy(db, path)  # the file-less snapshot is not duplicated
    assert again.written["data_downloads"] == 0 and again.run_id is None


def test_bad_stats_and_duplicate_media(db: Database, tmp_path: Path) -> None:
    bad = apify_record("7000000000000000031")
    bad["stats"]["like"] = -4
    pics = apify_record("7000000000000000032", images=["https://m/a.jpg", "https://m/a.jpg",
                                                       "https://m/b.jpg"])
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        legacy_post("7000000000000000031", record=bad),
        legacy_post("7000000000000000032", record=pics),
    ])
    report = migrate_legacy(db, path)
    # only a bad total_reactions loses the snapshot; a bad other count is named, kept
    assert report.written == {"posts": 2, "data_downloads": 2, "post_media": 2, "profiles": 0,
                              "tags": 0, "profile_tags": 0, "legacy_migrated_posts": 2,
                              "download_runs": 1}
    assert any("field stats.like is -4" in w.reason for w in report.warnings)


def test_watch_list_cases(db: Database, tmp_path: Path) -> None:
    path = build_legacy_db(
        tmp_path / "posts.db",
        profiles=[
            {"id": 1, "username": "jane-doe", "name": "Jane", "notes": "keep",
             "post_count": 7, "last_synced_at": "2025-10-01 12:00:00",
             "created_at": "2024-01-02 03:04:05", "updated_at": "2024-02-03 04:05:06"},
            {"id": 2, "username": "old-friend", "name": "Old", "is_active": 0},  # no tags
            {"id": 3, "username": "  ", "name": "Blank"},
        ],
        tags=[{"id": 1, "name": "AI", "color": "red"}, {"id": 2, "name": "ai", "color": "blue"},
              {"id": 3, "name": " FinOps "}],
        profile_tags=[{"profile_id": 1, "tag_id": 1}, {"profile_id": 1, "tag_id": 2},
                      {"profile_id": 1, "tag_id": 3}, {"profile_id": 99, "tag_id": 3}],
    )
    report = migrate_legacy(db, path)
    profiles = {r["username"]: r for r in db.fetch_dicts("SELECT * FROM profiles")}
    assert set(profiles) == {"jane-doe", "old-friend"}
    jane = profiles["jane-doe"]
    # post_count is the stored posts by the profile (none here), not the stale legacy 7
    assert (jane["name"], jane["notes"], jane["post_count"], jane["is_active"]) == (
        "Jane", "keep", 0, True)
    assert jane["created_at"].isoformat(sep=" ") == "2024-01-02 03:04:05"
    assert jane["updated_at"].isoformat(sep=" ") == "2024-02-03 04:05:06"
    assert jane["last_synced_at"].isoformat(sep=" ") == "2025-10-01 12:00:00"
    assert profiles["old-friend"]["is_active"] is False
    tags = {r["name"]: r["color"] for r in db.fetch_dicts("SELECT * FROM tags")}
    assert tags == {"ai": "red", "finops": "cyan"}
    links = db.fetch_dicts(
        "SELECT p.username, t.name FROM profile_tags JOIN profiles p USING (profile_id) "
        "JOIN tags t USING (tag_id) ORDER BY t.name")
    assert [(r["username"], r["name"]) for r in links] == [("jane-doe", "ai"),
                                                           ("jane-doe", "finops")]
    assert {(s.table, s.reason.split(" ")[0]) for s in report.skipped} == {
        ("profiles", "username"), ("profile_tags", "profile")}
    assert any("merged into 'ai'" in n for n in report.notes)


def test_existing_profiles_and_tags_are_matched(db: Database, tmp_path: Path) -> None:
    profile_id = add_tagged_profile(db, "jane-doe", "Jane D.", tag="ai", color="green")
    path = build_legacy_db(
        tmp_path / "posts.db",
        profiles=[{"id": 5, "username": "jane-doe", "name": "Jane", "notes": "from legacy",
                   "is_active": 0}],
        tags=[{"id": 8, "name": "AI"}, {"id": 9, "name": "news"}],
        profile_tags=[{"profile_id": 5, "tag_id": 8}, {"profile_id": 5, "tag_id": 9}],
    )
    report = migrate_legacy(db, path)
    assert report.matched == {"posts": 0, "profiles": 1, "tags": 1, "profile_tags": 1}
    assert report.written["profiles"] == 0 and report.written["tags"] == 1
    assert report.updated["profiles"] == 1
    (jane,) = db.fetch_dicts("SELECT * FROM profiles")
    # the existing row is kept: same id, name and active flag; only the empty notes filled
    assert (jane["profile_id"], jane["name"], jane["is_active"], jane["notes"]) == (
        profile_id, "Jane D.", True, "from legacy")
    assert db.fetch_dicts("SELECT color FROM tags WHERE name = 'ai'") == [{"color": "green"}]
    assert db.fetch_dicts("SELECT count(*) AS n FROM profile_tags") == [{"n": 2}]


def test_empty_database(db: Database, tmp_path: Path) -> None:
    report = migrate_legacy(db, build_legacy_db(tmp_path / "posts.db"))
    assert report.clean and not report.changed and report.run_id is None
    assert set(report.read.values()) == {0} and set(report.written.values()) == {0}
    assert db.fetch_dicts("SELECT count(*) AS n FROM download_runs") == [{"n": 0}]


def test_newer_unexpected_column_and_older_missing_columns(db: Database, tmp_path: Path) -> None:
    newer = build_legacy_db(tmp_path / "newer.db", extra_post_columns="sentiment REAL",
                            posts=[legacy_post("7000000000000000041", sentiment=0.5)])
    report = migrate_legacy(db, newer)
    assert report.clean and report.written["posts"] == 1
    assert any("posts.sentiment" in n for n in report.notes)

    older = tmp_path / "older.db"
    con = sqlite3.connect(older)
    con.execute("CREATE TABLE posts (urn TEXT PRIMARY KEY, posted_at_timestamp INTEGER, "
                "json_data TEXT, source_file TEXT)")
    con.execute("INSERT INTO posts VALUES (?, ?, ?, ?)", [
        "urn:li:activity:7000000000000000042", BASE_MS,
        json.dumps(apify_record("7000000000000000042")),
        "dataset_jane-doe_2025-10-01_08-00-00-000.json"])
    con.commit()
    con.close()
    report = migrate_legacy(db, older)
    assert report.clean and report.written["posts"] == 1 and report.written["data_downloads"] == 1
    assert any("no is_marked column" in n for n in report.notes)
    assert any("no profiles table" in n for n in report.notes)
    post = _posts(db)["7000000000000000042"]
    assert (post["is_read"], post["is_marked"]) == (False, False)
