"""The DuckDB foreign-key limits the managers work around, and the workaround itself.

DuckDB 2.0.1 checks foreign keys against committed data, so deleting dependants and
then their parent in ONE transaction fails, and so does updating an indexed column
of a referenced row (duckdb/duckdb#20246). The managers use a journalled two-step
change instead (socialdb/managers/journal.py); these tests prove it keeps every
dependant intact, and survives a crash between the two steps.
"""

from __future__ import annotations

import duckdb
import pytest

from socialdb.db import Database
from socialdb.managers import PostManager, PostTagManager, ProfileManager, TagManager, journal


def rows(db: Database, sql: str, params: list | None = None) -> list[tuple]:
    with db.connect(read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_duckdb_still_rejects_same_transaction_cascade(loaded: Database) -> None:
    """If this starts failing, DuckDB fixed the limit and journal.py could be simplified."""
    TagManager(loaded).add("x")
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    ProfileManager(loaded).tag("jeff-quinn-1", ["x"])
    with loaded.connect() as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM profile_tags")
        with pytest.raises(duckdb.ConstraintException, match="still referenced"):
            con.execute("UPDATE profiles SET is_active = false")
        con.execute("ROLLBACK")
        con.execute("BEGIN TRANSACTION")
        con.execute("DELETE FROM profile_tags")
        with pytest.raises(duckdb.ConstraintException, match="still referenced"):
            con.execute("DELETE FROM profiles")
        con.execute("ROLLBACK")


def test_deactivate_and_activate_keep_tags_with_same_ids(loaded: Database) -> None:
    profiles, tags = ProfileManager(loaded), TagManager(loaded)
    for name in ("aws", "ml", "speakers"):
        tags.add(name)
    profiles.add("jeff-quinn-1", "Jeff")
    profiles.add("lars-okafor-0", "Lars")
    profiles.tag("jeff-quinn-1", ["aws", "ml", "speakers"])
    profiles.tag("lars-okafor-0", ["aws"])
    before = rows(loaded, "SELECT * FROM profile_tags ORDER BY profile_tag_id")

    assert profiles.set_active("jeff-quinn-1", False)["is_active"] is False
    assert rows(loaded, "SELECT * FROM profile_tags ORDER BY profile_tag_id") == before
    assert [p["username"] for p in profiles.list(active=False)] == ["jeff-quinn-1"]
    assert profiles.set_active("jeff-quinn-1", True)["is_active"] is True
    assert rows(loaded, "SELECT * FROM profile_tags ORDER BY profile_tag_id") == before
    assert rows(loaded, "SELECT count(*) FROM pending_changes")[0][0] == 0
    assert rows(loaded, "SELECT count(*) FROM pending_profile_tags")[0][0] == 0


def test_rename_tag_keeps_profile_and_post_links(loaded: Database) -> None:
    TagManager(loaded).add("aws", color="yellow")
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    ProfileManager(loaded).tag("jeff-quinn-1", ["aws"])
    post_id = PostManager(loaded).list(limit=1)[0]["post_id"]
    PostTagManager(loaded).tag(post_id, ["aws"], note="by hand")
    before_pft = rows(loaded, "SELECT * FROM profile_tags")
    before_ptg = rows(loaded, "SELECT * FROM post_tags")

    renamed = TagManager(loaded).rename("AWS", "Cloud")
    assert renamed["name"] == "cloud" and renamed["color"] == "yellow"
    assert rows(loaded, "SELECT * FROM profile_tags") == before_pft
    assert rows(loaded, "SELECT * FROM post_tags") == before_ptg
    assert rows(loaded, "SELECT name FROM tags") == [("cloud",)]
    assert ProfileManager(loaded).get("jeff-quinn-1")["tags"] == ["cloud"]


def test_crash_between_the_two_steps_is_finished_by_the_next_write(loaded: Database) -> None:
    TagManager(loaded).add("aws")
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    ProfileManager(loaded).tag("jeff-quinn-1", ["aws"])
    before = rows(loaded, "SELECT * FROM profile_tags")
    profile_id = before[0][1]
    with loaded.connect() as con:  # step 1 only, as if the process died after it
        spec = journal.KINDS["profile_active"]
        params = {"change": "crashed", "kind": "profile_active", "target": profile_id,
                  "value": "false", "now": None}
        journal._in_transaction(con, ("journal_add", *spec.phase1), params)
    assert rows(loaded, "SELECT count(*) FROM profile_tags")[0][0] == 0

    TagManager(loaded).add("unrelated")  # any manager write settles the journal first
    assert rows(loaded, "SELECT * FROM profile_tags") == before
    assert rows(loaded, "SELECT is_active FROM profiles") == [(False,)]
    assert rows(loaded, "SELECT count(*) FROM pending_changes")[0][0] == 0


def test_settle_finishes_even_when_a_link_was_written_between_the_steps(
        loaded: Database) -> None:
    """A writer that does not settle (the legacy migration) may re-add a stashed link."""
    TagManager(loaded).add("aws")
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    ProfileManager(loaded).tag("jeff-quinn-1", ["aws"])
    (before, profile_id, tag_id), = rows(
        loaded, "SELECT profile_tag_id, profile_id, tag_id FROM profile_tags")
    with loaded.connect() as con:  # step 1 only, then another writer adds the same link
        spec = journal.KINDS["profile_active"]
        params = {"change": "crashed", "kind": "profile_active", "target": profile_id,
                  "value": "false", "now": None}
        journal._in_transaction(con, ("journal_add", *spec.phase1), params)
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id, created_at) "
                    "VALUES ('pft-00000001', ?, ?, now() + INTERVAL 1 HOUR)",
                    [profile_id, tag_id])

    TagManager(loaded).add("unrelated")  # settles without tripping over the key limits
    assert rows(loaded, "SELECT profile_tag_id FROM profile_tags") == [(before,)]
    assert rows(loaded, "SELECT is_active FROM profiles") == [(False,)]
    assert rows(loaded, "SELECT count(*) FROM pending_changes")[0][0] == 0
    assert rows(loaded, "SELECT count(*) FROM pending_profile_tags")[0][0] == 0
