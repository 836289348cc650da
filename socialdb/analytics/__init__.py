"""Engagement analytics: which posts are taking off and how each profile is doing.

The numbers are dbt models (``sql/analytics``) materialized as views in the socialdb
database: ``post_snapshots``, ``post_performance``, ``rising_posts``,
``author_baseline``, ``author_curve`` and ``profile_daily``. This package reads them
(:mod:`.queries`), builds them with dbt on demand (:mod:`.build`) and renders the
HTML report (:mod:`.report`). See docs/analytics.md for the definitions.
"""

from socialdb.analytics.queries import (
    author_baselines,
    author_median_curve,
    daily_reactions_by_author,
    post_history,
    profile_daily,
    rising_posts,
)

__all__ = [
    "author_baselines",
    "author_median_curve",
    "daily_reactions_by_author",
    "post_history",
    "profile_daily",
    "rising_posts",
]
