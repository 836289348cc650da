"""Pieces every command shares: the --db option, the Database, JSON and table output."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from socialdb.db import Database


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--db`` to a command and pass it a :class:`Database` as ``db``.

    The command's own ``--db`` wins over the group's ``socialdb --db``, which wins
    over $SOCIALDB_DATABASE and the default.
    """

    @click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                  help="DuckDB file (overrides socialdb --db and $SOCIALDB_DATABASE).")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, db_path: str | None, **kwargs: Any) -> Any:
        group_path = (ctx.find_root().obj or {}).get("db_path")
        database = Database(db_path or group_path, on_wait=lambda msg: click.echo(msg, err=True))
        return ctx.invoke(func, *args, db=database, **kwargs)

    return wrapper


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json`` (machine-readable output) to a listing command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def echo_json(data: Any) -> None:
    """Print data as indented JSON (datetimes as ISO 8601)."""
    click.echo(json.dumps(data, indent=2, default=_default, ensure_ascii=False))


def print_table(rows: Sequence[dict], columns: Sequence[str], title: str | None = None) -> None:
    """Print rows as a table with the given columns (text is shown, never interpreted)."""
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*["" if row.get(c) is None else str(row.get(c)) for c in columns])
    console = Console(markup=False, highlight=False)
    if not console.is_terminal:  # piped or captured: do not squeeze columns to 80
        console = Console(markup=False, highlight=False, width=200)
    console.print(table)
