"""What a profile username may be: a LinkedIn public id, safe in a file name.

The username becomes part of a landing file's path (``dataset_<username>_...json``),
so anything that could climb out of the folder (``/``, ``\\``, ``..``) or hide in a
terminal or a file name (whitespace, control characters) is refused up front.
"""

from __future__ import annotations

import re

MAX_USERNAME_LENGTH = 100
_SLUG = re.compile(r"(?:[A-Za-z0-9_.\-]|%[0-9A-Fa-f]{2})+")


def username_problem(username: str) -> str | None:
    """Why ``username`` is not a usable public id, or None when it is."""
    if len(username) > MAX_USERNAME_LENGTH:
        return f"is longer than {MAX_USERNAME_LENGTH} characters"
    if ".." in username:
        return "must not contain '..'"
    if not _SLUG.fullmatch(username):
        return ("may only contain letters, digits, '-', '_', '.' and %-escapes "
                "(no slashes, spaces or control characters)")
    return None
