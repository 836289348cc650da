"""Files that are not legacy databases: one clear error, the target left untouched."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import LEGACY_DB
from legacy_builders import build_legacy_db, legacy_post

from socialdb.db import Database
from socialdb.errors import SocialDBError
from socialdb.legacy import LegacyDatabaseError, LegacyDatabaseLockedError, migrate_legacy
from socialdb.legacy import migrate as migrate_module
from socialdb.legacy import source as source_module

TABLES = ("posts", "data_downloads", "post_media", "profiles", "tags", "profile_tags",
          "legacy_migrated_posts", "download_runs")


def _counts(db: Database) -> dict[str, int]:
    with db.connect(read_only=True) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def populated(db: Database, tmp_path: Path) -> Database:
    """A target that already holds data, so "untouched" is a real check."""
    migrate_legacy(db, build_legacy_db(tmp_path / "seed.db", posts=[
        legacy_post("7100000000000000001")]))
    return db


def _zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _random_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(4096))
    return path


def _sqlite_with(path: Path, ddl: str) -> Path:
    """A SQLite file holding just the table ``ddl`` creates."""
    con = sqlite3.connect(path)
    con.execute(ddl)
    con.commit()
    con.close()
    return path


def _other_sqlite(tmp_path: Path) -> Path:
    return _sqlite_with(tmp_path / "other.db",
                        "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")


def _posts_without_json(tmp_path: Path) -> Path:
    return _sqlite_with(tmp_path / "nojson.db",
                        "CREATE TABLE posts (urn TEXT PRIMARY KEY, posted_at_timestamp INTEGER)")


@pytest.mark.parametrize(("make", "message"), [
    (_random_bytes, "is not a SQLite database"),
    (_other_sqlite, "has no posts table (invoices)"),
    (_posts_without_json, "table posts lacks column(s) json_data"),
    (lambda tmp: tmp / "missing.db", "no such file"),
    (lambda tmp: tmp, "is not a file"),
    (lambda tmp: _zero_bytes(tmp / "empty.db"), "has no posts table (no tables)"),
])
def test_not_a_legacy_database(populated: Database, tmp_path: Path, make, message) -> None:
    bad = make(tmp_path)
    before = _counts(populated)
    with pytest.raises(LegacyDatabaseError, match=re.escape(message)):
        migrate_legacy(populated, bad)
    assert _counts(populated) == before
    assert isinstance(LegacyDatabaseError("x"), SocialDBError)


def test_locked_legacy_database(populated: Database, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "posts.db"
    shutil.copy2(LEGACY_DB, path)
    monkeypatch.setattr(source_module, "LOCK_TIMEOUT_SECONDS", 0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # the old tool in the middle of a write
    before = _counts(populated)
    try:
        with pytest.raises(LegacyDatabaseLockedError, match="locked"):
            migrate_legacy(populated, path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert _counts(populated) == before


def test_failure_midway_rolls_everything_back(populated: Database,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Posts are written before profiles; a failure there must undo the posts too."""
    def boom(self: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrate_module._Migration, "_write_watch_list", boom)
    before = _counts(populated)
    with pytest.raises(RuntimeError, match="disk full"):
        migrate_legacy(populated, LEGACY_DB)
    assert _counts(populated) == before
