"""The fixed vocabularies the managers accept, in a module that imports nothing heavy.

The CLI names these choices in its ``--help`` texts; keeping them apart from the
managers (which import DuckDB) lets ``socialdb --help`` answer without loading the
database engine.
"""

from __future__ import annotations

#: Action types and what their JSON params may hold (documented in docs/cli.md).
ACTION_TYPES: dict[str, str] = {
    "autoreact": 'react to the post; params {"reaction": one of REACTIONS} (default like)',
    "comment": 'comment on the post; params {"text": "..."} (required)',
    "save": "save the post in LinkedIn's saved items; no params",
    "bookmark": "bookmark the post locally for later reading; no params",
    "share": 'share the post (e.g. by message); params {"text": "..."} optional',
    "repost": 'repost to your own feed; params {"text": "..."} optional (a quote repost)',
}
REACTIONS = ("like", "celebrate", "support", "love", "insight", "funny")
ACTION_STATUSES = ("queued", "in_progress", "completed", "failed", "cancelled")
ANALYSIS_STATUSES = ("pending", "analyzing", "completed", "failed")
RUN_STATUSES = ("running", "completed", "failed", "cancelled")
#: Orders of ``posts list`` (measures of the analytics model post_performance).
POST_SORTS = ("newest", "rising", "velocity", "reactions")

#: Colours a tag may have: rich's standard terminal colour names, so the CLI can show
#: them on any terminal. The seed's default is ``cyan``.
PALETTE: tuple[str, ...] = (
    "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright_red", "bright_green", "bright_yellow", "bright_blue", "bright_magenta",
    "bright_cyan", "bright_white", "bright_black",
)
DEFAULT_COLOR = "cyan"
