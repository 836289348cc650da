"""Tags: lower-case unique labels for profiles and posts, coloured from a fixed palette."""

from __future__ import annotations

from socialdb import ids
from socialdb.db import utcnow
from socialdb.errors import ConflictError, ValidationError
from socialdb.managers import _sql, journal
from socialdb.managers._base import Manager, normalize_tag_name, resolve_tag
from socialdb.managers.choices import DEFAULT_COLOR, PALETTE

FILE = "tags_manager"


def check_color(color: str | None) -> str | None:
    """The colour in lower case, or ValidationError naming the palette."""
    if color is None:
        return None
    normal = color.strip().lower()
    if normal not in PALETTE:
        raise ValidationError(f"colour {color!r} is not in the palette: {', '.join(PALETTE)}")
    return normal


class TagManager(Manager):
    """Create, list, recolour, rename and remove tags."""

    def add(self, name: str, description: str | None = None, color: str | None = None) -> dict:
        """Create a tag; ConflictError if the (lower-cased) name exists."""
        normal = normalize_tag_name(name)
        colour = check_color(color) or DEFAULT_COLOR
        with self._write() as con:
            if _sql.fetch_one(con, "posts_lookup", "tag_by_name", name=normal):
                raise ConflictError(f"tag {normal!r} already exists")
            tag_id = ids.new_id(con, "tag")
            _sql.execute(con, FILE, "insert", tag_id=tag_id, name=normal,
                         description=description, color=colour, now=utcnow())
        return self.get(normal)

    def get(self, name: str) -> dict:
        """One tag by name (NotFoundError when unknown)."""
        with self._read() as con:
            return resolve_tag(con, name)

    def list(self) -> list[dict]:
        """Every tag with how many profiles and posts carry it, by name."""
        with self._read() as con:
            return _sql.fetch_all(con, FILE, "list")

    def update(self, name: str, description: str | None = None,
               color: str | None = None) -> dict:
        """Change description and/or colour (columns without an index: a plain UPDATE)."""
        colour = check_color(color)
        if description is None and colour is None:
            raise ValidationError("nothing to change: give --description and/or --color")
        with self._write() as con:
            tag = resolve_tag(con, name)
            _sql.execute(con, FILE, "update", tag_id=tag["tag_id"], description=description,
                         color=colour)
        return self.get(tag["name"])

    def rename(self, old: str, new: str) -> dict:
        """Rename a tag, keeping every profile and post association (same IDs).

        ``tags.name`` is UNIQUE and indexed, so DuckDB refuses to update it while
        profile_tags/post_tags reference the tag: the journal moves them aside and back.
        """
        new_name = normalize_tag_name(new)
        with self._session() as con:
            tag = resolve_tag(con, old)
            if tag["name"] == new_name:
                raise ValidationError(f"tag is already called {new_name!r}")
            if _sql.fetch_one(con, "posts_lookup", "tag_by_name", name=new_name):
                raise ConflictError(f"tag {new_name!r} already exists")
            journal.run_change(con, "tag_rename", tag["tag_id"], new_name)
        return self.get(new_name)

    def remove(self, name: str) -> dict:
        """Delete a tag and its profile and post associations; returns what went."""
        with self._session() as con:
            tag = resolve_tag(con, name)
            counts = journal.run_change(con, "delete_tag", tag["tag_id"])
        return {**tag, "profile_tags_removed": counts["delete_profile_tags_of_tag"],
                "post_tags_removed": counts["delete_post_tags_of_tag"]}
