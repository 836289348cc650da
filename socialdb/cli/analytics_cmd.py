"""``socialdb analytics build``, ``socialdb posts rising``, ``socialdb profiles stats``.

The numbers come from the analytics models (views, always current); ``analytics
build`` runs dbt itself (models + tests). DuckDB and dbt are imported only inside the
commands, so ``socialdb --help`` stays light.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table

if TYPE_CHECKING:
    from socialdb.db import Database


def _fmt(value: float | None, form: str = "{:.1f}") -> str:
    return "" if value is None else form.format(value)


def _when(value) -> str:
    return "" if value is None else f"{value:%Y-%m-%d %H:%M}"


@click.group("analytics")
def analytics_group() -> None:
    """Engagement analytics: the dbt models behind rising posts and profile stats.

    \b
    Example:
      socialdb analytics build
    """


@analytics_group.command("build")
@click.option("--select", default=None, help="dbt node selection (default: everything).")
@json_option
@db_option
def build_command(db: Database, select: str | None, as_json: bool) -> None:
    """Run dbt build on the database: re-create every model (views) and run its tests.

    Not needed for fresh numbers (the models are views over every committed
    snapshot); run it to check the data with the dbt tests. Exit 3 when a test fails.

    \b
    Example:
      socialdb analytics build
      socialdb analytics build --select post_performance+ --json
    """
    from socialdb.analytics.build import build

    result = build(db, select=select)
    if as_json:
        echo_json(result.to_dict())
    else:
        echo(f"dbt build on {result.database}: {result.count('model', 'success')} "
                   f"models built, {result.count('test', 'pass')} tests passed "
                   f"in {result.seconds:.1f} s")
        for node in result.problems():
            failures = f" ({node.failures} rows)" if node.failures else ""
            echo(f"  {node.status.upper():5} {node.kind} {node.name}{failures}: "
                       f"{node.message}")
    if not result.ok:
        echo(f"error: {len(result.problems())} dbt node(s) did not pass", err=True)
        sys.exit(3)


@click.command("rising")
@click.option("--limit", default=20, show_default=True, type=int, help="At most this many.")
@click.option("--author", default=None, help="Only posts by this author username.")
@json_option
@db_option
def rising_command(db: Database, limit: int, author: str | None, as_json: bool) -> None:
    """The posts to look at now: gaining reactions fastest against their author's usual.

    rising_score = reactions gained over the last day (velocity_24h x 24) divided by
    the author's median reactions at 24 h, halved for every 48 h of age.

    \b
    Example:
      socialdb posts rising --limit 10
    """
    from socialdb import analytics  # DuckDB: only once the command runs

    rows = analytics.rising_posts(db, limit=limit, author=author)
    if as_json:
        echo_json(rows)
        return
    table = [{**r, "posted_at": _when(r["posted_at"]), "age": _fmt(r["age_hours"], "{:.0f} h"),
              "velocity": _fmt(r["velocity_24h"], "{:.1f}/h"),
              "at_24h": _fmt(r["reactions_at_24h"], "{:.0f}"),
              "lift": _fmt(r["lift_24h"], "{:.2f}x"), "score": _fmt(r["rising_score"], "{:.2f}")}
             for r in rows]
    print_table(table, ("rising_rank", "post_id", "author_username", "posted_at", "age",
                        "latest_reactions", "at_24h", "velocity", "lift", "score"),
                title=f"{len(rows)} rising posts")


@click.command("stats")
@click.argument("username", required=False)
@click.option("--days", default=30, show_default=True, type=int,
              help="Days of daily activity to show (with USERNAME).")
@json_option
@db_option
def stats_command(db: Database, username: str | None, days: int, as_json: bool) -> None:
    """Engagement baseline and cadence per profile; with USERNAME also its daily activity.

    \b
    Example:
      socialdb profiles stats
      socialdb profiles stats jeff-quinn-1 --days 14 --json
    """
    from socialdb import analytics  # DuckDB: only once the command runs

    if username is None:
        rows = list(analytics.author_baselines(db).values())
        if as_json:
            echo_json(rows)
            return
        print_table([_baseline_cells(r) for r in rows],
                    ("author_username", "posts", "median_24h", "p90_24h", "per_week",
                     "last_posted_at"), title=f"{len(rows)} authors")
        return
    daily = analytics.profile_daily(db, username, days=days)
    baseline = analytics.author_baselines(db, [username]).get(username)
    if as_json:
        echo_json({"username": username, "baseline": baseline, "daily": daily})
        return
    if baseline is None:
        echo(f"{username}: no posts stored yet")
    else:
        cells = _baseline_cells(baseline)
        echo(f"{username}: {baseline['posts']} posts, median {cells['median_24h']} and "
                   f"p90 {cells['p90_24h']} reactions at 24 h, {cells['per_week']} posts/week, "
                   f"last post {cells['last_posted_at']}")
    print_table(daily, ("day", "posts_published", "reactions_gained", "snapshots"),
                title=f"last {days} days")


def _baseline_cells(row: dict) -> dict:
    return {**row, "median_24h": _fmt(row["median_reactions_at_24h"]),
            "p90_24h": _fmt(row["p90_reactions_at_24h"]),
            "per_week": _fmt(row["posts_per_week"]),
            "last_posted_at": _when(row["last_posted_at"])}


def register(main: click.Group) -> None:
    """Add ``analytics`` and the ``posts rising`` / ``profiles stats`` sub-commands."""
    main.add_command(analytics_group)
    main.commands["posts"].add_command(rising_command)
    main.commands["profiles"].add_command(stats_command)
