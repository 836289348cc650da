"""`socialdb tui` beside the pipeline and in a real terminal.

* A real `socialdb ingest` process writes while the app is open: keys keep working,
  the ingest completes, `g` shows the new posts.
* The installed console script runs in tmux (send-keys / capture-pane): open, `m`, `q`,
  then the database is read.
* `socialdb --help` does not import Textual.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.helpers import query, scalar
from tests.tui_support import Driver, drive

SOCIALDB = Path(sys.executable).parent / "socialdb"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated month of 40 profiles (the benchmark generator): a few seconds to ingest."""
    out = tmp_path_factory.mktemp("corpus") / "raw"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate_corpus.py"), "--out",
                    str(out), "--profiles", "40", "--days", "20"], check=True,
                   capture_output=True)
    return out


def test_ingest_runs_while_the_app_is_open(loaded_path: Path, corpus: Path) -> None:
    seen: dict = {"moves": []}
    env = {**os.environ, "SOCIALDB_WRITER_HOLD_SECONDS": "1"}

    async def script(d: Driver) -> None:
        before = len(d.shown_ids())
        ingest = subprocess.Popen([str(SOCIALDB), "--db", str(loaded_path), "ingest", str(corpus)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=env)
        await asyncio.sleep(1.0)                       # the ingest is writing now
        seen["running_during_keys"] = ingest.poll() is None
        for key in ("j", "j", "k"):                    # each key moves the cursor at once
            start = time.monotonic()
            await d.pilot.press(key)
            await d.pilot.pause()
            seen["moves"].append((d.screen.table.cursor_row, time.monotonic() - start))
        await d.pilot.press("m")                       # stored when the ingest lets go
        await d.pilot.press("slash", "q", "u", "i", "n", "n")  # filter still narrows
        await d.pilot.pause()
        seen["narrowed"] = len(d.shown_ids())
        await d.pilot.press("escape")
        while ingest.poll() is None:
            await asyncio.sleep(0.2)
        seen["ingest"] = (ingest.returncode, ingest.stderr.read())
        await d.press("g")
        seen["before"], seen["after"] = before, len(d.screen.matching)
        seen["summary"] = str(d.screen.query_one("#summary").render())
        seen["cursor"] = d.cursor_id()

    drive(loaded_path, script)
    assert seen["running_during_keys"]
    assert [row for row, _ in seen["moves"]] == [1, 2, 1]
    assert all(seconds < 1.0 for _, seconds in seen["moves"])
    assert seen["ingest"][0] == 0, seen["ingest"][1]
    total = scalar(loaded_path, "SELECT count(*) FROM posts")
    assert seen["before"] == 18 and seen["after"] == total > 18
    assert f"{total:,} of {total:,} posts" in seen["summary"]
    assert 0 < seen["narrowed"] < 18
    marked = query(loaded_path, "SELECT post_id FROM posts WHERE is_marked")
    assert len(marked) == 1


def tmux(socket: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True)


def wait_for_screen(socket: str, text: str, timeout: float = 30.0) -> str:
    """capture-pane until ``text`` is on the screen."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux(socket, "capture-pane", "-p", "-t", "tui").stdout
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_console_script_in_a_real_terminal(loaded_path: Path, tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is missing: scripts/install_tools.sh installs it"
    socket = f"socialdb-test-{os.getpid()}"
    newest = query(loaded_path, "SELECT post_id FROM posts "
                                "ORDER BY posted_at_timestamp DESC, post_id DESC LIMIT 1")[0][0]
    command = f"TERM=xterm-256color {SOCIALDB} --db {loaded_path} tui; echo exited $? > {tmp_path}/rc"
    started = tmux(socket, "new-session", "-d", "-s", "tui", "-x", "150", "-y", "40", command)
    assert started.returncode == 0, started.stderr
    try:
        screen = wait_for_screen(socket, "18 of 18 posts")
        assert "jeff-quinn-1" in screen and "m mark" in screen
        tmux(socket, "send-keys", "-t", "tui", "m")
        screen = wait_for_screen(socket, "N*")
        tmux(socket, "send-keys", "-t", "tui", "q")
        deadline = time.monotonic() + 20
        while not (tmp_path / "rc").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (tmp_path / "rc").read_text().strip() == "exited 0"
    finally:
        tmux(socket, "kill-server")
    assert query(loaded_path, "SELECT post_id, is_marked, is_read FROM posts WHERE is_marked") == [
        (newest, True, False)]


def test_help_does_not_import_textual() -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "socialdb", "--help"],
                         capture_output=True, text=True, check=True)
    assert "tui" in out.stdout
    imported = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()
                if line.startswith("import time:")}
    assert "socialdb" in imported and "textual" not in imported


def test_tui_command_is_registered(cli) -> None:
    result = cli("tui", "--help")
    assert result.exit_code == 0 and "Press ? in the app for every key" in result.output
