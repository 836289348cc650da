"""Build legacy SQLite ``posts.db`` files with chosen edge cases for the migration tests
(and the socialdb rows some of them meet in the target)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from socialdb import ids
from socialdb.db import Database

# The old tool's schema, as in tests/fixtures/legacy_posts.db (SPEC §6).
LEGACY_DDL = """
CREATE TABLE posts (urn TEXT PRIMARY KEY, full_urn TEXT, posted_at_timestamp INTEGER,
  author_username TEXT, text_content TEXT, json_data TEXT, source_file TEXT,
  first_seen_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, imported_at TIMESTAMP,
  is_read BOOLEAN DEFAULT 0, is_marked BOOLEAN DEFAULT 0{extra_post_columns});
CREATE TABLE profiles (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT UNIQUE NOT NULL,
  name TEXT NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, is_active BOOLEAN DEFAULT 1, notes TEXT,
  post_count INTEGER DEFAULT 0, last_synced_at TIMESTAMP);
CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
  color TEXT DEFAULT 'cyan', created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE profile_tags (id INTEGER PRIMARY KEY AUTOINCREMENT, profile_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE,
  FOREIGN KEY (tag_id) REFERENCES tags(id) ON DELETE CASCADE, UNIQUE(profile_id, tag_id));
"""

BASE_MS = 1_759_276_800_000  # 2025-10-01 00:00:00 UTC


def apify_record(
    activity: str,
    *,
    author: str = "jane-doe",
    posted_ms: int = BASE_MS,
    reactions: int = 5,
    full_urn: bool = True,
    images: Sequence[str] = (),
    post_type: str = "regular",
) -> dict[str, Any]:
    """A realistic Apify record for activity id ``activity``."""
    record: dict[str, Any] = {
        "urn": {"activity_urn": activity, "share_urn": None, "ugcPost_urn": None},
        "posted_at": {"date": "2025-10-01 00:00:00", "timestamp": posted_ms},
        "text": f"post {activity}",
        "url": f"https://www.linkedin.com/posts/{author}_x-activity-{activity}-abcd",
        "post_type": post_type,
        "author": {"first_name": "Jane", "username": author},
        "stats": {"total_reactions": reactions, "like": reactions, "comments": 1},
    }
    if full_urn:
        record["full_urn"] = f"urn:li:activity:{activity}"
    if images:
        record["media"] = {"type": "images", "images": [{"url": u} for u in images]}
    return record


def legacy_post(
    activity: str,
    *,
    record: dict | None = None,
    json_data: str | None = None,
    urn: str | None = None,
    full_urn: str | None = "auto",
    posted_at: int | None = BASE_MS,
    author: str = "jane-doe",
    source_file: str | None = "raw/20251001/linkedin/dataset_jane-doe_2025-10-01_08-00-00-000.json",
    first_seen_at: str | None = "2025-10-01 09:00:00",
    imported_at: str | None = "2025-11-20T10:00:00",
    is_read: int = 0,
    is_marked: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    """A legacy posts row; by default urn/full_urn are the full form and json_data is valid."""
    rec = record if record is not None else apify_record(activity, author=author)
    return {
        "urn": urn if urn is not None else f"urn:li:activity:{activity}",
        "full_urn": f"urn:li:activity:{activity}" if full_urn == "auto" else full_urn,
        "posted_at_timestamp": posted_at,
        "author_username": author,
        "text_content": f"post {activity}",
        "json_data": json_data if json_data is not None else json.dumps(rec),
        "source_file": source_file,
        "first_seen_at": first_seen_at,
        "imported_at": imported_at,
        "is_read": is_read,
        "is_marked": is_marked,
        **extra,
    }


def build_legacy_db(
    path: Path,
    posts: Iterable[dict[str, Any]] = (),
    profiles: Iterable[dict[str, Any]] = (),
    tags: Iterable[dict[str, Any]] = (),
    profile_tags: Iterable[dict[str, Any]] = (),
    extra_post_columns: str = "",
) -> Path:
    """Write a legacy database with exactly these rows (dicts of column -> value)."""
    con = sqlite3.connect(path)
    try:
        con.executescript(LEGACY_DDL.format(
            extra_post_columns=f", {extra_post_columns}" if extra_post_columns else ""))
        for table, rows in (("posts", posts), ("profiles", profiles), ("tags", tags),
                            ("profile_tags", profile_tags)):
            for row in rows:
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
        con.commit()
    finally:
        con.close()
    return path


def add_tagged_profile(db: Database, username: str, name: str, *, is_active: bool = True,
                       tag: str = "ai", color: str = "cyan") -> str:
    """Put a profile with one tag into the socialdb target; returns the profile_id."""
    with db.transaction() as con:
        profile_id, tag_id = ids.new_id(con, "profile"), ids.new_id(con, "tag")
        con.execute("INSERT INTO profiles (profile_id, username, name, is_active) "
                    "VALUES (?, ?, ?, ?)", [profile_id, username, name, is_active])
        con.execute("INSERT INTO tags (tag_id, name, color) VALUES (?, ?, ?)",
                    [tag_id, tag, color])
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id) "
                    "VALUES (?, ?, ?)", [ids.new_id(con, "profile_tag"), profile_id, tag_id])
    return profile_id
