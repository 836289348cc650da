"""The watch-list CSV import: trimming, malformed rows, idempotency, matching."""

from __future__ import annotations

from pathlib import Path

import pytest
from legacy_builders import add_tagged_profile

from socialdb.db import Database
from socialdb.errors import ValidationError
from socialdb.ingest import ingest_paths
from socialdb.legacy import import_watchlist_csv
from tests.conftest import SAMPLE_RAW


def _write(tmp_path: Path, text: str, name: str = "input-data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _profiles(db: Database) -> dict[str, dict]:
    return {r["username"]: r for r in db.fetch_dicts("SELECT * FROM profiles")}


def test_import_trims_skips_blanks_and_reports_malformed(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, (
        "\ufeffName , Username\r\n"
        "  Jane Doe  ,  jane-doe \r\n"
        "\r\n"
        "   \r\n"
        '"Smith, John",john-smith\r\n'
        "Only a name\r\n"
        "Spaces,has space\r\n"
        ",no-name\r\n"
        "Nobody,\r\n"
        "Jane Again,jane-doe\r\n"
        "Trailing,trail-user,\r\n"
        "Link,https://www.linkedin.com/in/link-user/\r\n"
    ))
    report = import_watchlist_csv(db, path)
    assert report.blank_lines == 2
    assert [(line, reason.split(" ")[0]) for _name, line, reason in report.malformed] == [
        (6, "expected"), (7, "username"), (9, "username"), (10, "username")]
    assert all(name == "input-data.csv" for name, _l, _r in report.malformed)
    profiles = _profiles(db)
    assert {u: p["name"] for u, p in profiles.items()} == {
        "jane-doe": "Jane Doe", "john-smith": "Smith, John", "no-name": "no-name",
        "trail-user": "Trailing", "link-user": "Link"}
    assert report.added == 5
    assert all(p["profile_id"].startswith("prf-") and p["is_active"] for p in profiles.values())


def test_import_is_idempotent_and_updates_names(db: Database, tmp_path: Path) -> None:
    path = _write(tmp_path, "name,username\nJane,jane-doe\nBob,bob\n")
    first = import_watchlist_csv(db, path)
    assert (first.added, first.updated) == (2, 0)
    before = db.fetch_dicts("SELECT * FROM profiles ORDER BY username")
    again = import_watchlist_csv(db, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert db.fetch_dicts("SELECT * FROM profiles ORDER BY username") == before

    renamed = _write(tmp_path, "name,username\nJane Doe,jane-doe\n,bob\n", "v2.csv")
    report = import_watchlist_csv(db, renamed)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 1)
    assert {u: p["name"] for u, p in _profiles(db).items()} == {"jane-doe": "Jane Doe",
                                                                 "bob": "Bob"}


def test_import_keeps_tagged_inactive_profiles(db: Database, tmp_path: Path) -> None:
    """Renaming a profile that tags reference works (name is not indexed); is_active stays."""
    profile_id = add_tagged_profile(db, "jane-doe", "J", is_active=False, tag="ai")
    report = import_watchlist_csv(db, _write(tmp_path, "name,username\nJane,jane-doe\n"))
    assert report.updated == 1 and any("inactive" in n for n in report.notes)
    jane = _profiles(db)["jane-doe"]
    assert (jane["profile_id"], jane["name"], jane["is_active"]) == (profile_id, "Jane", False)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file"),
    (b"username;name\njane;Jane\n", "header must be name,username"),
    (b"name,username\n\xff\xfe broken", "not UTF-8"),
])
def test_unusable_files(db: Database, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input-data.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        import_watchlist_csv(db, path)
    assert db.fetch_dicts("SELECT count(*) AS n FROM profiles") == [{"n": 0}]


def test_new_profiles_count_the_posts_already_stored(db: Database, tmp_path: Path) -> None:
    """post_count equals the stored posts by the username, as for `profiles add`."""
    ingest_paths(db, [SAMPLE_RAW])
    expected = db.fetch_dicts(
        "SELECT count(*) AS n FROM posts WHERE author_username = 'lars-okafor-0'")[0]["n"]
    synced = db.fetch_dicts(
        "SELECT max(downloaded_at) AS t FROM data_downloads "
        "WHERE source_file_name LIKE 'dataset_lars-okafor-0_%'")[0]["t"]
    assert expected > 0 and synced is not None
    import_watchlist_csv(db, _write(tmp_path, "name,username\nLars,lars-okafor-0\nNew,new-one\n"))
    profiles = _profiles(db)
    assert (profiles["lars-okafor-0"]["post_count"],
            profiles["lars-okafor-0"]["last_synced_at"]) == (expected, synced)
    assert (profiles["new-one"]["post_count"], profiles["new-one"]["last_synced_at"]) == (0, None)
