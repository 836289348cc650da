"""Every manager command through the real CLI, with the rows read back from DuckDB."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
from click.testing import Result

from socialdb.cli import main
from tests.helpers import query

TABLES = ("posts", "data_downloads", "download_runs", "profiles", "tags", "profile_tags",
          "post_tags", "action_queue", "post_media", "ingested_files", "tagging_runs")
GROUPS = ("profiles", "tags", "posts", "actions", "media", "runs")
EXAMPLE_RULES = Path(__file__).resolve().parent.parent / "config" / "tag_rules.example.yaml"

Cli = Callable[..., Result]


def fingerprint(db_path: Path) -> dict[str, tuple]:
    """Row count and content hash of every table: proves a rejected command changed nothing."""
    return {t: query(db_path, f"SELECT count(*), md5(coalesce(string_agg(CAST(x AS TEXT), '|' "
                              f"ORDER BY CAST(x AS TEXT)), '')) FROM {t} x")[0] for t in TABLES}


def ok(cli: Cli, *args: str) -> Result:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


def test_every_command_has_help_with_an_example() -> None:
    commands = [main.commands["tag-posts"]]
    for group in GROUPS:
        sub = main.commands[group]
        assert isinstance(sub, click.Group)
        commands += list(sub.commands.values())
    for command in commands:
        if command.name == "import-csv":
            continue  # legacy_cmd's command, not ours
        assert command.help and "Example:" in command.help, command.name
    assert len(commands) >= 30


def test_profiles_commands(cli: Cli, loaded_path: Path) -> None:
    out = ok(cli, "profiles", "add", "jeff-quinn-1", "--name", "Jeff Quinn", "--notes", "hi").output
    assert "7 posts already stored" in out
    ok(cli, "tags", "add", "AWS", "--color", "yellow", "--description", "cloud")
    ok(cli, "tags", "add", "speakers")
    ok(cli, "profiles", "tag", "jeff-quinn-1", "aws", "speakers")
    ok(cli, "profiles", "update", "jeff-quinn-1", "--name", "J. Quinn", "--platform", "linkedin")
    ok(cli, "profiles", "deactivate", "jeff-quinn-1")
    assert query(loaded_path, "SELECT name, notes, is_active, post_count FROM profiles") == [
        ("J. Quinn", "hi", False, 7)]
    listed = json.loads(ok(cli, "profiles", "list", "--inactive", "--json").output)
    assert [(p["username"], p["tags"]) for p in listed] == [("jeff-quinn-1", ["aws", "speakers"])]
    assert json.loads(ok(cli, "profiles", "list", "--active", "--json").output) == []
    ok(cli, "profiles", "activate", "jeff-quinn-1")
    assert json.loads(ok(cli, "profiles", "list", "--tag", "aws", "--json").output)[0][
        "is_active"] is True
    shown = json.loads(ok(cli, "profiles", "show", "jeff-quinn-1", "--json").output)
    assert shown["tags"] == ["aws", "speakers"] and shown["post_count"] == 7
    assert "J. Quinn" in ok(cli, "profiles", "show", "jeff-quinn-1").output
    ok(cli, "profiles", "untag", "jeff-quinn-1", "speakers")
    assert query(loaded_path, "SELECT count(*) FROM profile_tags") == [(1,)]
    ok(cli, "profiles", "remove", "jeff-quinn-1")
    assert query(loaded_path, "SELECT count(*) FROM profiles") == [(0,)]
    assert query(loaded_path, "SELECT count(*) FROM profile_tags") == [(0,)]


def test_tags_commands(cli: Cli, loaded_path: Path) -> None:
    ok(cli, "tags", "add", "Data Eng", "--color", "Blue")
    assert query(loaded_path, "SELECT name, color FROM tags") == [("data eng", "blue")]
    ok(cli, "tags", "update", "data eng", "--color", "green", "--description", "pipelines")
    post_id = query(loaded_path, "SELECT post_id FROM posts ORDER BY post_id LIMIT 1")[0][0]
    ok(cli, "posts", "tag", post_id, "data eng", "--note", "mine")
    ok(cli, "tags", "rename", "data eng", "dataeng")
    assert query(loaded_path, "SELECT t.name, t.color, t.description, pt.applied_by, pt.system_notes "
                         "FROM tags t JOIN post_tags pt USING (tag_id)") == [
        ("dataeng", "green", "pipelines", "user", "mine")]
    listed = json.loads(ok(cli, "tags", "list", "--json").output)
    assert [(t["name"], t["posts"], t["profiles"]) for t in listed] == [("dataeng", 1, 0)]
    assert "dataeng" in ok(cli, "tags", "list").output
    ok(cli, "tags", "remove", "dataeng")
    assert query(loaded_path, "SELECT count(*) FROM post_tags") == [(0,)]
    assert query(loaded_path, "SELECT count(*) FROM tags") == [(0,)]


def test_posts_commands(cli: Cli, loaded_path: Path) -> None:
    listed = json.loads(ok(cli, "posts", "list", "--limit", "100", "--json").output)
    assert len(listed) == 18
    post = next(p for p in listed if p["snapshots"] > 1)
    urn = post["urn"]
    ok(cli, "posts", "read", urn)
    ok(cli, "posts", "mark", f"urn:li:activity:{urn}", post["post_id"])
    assert query(loaded_path, "SELECT is_read, is_marked FROM posts WHERE urn = ?", [urn]) == [
        (True, True)]
    assert [p["post_id"] for p in json.loads(
        ok(cli, "posts", "list", "--marked", "--json").output)] == [post["post_id"]]
    unread = json.loads(ok(cli, "posts", "list", "--unread", "--limit", "100", "--json").output)
    assert len(unread) == 17
    ok(cli, "posts", "unread", urn)
    ok(cli, "posts", "unmark", urn)
    assert query(loaded_path, "SELECT is_read, is_marked FROM posts WHERE urn = ?", [urn]) == [
        (False, False)]
    by_author = json.loads(ok(cli, "posts", "list", "--author", "lars-kowalski-2", "--since",
                              "2000-01-01", "--json").output)
    assert len(by_author) == 6
    ok(cli, "tags", "add", "keep")
    ok(cli, "posts", "tag", post["post_id"], "keep")
    assert [p["post_id"] for p in json.loads(
        ok(cli, "posts", "list", "--tag", "keep", "--json").output)] == [post["post_id"]]
    ok(cli, "actions", "queue", post["post_id"], "save")
    shown = json.loads(ok(cli, "posts", "show", urn, "--json").output)
    assert len(shown["history"]) == post["snapshots"]
    assert [t["name"] for t in shown["tags"]] == ["keep"]
    assert [a["action_type"] for a in shown["actions"]] == ["save"]
    assert "engagement history" in ok(cli, "posts", "show", urn).output
    ok(cli, "posts", "untag", urn, "keep")
    assert query(loaded_path, "SELECT count(*) FROM post_tags") == [(0,)]
    out = ok(cli, "posts", "remove", urn).output
    assert f"{post['snapshots']} snapshot(s)" in out
    for table in ("posts", "data_downloads", "post_media", "post_tags", "action_queue"):
        assert query(loaded_path, f"SELECT count(*) FROM {table} WHERE post_id = ?",
                     [post["post_id"]]) == [(0,)]


def test_actions_commands(cli: Cli, loaded_path: Path) -> None:
    post_id = query(loaded_path, "SELECT post_id FROM posts ORDER BY post_id LIMIT 1")[0][0]
    queued = json.loads(ok(cli, "actions", "queue", post_id, "comment", "--params",
                           '{"text": "Great \\"post\\" 🙂"}', "--priority", "3", "--note",
                           "why not", "--json").output)
    ok(cli, "actions", "queue", post_id, "save", "--at", "2999-01-01T00:00:00Z")
    claimed = json.loads(ok(cli, "actions", "next", "--json").output)
    assert claimed["action_id"] == queued["action_id"] and claimed["status"] == "in_progress"
    assert json.loads(ok(cli, "actions", "next", "--json").output) is None
    assert "no action is due" in ok(cli, "actions", "next").output
    ok(cli, "actions", "fail", queued["action_id"], "--reason", "rate limited")
    ok(cli, "actions", "retry", queued["action_id"])
    ok(cli, "actions", "complete", queued["action_id"], "--note", "posted")
    row = query(loaded_path, "SELECT status, executed_at IS NOT NULL, system_notes, action_params "
                        "FROM action_queue WHERE action_id = ?", [queued["action_id"]])[0]
    assert row[:2] == ("completed", True)
    assert "failed: rate limited" in row[2] and "completed: posted" in row[2]
    assert json.loads(row[3]) == {"text": 'Great "post" 🙂'}
    later = json.loads(ok(cli, "actions", "list", "--status", "queued", "--json").output)
    assert [a["action_type"] for a in later] == ["save"]
    ok(cli, "actions", "cancel", later[0]["action_id"])
    assert query(loaded_path, "SELECT status FROM action_queue ORDER BY status") == [
        ("cancelled",), ("completed",)]
    assert "cancelled" in ok(cli, "actions", "list").output


def test_media_runs_and_tag_posts_commands(cli: Cli, loaded_path: Path) -> None:
    media = json.loads(ok(cli, "media", "list", "--status", "pending", "--json").output)
    assert len(media) == query(loaded_path, "SELECT count(*) FROM post_media")[0][0] == 9
    assert json.loads(ok(cli, "media", "list", "--status", "completed", "--json").output) == []
    images = json.loads(ok(cli, "media", "list", "--type", "image", "--json").output)
    assert {m["media_type"] for m in images} == {"image"}
    runs = json.loads(ok(cli, "runs", "list", "--json").output)
    assert [(r["status"], r["snapshots"], r["files"]) for r in runs] == [("completed", 60, 12)]
    shown = json.loads(ok(cli, "runs", "show", runs[0]["run_id"], "--json").output)
    assert len(shown["files"]) == 12 and shown["system_info"]["socialdb"]
    assert "12 files" in ok(cli, "runs", "show", runs[0]["run_id"]).output
    report = json.loads(ok(cli, "tag-posts", "--rules", str(EXAMPLE_RULES), "--json").output)
    assert report["tags_added"] == query(loaded_path, "SELECT count(*) FROM post_tags "
                                                 "WHERE applied_by = 'rule'")[0][0] > 0
    assert "0 examined" in ok(cli, "tag-posts", "--rules", str(EXAMPLE_RULES)).output
    ok(cli, "runs", "remove", runs[0]["run_id"])
    assert query(loaded_path, "SELECT count(*) FROM data_downloads WHERE run_id IS NULL") == [(60,)]


INVALID = [
    (("profiles", "show", "nobody"), 5, "no profile"),
    (("profiles", "tag", "nobody", "aws"), 5, "no profile"),
    (("profiles", "add", "jeff-quinn-1", "--name", "Dup"), 7, "already exists"),
    (("profiles", "add", "  ", "--name", "x"), 6, "username"),
    (("profiles", "tag", "jeff-quinn-1", "aws", "unknown-tag"), 5, "no tag"),
    (("profiles", "update", "jeff-quinn-1"), 6, "nothing to change"),
    (("tags", "add", "AWS"), 7, "already exists"),
    (("tags", "add", "new", "--color", "chartreuse"), 6, "palette"),
    (("tags", "rename", "aws", "ml"), 7, "already exists"),
    (("tags", "remove", "ghost"), 5, "no tag"),
    (("posts", "show", "p-00000000"), 5, "no post"),
    (("posts", "read", "123", "7399807615448305665"), 5, "no post"),
    (("posts", "mark", "drop table posts"), 6, "not a post reference"),
    (("posts", "list", "--since", "2999-01-01"), 6, "future"),
    (("posts", "list", "--since", "last tuesday"), 6, "ISO 8601"),
    (("posts", "list", "--tag", "ghost"), 5, "no tag"),
    (("actions", "queue", "p-00000000", "save"), 5, "no post"),
    (("actions", "queue", "{post}", "like"), 6, "unknown action type"),
    (("actions", "queue", "{post}", "comment", "--params", "{oops"), 6, "not valid JSON"),
    (("actions", "queue", "{post}", "save", "--at", "2001-01-01T00:00:00"), 6, "in the past"),
    (("actions", "complete", "act-00000000"), 5, "no action"),
    (("actions", "list", "--status", "done"), 6, "unknown status"),
    (("media", "list", "--status", "weird"), 6, "unknown analysis status"),
    (("runs", "show", "run-00000000"), 5, "no run"),
    (("tag-posts", "--rules", "/nonexistent/rules.yaml"), 5, "not found"),
]


def test_invalid_input_gives_one_line_and_changes_nothing(cli: Cli, loaded_path: Path) -> None:
    ok(cli, "profiles", "add", "jeff-quinn-1", "--name", "Jeff")
    ok(cli, "tags", "add", "aws")
    ok(cli, "tags", "add", "ml")
    ok(cli, "profiles", "tag", "jeff-quinn-1", "aws")
    post_id = query(loaded_path, "SELECT post_id FROM posts ORDER BY post_id LIMIT 1")[0][0]
    before = fingerprint(loaded_path)
    for args, code, message in INVALID:
        result = cli(*[a.replace("{post}", post_id) for a in args])
        assert result.exit_code == code, (args, result.output)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], (
            args, result.stderr)
        assert result.stdout == ""
    assert fingerprint(loaded_path) == before


def test_hostile_names_round_trip_through_the_cli(cli: Cli, loaded_path: Path) -> None:
    names = ["robert'); DROP TABLE profiles;--", 'say "hi"', "ünïcødé-名前-🚀", "$1 ? %s"]
    users = [f"user-{i}" for i in range(len(names))]
    for user, name in zip(users, names, strict=True):
        assert cli("profiles", "add", name, "--name", name).exit_code == 6  # not a slug
        ok(cli, "profiles", "add", user, "--name", name, "--notes", name)
        ok(cli, "tags", "add", name, "--description", name)
        ok(cli, "profiles", "tag", user, name)
    listed = json.loads(ok(cli, "profiles", "list", "--json").output)
    assert sorted((p["username"], p["name"], p["notes"]) for p in listed) == sorted(
        zip(users, names, names, strict=True))
    assert query(loaded_path, "SELECT name, description FROM tags ORDER BY 2") == sorted(
        (n.lower(), n) for n in names)
    for user, name in zip(users, names, strict=True):
        assert [p["username"] for p in json.loads(
            ok(cli, "profiles", "list", "--tag", name, "--json").output)] == [user]
    assert "🚀" in ok(cli, "profiles", "show", users[2]).output
