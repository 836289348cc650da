"""``socialdb tui``: the terminal triage viewer (Textual is imported only when it runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option

if TYPE_CHECKING:
    from socialdb.db import Database


@click.command("tui")
@db_option
def tui_command(db: Database) -> None:
    """Read, mark, tag and queue actions on posts in a terminal app.

    It opens a short connection per action, so `socialdb ingest` or a Dagster run can
    write while it is open. Press ? in the app for every key.

    \b
    Example:
      socialdb tui
      socialdb --db data/socialdb.duckdb tui
    """
    from socialdb.tui.app import run

    run(db.path)


def register(main: click.Group) -> None:
    """Add ``tui`` to the main group."""
    main.add_command(tui_command)
