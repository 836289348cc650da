"""The action queue: validation, lifecycle, priority/due order and the atomic claim."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from socialdb.db import Database, utcnow
from socialdb.errors import ConflictError, NotFoundError, ValidationError
from socialdb.managers import ActionQueueManager, PostManager

SOCIALDB = Path(sys.executable).parent / "socialdb"


@pytest.fixture
def post_ids(loaded: Database) -> list[str]:
    return [p["post_id"] for p in PostManager(loaded).list(limit=5)]


@pytest.mark.parametrize("action_type, params, message", [
    ("like", None, "unknown action type"),
    ("comment", None, "needs"),
    ("comment", "{not json", "not valid JSON"),
    ("comment", '["text"]', "JSON object"),
    ("comment", '{"text": "  "}', "non-empty"),
    ("autoreact", '{"reaction": "angry"}', "reaction"),
])
def test_queue_rejects_bad_input_and_stores_nothing(
        loaded: Database, post_ids: list[str], action_type: str, params: str | None,
        message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ActionQueueManager(loaded).queue(post_ids[0], action_type, params)
    assert ActionQueueManager(loaded).list() == []


def test_queue_rejects_past_times_unknown_posts_and_duplicates(
        loaded: Database, post_ids: list[str]) -> None:
    actions = ActionQueueManager(loaded)
    with pytest.raises(ValidationError, match="in the past"):
        actions.queue(post_ids[0], "save", at="2020-01-01T00:00:00Z")
    with pytest.raises(ValidationError, match="ISO 8601"):
        actions.queue(post_ids[0], "save", at="tomorrow")
    with pytest.raises(ValidationError, match="ISO 8601"):  # UTC of it is past year 9999
        actions.queue(post_ids[0], "save", at="9999-12-31T23:59:59-05:00")
    with pytest.raises(NotFoundError):
        actions.queue("p-00000000", "save")
    queued = actions.queue(post_ids[0], "autoreact", at="2999-01-01T10:00:00+02:00")
    assert queued["action_params"] == '{"reaction": "like"}'
    assert str(queued["scheduled_for"]) == "2999-01-01 08:00:00"  # stored as UTC
    with pytest.raises(ConflictError, match="already queued"):
        actions.queue(post_ids[0], "autoreact")
    assert len(actions.list()) == 1


def test_next_takes_priority_then_age_and_skips_future(
        loaded: Database, post_ids: list[str]) -> None:
    actions = ActionQueueManager(loaded)
    low = actions.queue(post_ids[0], "save", priority=1)
    high_later = actions.queue(post_ids[1], "save", priority=9,
                               at=(utcnow() + timedelta(hours=1)).isoformat())
    high = actions.queue(post_ids[2], "bookmark", priority=5)
    mid = actions.queue(post_ids[3], "comment", '{"text": "Nice"}', priority=5)
    order = [actions.next()["action_id"] for _ in range(3)]
    assert order == [high["action_id"], mid["action_id"], low["action_id"]]
    assert actions.next() is None  # the priority-9 one is not due yet
    assert actions.get(high_later["action_id"])["status"] == "queued"


def test_lifecycle_moves_timestamps_and_appends_notes(
        loaded: Database, post_ids: list[str]) -> None:
    actions = ActionQueueManager(loaded)
    action = actions.queue(post_ids[0], "share", '{"text": "look"}', note="for the team")
    claimed = actions.next()
    assert claimed["status"] == "in_progress" and claimed["updated_at"] > action["updated_at"]
    failed = actions.fail(action["action_id"], "post was deleted")
    assert failed["status"] == "failed" and failed["executed_at"] is None
    assert "failed: post was deleted" in failed["system_notes"]
    with pytest.raises(ConflictError, match="cannot complete"):
        actions.complete(action["action_id"])
    retried = actions.retry(action["action_id"])
    assert retried["status"] == "queued"
    assert actions.next()["action_id"] == action["action_id"]
    done = actions.complete(action["action_id"], note="shared")
    assert done["status"] == "completed" and done["executed_at"] is not None
    assert done["system_notes"].count("\n") == 4  # claimed, failed, retried, claimed, completed
    assert done["user_notes"] == "for the team"
    with pytest.raises(ConflictError):
        actions.cancel(action["action_id"])
    with pytest.raises(NotFoundError):
        actions.cancel("act-00000000")
    with pytest.raises(ValidationError):
        actions.list(status="bogus")


def test_two_processes_never_claim_the_same_action(
        loaded: Database, post_ids: list[str], db_path: Path) -> None:
    actions = ActionQueueManager(loaded)
    queued = {actions.queue(p, "save")["action_id"] for p in post_ids[:4]}
    env = {**os.environ, "SOCIALDB_LOCK_TIMEOUT": "30"}
    env.pop("SOCIALDB_DATABASE", None)
    workers = [subprocess.Popen([str(SOCIALDB), "--db", str(db_path), "actions", "next",
                                 "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env) for _ in range(6)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        results.append(json.loads(out))
    claimed = [r["action_id"] for r in results if r is not None]
    assert len(claimed) == len(set(claimed)) == 4  # every action once, two got nothing
    assert set(claimed) == queued
    assert {a["status"] for a in actions.list()} == {"in_progress"}
