"""The analytics read API: baselines, histories, curves, rising posts, daily series.

Every value comes from the dbt models of ``sql/analytics`` (views in the socialdb
database), so the CLI, the viewer, the report and Dagster agree by construction and
always include every committed snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from socialdb.analytics.access import with_views
from socialdb.db import Database
from socialdb.errors import NotFoundError, ValidationError
from socialdb.managers import _sql
from socialdb.managers._base import require_limit, resolve_post

FILE = "analytics_read"


def author_baselines(db: Database, usernames: Iterable[str] | None = None) -> dict[str, dict]:
    """username -> the author_baseline row (posts, median/p90 reactions at 24 h,
    posts_per_week, last_posted_at, ...); all authors when ``usernames`` is None."""
    wanted = None if usernames is None else sorted(set(usernames))
    rows = with_views(db, lambda con: _sql.fetch_all(con, FILE, "author_baselines",
                                                     usernames=wanted))
    return {row["author_username"]: row for row in rows}


def post_history(db: Database, post_id: str) -> list[dict]:
    """Every snapshot of a post, oldest first: downloaded_at, age_hours (since
    publication), total_reactions, reactions_gained (since the previous one).

    ``post_id`` may also be the urn digits or ``urn:li:activity:<digits>``.
    """
    def read(con) -> list[dict]:
        found = resolve_post(con, post_id)["post_id"]
        return _sql.fetch_all(con, FILE, "post_history", post_id=found)

    return with_views(db, read)


def author_median_curve(db: Database, username: str) -> list[dict]:
    """The author's median reactions by post age: rows of age_hours (bucket upper
    bound: 6 h steps to 48 h, daily to 14 days, weekly after), posts, median_reactions."""
    return with_views(db, lambda con: _sql.fetch_all(con, FILE, "author_median_curve",
                                                     username=username))


def rising_posts(db: Database, limit: int = 20, author: str | None = None) -> list[dict]:
    """The posts to look at now, best first (rising_rank 1 is the best)."""
    require_limit(limit)
    return with_views(db, lambda con: _sql.fetch_all(con, FILE, "rising_posts",
                                                     limit=limit, author=author))


def profile_daily(db: Database, username: str, days: int = 30) -> list[dict]:
    """One row per UTC day for the last ``days`` days up to the newest snapshot's day:
    day, posts_published, reactions_gained, snapshots (zeros on quiet days).

    Raises NotFoundError when the username is neither a profile nor an author.
    """
    if days < 1:
        raise ValidationError("--days must be at least 1")

    def read(con) -> list[dict]:
        if not _sql.scalar(con, FILE, "author_known", username=username):
            raise NotFoundError(f"no profile or author {username!r}")
        return _sql.fetch_all(con, FILE, "profile_daily", username=username, days=days)

    return with_views(db, read)


def daily_reactions_by_author(db: Database, days: int = 30) -> dict[str, dict[date, int]]:
    """author -> {day: reactions_gained} for the days with snapshots among the last
    ``days`` days up to the newest snapshot's day (the report's chart)."""
    rows = with_views(db, lambda con: _sql.fetch_all(con, FILE, "profile_daily_all",
                                                     days=days))
    series: dict[str, dict[date, int]] = {}
    for row in rows:
        series.setdefault(row["author_username"], {})[row["day"]] = row["reactions_gained"]
    return series
