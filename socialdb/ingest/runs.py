"""download_runs bookkeeping: open a run, close it, and recover runs left by killed processes."""

from __future__ import annotations

import getpass
import json
import os
import platform as pyplatform
import socket
from collections.abc import Sequence

import duckdb

from socialdb import __version__, ids, sqlfiles
from socialdb.db import utcnow

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
    script_name: str,
    platform: str,
    info: dict,
    dagster_run_id: str | None = None,
    partition_key: str | None = None,
) -> str:
    """Insert a 'running' row (the caller commits it before loading data)."""
    run_id = ids.new_id(con, "run")
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


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark 'running' rows whose process on this host is gone as failed.

    A run records its host and pid in ``system_info``; if that process no longer
    exists it was killed (its committed batches stay, its counts are exact for
    them). Runs of other hosts, or of live processes, are left alone.
    """
    host = socket.gethostname()
    failed: list[str] = []
    for run_id, _started, info_text in con.execute(sqlfiles.query("runs_running")).fetchall():
        try:
            info = json.loads(info_text or "{}")
        except json.JSONDecodeError:
            continue
        pid = info.get("pid")
        if info.get("host") != host or not isinstance(pid, int):
            continue
        if pid == os.getpid() or _process_alive(pid):
            continue
        con.execute(
            sqlfiles.query("run_mark_failed"),
            {"run_id": run_id, "completed_at": utcnow(),
             "reason": f"interrupted: process {pid} ended before the run finished"},
        )
        failed.append(run_id)
    return failed
