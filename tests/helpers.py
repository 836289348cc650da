"""Small helpers shared by tests: read rows back, fingerprint files, build records."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import duckdb


def query(db_path: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Rows of a query on a read-only connection (closed afterwards)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def scalar(db_path: Path, sql: str, params: list | None = None) -> Any:
    """The single value of a query."""
    return query(db_path, sql, params)[0][0]


def fingerprint(folder: Path) -> dict[str, tuple[str, float]]:
    """Hash and mtime of every file below a folder (to prove raw files are untouched)."""
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime)
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def sample_record(activity: str, text: str = "hello", reactions: object = 5, **extra: Any) -> dict:
    """A record shaped like the actor's output."""
    record = {
        "urn": {"activity_urn": activity, "share_urn": None, "ugcPost_urn": None},
        "full_urn": f"urn:li:activity:{activity}",
        "posted_at": {"date": "2025-10-01 00:00:00", "relative": "1h",
                      "timestamp": 1759276800000},
        "text": text,
        "url": f"https://www.linkedin.com/posts/x-activity-{activity}",
        "post_type": "regular",
        "author": {"first_name": "Test", "last_name": "User", "username": "test-user",
                   "profile_url": "https://www.linkedin.com/in/test-user"},
        "stats": {"total_reactions": reactions, "like": 1, "comments": 0, "reposts": 0},
    }
    record.update(extra)
    return record


def write_json(path: Path, value: Any) -> Path:
    """Write a JSON file (folders created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def corpus_truth(folder: Path) -> tuple[set[str], set[tuple[str, str]]]:
    """Independent count from the raw files: distinct post ids, distinct (post, file name)."""
    posts: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for path in folder.rglob("*.json"):
        for rec in json.loads(path.read_text()):
            digits = rec["full_urn"].rsplit(":", 1)[1]
            posts.add(digits)
            pairs.add((digits, path.name))
    return posts, pairs
