"""A corpus whose engagement the analytics tests control, and an independent
computation of every model value from it in plain Python.

Two authors scraped every 12 h for 3.5 days (8 scrapes each) into the real landing
layout. ``ana-spike`` has a steady post, a post published between scrapes, a spike,
a post whose reactions drop, a post seen once and a post first seen after 24 h;
``bo-steady`` has two steady posts.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.helpers import sample_record, write_json

T0 = datetime(2025, 10, 1, tzinfo=UTC)
SCRAPES = [T0 + timedelta(hours=12 * k) for k in range(8)]

# post key -> (author, hours after T0 it was published, {scrape index: reactions})
POSTS: dict[str, tuple[str, float, dict[int, int]]] = {
    "a1_steady": ("ana-spike", -2, dict(enumerate([10, 40, 60, 70, 75, 78, 80, 81]))),
    "a2_between": ("ana-spike", 10, {1: 5, 2: 30, 3: 50, 4: 55, 5: 57, 6: 58, 7: 58}),
    "a3_spike": ("ana-spike", 34, {3: 50, 4: 400, 5: 900, 6: 1500, 7: 2000}),
    "a4_decrease": ("ana-spike", -30, dict(enumerate([100, 120, 115, 110, 110, 108, 108, 107]))),
    "a5_seen_once": ("ana-spike", 80, {7: 12}),
    "a6_late": ("ana-spike", -48, dict(enumerate([300, 310, 320, 330, 335, 340, 342, 344]))),
    "b1_steady": ("bo-steady", -1, dict(enumerate([20, 25, 30, 35, 40, 45, 50, 55]))),
    "b2_steady": ("bo-steady", 20, {2: 3, 3: 8, 4: 13, 5: 18, 6: 23, 7: 28}),
}
URNS = {key: str(7_400_000_000_000_000_000 + i) for i, key in enumerate(POSTS)}


def posted_at(key: str) -> datetime:
    """When the post was published (UTC, aware)."""
    return T0 + timedelta(hours=POSTS[key][1])


def write_corpus(root: Path) -> Path:
    """One file per (author, scrape) in the landing layout; returns ``root``."""
    for index, when in enumerate(SCRAPES):
        for author in sorted({a for a, _, _ in POSTS.values()}):
            records = []
            for key, (who, _, series) in POSTS.items():
                if who != author or index not in series:
                    continue
                record = sample_record(URNS[key], text=key, reactions=series[index])
                record["author"]["username"] = author
                record["author"]["profile_url"] = f"https://www.linkedin.com/in/{author}"
                stamp = int(posted_at(key).timestamp() * 1000)
                record["posted_at"] = {"date": "", "relative": "", "timestamp": stamp}
                records.append(record)
            name = f"dataset_{author}_{when:%Y-%m-%d_%H-%M-%S}-0.json"
            write_json(root / f"{when:%Y%m%d}" / "linkedin" / name, records)
    return root


def _snapshots(key: str) -> list[tuple[datetime, int]]:
    return [(SCRAPES[i], value) for i, value in sorted(POSTS[key][2].items())]


def expected_posts() -> dict[str, dict]:
    """urn -> every post_performance value, computed from the definitions."""
    as_of = max(SCRAPES[i] for _, _, s in POSTS.values() for i in s)
    rows: dict[str, dict] = {}
    for key, (author, _, _) in POSTS.items():
        snaps = _snapshots(key)
        published = posted_at(key)
        within = [v for t, v in snaps if t <= published + timedelta(hours=24)]
        latest_t, latest_v = snaps[-1]
        older = [(t, v) for t, v in snaps if t <= latest_t - timedelta(hours=24)]
        base_t, base_v = older[-1] if older else snaps[0]
        velocity = None
        if len(snaps) >= 2 and latest_t > base_t:
            velocity = (latest_v - base_v) / ((latest_t - base_t).total_seconds() / 3600)
        rows[URNS[key]] = {
            "key": key, "author_username": author, "snapshots": len(snaps),
            "latest_reactions": latest_v, "reactions_at_24h": within[-1] if within else None,
            "velocity_24h": velocity,
            "age_hours": (as_of - published).total_seconds() / 3600,
        }
    for author in {r["author_username"] for r in rows.values()}:
        mine = [r for r in rows.values() if r["author_username"] == author]
        at_24h = [r["reactions_at_24h"] for r in mine if r["reactions_at_24h"] is not None]
        median = statistics.median(at_24h) if at_24h else None
        for r in mine:
            r["author_median_at_24h"] = median
            r["lift_24h"] = (r["reactions_at_24h"] / median
                             if r["reactions_at_24h"] is not None and median else None)
            r["rising_score"] = (
                None if r["velocity_24h"] is None else
                r["velocity_24h"] * 24 / max(median or 0, 1) * 0.5 ** (max(r["age_hours"], 0) / 48))
    return rows


def expected_daily() -> dict[tuple[str, str], dict]:
    """(author, ISO day) -> posts_published, reactions_gained, snapshots."""
    days: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"posts_published": 0, "reactions_gained": 0, "snapshots": 0})
    for key, (author, _, _) in POSTS.items():
        days[(author, posted_at(key).date().isoformat())]["posts_published"] += 1
        snaps = _snapshots(key)
        for i, (t, v) in enumerate(snaps):
            day = days[(author, t.date().isoformat())]
            day["snapshots"] += 1
            if i:
                day["reactions_gained"] += v - snaps[i - 1][1]
    return dict(days)


CURVE_AGES = (3, 6, 9, 12, 18, 24, 30, 36, 42, 48, 60, 72, 96, 120, 144, 168, 216, 264, 336,
              504, 672)


def expected_curve(author: str) -> list[dict]:
    """The author's median reactions at each grid age over the posts observed then."""
    rows = []
    for age in CURVE_AGES:
        values = []
        for key, (who, _, _) in POSTS.items():
            if who != author:
                continue
            aged = [((t - posted_at(key)).total_seconds() / 3600, v) for t, v in _snapshots(key)]
            if aged[0][0] <= age <= aged[-1][0]:
                values.append([v for a, v in aged if a <= age][-1])
        if values:
            rows.append({"age_hours": age, "posts": len(values),
                         "median_reactions": statistics.median(values)})
    return rows
