"""`socialdb ingest` / `socialdb stats` on the real sample corpus: counts, idempotence,
changed and moved files, UI state, run rows and the ledger."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

from tests.helpers import corpus_truth, query, sample_record, scalar, write_json

SAMPLE_FILE = "20251001/linkedin/dataset_jeff-quinn-1_2025-10-01_00-02-49-255.json"


def test_first_ingest_matches_the_files_exactly(cli, db_path: Path, raw_copy: Path) -> None:
    result = cli("ingest", str(raw_copy))
    assert result.exit_code == 0, result.output
    posts, pairs = corpus_truth(raw_copy)
    assert scalar(db_path, "SELECT count(*) FROM posts") == len(posts) == 18
    assert scalar(db_path, "SELECT count(*) FROM data_downloads") == len(pairs) == 60
    assert {r[0] for r in query(db_path, "SELECT urn FROM posts")} == posts
    # every post id, snapshot id and media id has its prefix and 8 hex digits
    for table, column, prefix in [("posts", "post_id", "p"), ("data_downloads", "download_id", "dl"),
                                  ("post_media", "media_id", "med"), ("download_runs", "run_id", "run")]:
        bad = scalar(db_path, f"SELECT count(*) FROM {table} WHERE NOT regexp_full_match({column}, ?)",
                     [f"{prefix}-[0-9a-f]{{8}}"])
        assert bad == 0, table
    # seconds, not milliseconds; snapshot time from the file name, not the import time
    assert scalar(db_path, "SELECT max(posted_at_timestamp) FROM posts") < 10**11
    when = scalar(db_path, "SELECT DISTINCT downloaded_at FROM data_downloads WHERE source_file_name = ?",
                  [Path(SAMPLE_FILE).name])
    assert when == datetime(2025, 10, 1, 0, 2, 49, 255000)
    assert "18 new" in result.output and "60 read" in result.output


def test_run_row_and_ledger_record_what_happened(cli, db_path: Path, raw_copy: Path) -> None:
    cli("ingest", str(raw_copy))
    (run_id, status, started, completed, script, fetched, new, updated, error, info) = query(
        db_path, "SELECT run_id, status, started_at, completed_at, script_name, posts_fetched, "
                 "posts_new, posts_updated, error_message, system_info FROM download_runs")[0]
    assert (status, script, fetched, new, updated, error) == (
        "completed", "socialdb ingest", 60, 18, 0, None)
    assert completed >= started
    details = json.loads(info)
    assert {"host", "user", "pid", "socialdb", "python", "duckdb", "paths"} <= details.keys()
    assert details["paths"] == [str(raw_copy)]
    ledger = query(db_path, "SELECT file_name, file_size, content_hash, run_id, status, "
                            "records_read, scrape_day FROM ingested_files ORDER BY file_name")
    assert len(ledger) == 12
    assert all(r[3] == run_id and r[4] == "ingested" and r[5] == 5 for r in ledger)
    assert {r[6] for r in ledger} == {"20251001", "20251002"}
    sample = raw_copy / SAMPLE_FILE
    row = next(r for r in ledger if r[0] == sample.name)
    assert row[1] == sample.stat().st_size and len(row[2]) == 32


def test_reingesting_unchanged_files_adds_nothing(cli, db_path: Path, raw_copy: Path) -> None:
    cli("ingest", str(raw_copy))
    before = query(db_path, "SELECT download_id, post_id, total_reactions FROM data_downloads ORDER BY 1")
    again = cli("ingest", "--json", str(raw_copy))
    report = json.loads(again.output)
    assert again.exit_code == 0
    assert (report["files_unchanged"], report["records_read"], report["snapshots_added"]) == (12, 0, 0)
    # touching a file (new mtime, same bytes) re-hashes it but still adds nothing
    sample = raw_copy / SAMPLE_FILE
    os.utime(sample, (sample.stat().st_atime, sample.stat().st_mtime + 60))
    touched = json.loads(cli("ingest", "--json", str(raw_copy)).output)
    assert touched["files_unchanged"] == 12 and touched["snapshots_added"] == 0
    assert query(db_path, "SELECT download_id, post_id, total_reactions FROM data_downloads ORDER BY 1") == before
    assert scalar(db_path, "SELECT file_mtime FROM ingested_files WHERE file_name = ?",
                  [sample.name]) == sample.stat().st_mtime
    assert scalar(db_path, "SELECT count(*) FROM download_runs WHERE status = 'completed'") == 3


def test_changed_file_is_reread_and_its_snapshots_replaced(cli, db_path: Path, raw_copy: Path) -> None:
    cli("ingest", str(raw_copy))
    sample = raw_copy / SAMPLE_FILE
    records = json.loads(sample.read_text())
    records[0]["stats"]["total_reactions"] = 999_999
    dropped = records.pop()["full_urn"].rsplit(":", 1)[1]
    sample.write_text(json.dumps(records))
    report = json.loads(cli("ingest", "--json", str(raw_copy)).output)
    assert (report["files_ingested"], report["snapshots_replaced"], report["snapshots_added"]) == (1, 5, 4)
    assert scalar(db_path, "SELECT count(*) FROM data_downloads WHERE source_file_name = ?",
                  [sample.name]) == 4
    assert scalar(db_path, "SELECT max(total_reactions) FROM data_downloads WHERE source_file_name = ?",
                  [sample.name]) == 999_999
    assert scalar(db_path, "SELECT count(*) FROM data_downloads d JOIN posts p USING (post_id) "
                           "WHERE p.urn = ? AND d.source_file_name = ?", [dropped, sample.name]) == 0
    assert scalar(db_path, "SELECT count(*) FROM data_downloads") == 59


def test_moved_landing_folder_creates_no_duplicates(cli, db_path: Path, raw_copy: Path, tmp_path: Path) -> None:
    cli("ingest", str(raw_copy))
    moved = tmp_path / "elsewhere" / "raw"
    shutil.copytree(raw_copy, moved, copy_function=shutil.copyfile)  # new paths and mtimes
    report = json.loads(cli("ingest", "--json", str(moved)).output)
    assert report["files_unchanged"] == 12 and report["snapshots_added"] == 0
    assert scalar(db_path, "SELECT count(*) FROM data_downloads") == 60
    assert scalar(db_path, "SELECT count(*) FROM ingested_files WHERE file_path LIKE ?",
                  [f"{moved}%"]) == 12


def test_posts_seen_again_keep_ui_state_and_first_seen(cli, db_path: Path, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    write_json(landing / "20251001/linkedin/dataset_test-user_2025-10-01_06-00-00-000.json",
               [sample_record("42", text="first words", reactions=3)])
    cli("ingest", str(landing))
    import duckdb
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE posts SET is_read = true, is_marked = true WHERE urn = '42'")
    con.close()
    (first_seen, created, updated) = query(
        db_path, "SELECT first_seen_at, created_at, updated_at FROM posts WHERE urn = '42'")[0]
    assert first_seen == datetime(2025, 10, 1, 6, 0)
    write_json(landing / "20251002/linkedin/dataset_test-user_2025-10-02_06-00-00-000.json",
               [sample_record("42", text="edited words", reactions=30)])
    write_json(landing / "20250930/linkedin/dataset_test-user_2025-09-30_06-00-00-000.json",
               [sample_record("42", text="older words", reactions=1)])
    report = json.loads(cli("ingest", "--json", str(landing)).output)
    assert (report["posts_new"], report["posts_updated"], report["snapshots_added"]) == (0, 1, 2)
    row = query(db_path, "SELECT is_read, is_marked, first_seen_at, created_at, updated_at, "
                         "text_content FROM posts WHERE urn = '42'")[0]
    assert row[:4] == (True, True, first_seen, created)
    assert row[4] > updated
    assert row[5] == "edited words"  # the newest scrape wins, the older file does not overwrite
    growth = query(db_path, "SELECT latest_reactions, growth_since_previous, growth_since_first, "
                            "snapshots FROM post_performance WHERE urn = '42'")[0]
    assert growth == (30, 27, 29, 3)


def test_stats_shows_counts_and_last_run(cli, raw_copy: Path) -> None:
    cli("ingest", str(raw_copy))
    stats = json.loads(cli("stats", "--json").output)
    assert (stats["posts"], stats["snapshots"], stats["runs"], stats["files_ingested"]) == (18, 60, 1, 12)
    assert stats["last_run"]["status"] == "completed"
    table = cli("stats").output
    assert "posts" in table and "18" in table and "last run run-" in table


def test_empty_database_stats(cli, db) -> None:  # db: created (stats never creates one)
    result = cli("stats")
    assert result.exit_code == 0 and "no runs yet" in result.output


def test_progress_bar_can_be_forced_and_the_summary_still_prints(cli, db_path: Path, raw_copy: Path) -> None:
    result = cli("ingest", "--progress", str(raw_copy))
    assert result.exit_code == 0
    assert "run run-" in result.output and "18 new" in result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == 18
