"""Crash-safe two-transaction changes of rows that other rows reference.

DuckDB 2.0.1 checks foreign keys against committed data: inside ONE transaction,
deleting a parent after deleting its dependants fails ("still referenced"), and so
does updating an indexed column (``profiles.is_active``, ``tags.name``) of a row that
is referenced (duckdb/duckdb#20246). Measured here; see tests/test_managers_journal.py.

So a change runs as two transactions on one connection, which holds the file's
single write lock throughout, so no other process can see or write in between:

1. journal the change, stash the junction rows that must survive (same IDs and
   ``created_at``) and delete the dependants;
2. update or delete the parent, restore the stash, clear the journal entry.

If the process dies between 1 and 2, :func:`settle` (run by every manager write
before its own work) finishes the journalled change, so the user's intent is
completed and no tag association is ever lost.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import duckdb

from socialdb.db import utcnow
from socialdb.managers import _sql

FILE = "profiles_pending_changes"


@dataclass(frozen=True)
class Kind:
    """What each phase of one kind of change runs (statement names in FILE)."""

    phase1: tuple[str, ...]
    parent: str
    is_delete: bool
    after: tuple[str, ...] = ()  # run in step 2 right after the parent change


KINDS: dict[str, Kind] = {
    "profile_active": Kind(
        ("stash_profile_tags_of_profile", "delete_profile_tags_of_profile"),
        "set_profile_active", False),
    "tag_rename": Kind(
        ("stash_profile_tags_of_tag", "stash_post_tags_of_tag",
         "delete_profile_tags_of_tag", "delete_post_tags_of_tag"),
        "rename_tag", False),
    "delete_profile": Kind(("delete_profile_tags_of_profile",), "delete_profile", True),
    "delete_tag": Kind(
        ("delete_profile_tags_of_tag", "delete_post_tags_of_tag"), "delete_tag", True),
    "delete_post": Kind(
        ("delete_downloads_of_post", "delete_media_of_post", "delete_post_tags_of_post",
         "delete_actions_of_post"),
        "delete_post", True, ("recount_post_author",)),
}
_TAIL = ("restore_profile_tags", "restore_post_tags", "clear_profile_tags_stash",
         "clear_post_tags_stash", "journal_done")


def _in_transaction(con: duckdb.DuckDBPyConnection, names: tuple[str, ...],
                    params: dict) -> dict[str, int]:
    counts: dict[str, int] = {}
    con.execute("BEGIN TRANSACTION")
    try:
        for name in names:
            row = _sql.execute(con, FILE, name, **params).fetchone()
            counts[name] = int(row[0]) if row and isinstance(row[0], int) else 0
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return counts


def run_change(
    con: duckdb.DuckDBPyConnection, kind: str, target_id: str, value: str | None = None
) -> dict[str, int]:
    """Apply one change in two transactions; returns rows affected per statement.

    ``value`` is the new value (profile_active, tag_rename) or, for delete_post, the
    post's author username, whose profile's post_count is recounted in step 2.
    The caller has validated the change on this same connection, outside any
    transaction. ``con`` must not be inside a transaction.
    """
    spec = KINDS[kind]
    params = {"change": uuid.uuid4().hex, "kind": kind, "target": target_id,
              "value": value, "now": utcnow()}
    counts = _in_transaction(con, ("journal_add", *spec.phase1), params)
    counts.update(_finish(con, spec, params))
    return counts


def _finish(con: duckdb.DuckDBPyConnection, spec: Kind, params: dict) -> dict[str, int]:
    try:
        return _in_transaction(con, (spec.parent, *spec.after, *_TAIL), params)
    except duckdb.Error:
        if spec.is_delete:
            raise
        # Never strand the stashed rows: put them back without the parent change.
        _in_transaction(con, _TAIL, params)
        raise


def settle(con: duckdb.DuckDBPyConnection) -> int:
    """Finish every change a dead process left half done; returns how many."""
    pending = _sql.fetch_all(con, FILE, "journal_list")
    for change in pending:
        spec = KINDS[change["kind"]]
        params = {"change": change["change_id"], "target": change["target_id"],
                  "value": change["new_value"], "now": utcnow()}
        # Dependants may have been added since by a writer that does not settle (an
        # ingest, the legacy migration): move them aside too, or step 2 would hit the
        # same foreign-key limit. The restore keeps one link per (parent, tag).
        _in_transaction(con, spec.phase1, params)
        _finish(con, spec, params)
    return len(pending)
