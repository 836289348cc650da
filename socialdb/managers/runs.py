"""Downloads: the history of scrape/ingest runs and the engagement snapshots they wrote."""

from __future__ import annotations

import contextlib
import json

from socialdb.errors import ConflictError, NotFoundError
from socialdb.managers import _sql
from socialdb.managers._base import Manager, require_choice, require_limit, resolve_post
from socialdb.managers.choices import RUN_STATUSES

FILE = "runs_manager"


class DownloadManager(Manager):
    """Read the ``download_runs`` history and snapshots; delete a run's audit row."""

    def list_runs(self, status: str | None = None, limit: int = 20) -> list[dict]:
        """Runs newest first with their counts."""
        require_choice(status, RUN_STATUSES, "run status")
        require_limit(limit)
        with self._read() as con:
            return _sql.fetch_all(con, FILE, "list", status=status, limit=limit)

    def get_run(self, run_id: str) -> dict:
        """One run with its system info (parsed) and the files it read."""
        with self._read() as con:
            run = _sql.fetch_one(con, FILE, "get", run_id=run_id)
            if run is None:
                raise NotFoundError(f"no run {run_id!r} (see `socialdb runs list`)")
            run["files"] = _sql.fetch_all(con, FILE, "files", run_id=run_id)
        with contextlib.suppress(json.JSONDecodeError):
            run["system_info"] = json.loads(run["system_info"] or "null")
        return run

    def snapshots(self, post_ref: str) -> list[dict]:
        """A post's engagement snapshots, oldest first."""
        with self._read() as con:
            post_id = resolve_post(con, post_ref)["post_id"]
            return _sql.fetch_all(con, FILE, "snapshots_of_post", post_id=post_id)

    def remove_run(self, run_id: str) -> dict:
        """Delete a run's audit row; its snapshots, ledger entries and the legacy posts
        it took over (``legacy_migrated_posts``) stay, detached.

        A run still 'running' is refused: the ingest that owns it would write to it.
        """
        with self._write() as con:
            run = _sql.fetch_one(con, FILE, "get", run_id=run_id)
            if run is None:
                raise NotFoundError(f"no run {run_id!r} (see `socialdb runs list`)")
            if run["status"] == "running":
                raise ConflictError(f"run {run_id} is still running; it cannot be removed")
            snaps = _sql.execute(con, FILE, "detach_snapshots", run_id=run_id).fetchone()[0]
            files = _sql.execute(con, FILE, "detach_files", run_id=run_id).fetchone()[0]
            _sql.execute(con, FILE, "detach_legacy_posts", run_id=run_id).fetchall()
            _sql.execute(con, FILE, "delete", run_id=run_id)
        return {"run_id": run_id, "snapshots_detached": snaps, "files_detached": files}
