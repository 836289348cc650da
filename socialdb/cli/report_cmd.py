"""``socialdb report``: the self-contained HTML engagement report."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json, json_option

if TYPE_CHECKING:
    from socialdb.db import Database


@click.command("report")
@click.option("--out", "out", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: $SOCIALDB_REPORT_PATH, else "
              "reports/engagement_report.html next to the database).")
@click.option("--top", default=20, show_default=True, type=int, help="Rising posts listed.")
@click.option("--days", default=30, show_default=True, type=int, help="Days in the daily chart.")
@click.option("--profiles", default=8, show_default=True, type=int,
              help="Profiles in the daily chart (those that gained most).")
@click.option("--curves", default=6, show_default=True, type=int,
              help="Top posts drawn against their author's median curve.")
@json_option
@db_option
def report_command(db: Database, out: str | None, top: int, days: int, profiles: int,
                   curves: int, as_json: bool) -> None:
    """Write one HTML file with the rising posts and the engagement charts.

    The file is self-contained (inline SVG charts and styles): open it in any
    browser, offline, or mail it.

    \b
    Example:
      socialdb report --out engagement.html
    """
    from socialdb.analytics.report import write_report

    summary = write_report(db, out, top=top, days=days, profiles=profiles, curves=curves)
    if as_json:
        echo_json(summary.to_dict())
        return
    echo(f"wrote {summary.path} ({summary.rising_posts} rising posts, "
               f"{summary.profiles_charted} profiles charted, {summary.curves} curves, "
               f"{summary.bytes / 1024:.0f} KiB)")


def register(main: click.Group) -> None:
    """Add ``report``."""
    main.add_command(report_command)
