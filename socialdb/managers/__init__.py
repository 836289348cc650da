"""The application layer: one manager per concern, usable from a notebook or a program.

Every manager takes a :class:`socialdb.db.Database`, validates its input and raises
the domain errors of :mod:`socialdb.errors` (one clear message each). Deletes remove
or detach dependants (DuckDB has no ON DELETE CASCADE); see :mod:`.journal` for how
that stays safe under DuckDB's foreign-key limits.

    >>> from socialdb.db import Database
    >>> from socialdb.managers import ProfileManager
    >>> ProfileManager(Database("data/socialdb.duckdb")).list(active=True)  # doctest: +SKIP
"""

from socialdb.managers.actions import ACTION_TYPES, REACTIONS, ActionQueueManager
from socialdb.managers.media import ANALYSIS_STATUSES, MediaManager
from socialdb.managers.post_tags import PostTagManager
from socialdb.managers.posts import PostManager
from socialdb.managers.profiles import ProfileManager
from socialdb.managers.runs import DownloadManager
from socialdb.managers.tags import PALETTE, TagManager

__all__ = [
    "ACTION_TYPES",
    "ANALYSIS_STATUSES",
    "PALETTE",
    "REACTIONS",
    "ActionQueueManager",
    "DownloadManager",
    "MediaManager",
    "PostManager",
    "PostTagManager",
    "ProfileManager",
    "TagManager",
]
