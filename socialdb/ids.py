"""AWS-style identifiers: ``prefix-`` + 8 random hex digits, unique by construction.

8 hex digits are only 2**32 values: by the birthday bound a collision is more
likely than not at ~77,000 IDs drawn at random, and at millions of rows a fresh
random ID hits an existing one often. Generation therefore never trusts chance:
candidates are de-duplicated within the batch and checked against the table in
one set-based query, and only the colliding ones are redrawn. A load never fails
on a collision.
"""

from __future__ import annotations

import os

import duckdb

PREFIXES: dict[str, tuple[str, str]] = {
    # entity -> (prefix, "table.column")
    "post": ("p", "posts.post_id"),
    "download": ("dl", "data_downloads.download_id"),
    "run": ("run", "download_runs.run_id"),
    "profile": ("prf", "profiles.profile_id"),
    "tag": ("tag", "tags.tag_id"),
    "profile_tag": ("pft", "profile_tags.profile_tag_id"),
    "post_tag": ("ptg", "post_tags.post_tag_id"),
    "action": ("act", "action_queue.action_id"),
    "media": ("med", "post_media.media_id"),
}

ID_PATTERN_SQL = "^{prefix}-[0-9a-f]{{8}}$"
_MAX_ROUNDS = 64


def random_ids(prefix: str, count: int) -> list[str]:
    """``count`` random candidates for ``prefix`` (not yet checked for uniqueness)."""
    raw = os.urandom(4 * count).hex()
    return [f"{prefix}-{raw[i * 8:(i + 1) * 8]}" for i in range(count)]


def new_ids(con: duckdb.DuckDBPyConnection, entity: str, count: int) -> list[str]:
    """``count`` IDs for ``entity`` that are distinct and absent from its table.

    Must run inside the transaction that inserts the rows (DuckDB has one writer,
    so nothing can take an ID between the check and the insert).
    """
    if count <= 0:
        return []
    prefix, target = PREFIXES[entity]
    table, column = target.split(".")
    chosen: list[str] = []
    taken: set[str] = set()
    needed = count
    for _ in range(_MAX_ROUNDS):
        candidates = [c for c in dict.fromkeys(random_ids(prefix, needed)) if c not in taken]
        clashes = _existing(con, table, column, candidates)
        fresh = [c for c in candidates if c not in clashes]
        chosen.extend(fresh)
        taken.update(fresh)
        needed = count - len(chosen)
        if needed == 0:
            return chosen
    raise RuntimeError(f"could not draw {count} unique {entity} IDs; is {table} nearly full?")


def new_id(con: duckdb.DuckDBPyConnection, entity: str) -> str:
    """One fresh ID for ``entity`` (see :func:`new_ids`)."""
    return new_ids(con, entity, 1)[0]


def _existing(
    con: duckdb.DuckDBPyConnection, table: str, column: str, candidates: list[str]
) -> set[str]:
    if not candidates:
        return set()
    # table/column come from the PREFIXES constant above, never from user input.
    rows = con.execute(
        f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?::TEXT[]))",
        [candidates],
    ).fetchall()
    return {r[0] for r in rows}
