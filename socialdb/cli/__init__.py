"""The ``socialdb`` command line: a thin layer over the library.

Each command module exposes ``register(main)``; domain errors become one line on
stderr and a documented exit status, never a traceback:

  0  everything done          1  some input rejected (the rest was stored)
  2  usage error (click)      3  other domain error   4  database locked
  5  not found                6  invalid input        7  conflict
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from socialdb import __version__
from socialdb.errors import SocialDBError

# Order matters: later modules may add sub-commands to groups of earlier ones.
COMMAND_MODULES = (
    "ingest_cmd",
    "stats_cmd",
    "profiles_cmd",
    "tags_cmd",
    "posts_cmd",
    "actions_cmd",
    "media_cmd",
    "runs_cmd",
    "tagging_cmd",
    "legacy_cmd",
)


class SocialDBGroup(click.Group):
    """A click group that turns SocialDBError into one clean line and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SocialDBError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)


@click.group(cls=SocialDBGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="socialdb")
@click.option(
    "--db",
    "db_path",
    envvar="SOCIALDB_DATABASE",
    type=click.Path(dir_okay=False),
    default=None,
    help="DuckDB file (default: $SOCIALDB_DATABASE, else data/socialdb.duckdb).",
)
@click.pass_context
def main(ctx: click.Context, db_path: str | None) -> None:
    """Keep scraped LinkedIn posts (Apify) in a proper DuckDB database.

    \b
    Example:
      socialdb ingest data/raw
      socialdb stats
    """
    ctx.obj = {"db_path": db_path}


for _module in COMMAND_MODULES:
    importlib.import_module(f"socialdb.cli.{_module}").register(main)
