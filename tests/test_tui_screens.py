"""`socialdb tui` profiles and runs screens, the post chart, and a write waiting for the lock."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from socialdb.tui.chart import engagement_chart
from tests.helpers import query, sample_record, scalar, write_json
from tests.tui_support import Driver, drive

HOLD_LOCK = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def test_profiles_screen_adds_toggles_tags_and_removes(loaded_path: Path, cli) -> None:
    cli("profiles", "add", "jeff-quinn-1", "--name", "Jeff Quinn")
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("p")
        seen["rows"] = d.screen.query_one("#profiles").row_count
        seen["first"] = [str(c) for c in d.screen.query_one("#profiles").get_row_at(0)]
        await d.press("a", *"lars-okafor-0", "tab", *"Lars Okafor", "enter")
        seen["added"] = [p["username"] for p in d.screen.profiles]
        await d.press("j", "space")                     # lars-okafor-0 deactivated
        await d.press("t", *"Speaker", "enter")          # a new tag on lars-okafor-0
        await d.press("k", "d", "n")                     # asked, declined
        await d.press("d", "y")                          # jeff-quinn-1 removed
        seen["left"] = [p["username"] for p in d.screen.profiles]
        await d.press("escape")
        seen["back"] = type(d.screen).__name__

    drive(loaded_path, script)
    assert seen["rows"] == 1
    assert seen["first"][:5] == ["jeff-quinn-1", "Jeff Quinn", "linkedin", "yes", "7"]
    assert seen["added"] == ["jeff-quinn-1", "lars-okafor-0"]
    assert seen["left"] == ["lars-okafor-0"] and seen["back"] == "PostsScreen"
    assert query(loaded_path, "SELECT username, name, is_active, post_count FROM profiles") == [
        ("lars-okafor-0", "Lars Okafor", False, 5)]
    assert query(loaded_path, "SELECT t.name FROM profile_tags JOIN tags t USING (tag_id)") == [
        ("speaker",)]


def test_runs_screen_shows_history_and_rejected_files(loaded_path: Path, tmp_path: Path,
                                                      cli) -> None:
    bad = tmp_path / "bad" / "20251005" / "linkedin"
    write_json(bad / "dataset_jeff-quinn-1_2025-10-05_00-00-00-1.json", [{"text": "no id"}])
    (bad / "dataset_jeff-quinn-1_2025-10-05_06-00-00-2.json").write_text("[{not json")
    assert cli("ingest", str(tmp_path / "bad")).exit_code == 1
    seen: dict = {}

    async def script(d: Driver) -> None:
        await d.press("h")
        table = d.screen.query_one("#runs")
        seen["rows"] = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        await d.press("enter")
        seen["detail"] = str(d.screen.query_one("#run-files").render())

    drive(loaded_path, script)
    runs = query(loaded_path, "SELECT run_id, status FROM download_runs ORDER BY started_at DESC")
    assert [(r[2], r[1]) for r in seen["rows"]] == runs and len(runs) == 2
    assert seen["rows"][0][-1] == "yes" and seen["rows"][1][-1] == ""
    errors = query(loaded_path, "SELECT file_name, error FROM ingested_files "
                                "WHERE run_id = ? ORDER BY file_name", [runs[0][0]])
    assert "rejected or partial files: 2" in seen["detail"]
    for name, error in errors:
        assert name in seen["detail"] and error and error.splitlines()[0][:40] in seen["detail"]


def test_a_write_waiting_for_the_lock_shows_a_status_and_the_screen_stays_live(
        loaded_path: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(loaded_path), "3"],
                                  stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        first = d.cursor_id()
        await d.pilot.press("m")                       # the write waits for the lock
        await asyncio.sleep(1.0)
        await d.pilot.pause()
        seen["status"] = d.app.status_text
        seen["holding"] = holder.poll() is None        # nothing could be stored yet
        await d.pilot.press("j", "j")                  # keys still work meanwhile
        await d.pilot.pause()
        seen["moved"] = d.cursor_id() != first
        seen["flags"] = str(d.screen.table.get_row_at(0)[6])
        await d.settle()                               # the holder lets go after 3 s
        holder.wait(10)
        seen["first"] = first
        seen["after"] = d.app.status_text

    drive(loaded_path, script)
    assert "busy" in seen["status"] and "waiting for the lock" in seen["status"]
    assert seen["holding"] and seen["moved"] and seen["flags"] == "N*"
    assert scalar(loaded_path, "SELECT is_marked FROM posts WHERE post_id = ?",
                  [seen["first"]]) is True
    assert seen["after"] == ""


def test_chart_draws_the_post_and_the_author_median() -> None:
    chart = engagement_chart([(1, 10), (6, 50), (12, 100)], [(6, 20), (24, 60)],
                             width=40, height=5).plain.splitlines()
    assert len(chart) == 7 and chart[0].strip().startswith("100")
    assert "█" in chart[0] and "─" in "".join(chart[:5])
    assert chart[-1].strip() == "█ this post   ─ author's median"
    last_bar = 20                     # 24 h over 40 columns: 12 h (+ one column) is column 20
    for line in chart[:5]:
        assert set(line[8 + last_bar + 1:]) <= {" ", "─"}  # no bars after the last snapshot
    assert chart[4][8 + last_bar] in "█━"               # full bar (the median may cross it)
    assert engagement_chart([], None).plain == "no snapshots yet"


def test_a_refused_write_is_undone_on_screen(loaded_path: Path) -> None:
    seen: dict = {}

    async def script(d: Driver) -> None:
        gone = d.cursor_id()
        removed = subprocess.run([sys.executable, "-m", "socialdb", "--db", str(loaded_path),
                                  "posts", "remove", gone], capture_output=True, text=True)
        assert removed.returncode == 0, removed.stderr
        await d.press("m")                             # that post no longer exists
        seen["status"] = d.app.status_text
        seen["flags"] = str(d.screen.table.get_row_at(0)[6])
        await d.press("g")
        seen["ids"] = d.shown_ids()
        seen["gone"] = gone

    drive(loaded_path, script)
    assert seen["status"] == f"error: no post {seen['gone']!r}"
    assert seen["flags"] == "N "                      # the mark was taken back
    assert seen["gone"] not in seen["ids"] and len(seen["ids"]) == 17
    assert scalar(loaded_path, "SELECT count(*) FROM posts WHERE is_marked") == 0


def test_hostile_text_is_shown_as_text(loaded_path: Path, tmp_path: Path, cli) -> None:
    hostile = "[/] [bold]not bold[/bold] \x1b[31mred\x1b[0m [link=http://x]y[/link] ["
    record = sample_record("7500000000000000001", text=hostile, reactions=3)
    record["author"]["username"] = "odd[/]name"
    record["posted_at"]["timestamp"] = 1759536000000  # 2025-10-04: the newest post
    raw = tmp_path / "raw" / "20251004" / "linkedin"
    write_json(raw / "dataset_odd_2025-10-04_00-00-00-1.json", [record])
    assert cli("ingest", str(tmp_path / "raw")).exit_code == 0
    cli("profiles", "add", "odd-name", "--name", "[b]Odd[/b]")
    seen: dict = {}

    async def script(d: Driver) -> None:
        row = [c.plain for c in d.screen.table.get_row_at(0)[1:10:8]]
        seen["row"] = row
        await d.press("slash", "[", "/", "]")          # the filter line takes brackets too
        seen["matches"] = len(d.screen.matching)
        await d.press("enter", "enter")
        seen["body"] = str(d.screen.query_one("#body").render())
        seen["meta"] = str(d.screen.query_one("#meta").render())
        await d.press("escape", "p")
        seen["profile"] = [c.plain for c in d.screen.query_one("#profiles").get_row_at(0)[:2]]
        await d.press("escape", "M")
        seen["picker"] = type(d.screen).__name__

    drive(loaded_path, script)
    assert seen["row"][0] == "odd[/]name" and seen["row"][1].startswith("[/] [bold]not bold")
    assert "\x1b" not in seen["row"][1] and "␛[31m" in seen["row"][1]
    assert seen["matches"] == 1
    assert "[/] [bold]not bold[/bold] ␛[31mred" in seen["body"] and "\x1b" not in seen["body"]
    assert "odd[/]name" in seen["meta"]
    assert seen["profile"] == ["odd-name", "[b]Odd[/b]"] and seen["picker"] == "ActionPicker"
