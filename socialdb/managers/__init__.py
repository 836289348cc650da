"""The application layer: one manager per concern, usable from a notebook or a program.

Every manager takes a :class:`socialdb.db.Database`, validates its input and raises
the domain errors of :mod:`socialdb.errors` (one clear message each). Deletes remove
or detach dependants (DuckDB has no ON DELETE CASCADE); see :mod:`.journal` for how
that stays safe under DuckDB's foreign-key limits.

    >>> from socialdb.db import Database
    >>> from socialdb.managers import ProfileManager
    >>> ProfileManager(Database("data/socialdb.duckdb")).list(active=True)  # doctest: +SKIP

The names below are loaded on first use (PEP 562): importing the package, or its
light :mod:`.choices`, does not load DuckDB, so ``socialdb --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from socialdb.managers.choices import ACTION_TYPES, ANALYSIS_STATUSES, PALETTE, REACTIONS

if TYPE_CHECKING:
    from socialdb.managers.actions import ActionQueueManager
    from socialdb.managers.media import MediaManager
    from socialdb.managers.post_tags import PostTagManager
    from socialdb.managers.posts import PostManager
    from socialdb.managers.profiles import ProfileManager
    from socialdb.managers.runs import DownloadManager
    from socialdb.managers.tags import TagManager

_LAZY = {
    "ActionQueueManager": "actions",
    "DownloadManager": "runs",
    "MediaManager": "media",
    "PostManager": "posts",
    "PostTagManager": "post_tags",
    "ProfileManager": "profiles",
    "TagManager": "tags",
}

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


def __getattr__(name: str) -> Any:
    """Import a manager's module the first time the manager is asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
