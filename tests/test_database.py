"""The database layer: migrations, upgrade in place, the write lock, IDs, the schema."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from socialdb import ids, sqlfiles
from socialdb.db import Database, apply_migrations
from socialdb.errors import DatabaseLockedError
from tests.helpers import query, scalar

SEED_INDEXES = {
    "idx_posts_urn", "idx_posts_posted_at", "idx_posts_author", "idx_posts_platform",
    "idx_posts_first_seen", "idx_downloads_post_id", "idx_downloads_run_id",
    "idx_downloads_downloaded_at", "idx_runs_started_at", "idx_runs_status",
    "idx_profiles_username", "idx_profiles_active", "idx_tags_name", "idx_profile_tags_profile",
    "idx_profile_tags_tag", "idx_post_tags_post", "idx_post_tags_tag", "idx_post_tags_applied_by",
    "idx_actions_post_id", "idx_actions_status", "idx_actions_scheduled", "idx_actions_priority",
    "idx_media_post_id", "idx_media_analysis_status", "idx_media_type",
}
SEED_COLUMNS = {
    "posts": "post_id urn full_urn platform posted_at_timestamp author_username text_content "
             "post_type url raw_json first_seen_at is_read is_marked created_at updated_at",
    "data_downloads": "download_id post_id run_id downloaded_at total_reactions stats_json "
                      "raw_json source_file_path created_at",
    "download_runs": "run_id started_at completed_at status script_name platform posts_fetched "
                     "posts_new posts_updated error_message system_info created_at",
    "profiles": "profile_id username name platform is_active notes post_count last_synced_at "
                "created_at updated_at",
    "tags": "tag_id name description color created_at",
    "profile_tags": "profile_tag_id profile_id tag_id created_at",
    "post_tags": "post_tag_id post_id tag_id confidence applied_by system_notes created_at",
    "action_queue": "action_id post_id action_type action_params status priority scheduled_for "
                    "executed_at user_notes system_notes created_at updated_at",
    "post_media": "media_id post_id media_type media_url local_file_path file_size mime_type "
                  "width height ai_analysis_status ai_analysis ai_analyzed_at created_at updated_at",
}


def test_schema_has_every_seed_table_column_and_index(db: Database) -> None:
    for table, columns in SEED_COLUMNS.items():
        have = {r[0] for r in query(db.path, "SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = ?", [table])}
        assert set(columns.split()) <= have, table
    indexes = {r[0] for r in query(db.path, "SELECT index_name FROM duckdb_indexes()")}
    assert indexes >= SEED_INDEXES


def test_seed_defaults(db: Database) -> None:
    with db.transaction() as con:
        con.execute("INSERT INTO posts (post_id, urn, posted_at_timestamp) VALUES ('p-00000001', '1', 1)")
        con.execute("INSERT INTO download_runs (run_id, started_at) VALUES ('run-00000001', now())")
        con.execute("INSERT INTO tags (tag_id, name) VALUES ('tag-00000001', 'ai')")
        con.execute("INSERT INTO profiles (profile_id, username, name) VALUES ('prf-00000001', 'u', 'U')")
        con.execute("INSERT INTO action_queue (action_id, action_type) VALUES ('act-00000001', 'save')")
        con.execute("INSERT INTO post_media (media_id, post_id, media_type, media_url) "
                    "VALUES ('med-00000001', 'p-00000001', 'image', 'u')")
        con.execute("INSERT INTO post_tags (post_tag_id, post_id, tag_id) "
                    "VALUES ('ptg-00000001', 'p-00000001', 'tag-00000001')")
    assert query(db.path, "SELECT platform, is_read, is_marked, created_at IS NOT NULL FROM posts")[0] == (
        "linkedin", False, False, True)
    assert query(db.path, "SELECT status, platform, posts_fetched, posts_new, posts_updated "
                          "FROM download_runs")[0] == ("running", "linkedin", 0, 0, 0)
    assert scalar(db.path, "SELECT color FROM tags") == "cyan"
    assert query(db.path, "SELECT platform, is_active, post_count FROM profiles")[0] == ("linkedin", True, 0)
    assert query(db.path, "SELECT status, priority FROM action_queue")[0] == ("queued", 0)
    assert scalar(db.path, "SELECT ai_analysis_status FROM post_media") == "pending"
    assert scalar(db.path, "SELECT applied_by FROM post_tags") == "ai"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(duckdb.ConstraintException), db.transaction() as con:
        con.execute("INSERT INTO post_media (media_id, post_id, media_type, media_url) "
                    "VALUES ('med-00000001', 'p-missing0', 'image', 'u')")


def test_migrations_are_recorded_and_rerunnable(db: Database) -> None:
    expected = [(m.version, m.name) for m in sqlfiles.migrations()]
    assert query(db.path, "SELECT version, name FROM schema_migrations ORDER BY 1") == expected
    with db.connect() as con:
        assert apply_migrations(con) == []
    assert db.schema_version() == len(expected)


def test_an_older_database_upgrades_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)")
    first = sqlfiles.migrations()[0]
    con.execute(first.sql)
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [1, first.name])
    con.execute("INSERT INTO posts (post_id, urn, posted_at_timestamp, text_content) "
                "VALUES ('p-0000abcd', '77', 1759276800, 'kept')")
    con.close()
    assert scalar(path, "SELECT max(version) FROM schema_migrations") == 1
    db = Database(path)
    with db.connect(read_only=True) as con:  # even a reader upgrades the file first
        assert con.execute("SELECT text_content FROM posts").fetchone() == ("kept",)
    assert scalar(path, "SELECT max(version) FROM schema_migrations") == len(sqlfiles.migrations())
    assert scalar(path, "SELECT text_content FROM posts WHERE urn = '77'") == "kept"
    assert scalar(path, "SELECT count(*) FROM information_schema.tables "
                        "WHERE table_name = 'ingested_files'") == 1


HOLD_LOCK = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout and holder.stdout.readline().strip() == "locked"
    return holder


def test_writer_waits_for_the_lock_then_succeeds(db: Database, raw_copy: Path) -> None:
    holder = _hold_lock(db.path, 1.5)
    messages: list[str] = []
    waiting = Database(db.path, lock_timeout=30, on_wait=messages.append)
    started = time.monotonic()
    with waiting.transaction() as con:
        con.execute("INSERT INTO tags (tag_id, name) VALUES ('tag-0000beef', 'waited')")
    assert time.monotonic() - started >= 1.0
    assert messages and "busy" in messages[0]
    holder.wait()
    assert scalar(db.path, "SELECT name FROM tags") == "waited"


def test_lock_held_too_long_gives_one_clear_line(db: Database, raw_copy: Path) -> None:
    holder = _hold_lock(db.path, 6)
    try:
        env = {"SOCIALDB_LOCK_TIMEOUT": "1", "PATH": "/usr/bin:/bin"}
        result = subprocess.run([sys.executable, "-m", "socialdb", "--db", str(db.path), "ingest",
                                 str(raw_copy)], capture_output=True, text=True, env=env)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 4
    waiting, error = result.stderr.strip().splitlines()
    assert "is busy" in waiting and "waiting for the lock" in waiting
    assert error.startswith("error: database") and "is locked by process" in error
    assert "Traceback" not in result.stderr
    with pytest.raises(DatabaseLockedError):
        holder = _hold_lock(db.path, 3)
        try:
            with Database(db.path, lock_timeout=0.3).connect():
                pass
        finally:
            holder.kill()
            holder.wait()


def test_ids_stay_unique_when_random_draws_collide(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Force collisions within the batch and with the table: generation retries, never fails."""
    taken = [f"tag-{i:08x}" for i in range(5)]
    with db.transaction() as con:
        for tag_id in taken:
            con.execute("INSERT INTO tags (tag_id, name) VALUES (?, ?)", [tag_id, tag_id])
    draws = iter([taken + taken, [f"tag-{9:08x}"] * 4, [f"tag-{i:08x}" for i in range(10, 14)]])
    monkeypatch.setattr(ids, "random_ids", lambda prefix, count: next(draws)[:count] or [])
    with db.transaction() as con:
        fresh = ids.new_ids(con, "tag", 5)
    assert len(set(fresh)) == 5 and not set(fresh) & set(taken)
    assert fresh[0] == "tag-00000009"


def test_many_ids_are_unique_and_well_formed(db: Database) -> None:
    with db.transaction() as con:
        drawn = ids.new_ids(con, "download", 200_000)
    assert len(set(drawn)) == 200_000
    assert all(len(d) == 11 and d.startswith("dl-") for d in drawn)
    int(drawn[0][3:], 16)


READING_COMMANDS = [
    ["stats"], ["stats", "--json"], ["posts", "list"], ["posts", "show", "1"], ["runs", "list"],
    ["runs", "show", "run-00000000"], ["profiles", "list"], ["tags", "list"],
    ["media", "list"], ["actions", "list"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_reading_command_never_creates_a_database(tmp_path: Path, command: list[str]) -> None:
    """A mistyped --db is an error (exit 5, one line), not a new empty file and folder."""
    from click.testing import CliRunner

    from socialdb.cli import main

    typo = tmp_path / "dtaa" / "socialdb.duckdb"
    result = CliRunner().invoke(main, ["--db", str(typo), *command])
    assert result.exit_code == 5, result.output
    assert result.output.strip().splitlines() == [
        f"error: no database at {typo} (check --db or SOCIALDB_DATABASE; a command that "
        "writes, such as `socialdb ingest` or `socialdb profiles add`, creates it)"]
    assert not (tmp_path / "dtaa").exists()


def test_a_writing_command_creates_the_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from socialdb.cli import main

    fresh = tmp_path / "new" / "socialdb.duckdb"
    added = CliRunner().invoke(main, ["--db", str(fresh), "profiles", "add", "ana-silva",
                                         "--name", "Ana Silva"])
    assert added.exit_code == 0, added.output
    assert scalar(fresh, "SELECT username FROM profiles") == "ana-silva"
    listed = CliRunner().invoke(main, ["--db", str(fresh), "profiles", "list", "--json"])
    assert listed.exit_code == 0 and "ana-silva" in listed.output
