"""Tags a person puts on posts (``applied_by='user'``), which rule tagging never touches."""

from __future__ import annotations

from collections.abc import Sequence

from socialdb import ids
from socialdb.db import utcnow
from socialdb.errors import ValidationError
from socialdb.managers import _sql
from socialdb.managers._base import Manager, resolve_post, resolve_tag

FILE = "post_tags_manager"


class PostTagManager(Manager):
    """Tag and untag posts by hand; list a post's tags."""

    def tag(self, ref: str, tags: Sequence[str], note: str | None = None) -> list[dict]:
        """Apply existing tags as the user (confidence 1.0).

        A tag that a rule already applied becomes the user's, so later rule runs
        leave it alone.
        """
        if not tags:
            raise ValidationError("give at least one tag")
        with self._write() as con:
            post_id = resolve_post(con, ref)["post_id"]
            for tag_id in dict.fromkeys(resolve_tag(con, t)["tag_id"] for t in tags):
                found = _sql.fetch_one(con, FILE, "get", post_id=post_id, tag_id=tag_id)
                if found is None:
                    _sql.execute(con, FILE, "insert", post_tag_id=ids.new_id(con, "post_tag"),
                                 post_id=post_id, tag_id=tag_id, confidence=1.0,
                                 applied_by="user", system_notes=note, now=utcnow())
                elif found["applied_by"] != "user":
                    _sql.execute(con, FILE, "to_user", post_tag_id=found["post_tag_id"],
                                 confidence=1.0, system_notes=note)
        return self.of_post(ref)

    def untag(self, ref: str, tags: Sequence[str]) -> list[dict]:
        """Remove tags from a post, whoever applied them."""
        if not tags:
            raise ValidationError("give at least one tag")
        with self._write() as con:
            post_id = resolve_post(con, ref)["post_id"]
            for name in tags:
                tag = resolve_tag(con, name)
                gone = _sql.execute(con, FILE, "delete", post_id=post_id,
                                    tag_id=tag["tag_id"]).fetchone()[0]
                if not gone:
                    raise ValidationError(f"post {post_id} has no tag {tag['name']!r}")
        return self.of_post(ref)

    def of_post(self, ref: str) -> list[dict]:
        """A post's tags with who applied them, the confidence and why."""
        with self._read() as con:
            post_id = resolve_post(con, ref)["post_id"]
            return _sql.fetch_all(con, FILE, "of_post", post_id=post_id)
