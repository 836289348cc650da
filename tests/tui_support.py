"""Shared pieces of the TUI tests: a realistic database and a pilot that waits for the workers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from socialdb.db import Database
from socialdb.ingest import ingest_paths
from socialdb.tui.app import TriageApp
from tests.helpers import sample_record, write_json

SIZE = (160, 48)
#: Generated posts beside the shared samples: one author, known texts and reactions.
EXTRA_AUTHOR = "mei-chen-9"
EXTRA_TEXTS = {
    "7400000000000000001": ("Kubernetes cost report for the quarter", 12),
    "7400000000000000002": ("We are hiring a DuckDB engineer", 950),
    "7400000000000000003": ("Unicode café ☕ and \"quotes\" and [brackets]", 40),
}


def add_generated_posts(db_path: Path, raw_dir: Path, when: str = "2025-10-03_08-00-00-5") -> None:
    """Ingest a few more posts (a second author, odd text) next to the samples."""
    ingest_paths(Database(db_path, lock_timeout=10), [write_generated_posts(raw_dir, when)])


def write_generated_posts(raw_dir: Path, when: str = "2025-10-03_08-00-00-5") -> Path:
    """The Apify file of :func:`add_generated_posts`, written but not ingested."""
    records = []
    for activity, (text, reactions) in EXTRA_TEXTS.items():
        record = sample_record(activity, text=text, reactions=reactions)
        record["author"] = {"first_name": "Mei", "last_name": "Chen", "username": EXTRA_AUTHOR,
                            "profile_url": f"https://www.linkedin.com/in/{EXTRA_AUTHOR}"}
        record["posted_at"] = {"date": "2025-10-03 07:00:00", "relative": "1h",
                               "timestamp": 1759474800000 + int(activity[-1]) * 60_000}
        records.append(record)
    path = raw_dir / "20251003" / "linkedin" / f"dataset_{EXTRA_AUTHOR}_{when}.json"
    return write_json(path, records)


class Driver:
    """A pilot plus helpers that wait until every database worker has reported back."""

    def __init__(self, app: TriageApp, pilot: Any) -> None:
        self.app = app
        self.pilot = pilot

    async def settle(self) -> None:
        for _ in range(3):  # a worker's callback may start another worker
            await self.pilot.pause()
            await self.app.workers.wait_for_complete()
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)
        await self.settle()

    @property
    def screen(self) -> Any:
        return self.app.screen

    def shown_ids(self) -> list[str]:
        """Post ids in the table, top to bottom."""
        screen = self.app.screen
        return [row["post_id"] for row in screen.matching[:screen.table.row_count]]

    def cursor_id(self) -> str | None:
        return self.app.screen.current_post_id()


def drive(db_path: Path, script: Callable[[Driver], Awaitable[None]], **app_args: Any) -> TriageApp:
    """Run the app on ``db_path`` under the pilot and play ``script`` against it."""
    app = TriageApp(db_path, lock_timeout=30, **app_args)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            driver = Driver(app, pilot)
            await driver.settle()
            await script(driver)

    asyncio.run(main())
    return app
