"""download_runs bookkeeping: open a run, close it, and recover runs left by dead processes."""

from __future__ import annotations

import getpass
import json
import os
import platform as pyplatform
import socket
from collections.abc import Sequence
from pathlib import Path

import duckdb

from socialdb import __version__, sqlfiles
from socialdb.db import utcnow
from socialdb.ingest.lease import is_abandoned

MAX_ERROR_LINES = 500


def system_info(paths: Sequence[str], extra: dict | None = None) -> dict:
    """Who ran what, where: host, user, pid, versions and the paths given. Never secrets."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = None
    info = {
        "host": socket.gethostname(),
        "user": user,
        "pid": os.getpid(),
        "socialdb": __version__,
        "python": pyplatform.python_version(),
        "duckdb": duckdb.__version__,
        "paths": [str(p) for p in paths],
    }
    info.update(extra or {})
    return info


def start_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str,
    script_name: str,
    platform: str,
    info: dict,
    dagster_run_id: str | None = None,
    partition_key: str | None = None,
) -> str:
    """Insert a 'running' row (the caller holds its lease and commits it before loading)."""
    con.execute(
        sqlfiles.query("run_start"),
        {
            "run_id": run_id, "started_at": utcnow(), "script_name": script_name,
            "platform": platform, "system_info": json.dumps(info),
            "dagster_run_id": dagster_run_id, "partition_key": partition_key,
        },
    )
    return run_id


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, status: str, problems: Sequence[str]
) -> None:
    """Close a run with its status and every problem (capped, the ledger keeps the rest)."""
    lines = list(problems[:MAX_ERROR_LINES])
    if len(problems) > MAX_ERROR_LINES:
        lines.append(f"... and {len(problems) - MAX_ERROR_LINES} more (see ingested_files.error)")
    con.execute(
        sqlfiles.query("run_finish"),
        {"run_id": run_id, "status": status, "completed_at": utcnow(),
         "error_message": "\n".join(lines) if lines else None},
    )


def fail_abandoned_runs(con: duckdb.DuckDBPyConnection, db_path: Path) -> list[str]:
    """Mark 'running' rows whose process is gone as failed, whatever its host or pid.

    Every run holds a lease (an flock the kernel drops when its process dies, see
    :mod:`socialdb.ingest.lease`); a row whose lease can be taken, or that has no
    lease file, was abandoned. Its committed batches stay and its counts are exact
    for them. A run whose owner is alive is never touched.
    """
    failed: list[str] = []
    for run_id, _started, info_text in con.execute(sqlfiles.query("runs_running")).fetchall():
        if not is_abandoned(db_path, run_id):
            continue
        con.execute(
            sqlfiles.query("run_mark_failed"),
            {"run_id": run_id, "completed_at": utcnow(),
             "reason": f"interrupted: {_owner(info_text)} ended before the run finished"},
        )
        failed.append(run_id)
    return failed


def _owner(info_text: str | None) -> str:
    """'process 123 on host' from a row's system_info, for the failure reason."""
    try:
        info = json.loads(info_text or "{}")
    except json.JSONDecodeError:
        info = {}
    if not isinstance(info, dict) or not info.get("pid"):
        return "its process"
    return f"process {info['pid']} on {info.get('host') or 'an unknown host'}"
