"""Hostile command-line arguments end in one `error:` line, exit 6 and nothing stored.

Found when tried as an attacker: ``--params`` nested 2,000 deep and a 20-digit
``--limit`` ended in tracebacks, and ``NaN`` in ``--params`` was stored as text no
JSON reader accepts. Every integer option and every JSON input is covered here,
with the database fingerprinted before and after.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from socialdb.db import Database
from socialdb.errors import ValidationError
from socialdb.managers import MediaManager
from tests.helpers import query
from tests.test_cli_managers import Cli, fingerprint

HUGE = "99999999999999999999"


def _post(db_path: Path) -> str:
    return query(db_path, "SELECT post_id FROM posts ORDER BY post_id LIMIT 1")[0][0]


def assert_refused(cli: Cli, db_path: Path, *args: str) -> str:
    """Exit 6, exactly one line on stderr starting with `error:`, no change stored."""
    before = fingerprint(db_path)
    result = cli(*args)
    assert result.exit_code == 6, (args[:4], result.output[:500])
    assert result.stdout == "", result.stdout[:500]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr[:500]
    assert "Traceback" not in result.stderr
    assert fingerprint(db_path) == before
    return lines[0]


def _nested(depth: int, opener: str = '{"a": ', closer: str = "}") -> str:
    return opener * depth + "1" + closer * depth


@pytest.mark.parametrize(("params", "says"), [
    (_nested(2000), "nested more than 32 levels"),
    (_nested(2000, "[", "]").join(['{"a": ', "}"]), "nested more than 32 levels"),
    (_nested(33), "nested more than 32 levels"),
    ('{"a": NaN}', "NaN is not a JSON number"),
    ('{"a": Infinity}', "Infinity is not a JSON number"),
    ('{"a": [-Infinity]}', "-Infinity is not a JSON number"),
    ('{"a": 1e400}', "JSON cannot store"),
    ('{"a": ' + "9" * 5000 + "}", "not valid JSON"),
    ('{"a": "\\ud800"}', "not valid Unicode"),
    ('{"a": ', "not valid JSON"),
    ("[1, 2]", "must be a JSON object"),
])
def test_bad_params_are_refused(cli: Cli, loaded_path: Path, params: str, says: str) -> None:
    line = assert_refused(cli, loaded_path, "actions", "queue", _post(loaded_path), "save",
                          "--params", params)
    assert says in line and "--params" in line


def test_params_at_the_depth_limit_are_stored_as_json(cli: Cli, loaded_path: Path) -> None:
    result = cli("actions", "queue", _post(loaded_path), "save", "--params", _nested(32))
    assert result.exit_code == 0, result.output
    stored = query(loaded_path, "SELECT action_params, json_valid(action_params) "
                                "FROM action_queue")
    assert len(stored) == 1 and stored[0][1] is True
    assert json.loads(stored[0][0]) == json.loads(_nested(32))


@pytest.mark.parametrize("group", ["posts", "runs", "media", "actions"])
@pytest.mark.parametrize("limit", [HUGE, "-" + HUGE, "0", "1000000001"])
def test_limits_out_of_range_are_refused(cli: Cli, loaded_path: Path, group: str,
                                         limit: str) -> None:
    line = assert_refused(cli, loaded_path, group, "list", "--limit", limit)
    assert "--limit must be between 1 and 1,000,000,000" in line


@pytest.mark.parametrize("group", ["posts", "runs", "media", "actions"])
def test_largest_limit_is_accepted(cli: Cli, loaded_path: Path, group: str) -> None:
    result = cli(group, "list", "--limit", "1000000000", "--json")
    assert result.exit_code == 0, result.output
    assert isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize("priority", [HUGE, "-" + HUGE, "2147483648", "-2147483649"])
def test_priority_out_of_range_is_refused(cli: Cli, loaded_path: Path, priority: str) -> None:
    line = assert_refused(cli, loaded_path, "actions", "queue", _post(loaded_path), "save",
                          "--priority", priority)
    assert "--priority must be between -2,147,483,648 and 2,147,483,647" in line


def test_priority_bounds_are_accepted(cli: Cli, loaded_path: Path) -> None:
    post = _post(loaded_path)
    for priority, kind in (("2147483647", "save"), ("-2147483648", "bookmark")):
        assert cli("actions", "queue", post, kind, "--priority", priority).exit_code == 0
    assert sorted(query(loaded_path, "SELECT priority FROM action_queue")) == [
        (-2147483648,), (2147483647,)]


def test_argument_that_is_not_utf8_is_refused(loaded_path: Path) -> None:
    before = fingerprint(loaded_path)
    done = subprocess.run(
        [sys.executable, "-m", "socialdb", "--db", str(loaded_path), "tags", "add", b"bad\xff"],
        capture_output=True, timeout=60)
    assert done.returncode == 6, done.stderr
    assert done.stdout == b""
    assert done.stderr == (b"error: argument 5 (bad\\xff) is not valid UTF-8; "
                           b"socialdb stores text as UTF-8\n")
    assert fingerprint(loaded_path) == before


def test_manager_api_refuses_the_same(loaded: Database, loaded_path: Path) -> None:
    media_id = query(loaded_path, "SELECT media_id FROM post_media LIMIT 1")[0][0]
    before = fingerprint(loaded_path)
    media = MediaManager(loaded)
    for analysis in ({"score": float("nan")}, '{"score": NaN}', {"a": [1e400 * 2]},
                     json.loads(_nested(40))):
        with pytest.raises(ValidationError):
            media.set_analysis(media_id, "completed", analysis)
    assert fingerprint(loaded_path) == before
    done = media.set_analysis(media_id, "completed", {"labels": ["chart"], "score": 0.5})
    assert json.loads(done["ai_analysis"]) == {"labels": ["chart"], "score": 0.5}
