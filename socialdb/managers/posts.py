"""Posts: browse, triage (read / marked) and delete scraped posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from socialdb.analytics.access import with_views
from socialdb.db import utcnow
from socialdb.errors import ValidationError
from socialdb.managers import _sql, journal
from socialdb.managers._base import (
    Manager,
    parse_time,
    require_choice,
    require_limit,
    resolve_post,
    resolve_tag,
)
from socialdb.managers.choices import POST_SORTS

FILE = "posts_manager"
PREVIEW_CHARS = 80
SORTS = POST_SORTS


class PostManager(Manager):
    """List and show posts with their engagement, set UI state, remove posts.

    Only the non-indexed columns ``is_read``, ``is_marked`` and ``updated_at`` are
    ever updated: posts are referenced by snapshots, media, tags and actions, and
    DuckDB refuses updates of indexed columns of referenced rows.
    """

    def list(self, *, unread: bool = False, marked: bool = False, author: str | None = None,
             tag: str | None = None, since: str | datetime | None = None,
             limit: int = 50, sort: str = "newest") -> list[dict]:
        """Posts with their engagement from the analytics model ``post_performance``.

        ``sort``: ``newest`` (publication time), ``rising`` (rising_score), ``velocity``
        (velocity_24h) or ``reactions`` (latest_reactions); posts without that measure
        come last. Rows carry latest_reactions, growth_since_previous, reactions_at_24h,
        velocity_24h, lift_24h, rising_score and author_median_at_24h.
        """
        require_limit(limit)
        require_choice(sort, SORTS, "sort")
        since_at = parse_time(since, "--since") if isinstance(since, str) else since
        if since_at is not None and since_at > utcnow():
            raise ValidationError(f"--since {since_at:%Y-%m-%d %H:%M:%S} is in the future")

        def read(con) -> list[dict]:
            tag_name = resolve_tag(con, tag)["name"] if tag is not None else None
            return _sql.fetch_all(con, FILE, "list", unread=unread, marked=marked,
                                  author=author, tag=tag_name, since=since_at, limit=limit,
                                  preview=PREVIEW_CHARS, sort=sort)

        return with_views(self.db, read)

    def get(self, ref: str) -> dict:
        """One post: text, media, tags, actions and its engagement history."""
        def read(con) -> dict:
            post_id = resolve_post(con, ref)["post_id"]
            post = _sql.fetch_one(con, FILE, "get", post_id=post_id) or {}
            for part in ("media", "tags", "actions", "history"):
                post[part] = _sql.fetch_all(con, FILE, part, post_id=post_id)
            return post

        return with_views(self.db, read)

    def list_basic(self, limit: int = 50) -> list[dict]:
        """Posts newest first with their newest snapshot's reactions, tags and platform,
        without the analytics measures: cheap on a large database (a viewer's first paint).
        """
        require_limit(limit)
        with self._read() as con:
            return _sql.fetch_all(con, FILE, "list_basic", limit=limit, preview=PREVIEW_CHARS)

    def raw_json(self, ref: str) -> str | None:
        """The post's record exactly as the newest scrape delivered it (the viewer's `r`)."""
        with self._read() as con:
            post_id = resolve_post(con, ref)["post_id"]
            return _sql.scalar(con, FILE, "raw_json", post_id=post_id)

    def set_read(self, refs: Sequence[str], value: bool = True) -> list[str]:
        """Mark posts read (or unread); returns their post IDs."""
        return self._set_flag("set_read", refs, value)

    def set_marked(self, refs: Sequence[str], value: bool = True) -> list[str]:
        """Mark (or unmark) posts for later; returns their post IDs."""
        return self._set_flag("set_marked", refs, value)

    def _set_flag(self, statement: str, refs: Sequence[str], value: bool) -> list[str]:
        if not refs:
            raise ValidationError("give at least one post")
        with self._write() as con:
            post_ids = list(dict.fromkeys(resolve_post(con, r)["post_id"] for r in refs))
            now = utcnow()
            for post_id in post_ids:
                _sql.execute(con, FILE, statement, post_id=post_id, value=value, now=now)
        return post_ids

    def remove(self, ref: str) -> dict:
        """Delete a post with its snapshots, media, tags and queued actions."""
        with self._session() as con:
            post = resolve_post(con, ref)
            counts = journal.run_change(con, "delete_post", post["post_id"],
                                        post["author_username"])
        return {**post,
                "snapshots_removed": counts["delete_downloads_of_post"],
                "media_removed": counts["delete_media_of_post"],
                "tags_removed": counts["delete_post_tags_of_post"],
                "actions_removed": counts["delete_actions_of_post"]}
