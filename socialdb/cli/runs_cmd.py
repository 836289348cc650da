"""``socialdb runs ...``: the download_runs history (one row per ingest / scrape run)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table
from socialdb.managers.choices import RUN_STATUSES

if TYPE_CHECKING:
    from socialdb.db import Database


@click.group("runs")
def runs_group() -> None:
    """The history of ingest and scrape runs.

    \b
    Example:
      socialdb runs list
      socialdb runs show run-1a2b3c4d
    """


@runs_group.command("list")
@click.option("--status", default=None, help="Only this status: " + ", ".join(RUN_STATUSES) + ".")
@click.option("--limit", default=20, show_default=True, type=int, help="At most this many.")
@json_option
@db_option
def list_command(db: Database, status: str | None, limit: int, as_json: bool) -> None:
    """List runs newest first with their counts.

    \b
    Example:
      socialdb runs list --status failed --json
    """
    rows = managers.DownloadManager(db).list_runs(status, limit)
    if as_json:
        echo_json(rows)
    else:
        print_table(rows, ("run_id", "status", "started_at", "duration_seconds", "script_name",
                           "posts_fetched", "posts_new", "posts_updated", "snapshots", "files",
                           "partition_key"), title=f"{len(rows)} runs")


@runs_group.command("show")
@click.argument("run_id")
@json_option
@db_option
def show_command(db: Database, run_id: str, as_json: bool) -> None:
    """Show one run: counts, errors, system info and the files it read.

    \b
    Example:
      socialdb runs show run-1a2b3c4d
    """
    run = managers.DownloadManager(db).get_run(run_id)
    if as_json:
        echo_json(run)
        return
    for key in ("run_id", "status", "script_name", "platform", "started_at", "completed_at",
                "duration_seconds", "posts_fetched", "posts_new", "posts_updated", "snapshots",
                "partition_key", "dagster_run_id"):
        echo(f"{key:17} {'' if run.get(key) is None else run[key]}")
    if run.get("system_info"):
        echo(f"{'system_info':17} {run['system_info']}")
    if run.get("error_message"):
        echo("errors:")
        for line in run["error_message"].splitlines():
            echo(f"  {line}")
    print_table(run["files"], ("file_name", "status", "records_read", "records_rejected",
                               "error"), title=f"{len(run['files'])} files")


@runs_group.command("remove")
@click.argument("run_id")
@db_option
def remove_command(db: Database, run_id: str) -> None:
    """Delete a finished run's row; its snapshots and file-ledger entries stay (detached).

    \b
    Example:
      socialdb runs remove run-1a2b3c4d
    """
    gone = managers.DownloadManager(db).remove_run(run_id)
    echo(f"removed run {gone['run_id']}; detached {gone['snapshots_detached']} snapshot(s) "
               f"and {gone['files_detached']} file(s)")


def register(main: click.Group) -> None:
    """Add the ``runs`` group."""
    main.add_command(runs_group)
