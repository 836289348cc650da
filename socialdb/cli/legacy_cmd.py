"""``socialdb migrate-legacy`` and ``socialdb profiles import-csv``: bring an old setup over."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json

if TYPE_CHECKING:
    from socialdb.db import Database

EXIT_SKIPPED = 1
MAX_LINES_SHOWN = 20


def _capped(lines: list[str], hint: str) -> list[str]:
    if len(lines) <= MAX_LINES_SHOWN:
        return lines
    return [*lines[:MAX_LINES_SHOWN], f"... and {len(lines) - MAX_LINES_SHOWN} more ({hint})"]


@click.command("migrate-legacy")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the migration report as JSON.")
@db_option
def migrate_legacy_command(db: Database, path: str, as_json: bool) -> None:
    """Migrate the old tool's SQLite posts.db (posts, snapshots, media, watch list).

    The file is opened read-only and never changed. Everything happens in one
    transaction: a file that is not a legacy database changes nothing. Posts,
    snapshots, profiles and tags already present are matched, not duplicated, so
    running it again, or ingesting the same raw files before or after, is safe.
    Exit status 0 when every legacy row was migrated, 1 when some were skipped.

    \b
    Example:
      socialdb migrate-legacy ~/old-scraper/posts.db
      socialdb migrate-legacy posts.db --json
    """
    from socialdb.legacy import migrate_legacy

    report = migrate_legacy(db, path)
    if as_json:
        echo_json(report.to_dict())
    else:
        head = report.summary_lines()
        hint = f"socialdb runs show {report.run_id}" if report.run_id else "use --json"
        echo("\n".join(_capped(head, hint)))
    if not report.clean:
        sys.exit(EXIT_SKIPPED)


@click.command("import-csv")
@click.argument("csv_path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@db_option
def import_csv_command(db: Database, csv_path: str, as_json: bool) -> None:
    """Add profiles, or update their display names, from the old watch list (CSV: name,username).

    Whitespace and Windows line endings are trimmed and blank lines skipped; rows
    that cannot be used are listed with their line number and the rest imported.
    Existing profiles (same username) get the CSV's name; running it again changes
    nothing. Exit status 0 when every row was usable, 1 when some were malformed.

    \b
    Example:
      socialdb profiles import-csv input-data.csv
    """
    from socialdb.legacy import import_watchlist_csv

    report = import_watchlist_csv(db, csv_path)
    if as_json:
        echo_json(report.to_dict())
    else:
        echo("\n".join(_capped(report.summary_lines(), "use --json")))
    if not report.clean:
        sys.exit(EXIT_SKIPPED)


def _profiles_group(main: click.Group) -> click.Group:
    """The ``profiles`` group registered by profiles_cmd, or a minimal one if it has none."""
    group = main.commands.get("profiles")
    if isinstance(group, click.Group):
        return group

    @click.group("profiles")
    def profiles() -> None:
        """Manage the watch list of profiles."""

    main.add_command(profiles)
    return profiles


def register(main: click.Group) -> None:
    """Add ``migrate-legacy`` to main and ``import-csv`` to the ``profiles`` group."""
    main.add_command(migrate_legacy_command)
    _profiles_group(main).add_command(import_csv_command)
