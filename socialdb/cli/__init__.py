"""The ``socialdb`` command line: a thin layer over the library.

Each command module exposes ``register(main)``; domain errors become one line on
stderr and a documented exit status, never a traceback:

  0  everything done          1  some input rejected (the rest was stored)
  2  usage error (click)      3  other domain error   4  database locked
  5  not found                6  invalid input        7  conflict
  8  disk full (nothing half-written is kept)

Command modules are light (click and :mod:`socialdb.cli.output` only): each
command imports the database, managers or ingest engine in its body, so help
and usage errors answer without loading DuckDB, pyarrow or pandas. Everything
printed goes through :mod:`socialdb.cli.output`, which shows terminal control
characters from stored text as visible stand-ins.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from socialdb import __version__
from socialdb.cli.output import echo, neutralize
from socialdb.errors import SocialDBError, ValidationError

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
    "analytics_cmd",
    "report_cmd",
    "tui_cmd",
)


@contextmanager
def _inert_click_errors() -> Iterator[None]:
    """Click's usage errors repeat what was typed: neutralize it like any other output."""
    try:
        yield
    except click.ClickException as error:
        error.message = neutralize(error.message)
        raise


def _fail(error: SocialDBError) -> None:
    echo(f"error: {error}", err=True)
    sys.exit(error.exit_code)


def _check_arguments(args: list[str]) -> None:
    """Arguments must be text socialdb can store: no bytes that are not UTF-8."""
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            _fail(ValidationError(f"argument {position} ({neutralize(arg)}) is not valid "
                                  "UTF-8; socialdb stores text as UTF-8"))


class SocialDBGroup(click.Group):
    """A click group that turns SocialDBError into one clean line and an exit status."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: click.Context | None = None, **extra: Any) -> click.Context:
        _check_arguments(args)
        with _inert_click_errors():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _inert_click_errors():
                return super().invoke(ctx)
        except SocialDBError as error:
            _fail(error)


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
