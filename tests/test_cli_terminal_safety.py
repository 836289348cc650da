"""Stored text cannot drive the terminal: every command shows control characters inertly.

A hostile Apify file (escape sequences in the post text, the author, a media URL
and the file name) is ingested through the real CLI, hostile profile, tag and
action text is added through the CLI, and every command that prints stored text
is run: its bytes must hold no ESC, BEL, CR, DEL or C1 control, while the text
itself is still shown (as visible stand-ins) and stored verbatim. ``--json``
output must parse back to exactly the stored text. A pseudo-terminal run checks
the same where rich draws for a real terminal.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from socialdb.cli import main
from socialdb.cli.output import json_text, neutralize
from tests.helpers import query, sample_record, write_json

# OSC 0 (window title), OSC 52 (clipboard write), CSI 2J (clear screen), an 8-bit
# CSI, a carriage return that would hide what precedes it, NEL, DEL, a DCS start.
EVIL = "\x1b]0;pwned\x07|\x1b]52;c;cHduZWQ=\x07|\x1b[2J|\x9b31m|\rover|\x85|\x7f|\x1bP"
SHOWN = "␛]0;pwned␇|␛]52;c;cHduZWQ=␇|␛[2J|\\x9b31m|␍over|\\x85|␡|␛P"
URN = "7000000000000000001"
FILE_NAME = f"dataset_evil{EVIL}_2025-10-01_12-00-00-7.json"
# Raw control bytes as they reach a terminal (C1 controls arrive UTF-8 encoded).
RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")

Cli = Callable[..., Result]


def assert_inert(data: bytes, *, shown: bool = True) -> None:
    """No raw control byte is left; the hostile text is shown as visible stand-ins."""
    found = RAW_CONTROL.search(data)
    assert found is None, f"raw control {found.group()!r} in {data[:2000]!r}"
    if shown:
        assert SHOWN.encode() in data, data[:2000]


def run(db_path: Path, *args: str) -> tuple[int, bytes]:
    """The real CLI in-process; stdout and stderr bytes together."""
    result = CliRunner().invoke(main, ["--db", str(db_path), *args], catch_exceptions=False)
    return result.exit_code, result.stdout_bytes + result.stderr_bytes


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A database built through the CLI from hostile input; also the ingest's output."""
    root = tmp_path_factory.mktemp("hostile")
    raw = root / f"raw{EVIL}"
    record = sample_record(
        URN, text=f"first line\n\tindented {EVIL}",
        author={"first_name": "Eve", "last_name": EVIL, "username": f"evil{EVIL}",
                "profile_url": "https://www.linkedin.com/in/evil"},
        media={"type": "image", "url": f"https://img.example/{EVIL}",
               "images": [{"url": f"https://img.example/a{EVIL}", "width": 1, "height": 2}]},
    )
    write_json(raw / "20251001" / FILE_NAME, [record, {"urn": EVIL}])
    (raw / "20251001" / f"dataset_bad{EVIL}_2025-10-01_12-00-01-7.json").write_text("[" + EVIL)
    db_path = root / "socialdb.duckdb"
    code, ingest_out = run(db_path, "ingest", str(raw))
    assert code == 1, ingest_out  # one record and one file rejected, the rest stored
    refused = run(db_path, "profiles", "add", f"evil{EVIL}", "--name", EVIL)
    assert refused[0] == 6, refused  # usernames are slugs: escapes never reach a file name
    assert_inert(refused[1], shown=False)
    for args in (("profiles", "add", "evil", "--name", EVIL, "--notes", EVIL),
                 ("tags", "add", "t-evil", "--description", EVIL),
                 ("profiles", "tag", "evil", "t-evil"),
                 ("posts", "tag", URN, "t-evil", "--note", EVIL),
                 ("actions", "queue", URN, "comment", "--params", json.dumps({"text": EVIL}),
                  "--note", EVIL)):
        code, out = run(db_path, *args)
        assert code == 0, (args, out)
        assert_inert(out, shown=False)
    return root, db_path, ingest_out


def test_text_is_stored_verbatim(hostile: tuple[Path, Path, bytes]) -> None:
    _root, db_path, _out = hostile
    assert query(db_path, "SELECT author_username, text_content FROM posts") == [
        (f"evil{EVIL}", f"first line\n\tindented {EVIL}")]
    assert (FILE_NAME,) in query(db_path, "SELECT file_name FROM ingested_files")
    assert query(db_path, "SELECT name, notes FROM profiles") == [(EVIL, EVIL)]
    assert query(db_path, "SELECT description FROM tags") == [(EVIL,)]
    params = query(db_path, "SELECT action_params, user_notes FROM action_queue")
    assert [(json.loads(p), n) for p, n in params] == [({"text": EVIL}, EVIL)]


def test_ingest_output_is_inert(hostile: tuple[Path, Path, bytes]) -> None:
    assert_inert(hostile[2])


@pytest.mark.parametrize("args", [
    ("posts", "list"), ("posts", "show", URN), ("runs", "list"), ("stats",),
    ("media", "list"), ("tags", "list"), ("profiles", "list"), ("actions", "list"),
])
def test_human_output_is_inert(hostile: tuple[Path, Path, bytes], args: tuple[str, ...]) -> None:
    _root, db_path, _out = hostile
    code, out = run(db_path, *args)
    assert code == 0, out
    # runs list shows no stored text; actions list shows ids only (text via --json)
    assert_inert(out, shown=args not in (("runs", "list"), ("actions", "list")))


def test_action_output_is_inert(hostile: tuple[Path, Path, bytes]) -> None:
    code, out = run(hostile[1], "actions", "next")
    assert code == 0, out
    assert_inert(out, shown=False)
    assert b'{"text": "\\u001b]0;pwned\\u0007|' in out  # the stored JSON text, as stored


def test_runs_show_and_profile_show_are_inert(hostile: tuple[Path, Path, bytes]) -> None:
    _root, db_path, _out = hostile
    run_id = query(db_path, "SELECT run_id FROM download_runs")[0][0]
    for args in (("runs", "show", run_id), ("profiles", "show", "evil")):
        code, out = run(db_path, *args)
        assert code == 0, out
        assert_inert(out)


def test_posts_show_keeps_newlines_and_tabs(hostile: tuple[Path, Path, bytes]) -> None:
    code, out = run(hostile[1], "posts", "show", URN)
    assert code == 0
    assert f"first line\n\tindented {SHOWN}".encode() in out


def test_error_lines_are_inert(hostile: tuple[Path, Path, bytes]) -> None:
    _root, db_path, _out = hostile
    for args in (("tags", "remove", f"x{EVIL}"), ("profiles", "show", f"x{EVIL}"),
                 ("posts", "list", "--since", EVIL), ("actions", "fail", EVIL, "--reason", "x")):
        code, out = run(db_path, *args)
        assert code in (5, 6), (args, out)
        assert out.startswith(b"error: ") and out.count(b"\n") == 1, out
        assert_inert(out, shown=False)
    for args in ((f"x{EVIL}",), ("posts", "list", f"--x{EVIL}")):  # click's usage errors
        code, out = run(db_path, *args)
        assert code == 2, (args, out)
        assert_inert(out, shown=False)
        assert b"pwned" in out, out


@pytest.mark.parametrize("args", [
    ("posts", "list", "--json"), ("posts", "show", URN, "--json"), ("stats", "--json"),
    ("media", "list", "--json"), ("actions", "list", "--json"), ("profiles", "list", "--json"),
    ("tags", "list", "--json"),
])
def test_json_output_is_exact_and_inert(hostile: tuple[Path, Path, bytes],
                                        args: tuple[str, ...]) -> None:
    code, out = run(hostile[1], *args)
    assert code == 0, out
    assert_inert(out, shown=False)
    assert any(EVIL in text for text in _strings(json.loads(out)))  # read back: verbatim


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_json_escapes_c1_and_del_but_keeps_the_data() -> None:
    value = {"a": "\x9b2J\x85\x7f\x1b é \udcff"}
    text = json_text(value)
    assert "\\u009b" in text and "\\u0085" in text and "\\u007f" in text and "\\u001b" in text
    assert json.loads(text) == value
    assert neutralize("a\x1bb\x9bc\tz\n\udcff") == "a␛b\\x9bc\tz\n\\xff"


def _read_pty(args: list[str], env: dict[str, str]) -> bytes:
    """Run a command with stdout and stderr on a pseudo-terminal; all it wrote."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower,
                             env=env, close_fds=True)
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert child.wait(timeout=30) == 0, b"".join(chunks)
    return b"".join(chunks)


@pytest.mark.parametrize("args", [("posts", "show", URN), ("posts", "list"), ("stats",)])
def test_on_a_real_terminal(hostile: tuple[Path, Path, bytes], args: tuple[str, ...]) -> None:
    _root, db_path, _out = hostile
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200", "LINES": "50"}
    env.pop("NO_COLOR", None)
    out = _read_pty([sys.executable, "-m", "socialdb", "--db", str(db_path), *args], env)
    # rich styles tables with SGR sequences (ESC [ ... m) and the terminal turns \n into
    # \r\n: those are ours; nothing else may be a control character.
    assert b"\x1b[" in out or args == ("posts", "show", URN)
    ours = re.sub(rb"\x1b\[[0-9;]*m", b"", out).replace(b"\r\n", b"\n")
    assert_inert(ours, shown=False)
    assert "␛]0;pwned␇".encode() in ours


def test_import_csv_output_is_inert(tmp_path: Path) -> None:
    """The watch-list import names its file and quotes malformed rows: both inert."""
    csv_path = tmp_path / f"list{EVIL}.csv"
    row = EVIL.replace("\r", "")  # CR ends a CSV row; the file name keeps the whole EVIL
    csv_path.write_text(f"name,username\nEve {row},eve-evil\n{row}\n", encoding="utf-8")
    db_path = tmp_path / "socialdb.duckdb"
    code, out = run(db_path, "profiles", "import-csv", str(csv_path))
    assert code in (0, 1), out
    assert_inert(out)
    assert query(db_path, "SELECT username, name FROM profiles") == [("eve-evil", f"Eve {row}")]
