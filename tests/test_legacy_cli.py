"""`socialdb migrate-legacy` and `socialdb profiles import-csv` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import LEGACY_DB
from legacy_builders import build_legacy_db, legacy_post

from socialdb.db import Database
from tests.helpers import query, scalar


def test_migrate_legacy_command(cli, db_path: Path) -> None:
    result = cli("migrate-legacy", str(LEGACY_DB))
    assert result.exit_code == 0, result.output
    assert "posts 18" in result.output and "download_runs 1" in result.output

    again = cli("migrate-legacy", str(LEGACY_DB), "--json")
    assert again.exit_code == 0
    report = json.loads(again.output)
    assert report["run_id"] is None and report["changed"] is False
    assert report["matched"]["posts"] == 18 and report["written"]["posts"] == 0

    rows = Database(db_path).fetch_dicts(
        "SELECT script_name, status FROM download_runs")
    assert rows == [{"script_name": "migrate_legacy", "status": "completed"}]


def test_migrate_legacy_reports_skipped_rows(cli, tmp_path: Path) -> None:
    path = build_legacy_db(tmp_path / "posts.db", posts=[
        legacy_post("7200000000000000001"),
        legacy_post("x", urn="garbage", full_urn=None, json_data="nope"),
    ])
    result = cli("migrate-legacy", str(path))
    assert result.exit_code == 1
    assert "posts garbage: no post identity" in result.output


def test_migrate_legacy_errors_are_one_line(cli, tmp_path: Path) -> None:
    cli("migrate-legacy", str(LEGACY_DB))
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    for path, code in ((junk, 6), (tmp_path / "missing.db", 6)):
        result = cli("migrate-legacy", str(path))
        assert result.exit_code == code
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ")
        assert "Traceback" not in result.output


def test_import_csv_command(cli, tmp_path: Path, db_path: Path) -> None:
    csv_path = tmp_path / "input-data.csv"
    csv_path.write_bytes(b"name,username\r\nJane Doe , jane-doe\r\n\r\nBad Row\r\n")
    result = cli("profiles", "import-csv", str(csv_path))
    assert result.exit_code == 1
    assert "input-data.csv:4: expected 2 fields" in result.output
    report = json.loads(cli("profiles", "import-csv", str(csv_path), "--json").output)
    assert (report["added"], report["updated"], report["unchanged"]) == (0, 0, 1)
    rows = Database(db_path).fetch_dicts("SELECT username, name FROM profiles")
    assert rows == [{"username": "jane-doe", "name": "Jane Doe"}]


def test_import_csv_missing_file(cli, tmp_path: Path) -> None:
    result = cli("profiles", "import-csv", str(tmp_path / "nope.csv"))
    assert result.exit_code == 5
    assert result.stderr.startswith("error: ")


READ_IN_LEGACY = "7403126642423844434"  # read and marked in tests/fixtures/legacy_posts.db


def _flags(db_path: Path, urn: str) -> tuple[bool, bool]:
    row = query(db_path, "SELECT is_read, is_marked FROM posts WHERE urn = ?", [urn])
    return row[0]


def test_migrate_again_keeps_ui_state_changed_in_socialdb(cli, db_path: Path) -> None:
    assert cli("migrate-legacy", str(LEGACY_DB)).exit_code == 0
    assert _flags(db_path, READ_IN_LEGACY) == (True, True)
    assert scalar(db_path, "SELECT count(*) FROM legacy_migrated_posts") == 18

    for command in ("unread", "unmark"):
        result = cli("posts", command, READ_IN_LEGACY)
        assert result.exit_code == 0, result.output
    before = query(db_path, "SELECT * FROM posts ORDER BY post_id")

    again = cli("migrate-legacy", str(LEGACY_DB), "--json")
    assert again.exit_code == 0, again.output
    report = json.loads(again.output)
    assert report["changed"] is False and report["run_id"] is None
    assert report["updated"]["posts_ui_state"] == 0
    assert report["written"]["legacy_migrated_posts"] == 0
    assert report["matched"]["posts"] == 18
    assert _flags(db_path, READ_IN_LEGACY) == (False, False)
    assert query(db_path, "SELECT * FROM posts ORDER BY post_id") == before
    assert scalar(db_path, "SELECT count(*) FROM download_runs") == 1


def test_ingest_then_migrate_applies_legacy_flags_once(
        cli, db_path: Path, raw_copy: Path) -> None:
    assert cli("ingest", str(raw_copy)).exit_code == 0
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE is_read OR is_marked") == 0

    first = json.loads(cli("migrate-legacy", str(LEGACY_DB), "--json").output)
    assert first["written"]["posts"] == 0 and first["updated"]["posts_ui_state"] == 9
    assert first["written"]["legacy_migrated_posts"] == 18
    assert _flags(db_path, READ_IN_LEGACY) == (True, True)
    recorded = query(db_path, "SELECT DISTINCT run_id FROM legacy_migrated_posts")
    assert recorded == [(first["run_id"],)]

    assert cli("posts", "unread", READ_IN_LEGACY).exit_code == 0
    again = json.loads(cli("migrate-legacy", str(LEGACY_DB), "--json").output)
    assert again["changed"] is False and again["run_id"] is None
    assert _flags(db_path, READ_IN_LEGACY) == (False, True)
    assert query(db_path, "SELECT script_name FROM download_runs "
                          "WHERE script_name = 'migrate_legacy'") == [("migrate_legacy",)]
