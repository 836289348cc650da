"""``socialdb stats``: what the database holds, at a glance."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table

if TYPE_CHECKING:
    from socialdb.db import Database

_COUNTS = (
    "posts", "snapshots", "media", "profiles", "active_profiles", "tags", "runs",
    "files_ingested", "files_partial", "files_rejected", "actions_queued",
)


@click.command("stats")
@json_option
@db_option
def stats_command(db: Database, as_json: bool) -> None:
    """Show counts of posts, snapshots, profiles, runs and files, and the last run.

    \b
    Example:
      socialdb stats
      socialdb stats --json
    """
    from socialdb.stats import database_stats

    stats = database_stats(db)
    if as_json:
        echo_json(stats)
        return
    print_table([{"what": name, "count": stats[name]} for name in _COUNTS], ["what", "count"],
                title=f"socialdb {stats['database']}")
    last = stats["last_run"]
    if last:
        echo(
            f"last run {last['run_id']} ({last['script_name']}): {last['status']}, started "
            f"{last['started_at']:%Y-%m-%d %H:%M:%S} UTC, {last['posts_fetched']} records, "
            f"{last['posts_new']} new posts, {last['posts_updated']} updated"
        )
    else:
        echo("no runs yet: try `socialdb ingest data/raw`")
    if stats["problem_files"]:
        print_table(stats["problem_files"], ["file_name", "status", "error"],
                    title="files with problems (newest first)")


def register(main: click.Group) -> None:
    """Add ``stats`` to the main group."""
    main.add_command(stats_command)
