"""Profiles: the watch list of accounts whose posts are scraped."""

from __future__ import annotations

from collections.abc import Sequence

from socialdb import ids
from socialdb.db import utcnow
from socialdb.errors import ConflictError, ValidationError
from socialdb.managers import _sql, journal
from socialdb.managers._base import Manager, require_text, resolve_profile, resolve_tag
from socialdb.usernames import username_problem

FILE = "profiles_manager"


class ProfileManager(Manager):
    """Add, list, update, (de)activate, tag and remove watched profiles.

    ``post_count`` is the number of stored posts whose ``author_username`` is the
    profile's username: computed when the profile is added, kept by every ingest.
    """

    def add(self, username: str, name: str, notes: str | None = None,
            platform: str = "linkedin") -> dict:
        """Start watching a profile; ConflictError if the username is already there."""
        username = require_username(username)
        name = require_text(name, "name")
        platform = require_text(platform, "platform")
        with self._write() as con:
            if _sql.fetch_one(con, "posts_lookup", "profile_by_username", username=username):
                raise ConflictError(f"profile {username!r} already exists")
            _sql.execute(con, FILE, "insert", profile_id=ids.new_id(con, "profile"),
                         username=username, name=name, platform=platform, notes=notes,
                         now=utcnow())
        return self.get(username)

    def get(self, username: str) -> dict:
        """One profile with its tags (NotFoundError when unknown)."""
        with self._read() as con:
            row = _sql.fetch_one(con, FILE, "get", username=username)
            if row is None:
                resolve_profile(con, username)  # raises the NotFoundError
        return row

    def list(self, active: bool | None = None, tag: str | None = None) -> list[dict]:
        """Profiles by username, optionally only (in)active ones or those with a tag."""
        with self._read() as con:
            tag_name = resolve_tag(con, tag)["name"] if tag is not None else None
            return _sql.fetch_all(con, FILE, "list", active=active, tag=tag_name)

    def update(self, username: str, name: str | None = None, notes: str | None = None,
               platform: str | None = None) -> dict:
        """Change name, notes or platform (no index on them: a plain UPDATE)."""
        require_username(username)
        if name is None and notes is None and platform is None:
            raise ValidationError("nothing to change: give --name, --notes and/or --platform")
        if name is not None:
            require_text(name, "name")
        if platform is not None:
            require_text(platform, "platform")
        with self._write() as con:
            profile = resolve_profile(con, username)
            _sql.execute(con, FILE, "update", profile_id=profile["profile_id"], name=name,
                         notes=notes, platform=platform, now=utcnow())
        return self.get(username)

    def set_active(self, username: str, active: bool) -> dict:
        """Start or stop tracking a profile, keeping its tags.

        ``is_active`` is indexed, so DuckDB refuses the UPDATE while profile_tags
        reference the row: the journal moves the tags aside and back (same IDs).
        """
        with self._session() as con:
            profile = resolve_profile(con, username)
            if bool(profile["is_active"]) != active:
                journal.run_change(con, "profile_active", profile["profile_id"],
                                   "true" if active else "false")
        return self.get(username)

    def remove(self, username: str) -> dict:
        """Stop watching and delete the profile and its tag links (its posts stay)."""
        with self._session() as con:
            profile = resolve_profile(con, username)
            counts = journal.run_change(con, "delete_profile", profile["profile_id"])
        return {**profile, "profile_tags_removed": counts["delete_profile_tags_of_profile"]}

    def tag(self, username: str, tags: Sequence[str]) -> dict:
        """Attach existing tags (already attached ones are left as they are)."""
        if not tags:
            raise ValidationError("give at least one tag")
        with self._write() as con:
            profile = resolve_profile(con, username)
            for tag in dict.fromkeys(resolve_tag(con, t)["tag_id"] for t in tags):
                if _sql.scalar(con, FILE, "tag_exists", profile_id=profile["profile_id"],
                               tag_id=tag):
                    continue
                _sql.execute(con, FILE, "tag", profile_tag_id=ids.new_id(con, "profile_tag"),
                             profile_id=profile["profile_id"], tag_id=tag, now=utcnow())
        return self.get(username)

    def untag(self, username: str, tags: Sequence[str]) -> dict:
        """Detach tags; NotFoundError when a tag is unknown or not on the profile."""
        if not tags:
            raise ValidationError("give at least one tag")
        with self._write() as con:
            profile = resolve_profile(con, username)
            for name in tags:
                tag = resolve_tag(con, name)
                gone = _sql.execute(con, FILE, "untag", profile_id=profile["profile_id"],
                                    tag_id=tag["tag_id"]).fetchone()[0]
                if not gone:
                    raise ValidationError(f"profile {username!r} has no tag {tag['name']!r}")
        return self.get(username)


def require_username(username: str) -> str:
    """A username that is safe as part of a landing file name (ValidationError if not)."""
    username = require_text(username, "username")
    problem = username_problem(username)
    if problem:
        raise ValidationError(f"username {username!r} {problem}")
    return username
