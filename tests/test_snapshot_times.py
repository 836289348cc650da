"""Issue 8 §1: snapshot times are exact to the millisecond, whatever path a name takes.

The real scraper writes the milliseconds of a file name unpadded (`-42` is 42 ms, `-7`
is 7 ms). Checked through the CLI ingest, on the shared samples, through the legacy
migration, and by migration 005 on a database the old rule wrote.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from conftest import SAMPLE_RAW
from legacy_builders import build_legacy_db, legacy_post

from socialdb import sqlfiles
from socialdb.db import Database
from socialdb.legacy import migrate_legacy
from tests.helpers import query, sample_record, write_json

DAY = "20251003/linkedin"
SECOND = datetime(2025, 10, 3, 6, 27, 0)


def at(millis: int) -> datetime:
    return SECOND.replace(microsecond=millis * 1000)


def snapshot_times(db_path: Path) -> dict[str, datetime]:
    return dict(query(db_path, "SELECT source_file_name, downloaded_at FROM data_downloads"))


def test_names_with_one_two_and_three_digits_through_the_cli(cli, db_path: Path,
                                                             tmp_path: Path) -> None:
    root = tmp_path / "raw"
    for millis in ("7", "42", "235"):
        write_json(root / DAY / f"dataset_jeff_2025-10-03_06-27-00-{millis}.json",
                   [sample_record("910001", reactions=int(millis))])
    result = cli("ingest", str(root))
    assert result.exit_code == 0, result.output

    assert snapshot_times(db_path) == {
        "dataset_jeff_2025-10-03_06-27-00-7.json": at(7),
        "dataset_jeff_2025-10-03_06-27-00-42.json": at(42),
        "dataset_jeff_2025-10-03_06-27-00-235.json": at(235),
    }
    # three scrapes in one second keep their order: the growth reads 7 -> 42 -> 235
    ordered = query(db_path, "SELECT total_reactions FROM data_downloads ORDER BY downloaded_at")
    assert [r[0] for r in ordered] == [7, 42, 235]
    assert query(db_path, "SELECT first_seen_at FROM posts") == [(at(7),)]


def test_the_shared_samples_are_exact(cli, db_path: Path) -> None:
    cli("ingest", str(SAMPLE_RAW))
    times = snapshot_times(db_path)
    assert len(times) == 12
    for name, stamp in times.items():
        date, clock = name.removesuffix(".json").split("_")[-2:]
        hour, minute, second, millis = (int(part) for part in clock.split("-"))
        assert stamp == datetime(*map(int, date.split("-")), hour, minute, second,
                                 millis * 1000), name


def test_legacy_source_files_read_by_the_same_rule(db: Database, tmp_path: Path) -> None:
    posts = [
        legacy_post(str(920000 + n),
                    source_file=f"/old/raw/20251003/linkedin/dataset_jane-doe_2025-10-03_06-27-00-{ms}.json")
        for n, ms in enumerate(("7", "42", "235"))
    ]
    migrate_legacy(db, build_legacy_db(tmp_path / "posts.db", posts))
    assert snapshot_times(db.path) == {
        "dataset_jane-doe_2025-10-03_06-27-00-7.json": at(7),
        "dataset_jane-doe_2025-10-03_06-27-00-42.json": at(42),
        "dataset_jane-doe_2025-10-03_06-27-00-235.json": at(235),
    }


# -- migration 005 on a database written by the old rule -------------------------------
OLD_ROWS = [
    # (source_file_name, stored downloaded_at, expected after 005)
    ("dataset_jeff_2025-10-03_06-27-00-7.json", SECOND.replace(microsecond=700_000), at(7)),
    ("dataset_jeff_2025-10-03_06-27-00-42.json", SECOND.replace(microsecond=420_000), at(42)),
    ("dataset_jeff_2025-10-03_06-27-00-235.json", at(235), at(235)),  # 3 digits: was right
    ("dataset_jeff_2025-10-03_06-27-01-05.json",  # "05" read as .05 s; it is 5 ms
     datetime(2025, 10, 3, 6, 27, 1, 50_000), datetime(2025, 10, 3, 6, 27, 1, 5_000)),
    # the time did not come from the name (it does not equal the old reading): untouched
    ("dataset_jeff_2025-10-03_06-27-02-9.json", datetime(2025, 10, 3, 6, 30, 0),
     datetime(2025, 10, 3, 6, 30, 0)),
    # 4+ digits are no scraper name any more: what was stored stays
    ("dataset_jeff_2025-10-03_06-27-03-4200.json", datetime(2025, 10, 3, 6, 27, 3, 420_000),
     datetime(2025, 10, 3, 6, 27, 3, 420_000)),
    ("export.json", datetime(2025, 10, 3, 7, 0, 0), datetime(2025, 10, 3, 7, 0, 0)),
]


def _old_database(path: Path) -> None:
    """Schema version 4 (before this fix) holding rows exactly as the old rule wrote them."""
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
        for migration in sqlfiles.migrations()[:4]:
            con.execute(migration.sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
        con.execute("INSERT INTO download_runs (run_id, started_at, status) "
                    "VALUES ('run-00000001', '2025-10-03 08:00:00', 'completed')")
        con.execute("INSERT INTO posts (post_id, urn, full_urn, posted_at_timestamp, raw_json, "
                    "first_seen_at) VALUES ('p-00000001', '930001', 'urn:li:activity:930001', "
                    "1759276800, ?, ?)", [json.dumps(sample_record("930001")), OLD_ROWS[0][1]])
        # a legacy-only post (no snapshot) whose time happens to equal an old reading of a
        # name that is not its own: not read from its names, so untouched
        con.execute("INSERT INTO posts (post_id, urn, full_urn, posted_at_timestamp, raw_json, "
                    "first_seen_at) VALUES ('p-00000002', '930002', 'urn:li:activity:930002', "
                    "1759276800, ?, ?)", [json.dumps(sample_record("930002")), OLD_ROWS[1][1]])
        for number, (name, stored, _expected) in enumerate(OLD_ROWS, start=1):
            con.execute(
                "INSERT INTO data_downloads (download_id, post_id, run_id, downloaded_at, "
                "total_reactions, source_file_path, source_file_name) "
                "VALUES (?, 'p-00000001', 'run-00000001', ?, ?, ?, ?)",
                [f"dl-{number:08x}", stored, number, f"/raw/{DAY}/{name}", name])
            con.execute(
                "INSERT INTO ingested_files (file_name, file_path, file_size, content_hash, "
                "run_id, status) VALUES (?, ?, 10, 'h', 'run-00000001', 'ingested')",
                [name, f"/raw/{DAY}/{name}"])
        # profiles: jeff's last_synced_at is the old reading of one of his files (-05);
        # ann's was never read from a name
        con.execute("INSERT INTO profiles (profile_id, username, name, last_synced_at) VALUES "
                    "('prof-00000001', 'jeff', 'Jeff', ?), ('prof-00000002', 'ann', 'Ann', ?)",
                    [datetime(2025, 10, 3, 6, 27, 1, 50_000), datetime(2025, 10, 1, 0, 0, 0)])
        con.execute("INSERT INTO tags (tag_id, name) VALUES ('tag-00000001', 'ai')")
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id) "
                    "VALUES ('ptag-00000001', 'prof-00000001', 'tag-00000001')")
        con.execute("INSERT INTO post_tags (post_tag_id, post_id, tag_id) "
                    "VALUES ('pt-00000001', 'p-00000001', 'tag-00000001')")
    finally:
        con.close()


def test_migration_005_recomputes_times_the_old_rule_stored(db_path: Path) -> None:
    _old_database(db_path)
    assert query(db_path, "SELECT max(version) FROM schema_migrations") == [(4,)]
    db = Database(db_path, lock_timeout=10)
    with db.connect():  # the new code opens it: 005 and anything newer are applied
        pass
    assert db.schema_version() >= 5

    assert snapshot_times(db_path) == {name: expected for name, _stored, expected in OLD_ROWS}
    synced = dict(query(db_path, "SELECT username, last_synced_at FROM profiles"))
    # jeff: the newest exact reading of his files in the ledger (06:27:02.009, "-9")
    assert synced == {"jeff": datetime(2025, 10, 3, 6, 27, 2, 9_000),
                      "ann": datetime(2025, 10, 1, 0, 0, 0)}
    # posts.first_seen_at: the exact reading of the post's own first file; the referenced
    # post keeps its id and its references, the legacy-only post is untouched
    assert query(db_path, "SELECT post_id, first_seen_at FROM posts ORDER BY 1") == [
        ("p-00000001", OLD_ROWS[0][2]), ("p-00000002", OLD_ROWS[1][1])]
    assert query(db_path, "SELECT post_id FROM post_tags") == [("p-00000001",)]
    assert query(db_path, "SELECT count(*) FROM data_downloads d LEFT JOIN posts p "
                          "USING (post_id) WHERE p.post_id IS NULL") == [(0,)]
    assert query(db_path, "SELECT count(*) FROM duckdb_indexes() "
                          "WHERE index_name = 'idx_posts_first_seen'") == [(1,)]
    with db.connect() as con:  # the foreign keys still hold after the index came back
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO post_tags (post_tag_id, post_id, tag_id) "
                        "VALUES ('pt-00000002', 'p-missing', 'tag-00000001')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("DELETE FROM posts WHERE post_id = 'p-00000001'")
    # nothing else moved: one row per name, counts and run untouched
    assert query(db_path, "SELECT count(*), sum(total_reactions) FROM data_downloads") == [
        (len(OLD_ROWS), sum(range(1, len(OLD_ROWS) + 1)))]


def test_migration_005_leaves_a_correct_database_as_it_is(db_path: Path, cli, tmp_path: Path) -> None:
    """Applied to rows the new rule wrote, it changes nothing (3-digit names, exact times)."""
    cli("ingest", str(SAMPLE_RAW))
    before = snapshot_times(db_path)
    con = duckdb.connect(str(db_path))
    try:
        con.execute(sqlfiles.migrations()[4].sql)
    finally:
        con.close()
    assert snapshot_times(db_path) == before
