"""A no-op is cheap: help and usage never load DuckDB, pyarrow, pandas, rich or Dagster.

`socialdb --help` used to take ~0.3 s because the CLI imported pyarrow, pandas and
the ingest engine for every command. Each test here starts a fresh interpreter
(imports are per process) and lists which heavy packages the run loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from socialdb.cli import main
from tests.conftest import SAMPLE_RAW

HEAVY = ("pyarrow", "pandas", "numpy", "duckdb", "dagster", "rich", "yaml", "textual")
_PROBE = """
import atexit, json, sys
heavy = {heavy!r}
def report():
    loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))
    sys.stderr.write("LOADED " + json.dumps(loaded) + "\\n")
atexit.register(report)
from socialdb.cli import main
for args in {runs!r}:
    try:
        main(args, prog_name="socialdb")
    except SystemExit as stop:
        if stop.code not in (0, 1, None):  # 1: some input rejected (the sample has some)
            raise
"""


def loaded_by(*runs: list[str]) -> tuple[list[str], str]:
    """Heavy packages a fresh process loaded while running these CLI invocations."""
    code = _PROBE.format(heavy=HEAVY, runs=[list(r) for r in runs])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    marker = [line for line in done.stderr.splitlines() if line.startswith("LOADED ")]
    return json.loads(marker[-1][len("LOADED "):]), done.stdout


@pytest.mark.parametrize("args", [
    ["--help"], ["--version"], ["ingest", "--help"], ["posts", "list", "--help"],
    ["actions", "queue", "--help"], ["stats", "--help"], ["tag-posts", "--help"],
])
def test_help_loads_no_heavy_module(args: list[str]) -> None:
    loaded, out = loaded_by(args)
    assert loaded == [], f"socialdb {' '.join(args)} imported {loaded}"
    assert out.strip()


def _every_command(group: click.Group, prefix: list[str]) -> list[list[str]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _every_command(command, [*prefix, name])
        else:
            found.append([*prefix, name])
    return found


def test_every_help_is_complete_and_light() -> None:
    commands = _every_command(main, [])
    assert len(commands) > 40
    loaded, out = loaded_by(*[[*c, "--help"] for c in commands])
    assert loaded == [], loaded
    # each help names its example (the sub-commands' own and the groups')
    assert out.count("Example:") >= len(commands), out
    for choice in ("autoreact", "bright_magenta", "in_progress", "analyzing", "cancelled"):
        assert choice in out  # the vocabularies reach the help texts without the managers


def test_reingest_of_unchanged_files_loads_neither_pyarrow_nor_rich(
        loaded_path: Path) -> None:
    """Nothing changed: the ledger answers, so no Arrow table and no progress bar is built."""
    loaded, out = loaded_by(["--db", str(loaded_path), "ingest", str(SAMPLE_RAW)])
    assert "0 ingested" in out and "unchanged" in out, out
    assert loaded == ["duckdb"], loaded
