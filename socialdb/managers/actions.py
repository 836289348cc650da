"""The action queue: things to do on posts (react, comment, save, ...), claimed one at a time.

Lifecycle: ``queued`` → ``in_progress`` (``next`` claims it) → ``completed`` or
``failed``; ``cancel`` stops a queued or running action; ``retry`` re-queues a failed
or cancelled one. Every change moves ``updated_at``; completion sets ``executed_at``;
each transition appends a time-stamped line to ``system_notes``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from socialdb import ids
from socialdb.db import utcnow
from socialdb.errors import ConflictError, NotFoundError, ValidationError
from socialdb.managers import _sql
from socialdb.managers._base import (
    Manager,
    parse_time,
    require_choice,
    require_limit,
    require_priority,
    resolve_post,
)
from socialdb.managers.choices import ACTION_STATUSES, ACTION_TYPES, REACTIONS
from socialdb.managers.json_input import dump_json, load_json

STATUSES = ACTION_STATUSES  # the name the CLI and older callers use

FILE = "actions_manager"

# (target status, statuses it may be reached from)
_TRANSITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "complete": ("completed", ("queued", "in_progress")),
    "fail": ("failed", ("queued", "in_progress")),
    "cancel": ("cancelled", ("queued", "in_progress")),
    "retry": ("queued", ("failed", "cancelled")),
}


def check_params(action_type: str, params: str | dict | None) -> str | None:
    """The params as canonical JSON text, or ValidationError saying what is wrong.

    What is stored must read back as standard JSON: NaN/Infinity (which Python's
    json accepts and writes) and numbers too large for a double are refused, and so
    is nesting deeper than :data:`~socialdb.managers.json_input.MAX_DEPTH` (which
    would otherwise end in a RecursionError) or text that is not valid Unicode.
    """
    if action_type not in ACTION_TYPES:  # required here, so not require_choice
        raise ValidationError(
            f"unknown action type {action_type!r}; use one of {', '.join(ACTION_TYPES)}")
    if isinstance(params, str):
        params = load_json(params, "--params")
    if params is not None and not isinstance(params, dict):
        raise ValidationError('--params must be a JSON object, e.g. {"text": "Great post"}')
    params = dict(params or {})
    text = params.get("text")
    if text is not None and (not isinstance(text, str) or not text.strip()):
        raise ValidationError('"text" in --params must be a non-empty string')
    if action_type == "comment" and text is None:
        raise ValidationError('a comment needs --params \'{"text": "..."}\'')
    if action_type == "autoreact":
        params.setdefault("reaction", "like")
        if params["reaction"] not in REACTIONS:
            raise ValidationError(
                f"reaction {params['reaction']!r} is not one of {', '.join(REACTIONS)}")
    return dump_json(params, "--params", sort_keys=True) if params else None


def _stamp(line: str) -> str:
    return f"[{utcnow():%Y-%m-%d %H:%M:%S}Z] {line}"


class ActionQueueManager(Manager):
    """Queue, list, claim and finish actions on posts."""

    def queue(self, post_ref: str, action_type: str, params: str | dict | None = None,
              priority: int = 0, at: str | datetime | None = None,
              note: str | None = None) -> dict:
        """Queue an action; ``at`` (ISO 8601, UTC when no offset) must not be in the past."""
        params_json = check_params(action_type, params)
        require_priority(priority)
        when = parse_time(at, "--at") if isinstance(at, str) else at
        if when is not None and when < utcnow():
            raise ValidationError(f"--at {when:%Y-%m-%d %H:%M:%S} UTC is in the past")
        with self._write() as con:
            post_id = resolve_post(con, post_ref)["post_id"]
            same = _sql.scalar(con, FILE, "duplicate", post_id=post_id,
                               action_type=action_type, action_params=params_json)
            if same:
                raise ConflictError(f"the same {action_type} is already queued as {same}")
            action_id = ids.new_id(con, "action")
            _sql.execute(con, FILE, "insert", action_id=action_id, post_id=post_id,
                         action_type=action_type, action_params=params_json,
                         priority=priority, scheduled_for=when, user_notes=note, now=utcnow())
        return self.get(action_id)

    def get(self, action_id: str) -> dict:
        """One action (NotFoundError when unknown)."""
        with self._read() as con:
            row = _sql.fetch_one(con, FILE, "get", action_id=action_id)
        if row is None:
            raise NotFoundError(f"no action {action_id!r}")
        return row

    def list(self, status: str | None = None, action_type: str | None = None,
             post: str | None = None, limit: int = 100) -> list[dict]:
        """Running first, then queued by priority and time, then finished ones."""
        require_choice(status, STATUSES, "status")
        require_choice(action_type, ACTION_TYPES, "action type")
        require_limit(limit)
        with self._read() as con:
            post_id = resolve_post(con, post)["post_id"] if post else None
            return _sql.fetch_all(con, FILE, "list", status=status, action_type=action_type,
                                  post_id=post_id, limit=limit)

    def next(self, action_type: str | None = None) -> dict | None:
        """Claim the highest-priority due action (queued → in_progress), or None.

        The claim is one guarded UPDATE in one write transaction: two processes can
        never receive the same action.
        """
        require_choice(action_type, ACTION_TYPES, "action type")
        with self._write() as con:
            row = _sql.execute(con, FILE, "claim_next", now=utcnow(),
                               action_type=action_type, note=_stamp("claimed")).fetchone()
        return self.get(row[0]) if row else None

    def complete(self, action_id: str, note: str | None = None) -> dict:
        """Mark done now (sets executed_at)."""
        return self._move(action_id, "complete", "completed" + (f": {note}" if note else ""))

    def fail(self, action_id: str, reason: str) -> dict:
        """Mark failed, appending the reason to system_notes."""
        if not reason or not reason.strip():
            raise ValidationError("--reason must not be empty")
        return self._move(action_id, "fail", f"failed: {reason}")

    def cancel(self, action_id: str) -> dict:
        """Stop a queued or running action."""
        return self._move(action_id, "cancel", "cancelled")

    def retry(self, action_id: str) -> dict:
        """Queue a failed or cancelled action again."""
        return self._move(action_id, "retry", "retried")

    def _move(self, action_id: str, verb: str, note: str) -> dict:
        new_status, allowed = _TRANSITIONS[verb]
        with self._write() as con:
            done = _sql.execute(con, FILE, "transition", action_id=action_id,
                                new_status=new_status, allowed=list(allowed), now=utcnow(),
                                note=_stamp(note)).fetchone()
            if not done:
                current: Any = _sql.fetch_one(con, FILE, "get", action_id=action_id)
                if current is None:
                    raise NotFoundError(f"no action {action_id!r}")
                raise ConflictError(
                    f"cannot {verb} action {action_id}: it is {current['status']} "
                    f"(only {' or '.join(allowed)} actions can be)")
        return self.get(action_id)
