"""Pieces every command shares: the --db option, the Database, JSON and table output.

Command modules import only this, click and :mod:`socialdb.cli.output` at module
level; the database layer, the managers and the ingest engine are imported inside
the command that uses them, so ``socialdb --help`` never loads DuckDB or pyarrow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from socialdb.cli.output import echo, echo_json, neutralize, print_table

__all__ = ["db_option", "echo", "echo_json", "json_option", "neutralize", "print_table"]


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
        from socialdb.db import Database  # DuckDB: only once a command really runs

        group_path = (ctx.find_root().obj or {}).get("db_path")
        database = Database(db_path or group_path, on_wait=lambda msg: echo(msg, err=True))
        return ctx.invoke(func, *args, db=database, **kwargs)

    return wrapper


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--json`` (machine-readable output) to a listing command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(
        func
    )

