"""`socialdb migrate-legacy` and `socialdb profiles import-csv` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import LEGACY_DB
from legacy_builders import build_legacy_db, legacy_post

from socialdb.db import Database


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
