"""A run killed with SIGKILL at any moment leaves whole files only; the next run marks
the abandoned row failed (its lease is free, whatever pid or host it recorded) and
ingests exactly what is missing."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from benchmarks.generate_corpus import generate
from tests.conftest import SAMPLE_RAW
from tests.helpers import query, scalar


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("crash") / "raw"
    generate(out, profiles=20, days=10, scrapes_per_day=4, limit=10, seed=3)  # 800 files
    return out


def ingest_process(db_path: Path, corpus: Path) -> subprocess.Popen:
    env = {**os.environ, "SOCIALDB_INGEST_BATCH_RECORDS": "500"}  # many small commits
    return subprocess.Popen([sys.executable, "-m", "socialdb", "--db", str(db_path), "ingest",
                             "--json", str(corpus)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True)


def assert_only_whole_files(db_path: Path, corpus: Path) -> int:
    """Every ledger file has all its snapshots; no snapshot comes from an unledgered file."""
    ledger = {name for (name,) in query(db_path, "SELECT file_name FROM ingested_files")}
    per_file = dict(query(db_path, "SELECT source_file_name, count(*) FROM data_downloads GROUP BY 1"))
    assert set(per_file) <= ledger
    for path in corpus.rglob("*.json"):
        if path.name in ledger:
            distinct = {r["full_urn"] for r in json.loads(path.read_text())}
            assert per_file.get(path.name) == len(distinct), path.name
    orphans = scalar(db_path, "SELECT count(*) FROM data_downloads d ANTI JOIN posts p USING (post_id)")
    assert orphans == 0
    return len(ledger)


def wait_until_running(process: subprocess.Popen, db_path: Path) -> None:
    """Until the run holds its lease (its 'running' row is being committed)."""
    leases = db_path.with_name(db_path.name + ".runs")
    deadline = time.monotonic() + 60
    while not (leases.is_dir() and any(leases.iterdir())):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the ingest never started"
        time.sleep(0.02)


@pytest.mark.parametrize("delay", [0.3, 1.0])
def test_sigkill_mid_run_then_recovery(tmp_path: Path, corpus: Path, delay: float) -> None:
    db_path = tmp_path / "crash.duckdb"
    victim = ingest_process(db_path, corpus)
    wait_until_running(victim, db_path)  # start-up time varies with the machine's load
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert victim.returncode == -signal.SIGKILL, "the run finished before it was killed"
    whole = assert_only_whole_files(db_path, corpus)
    (killed_run, status, fetched_before) = query(
        db_path, "SELECT run_id, status, posts_fetched FROM download_runs")[0]
    assert status == "running"
    assert fetched_before == 10 * whole  # the counts of a killed run are exact for what it stored

    survivor = ingest_process(db_path, corpus)
    out, _err = survivor.communicate(timeout=120)
    report = json.loads(out)
    assert survivor.returncode == 0
    assert report["abandoned_runs_failed"] == [killed_run]
    assert report["files_ingested"] == 800 - whole
    assert report["files_unchanged"] == whole
    status, message = query(db_path, "SELECT status, error_message FROM download_runs "
                                     "WHERE run_id = ?", [killed_run])[0]
    assert status == "failed" and "interrupted" in message
    assert_only_whole_files(db_path, corpus)

    clean = tmp_path / "clean.duckdb"
    reference = ingest_process(clean, corpus)
    reference.communicate(timeout=120)
    for table in ("posts", "data_downloads", "post_media", "ingested_files"):
        assert scalar(db_path, f"SELECT count(*) FROM {table}") == scalar(
            clean, f"SELECT count(*) FROM {table}"), table


# A real ingest killed (SIGKILL) right after its 'running' row was committed.
KILLED_AT_FIRST_FILE = (
    "import os, sys\n"
    "from socialdb.db import Database\n"
    "from socialdb.ingest import ingest_paths\n"
    "ingest_paths(Database(sys.argv[1]), [sys.argv[2]],\n"
    "             progress=lambda done, total: os.kill(os.getpid(), 9))\n"
)


def _killed_run(db_path: Path) -> str:
    victim = subprocess.run([sys.executable, "-c", KILLED_AT_FIRST_FILE, str(db_path),
                             str(SAMPLE_RAW)], capture_output=True, text=True)
    assert victim.returncode == -signal.SIGKILL, victim.stderr
    return scalar(db_path, "SELECT run_id FROM download_runs WHERE status = 'running'")


def _rewrite_owner(db_path: Path, run_id: str, **changes: object) -> None:
    con = duckdb.connect(str(db_path))
    try:
        info = json.loads(con.execute("SELECT system_info FROM download_runs WHERE run_id = ?",
                                      [run_id]).fetchone()[0])
        info.update(changes)
        con.execute("UPDATE download_runs SET system_info = ? WHERE run_id = ?",
                    [json.dumps(info), run_id])
    finally:
        con.close()


@pytest.mark.parametrize("how", ["pid reused by a live process", "host renamed",
                                 "lease file gone"])
def test_abandoned_run_is_recovered_whatever_its_pid_and_host(tmp_path: Path, how: str) -> None:
    db_path = tmp_path / "lease.duckdb"
    run_id = _killed_run(db_path)
    lease = tmp_path / "lease.duckdb.runs" / f"{run_id}.lock"
    assert lease.exists()  # left behind by the killed process, its lock gone with it
    with subprocess.Popen(["sleep", "60"]) as live:
        try:
            if how == "pid reused by a live process":
                _rewrite_owner(db_path, run_id, pid=live.pid, host=socket.gethostname())
            elif how == "host renamed":
                _rewrite_owner(db_path, run_id, host="the-old-hostname")
            else:
                lease.unlink()
            survivor = subprocess.run(
                [sys.executable, "-m", "socialdb", "--db", str(db_path), "ingest", "--json",
                 str(SAMPLE_RAW)], capture_output=True, text=True, timeout=120)
        finally:
            live.kill()
    assert survivor.returncode == 0, survivor.stderr
    assert json.loads(survivor.stdout)["abandoned_runs_failed"] == [run_id]
    status, message = query(db_path, "SELECT status, error_message FROM download_runs "
                                     "WHERE run_id = ?", [run_id])[0]
    assert status == "failed" and "interrupted" in message and "ended before" in message
    assert not lease.exists()
    assert scalar(db_path, "SELECT count(*) FROM download_runs WHERE status = 'running'") == 0
    assert list((tmp_path / "lease.duckdb.runs").iterdir()) == []  # finished runs leave none
