"""`socialdb tui` posts screen and its pickers, driven by Textual's pilot on a real database.

Each test presses keys as a person would and then reads the database back (flags,
queued actions, tags) and what the table shows (rows, order, filters).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from socialdb.db import Database
from socialdb.managers import PostManager
from tests.helpers import query, scalar
from tests.tui_support import (
    EXTRA_AUTHOR,
    Driver,
    add_generated_posts,
    drive,
    write_generated_posts,
)


@pytest.fixture
def tui_db(loaded_path: Path, tmp_path: Path) -> Path:
    """The shared samples plus generated posts of a second author."""
    add_generated_posts(loaded_path, tmp_path / "extra")
    return loaded_path


def newest_first(db_path: Path) -> list[str]:
    return [r[0] for r in query(db_path, "SELECT post_id FROM posts "
                                         "ORDER BY posted_at_timestamp DESC, post_id DESC")]


def latest_reactions(db_path: Path) -> dict[str, int]:
    """Each post's reactions in its newest snapshot, straight from data_downloads."""
    return dict(query(db_path, "SELECT post_id, arg_max(total_reactions, downloaded_at) "
                               "FROM data_downloads GROUP BY post_id"))


def test_posts_screen_lists_every_post_newest_first(tui_db: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        seen["ids"] = d.shown_ids()
        seen["summary"] = str(d.screen.query_one("#summary").render())
        seen["first"] = [str(c) for c in d.screen.table.get_row_at(0)]

    drive(tui_db, script)
    total = scalar(tui_db, "SELECT count(*) FROM posts")
    assert len(seen["ids"]) == total == 21
    assert seen["ids"] == newest_first(tui_db)
    assert f"{total} of {total} posts" in seen["summary"]
    assert seen["first"][1] == EXTRA_AUTHOR and seen["first"][6].startswith("N")


def test_moving_and_toggling_read_and_marked_are_stored(tui_db: Path) -> None:
    order = newest_first(tui_db)
    cursor: list = []

    async def script(d: Driver) -> None:
        await d.press("j", "j", "m")          # third post marked
        await d.press("k", "u")               # second post read
        await d.press("down", "down", "m", "m")  # fourth: marked and unmarked again
        cursor.append(d.cursor_id())
        cursor.append([str(c) for c in d.screen.table.get_row_at(2)][6])

    drive(tui_db, script)
    flags = dict(query(tui_db, "SELECT post_id, (is_read, is_marked) FROM posts"))
    assert flags[order[2]] == (False, True)
    assert flags[order[1]] == (True, False)
    assert flags[order[3]] == (False, False)
    assert sum(read for read, _ in flags.values()) == 1
    assert cursor[0] == order[3] and cursor[1] == "N*"


def test_enter_opens_the_post_marks_it_read_and_r_shows_the_raw_json(tui_db: Path) -> None:
    order = newest_first(tui_db)
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("enter")
        seen["screen"] = type(d.screen).__name__
        seen["meta"] = str(d.screen.query_one("#meta").render())
        seen["body"] = str(d.screen.query_one("#body").render())
        seen["chart"] = str(d.screen.query_one("#chart").render())
        seen["snapshots"] = d.screen.query_one("#snapshots").row_count
        await d.press("r")
        seen["raw"] = str(d.screen.query_one("#raw-json").render())
        await d.press("escape", "escape")
        seen["back"] = type(d.screen).__name__
        seen["flags"] = [str(c) for c in d.screen.table.get_row_at(0)][6]

    drive(tui_db, script)
    post = query(tui_db, "SELECT is_read, text_content, url, raw_json FROM posts "
                         "WHERE post_id = ?", [order[0]])[0]
    assert seen["screen"] == "PostScreen" and post[0] is True
    assert EXTRA_AUTHOR in seen["meta"] and post[2] in seen["meta"]
    assert seen["body"] == post[1]
    assert "this post" in seen["chart"] and seen["snapshots"] == 1
    assert json.loads(seen["raw"]) == json.loads(post[3])
    assert seen["back"] == "PostsScreen" and seen["flags"].strip() == ""


def test_action_picker_queues_the_selected_actions(tui_db: Path) -> None:
    order = newest_first(tui_db)
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("M", "a", "c", "s", "s")          # s toggled on and off again
        seen["lit"] = [w.id for w in d.screen.query(".choice.on")]
        await d.press("enter")                          # a comment needs its text
        seen["problem"] = str(d.screen.query_one("#problem").render())
        await d.press("tab", *"for later", "tab", *"Great post!", "enter")
        seen["cell"] = str(d.screen.table.get_row_at(0)[7])
        await d.press("j", "M", "b", "escape")          # cancelled: nothing queued
        await d.press("k", "M", "a", "r", "enter")       # autoreact again: already queued
        seen["status"] = d.app.status_text

    drive(tui_db, script)
    assert seen["lit"] == ["choice-autoreact", "choice-comment"]
    assert "comment needs its text" in seen["problem"]
    rows = query(tui_db, "SELECT post_id, action_type, action_params, user_notes, status "
                         "FROM action_queue ORDER BY action_type")
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [
        (order[0], "autoreact", "for later", "queued"),
        (order[0], "comment", "for later", "queued"),
        (order[0], "repost", None, "queued")]
    assert json.loads(rows[1][2]) == {"text": "Great post!"}
    assert seen["cell"] == "ac"
    assert "repost" in seen["status"] and "autoreact already queued" in seen["status"]


def test_tag_picker_creates_a_tag_and_completes_existing_ones(tui_db: Path) -> None:
    order = newest_first(tui_db)
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("t", *"Launch", "enter")          # new tag, lower-cased
        await d.press("j", "t", *"lau")
        seen["known"] = str(d.screen.query_one("#known").render())
        for _ in range(100):                            # the suggestion arrives async
            if d.screen.query_one("#tag-name")._suggestion == "launch":
                break
            await d.pilot.pause(0.02)
        await d.press("right", "enter")                 # completion: launch
        seen["cells"] = [str(d.screen.table.get_row_at(i)[8]) for i in (0, 1)]
        await d.press("t", "escape")

    drive(tui_db, script)
    rows = query(tui_db, "SELECT pt.post_id, t.name, pt.applied_by FROM post_tags pt "
                         "JOIN tags t USING (tag_id) ORDER BY pt.post_id")
    assert sorted(rows) == sorted([(order[0], "launch", "user"), (order[1], "launch", "user")])
    assert scalar(tui_db, "SELECT count(*) FROM tags") == 1
    assert "launch" in seen["known"] and seen["cells"] == ["launch", "launch"]


def test_s_cycles_the_sort_orders(tui_db: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        for _ in range(4):
            await d.press("s")
            seen[d.screen.sort] = d.shown_ids()
        seen["summary"] = str(d.screen.query_one("#summary").render())

    drive(tui_db, script)
    reactions = latest_reactions(tui_db)
    by_reactions = [reactions[i] for i in seen["reactions"]]
    assert by_reactions == sorted(by_reactions, reverse=True)
    assert seen["newest"] == newest_first(tui_db)
    posts = PostManager(Database(tui_db))
    for order in ("rising", "velocity", "reactions"):  # the same order as the manager's SQL
        assert seen[order] == [r["post_id"] for r in posts.list(sort=order, limit=100)]
    assert seen["rising"] != seen["newest"]
    assert seen["summary"].startswith("sort newest")


def test_filter_line_narrows_by_author_or_text_as_you_type(tui_db: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("slash", *"mei")
        seen["author"] = d.shown_ids()
        await d.press("backspace", "backspace", "backspace", *"café")
        seen["text"] = d.shown_ids()
        await d.press("enter", "j")                     # the filter stays, keys work again
        seen["kept"] = d.shown_ids()
        await d.press("escape")
        seen["cleared"] = d.shown_ids()

    drive(tui_db, script)
    mei = [r[0] for r in query(tui_db, "SELECT post_id FROM posts WHERE author_username = ? "
                                       "ORDER BY posted_at_timestamp DESC", [EXTRA_AUTHOR])]
    cafe = [r[0] for r in query(tui_db, "SELECT post_id FROM posts "
                                        "WHERE text_content LIKE '%café%'")]
    assert seen["author"] == mei and len(mei) == 3
    assert seen["text"] == seen["kept"] == cafe and len(cafe) == 1
    assert len(seen["cleared"]) == 21


def test_filter_panel_filters_by_author_date_and_reactions(tui_db: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("f", *"lars", "tab", "tab", "tab", *"2025-09-30", "tab", "tab", *"200",
                      "enter")
        seen["ids"] = d.shown_ids()
        seen["summary"] = str(d.screen.query_one("#summary").render())
        await d.press("f", "tab", "tab", "tab", "tab", *"2025-13-01", "enter")
        seen["problem"] = str(d.screen.query_one("#problem").render())
        await d.press("escape", "f")
        seen["panel"] = type(d.screen).__name__
        await d.press("end", "x", "enter")              # author 'larsx': nothing matches
        seen["none"] = d.shown_ids()
        await d.press("f", "ctrl+r")
        seen["all"] = d.shown_ids()

    drive(tui_db, script)
    expected = [r[0] for r in query(
        tui_db, "SELECT post_id FROM posts p WHERE author_username LIKE '%lars%' "
                "AND to_timestamp(posted_at_timestamp)::DATE >= DATE '2025-09-30' "
                "AND (SELECT arg_max(total_reactions, downloaded_at) FROM data_downloads d "
                "     WHERE d.post_id = p.post_id) >= 200 "
                "ORDER BY posted_at_timestamp DESC, post_id DESC")]
    assert seen["ids"] == expected and 0 < len(expected) < 11
    assert "author lars" in seen["summary"] and "min reactions 200" in seen["summary"]
    assert "until" in seen["problem"] and "2025-13-01" in seen["problem"]
    assert seen["panel"] == "FilterPanel"
    assert seen["none"] == [] and len(seen["all"]) == 21


def test_unread_and_marked_only(tui_db: Path) -> None:
    order = newest_first(tui_db)
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("u", "j", "m", "f")
        await d.pilot.click("#unread_only")
        await d.pilot.click("#marked_only")
        await d.press("escape")  # cancelled: nothing changes
        seen["cancelled"] = len(d.shown_ids())
        await d.press("f")
        await d.pilot.click("#unread_only")
        await d.settle()
        d.screen.query_one("#author").focus()
        await d.press("enter")
        seen["unread"] = d.shown_ids()
        await d.press("f")
        await d.pilot.click("#unread_only")
        await d.pilot.click("#marked_only")
        d.screen.query_one("#author").focus()
        await d.press("enter")
        seen["marked"] = d.shown_ids()

    drive(tui_db, script)
    assert seen["cancelled"] == 21
    assert seen["unread"] == order[1:]
    assert seen["marked"] == [order[1]]


def test_o_opens_the_link_or_copies_it(tui_db: Path) -> None:
    order = newest_first(tui_db)
    opened: list[str] = []
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("o")
        seen["status"] = d.app.status_text
        d.app.opener = lambda url: False                # no browser on this machine
        await d.press("j", "o")
        seen["copied"] = d.app.clipboard
        seen["status2"] = d.app.status_text

    drive(tui_db, script, opener=lambda url: opened.append(url) or True)
    urls = dict(query(tui_db, "SELECT post_id, url FROM posts"))
    assert opened == [urls[order[0]]] and "opened" in seen["status"]
    assert seen["copied"] == urls[order[1]] and "copied" in seen["status2"]


def test_g_and_the_timer_pick_up_new_posts_keeping_the_cursor(loaded_path: Path,
                                                              tmp_path: Path) -> None:
    before = newest_first(loaded_path)
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("j", "j", "j")
        seen["cursor"] = d.cursor_id()
        add_generated_posts(loaded_path, tmp_path / "new")  # the app holds no connection
        await d.press("g")
        seen["ids"] = d.shown_ids()
        seen["after"] = d.cursor_id()

    drive(loaded_path, script)
    assert seen["cursor"] == before[3] == seen["after"]
    assert len(seen["ids"]) == len(before) + 3
    assert seen["ids"][3:] == before


def test_help_lists_every_key_and_q_quits(tui_db: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("question_mark")
        seen["screen"] = type(d.screen).__name__
        console = Console(width=220, record=True, file=io.StringIO())
        console.print(d.screen.query_one("#help Static").content)
        seen["text"] = console.export_text()
        await d.press("escape", "q")

    app = drive(tui_db, script)
    assert seen["screen"] == "HelpScreen"
    from socialdb.tui.help_screen import KEYS

    for _screen, key, what in KEYS:
        assert key in seen["text"] and what in seen["text"]
    assert app.return_code in (0, None)


def test_the_timer_refreshes_without_a_key(loaded_path: Path, tmp_path: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("j")
        seen["cursor"] = d.cursor_id()
        new = write_generated_posts(tmp_path / "new")   # another process ingests it
        ingest = subprocess.run([sys.executable, "-m", "socialdb", "--db", str(loaded_path),
                                 "ingest", str(new)], capture_output=True, text=True)
        assert ingest.returncode == 0, ingest.stderr
        for _ in range(100):                            # the timer fires every 0.5 s here
            if len(d.screen.matching) == 21:
                break
            await d.pilot.pause(0.05)
        await d.settle()
        seen["count"], seen["after"] = len(d.screen.matching), d.cursor_id()

    drive(loaded_path, script, refresh_seconds=0.5)
    assert seen["count"] == 21 and seen["after"] == seen["cursor"]
