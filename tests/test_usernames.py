"""Profile usernames end up in landing file paths: hostile ones are refused everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result

from socialdb.db import Database
from socialdb.legacy.watchlist import import_watchlist_csv
from socialdb.scrape import write_dataset_file
from tests.helpers import query

HOSTILE = ["x/../../../../../tmp/evil", "a\\b", "..", "a..b", "has space", "tab\there",
           "bell\x07", "esc\x1b[2J", "a" * 101, "new\nline"]


@pytest.mark.parametrize("username", HOSTILE)
def test_profiles_add_refuses_a_username_that_is_not_a_slug(
    cli: Callable[..., Result], db: Database, db_path: Path, username: str
) -> None:
    result = cli("profiles", "add", username, "--name", "E")
    assert result.exit_code == 6, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "username" in result.output
    assert query(db_path, "SELECT count(*) FROM profiles")[0][0] == 0


def test_profiles_add_keeps_real_public_ids(
    cli: Callable[..., Result], db: Database, db_path: Path
) -> None:
    for username in ("jane-doe", "john_smith.1", "j%C3%BCrgen-m", "a" * 100):
        assert cli("profiles", "add", username, "--name", "N").exit_code == 0
    assert query(db_path, "SELECT count(*) FROM profiles")[0][0] == 4


def test_profiles_update_refuses_a_hostile_username(
    cli: Callable[..., Result], db: Database
) -> None:
    result = cli("profiles", "update", "x/../evil", "--name", "E")
    assert result.exit_code == 6, result.output


def test_csv_import_reports_the_hostile_row_with_its_line_and_goes_on(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "input-data.csv"
    path.write_text("name,username\nGood,good-one\nEvil,x/../../tmp/evil\n"
                    "Ctl,ctl\x07x\nAlso,also-good\n", encoding="utf-8")
    report = import_watchlist_csv(db, path)
    assert [line for _n, line, _r in report.malformed] == [3, 4]
    assert all("not a LinkedIn username" in reason for _n, _l, reason in report.malformed)
    assert sorted(r[0] for r in query(db.path, "SELECT username FROM profiles")) == [
        "also-good", "good-one"]


def test_the_writer_refuses_a_path_outside_the_landing_folder(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    for username in ("x/../../../../evil", "ctl\x1bx"):
        with pytest.raises(OSError, match="outside the landing folder"):
            write_dataset_file(landing, username, datetime(2025, 1, 2, 3, 4, 5), [])
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
