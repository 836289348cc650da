"""What the triage screens show, computed without Textual: loading, filtering, sorting, cells.

The posts screen keeps every post's row in memory (one manager read per refresh)
so that narrowing the table as you type, the filter panel and the sort orders
never touch the database: a keystroke only re-runs :func:`select_rows` over a
list of dicts. Reads and writes go through the managers (no SQL here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from socialdb import analytics
from socialdb.db import Database, utcnow
from socialdb.managers import ActionQueueManager, MediaManager, PostManager, ProfileManager

#: How many posts one refresh loads (the newest; far above a month of 500 profiles).
LOAD_LIMIT = 200_000
#: The sort orders `s` cycles through.
SORTS: tuple[str, ...] = ("newest", "rising", "velocity", "reactions")
#: One letter per action type, shown in the posts table and typed in the action picker.
ACTION_LETTERS: dict[str, str] = {
    "autoreact": "a", "comment": "c", "save": "s", "bookmark": "b", "share": "h", "repost": "r",
}


#: The analytics columns of PostManager.list merged into the first-paint rows.
MEASURES = ("reactions_at_24h", "velocity_24h", "lift_24h", "rising_score",
            "author_median_at_24h", "growth_since_previous")


@dataclass(frozen=True)
class Filters:
    """The filter panel's fields; empty fields filter nothing."""

    author: str = ""
    tag: str = ""
    platform: str = ""
    since: date | None = None
    until: date | None = None
    min_reactions: int | None = None
    unread_only: bool = False
    marked_only: bool = False

    def active(self) -> list[str]:
        """Human-readable list of the fields in use (for the status line)."""
        parts = []
        for name in ("author", "tag", "platform", "since", "until", "min_reactions"):
            value = getattr(self, name)
            if value not in ("", None):
                parts.append(f"{name.replace('_', ' ')} {value}")
        if self.unread_only:
            parts.append("unread")
        if self.marked_only:
            parts.append("marked")
        return parts


NO_FILTERS = Filters()


@dataclass
class PostsSnapshot:
    """Every post row of one refresh plus the queued actions per post."""

    rows: list[dict]
    loaded_at: datetime = field(default_factory=utcnow)


def load_posts(db: Database) -> PostsSnapshot:
    """All posts newest first with their queued action types: the fast first paint.

    Reads only the base tables (``PostManager.list_basic``); the analytics measures
    arrive afterwards from :func:`load_measures`.
    """
    rows = PostManager(db).list_basic(limit=LOAD_LIMIT)
    queued: dict[str, list[str]] = {}
    for action in ActionQueueManager(db).list(status="queued", limit=LOAD_LIMIT):
        queued.setdefault(action["post_id"], []).append(action["action_type"])
    for row in rows:
        prepare_row(row, queued.get(row["post_id"], []))
    return PostsSnapshot(rows)


def load_measures(db: Database) -> dict[str, dict]:
    """post_id -> the analytics measures (velocity, lift, rising score, ...) of every post."""
    return {row["post_id"]: {key: row.get(key) for key in MEASURES}
            for row in PostManager(db).list(limit=LOAD_LIMIT)}


def merge_measures(rows: Sequence[dict], measures: dict[str, dict]) -> None:
    """Put the measures on the rows (a post newer than the measures keeps none)."""
    for row in rows:
        row.update(measures.get(row["post_id"], {}))


def prepare_row(row: dict, queued_types: Iterable[str]) -> dict:
    """Add what filtering needs once per refresh instead of once per keystroke."""
    row["queued"] = sorted(set(queued_types))
    row["_haystack"] = f"{row.get('author_username') or ''}\n{row.get('preview') or ''}".lower()
    return row


def select_rows(rows: Sequence[dict], filters: Filters, text: str,
                sort: str | None) -> list[dict]:
    """The rows passing the filter panel and the `/` text (author or text), sorted
    (``sort=None`` keeps the given order: the screen sorts once, not per keystroke)."""
    needle = text.strip().lower()
    if filters == NO_FILTERS:
        chosen = [r for r in rows if needle in r["_haystack"]] if needle else list(rows)
    else:
        chosen = [r for r in rows
                  if _passes(r, filters) and (not needle or needle in r["_haystack"])]
    return chosen if sort is None else sort_rows(chosen, sort)


def _passes(row: dict, f: Filters) -> bool:
    if f.unread_only and row["is_read"]:
        return False
    if f.marked_only and not row["is_marked"]:
        return False
    if f.author and f.author.lower() not in (row["author_username"] or "").lower():
        return False
    if f.tag and f.tag.lower() not in row["tags"]:
        return False
    if f.platform and f.platform.lower() != (row.get("platform") or "").lower():
        return False
    posted = row.get("posted_at")
    if f.since and (posted is None or posted.date() < f.since):
        return False
    if f.until and (posted is None or posted.date() > f.until):
        return False
    return not (f.min_reactions is not None and (row["latest_reactions"] or 0) < f.min_reactions)


def _number(value: Any) -> float:
    return float("-inf") if value is None else float(value)


def sort_rows(rows: list[dict], sort: str) -> list[dict]:
    """Newest first, or by an analytics measure, highest first; posts without the
    measure come last and newer posts break ties (as ``PostManager.list(sort=...)``).
    """
    def posted(r: dict) -> float:
        return r["posted_at"].timestamp() if r.get("posted_at") else 0.0

    if sort == "newest":
        return sorted(rows, key=lambda r: (posted(r), r["post_id"]), reverse=True)
    column = {
        "rising": "rising_score", "velocity": "velocity_24h", "reactions": "latest_reactions",
    }[sort]
    return sorted(rows, key=lambda r: (_number(r.get(column)), posted(r)), reverse=True)


def next_sort(sort: str) -> str:
    """The sort after ``sort`` in the `s` cycle."""
    return SORTS[(SORTS.index(sort) + 1) % len(SORTS)]


def set_flag(row: dict, name: str, value: bool) -> dict:
    """A row with one UI flag changed (the table is updated before the write lands)."""
    row[name] = value
    return row


def with_filters(filters: Filters, **changes: Any) -> Filters:
    """A copy of ``filters`` with some fields changed."""
    return replace(filters, **changes)


# -- cells --------------------------------------------------------------------------
def age(posted_at: datetime | None, now: datetime | None = None) -> str:
    """A post's age in one short token: 45m, 7h, 3d, 12w."""
    if posted_at is None:
        return "?"
    seconds = max(0.0, ((now or utcnow()) - posted_at).total_seconds())
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 2 * 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 14 * 86400:
        return f"{int(seconds // 86400)}d"
    return f"{int(seconds // (7 * 86400))}w"


def number(value: Any, digits: int = 0, suffix: str = "") -> str:
    """A number for a table cell, or an en dash when there is none."""
    if value is None:
        return "–"
    return f"{float(value):,.{digits}f}{suffix}"


def flags(row: dict) -> str:
    """`N` new (unread) and `*` marked, two fixed columns."""
    return ("N" if not row["is_read"] else " ") + ("*" if row["is_marked"] else " ")


def action_letters(types: Iterable[str]) -> str:
    """The letters of the queued action types in picker order (e.g. `ac`)."""
    present = set(types)
    return "".join(letter for name, letter in ACTION_LETTERS.items() if name in present)


# -- the post screen ------------------------------------------------------------------
def load_post(db: Database, post_id: str) -> dict:
    """Everything the post screen shows, read through the managers in one go."""
    post = PostManager(db).get(post_id)
    post["media"] = MediaManager(db).list(post=post_id, limit=1000)
    post["median_curve"] = author_curve(db, post["author_username"])
    return post


def author_curve(db: Database, username: str | None) -> list[tuple[float, float]]:
    """The author's median reactions by post age (the analytics ``author_curve`` model)."""
    if username is None:
        return []
    return [(float(point["age_hours"]), float(point["median_reactions"]))
            for point in analytics.author_median_curve(db, username)
            if point["median_reactions"] is not None]


def history_points(post: dict) -> list[tuple[float, float]]:
    """The post's snapshots as (age in hours, reactions)."""
    posted = post.get("posted_at")
    points = []
    for snap in post.get("history", []):
        if posted is None or snap["total_reactions"] is None:
            continue
        hours = (snap["downloaded_at"] - posted).total_seconds() / 3600
        points.append((max(hours, 0.0), float(snap["total_reactions"])))
    return points


# -- profiles and runs ----------------------------------------------------------------
def load_profiles(db: Database) -> list[dict]:
    """The watch list with each author's baseline when the analytics models provide it."""
    profiles = ProfileManager(db).list()
    baselines = author_baselines(db)
    for profile in profiles:
        profile["baseline"] = baselines.get(profile["username"])
    return profiles


def author_baselines(db: Database) -> dict[str, float | None]:
    """username -> median reactions at 24 h (the analytics ``author_baseline`` model)."""
    return {name: row["median_reactions_at_24h"]
            for name, row in analytics.author_baselines(db).items()}
