"""Managers on the real sample corpus: counts, deletes with their dependants, rule tagging."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialdb.db import Database
from socialdb.errors import ConflictError, NotFoundError, ValidationError
from socialdb.ingest import ingest_paths
from socialdb.managers import (
    ActionQueueManager,
    DownloadManager,
    MediaManager,
    PostManager,
    PostTagManager,
    ProfileManager,
    TagManager,
)
from socialdb.tagging import load_rules, tag_posts
from tests.conftest import SAMPLE_RAW

EXAMPLE_RULES = Path(__file__).resolve().parent.parent / "config" / "tag_rules.example.yaml"


def one(db: Database, sql: str, params: list | None = None):
    with db.connect(read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def test_profile_post_count_and_sync_time_come_from_stored_data(loaded: Database) -> None:
    profile = ProfileManager(loaded).add("lars-okafor-0", "Lars Okafor")
    assert profile["post_count"] == one(
        loaded, "SELECT count(*) FROM posts WHERE author_username = 'lars-okafor-0'") == 5
    assert profile["last_synced_at"] == one(
        loaded, "SELECT max(downloaded_at) FROM data_downloads "
                "WHERE source_file_name LIKE 'dataset_lars-okafor-0_%'")
    assert ProfileManager(loaded).add("nobody-yet", "New")["post_count"] == 0
    # a later ingest keeps the count right (the ingest's refresh query)
    ingest_paths(loaded, [SAMPLE_RAW])
    assert ProfileManager(loaded).get("lars-okafor-0")["post_count"] == 5


def test_remove_post_keeps_its_authors_post_count_right(loaded: Database) -> None:
    ProfileManager(loaded).add("lars-okafor-0", "Lars Okafor")
    post_id = one(loaded, "SELECT min(post_id) FROM posts WHERE author_username = 'lars-okafor-0'")
    PostManager(loaded).remove(post_id)
    assert ProfileManager(loaded).get("lars-okafor-0")["post_count"] == one(
        loaded, "SELECT count(*) FROM posts WHERE author_username = 'lars-okafor-0'") == 4


def test_remove_post_removes_every_dependant(loaded: Database) -> None:
    TagManager(loaded).add("keep")
    post = next(p for p in PostManager(loaded).list(limit=100) if p["snapshots"] > 1)
    media_post = next(m["post_id"] for m in MediaManager(loaded).list()
                      if m["post_id"] != post["post_id"])
    for ref in (post["post_id"], media_post):
        PostTagManager(loaded).tag(ref, ["keep"])
        ActionQueueManager(loaded).queue(ref, "save")
    total_posts = one(loaded, "SELECT count(*) FROM posts")
    for ref in (post["post_id"], media_post):
        expected = {t: one(loaded, f"SELECT count(*) FROM {t} WHERE post_id = ?", [ref])
                    for t in ("data_downloads", "post_media", "post_tags", "action_queue")}
        gone = PostManager(loaded).remove(ref)
        assert (gone["snapshots_removed"], gone["media_removed"], gone["tags_removed"],
                gone["actions_removed"]) == tuple(expected.values())
        for table in expected:
            assert one(loaded, f"SELECT count(*) FROM {table} WHERE post_id = ?", [ref]) == 0
    assert one(loaded, "SELECT count(*) FROM posts") == total_posts - 2
    assert one(loaded, "SELECT count(*) FROM tags") == 1  # the tag itself stays
    with pytest.raises(NotFoundError):
        PostManager(loaded).get(post["post_id"])


def test_remove_tag_and_profile_remove_their_links_only(loaded: Database) -> None:
    TagManager(loaded).add("aws")
    TagManager(loaded).add("other")
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    ProfileManager(loaded).tag("jeff-quinn-1", ["aws", "other"])
    post_id = PostManager(loaded).list(limit=1)[0]["post_id"]
    PostTagManager(loaded).tag(post_id, ["aws", "other"])
    gone = TagManager(loaded).remove("aws")
    assert (gone["profile_tags_removed"], gone["post_tags_removed"]) == (1, 1)
    assert one(loaded, "SELECT count(*) FROM post_tags") == 1
    gone = ProfileManager(loaded).remove("jeff-quinn-1")
    assert gone["profile_tags_removed"] == 1
    assert one(loaded, "SELECT count(*) FROM profile_tags") == 0
    assert one(loaded, "SELECT count(*) FROM profiles") == 0
    assert one(loaded, "SELECT count(*) FROM posts WHERE author_username='jeff-quinn-1'") == 7


def test_remove_run_detaches_snapshots_and_ledger(loaded: Database) -> None:
    run = DownloadManager(loaded).list_runs()[0]
    assert run["snapshots"] == 60 and run["files"] == 12
    assert DownloadManager(loaded).remove_run(run["run_id"]) == {
        "run_id": run["run_id"], "snapshots_detached": 60, "files_detached": 12}
    assert one(loaded, "SELECT count(*) FROM data_downloads WHERE run_id IS NULL") == 60
    assert one(loaded, "SELECT count(*) FROM ingested_files WHERE run_id IS NULL") == 12
    assert one(loaded, "SELECT count(*) FROM download_runs") == 0
    with pytest.raises(NotFoundError):
        DownloadManager(loaded).get_run(run["run_id"])


def test_hostile_names_are_stored_verbatim(loaded: Database) -> None:
    nasty = ["o'brien\"; DROP TABLE profiles; --", "zoë-日本語-🙂", "%_\\'"]
    users = [f"user-{i}" for i in range(len(nasty))]
    for user, name in zip(users, nasty, strict=True):
        with pytest.raises(ValidationError, match="username"):
            ProfileManager(loaded).add(name, name)  # usernames become file names: slugs only
        ProfileManager(loaded).add(user, name, notes=name)
        TagManager(loaded).add(name, description=name)
        ProfileManager(loaded).tag(user, [name])
    with loaded.connect(read_only=True) as con:
        stored = con.execute("SELECT username, name, notes FROM profiles ORDER BY 1").fetchall()
        tag_names = [r[0] for r in con.execute("SELECT name FROM tags ORDER BY 1").fetchall()]
    assert stored == [(u, n, n) for u, n in zip(users, nasty, strict=True)]
    assert tag_names == sorted(n.lower() for n in nasty)
    assert ProfileManager(loaded).list(tag=nasty[0])[0]["username"] == users[0]


def test_validation_errors(loaded: Database) -> None:
    TagManager(loaded).add("aws")
    with pytest.raises(ConflictError):
        TagManager(loaded).add(" AWS ")
    with pytest.raises(ValidationError, match="palette"):
        TagManager(loaded).add("x", color="purple-ish")
    with pytest.raises(NotFoundError):
        ProfileManager(loaded).tag("nobody", ["aws"])
    ProfileManager(loaded).add("jeff-quinn-1", "Jeff")
    with pytest.raises(NotFoundError, match="no tag"):
        ProfileManager(loaded).tag("jeff-quinn-1", ["aws", "missing"])
    assert ProfileManager(loaded).get("jeff-quinn-1")["tags"] == []  # all or nothing
    with pytest.raises(ConflictError):
        ProfileManager(loaded).add("jeff-quinn-1", "Again")
    with pytest.raises(ValidationError):
        PostManager(loaded).get("not a post")
    with pytest.raises(NotFoundError):
        PostManager(loaded).get("p-00000000")
    with pytest.raises(ValidationError, match="future"):
        PostManager(loaded).list(since="2999-01-01")


def test_post_refs_and_filters(loaded: Database) -> None:
    posts = PostManager(loaded)
    newest = posts.list(limit=100)
    assert len(newest) == 18
    stamps = [p["posted_at"] for p in newest]
    assert stamps == sorted(stamps, reverse=True)
    target = newest[3]
    for ref in (target["post_id"], target["urn"], f"urn:li:activity:{target['urn']}"):
        assert posts.get(ref)["post_id"] == target["post_id"]
    posts.set_read([target["post_id"]])
    posts.set_marked([target["urn"]])
    assert target["post_id"] not in {p["post_id"] for p in posts.list(unread=True, limit=100)}
    assert [p["post_id"] for p in posts.list(marked=True)] == [target["post_id"]]
    assert {p["author_username"] for p in posts.list(author="lars-okafor-0")} == {"lars-okafor-0"}
    shown = posts.get(target["post_id"])
    assert len(shown["history"]) == shown["snapshots"] == one(
        loaded, "SELECT count(*) FROM data_downloads WHERE post_id = ?", [target["post_id"]])
    latest = shown["history"][-1]["total_reactions"]
    assert shown["latest_reactions"] == latest


def test_rule_tagging_is_incremental_idempotent_and_respects_user_tags(
        loaded: Database, tmp_path: Path) -> None:
    rules, _ = load_rules(EXAMPLE_RULES)
    assert {r.tag for r in rules} >= {"aws", "databases", "watchlist"}
    first = tag_posts(loaded, EXAMPLE_RULES)
    assert first.full_scan and first.posts_examined == 18 and first.tags_added > 0
    assert one(loaded, "SELECT count(*) FROM post_tags WHERE applied_by='rule'") \
        == first.tags_added
    assert one(loaded, "SELECT count(*) FROM post_tags WHERE tag_id = (SELECT tag_id FROM tags "
                       "WHERE name='watchlist')") == 7  # the authors rule: jeff's 7 posts
    note = one(loaded, "SELECT system_notes FROM post_tags WHERE applied_by='rule' LIMIT 1")
    assert note.startswith("rule '") and "matched" in note

    again = tag_posts(loaded, EXAMPLE_RULES)
    assert (again.full_scan, again.posts_examined, again.tags_added) == (False, 0, 0)

    # a person's tag on a post survives a rule file that would remove it
    post_id = one(loaded, "SELECT post_id FROM posts WHERE author_username='jeff-quinn-1' "
                          "ORDER BY post_id LIMIT 1")
    PostTagManager(loaded).tag(post_id, ["watchlist"], note="mine")
    narrow = tmp_path / "rules.yaml"
    narrow.write_text("rules:\n  - tag: aws\n    keywords: [graviton]\n", encoding="utf-8")
    third = tag_posts(loaded, narrow)
    assert third.full_scan and third.tags_removed > 0
    assert one(loaded, "SELECT applied_by || ':' || system_notes FROM post_tags pt JOIN tags t "
                       "USING (tag_id) WHERE t.name='watchlist'") == "user:mine"
    assert one(loaded, "SELECT count(*) FROM post_tags WHERE applied_by='rule' AND tag_id <> "
                       "(SELECT tag_id FROM tags WHERE name='aws')") == 0

    # only changed posts are looked at afterwards
    PostManager(loaded).set_read([post_id])
    assert tag_posts(loaded, narrow).posts_examined == 1


@pytest.mark.parametrize("text, message", [
    ("rules: []\n", "non-empty"),
    ("rules:\n  - tag: x\n", "needs keywords"),
    ("rules:\n  - tag: x\n    patterns: ['(']\n", "bad regular expression"),
    ("rules:\n  - tag: x\n    keywords: [a]\n    confidence: 2\n", "confidence"),
    ("rules:\n  - tag: x\n    keyword: [a]\n", "unknown keys"),
    ("rules: [\n", "not valid YAML"),
])
def test_bad_rules_files_are_rejected_clearly(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError, match=message):
        load_rules(path)


def test_no_rules_file_configured_skips_without_error(
        loaded: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALDB_TAG_RULES", str(tmp_path / "absent.yaml"))
    report = tag_posts(loaded)
    assert report.skipped and "absent.yaml" in report.skipped
    assert one(loaded, "SELECT count(*) FROM tagging_runs") == 0
    with pytest.raises(NotFoundError):
        tag_posts(loaded, tmp_path / "absent.yaml")
