"""Regenerate docs/tui-posts.svg and docs/tui-post.svg from the demo corpus.

    .venv/bin/python scripts/tui_screenshots.py

Ingests data/raw into a temporary database, triages a little (a mark, a tag, queued
actions) through the managers, then drives the app with Textual's pilot and saves SVGs.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from socialdb.db import Database
from socialdb.ingest import ingest_paths
from socialdb.managers import ActionQueueManager, PostManager, PostTagManager, TagManager
from socialdb.tui.app import TriageApp

REPO = Path(__file__).resolve().parent.parent


async def shoot(db_path: Path) -> None:
    app = TriageApp(db_path, refresh_seconds=3600)
    async with app.run_test(size=(150, 42)) as pilot:
        while not app.screen.measures:
            await pilot.pause(0.05)
        await pilot.press("s")                      # sort: rising
        screen = app.screen
        screen.table.move_cursor(row=1)
        await pilot.pause()
        app.save_screenshot("tui-posts.svg", str(REPO / "docs"))
        # the post with the longest engagement history makes the best chart
        longest = max(range(len(screen.matching)),
                      key=lambda i: screen.matching[i]["snapshots"] or 0)
        screen.table.move_cursor(row=longest)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        app.save_screenshot("tui-post.svg", str(REPO / "docs"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "demo.duckdb"
        db = Database(db_path)
        ingest_paths(db, [REPO / "data" / "raw"])
        posts = PostManager(db).list(sort="rising", limit=5)
        TagManager(db).add("duckdb", color="yellow")
        PostTagManager(db).tag(posts[1]["post_id"], ["duckdb"])
        PostManager(db).set_marked([posts[0]["post_id"]])
        PostManager(db).set_read([posts[2]["post_id"], posts[3]["post_id"]])
        ActionQueueManager(db).queue(posts[0]["post_id"], "autoreact")
        ActionQueueManager(db).queue(posts[1]["post_id"], "comment",
                                     params={"text": "Great benchmark!"}, note="after lunch")
        asyncio.run(shoot(db_path))


if __name__ == "__main__":
    main()
