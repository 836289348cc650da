"""The analytics models' values against an independent computation in Python, read
through the public surface: the real CLI ingest, PostManager.list, socialdb.analytics."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest

from socialdb import analytics
from socialdb.db import Database
from socialdb.errors import NotFoundError, ValidationError
from socialdb.managers import PostManager
from tests.analytics_corpus import (
    URNS,
    expected_curve,
    expected_daily,
    expected_posts,
    write_corpus,
)


@pytest.fixture
def controlled(tmp_path: Path, cli, db_path: Path) -> Database:
    """The controlled corpus ingested by the real CLI (no dbt run, no extra command)."""
    result = cli("ingest", str(write_corpus(tmp_path / "raw")))
    assert result.exit_code == 0, result.output
    return Database(db_path, lock_timeout=10)


def _close(actual, expected) -> bool:
    if expected is None or actual is None:
        return actual is expected
    return actual == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_post_values_match_an_independent_computation(controlled: Database) -> None:
    rows = {r["urn"]: r for r in PostManager(controlled).list(limit=100)}
    expected = expected_posts()
    assert set(rows) == set(expected)
    for urn, want in expected.items():
        got = rows[urn]
        for column in ("snapshots", "latest_reactions", "reactions_at_24h", "velocity_24h",
                       "author_median_at_24h", "lift_24h", "rising_score"):
            assert _close(got[column], want[column]), (want["key"], column, got[column],
                                                        want[column])
    by_key = {want["key"]: rows[urn] for urn, want in expected.items()}
    assert by_key["a5_seen_once"]["velocity_24h"] is None  # one snapshot
    assert by_key["a6_late"]["reactions_at_24h"] is None  # first seen after 24 h
    assert by_key["a4_decrease"]["velocity_24h"] < 0  # reactions dropped over the last day
    # the spike is the post to look at now, by a wide margin
    assert PostManager(controlled).list(sort="rising", limit=1)[0]["urn"] == URNS["a3_spike"]


@pytest.mark.parametrize("sort, column", [("rising", "rising_score"),
                                          ("velocity", "velocity_24h"),
                                          ("reactions", "latest_reactions")])
def test_sorts_order_by_their_measure_with_missing_values_last(
        controlled: Database, sort: str, column: str) -> None:
    rows = PostManager(controlled).list(sort=sort, limit=100)
    values = [r[column] for r in rows]
    present = [v for v in values if v is not None]
    assert present == sorted(present, reverse=True)
    assert values[len(present):] == [None] * (len(values) - len(present))
    newest = PostManager(controlled).list(limit=100)
    assert [r["posted_at"] for r in newest] == sorted((r["posted_at"] for r in newest),
                                                      reverse=True)


def test_unknown_sort_is_invalid_input(controlled: Database, cli) -> None:
    with pytest.raises(ValidationError, match="sort"):
        PostManager(controlled).list(sort="hot")
    result = cli("posts", "list", "--sort", "hot")
    assert result.exit_code == 2  # click rejects the choice: a usage error


def test_rising_posts_and_baselines(controlled: Database) -> None:
    expected = expected_posts()
    rising = analytics.rising_posts(controlled, limit=50)
    want = sorted((r for r in expected.values() if (r["rising_score"] or 0) > 0),
                  key=lambda r: -r["rising_score"])
    assert [r["urn"] for r in rising] == [URNS[w["key"]] for w in want]
    assert [r["rising_rank"] for r in rising] == list(range(1, len(rising) + 1))
    assert len(analytics.rising_posts(controlled, limit=2)) == 2

    baselines = analytics.author_baselines(controlled)
    assert set(baselines) == {"ana-spike", "bo-steady"}
    ana = [r for r in expected.values() if r["author_username"] == "ana-spike"]
    at_24h = sorted(r["reactions_at_24h"] for r in ana if r["reactions_at_24h"] is not None)
    assert baselines["ana-spike"]["posts"] == len(ana)
    assert baselines["ana-spike"]["median_reactions_at_24h"] == statistics.median(at_24h)
    assert baselines["ana-spike"]["p90_reactions_at_24h"] == pytest.approx(
        statistics.quantiles(at_24h, n=10, method="inclusive")[-1])
    assert baselines["ana-spike"]["posts_per_week"] > 0
    assert baselines["ana-spike"]["last_posted_at"].isoformat().startswith("2025-10-04T08:00")
    assert set(analytics.author_baselines(controlled, ["bo-steady"])) == {"bo-steady"}


def test_profile_daily_matches_snapshot_differences(controlled: Database) -> None:
    expected = expected_daily()
    for author in ("ana-spike", "bo-steady"):
        rows = analytics.profile_daily(controlled, author, days=10)
        assert len(rows) == 10  # every day, quiet ones as zeros
        assert str(rows[-1]["day"]) == "2025-10-04"  # the newest snapshot's day
        for row in rows:
            want = expected.get((author, row["day"].isoformat()),
                                {"posts_published": 0, "reactions_gained": 0, "snapshots": 0})
            assert {k: row[k] for k in want} == want, (author, row["day"])
    with pytest.raises(NotFoundError):
        analytics.profile_daily(controlled, "nobody-here")


def test_post_history_and_author_curve(controlled: Database) -> None:
    post = PostManager(controlled).list(sort="rising", limit=1)[0]
    history = analytics.post_history(controlled, post["post_id"])
    assert [h["total_reactions"] for h in history] == [50, 400, 900, 1500, 2000]
    assert [round(h["age_hours"]) for h in history] == [2, 14, 26, 38, 50]
    assert analytics.post_history(controlled, URNS["a3_spike"]) == history  # urn works too
    with pytest.raises(NotFoundError):
        analytics.post_history(controlled, "p-00000000")
    for author in ("ana-spike", "bo-steady"):
        assert analytics.author_median_curve(controlled, author) == expected_curve(author)
    # b1 is 1 h old at its first scrape (20), 13 h at the next (25); b2 is 4 h old at its
    # first (3), 16 h at its next (8): at 6 h the median of 20 and 3
    assert analytics.author_median_curve(controlled, "bo-steady")[1] == {
        "age_hours": 6, "posts": 2, "median_reactions": 11.5}
    assert analytics.author_median_curve(controlled, "nobody") == []


def test_cli_lists_by_rising_with_the_new_columns(controlled: Database, cli) -> None:
    result = cli("posts", "list", "--sort", "rising", "--limit", "3", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["urn"] == URNS["a3_spike"]
    assert {"reactions_at_24h", "velocity_24h", "lift_24h", "rising_score",
            "author_median_at_24h", "latest_reactions"} <= set(rows[0])
    table = cli("posts", "list", "--sort", "velocity")
    assert table.exit_code == 0 and "per_hour_24h" in table.output and "(velocity)" in table.output


def test_views_appear_on_a_database_that_lacks_them(controlled: Database, db_path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(db_path))
    for name in ("rising_posts", "author_baseline", "profile_daily", "author_curve",
                 "post_performance", "post_snapshots"):
        con.execute(f"DROP VIEW {name}")
    con.close()
    fresh = Database(db_path, lock_timeout=10)  # same process: schema already seen current
    assert analytics.rising_posts(fresh, limit=1)[0]["urn"] == URNS["a3_spike"]
