"""Media attached to posts (images, videos, documents) and their AI-analysis state."""

from __future__ import annotations

from socialdb.db import utcnow
from socialdb.errors import NotFoundError
from socialdb.managers import _sql
from socialdb.managers._base import Manager, require_choice, require_limit, resolve_post
from socialdb.managers.choices import ANALYSIS_STATUSES
from socialdb.managers.json_input import dump_json, load_json

FILE = "media_manager"


def _check_status(status: str | None) -> None:
    require_choice(status, ANALYSIS_STATUSES, "analysis status")


class MediaManager(Manager):
    """List media and record AI analysis progress (rows are created by the ingest)."""

    def list(self, status: str | None = None, media_type: str | None = None,
             post: str | None = None, limit: int = 100) -> list[dict]:
        """Media newest first, optionally by analysis status, type or post."""
        _check_status(status)
        require_limit(limit)
        with self._read() as con:
            post_id = resolve_post(con, post)["post_id"] if post else None
            return _sql.fetch_all(con, FILE, "list", status=status, media_type=media_type,
                                  post_id=post_id, limit=limit)

    def get(self, media_id: str) -> dict:
        """One media row (NotFoundError when unknown)."""
        with self._read() as con:
            row = _sql.fetch_one(con, FILE, "get", media_id=media_id)
        if row is None:
            raise NotFoundError(f"no media {media_id!r}")
        return row

    def set_analysis(self, media_id: str, status: str,
                     analysis: dict | str | None = None) -> dict:
        """Record analysis progress; 'completed' stamps ai_analyzed_at."""
        _check_status(status)
        if isinstance(analysis, str):
            load_json(analysis, "analysis")  # stored as given once it is strict JSON
            text: str | None = analysis
        else:
            text = None if analysis is None else dump_json(analysis, "analysis")
        with self._write() as con:
            changed = _sql.execute(con, FILE, "set_analysis", media_id=media_id, status=status,
                                   analysis=text, now=utcnow()).fetchone()[0]
            if not changed:
                raise NotFoundError(f"no media {media_id!r}")
        return self.get(media_id)
