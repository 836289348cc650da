"""A run killed with SIGKILL at any moment leaves whole files only; the next run marks
the abandoned row failed and ingests exactly what is missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
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


@pytest.mark.parametrize("delay", [0.9, 1.6])
def test_sigkill_mid_run_then_recovery(tmp_path: Path, corpus: Path, delay: float) -> None:
    db_path = tmp_path / "crash.duckdb"
    victim = ingest_process(db_path, corpus)
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
