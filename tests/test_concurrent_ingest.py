"""Two ingests of the same files at once: each file is loaded once, credited to the run
that loaded it, and the counts of the runs add up to what the database holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from tests.helpers import query, scalar

# A real ingest that stops at its first file until ``go`` exists. With a writer hold
# of 0 s it has committed its run row (under its lease) and given the write lock back.
PAUSED_INGEST = """
import os, sys, time
from pathlib import Path
from socialdb.db import Database
from socialdb.ingest import ingest_paths
db, corpus, ready, go = sys.argv[1:5]
def pause(done, total):
    if done == 1:
        Path(ready).touch()
        while not os.path.exists(go):
            time.sleep(0.05)
report = ingest_paths(Database(db), [corpus], progress=pause)
print(__import__("json").dumps(report.to_dict()))
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("concurrent") / "raw"
    generate(out, profiles=12, days=6, scrapes_per_day=4, limit=10, seed=11)  # 288 files
    return out


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "SOCIALDB_INGEST_BATCH_RECORDS": "200", **extra}


def _cli(db_path: Path, corpus: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "socialdb", "--db", str(db_path), "ingest", "--json", str(corpus)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(**env))


def _report(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return json.loads(out)


def assert_counts_add_up(db_path: Path, corpus: Path, reports: list[dict]) -> None:
    """Every file loaded once, by the run the ledger credits; per-run counts sum to the truth."""
    total_files = len(list(corpus.rglob("*.json")))
    assert sum(r["files_ingested"] for r in reports) == total_files
    for report in reports:
        assert report["files_ingested"] + report["files_unchanged"] == total_files
        assert report["status"] == "completed"
    assert sum(r["snapshots_added"] for r in reports) == scalar(
        db_path, "SELECT count(*) FROM data_downloads")
    assert sum(r["posts_new"] for r in reports) == scalar(db_path, "SELECT count(*) FROM posts")
    for report in reports:
        credited = {row[0] for row in query(
            db_path, "SELECT file_path FROM ingested_files WHERE run_id = ?", [report["run_id"]])}
        assert credited == set(report["files_read"]), report["run_id"]
        snapshots = scalar(db_path, "SELECT count(*) FROM data_downloads WHERE run_id = ?",
                           [report["run_id"]])
        assert snapshots == report["snapshots_added"]
    statuses = query(db_path, "SELECT status, posts_new FROM download_runs ORDER BY run_id")
    assert sorted(statuses) == sorted(("completed", r["posts_new"]) for r in reports)


def test_two_ingests_started_at_once_load_each_file_once(tmp_path: Path, corpus: Path) -> None:
    db_path = tmp_path / "two.duckdb"
    # a hold of 0 s hands the write lock back after every batch, so the runs interleave
    first = _cli(db_path, corpus, SOCIALDB_WRITER_HOLD_SECONDS="0")
    second = _cli(db_path, corpus, SOCIALDB_WRITER_HOLD_SECONDS="0")
    reports = [_report(first), _report(second)]
    assert_counts_add_up(db_path, corpus, reports)
    shown = {r["run_id"]: len(json.loads(subprocess.run(
        [sys.executable, "-m", "socialdb", "--db", str(db_path), "runs", "show", "--json",
         r["run_id"]], capture_output=True, text=True, check=True).stdout)["files"])
        for r in reports}
    assert shown == {r["run_id"]: r["files_ingested"] for r in reports}


def test_a_run_that_planned_before_another_stored_the_files_skips_them(
    tmp_path: Path, corpus: Path
) -> None:
    """The paused run planned against an empty ledger; a second run stores everything
    meanwhile; the paused run re-checks each batch inside its transaction and loads
    nothing twice. The live paused run is never taken for an abandoned one."""
    db_path = tmp_path / "paused.duckdb"
    ready, go = tmp_path / "ready", tmp_path / "go"
    paused = subprocess.Popen(
        [sys.executable, "-c", PAUSED_INGEST, str(db_path), str(corpus), str(ready), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env(SOCIALDB_WRITER_HOLD_SECONDS="0"))
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert paused.poll() is None, paused.communicate()
        assert time.monotonic() < deadline, "the paused ingest never started"
        time.sleep(0.05)
    other = _report(_cli(db_path, corpus))
    assert other["abandoned_runs_failed"] == []  # the paused run is alive: left alone
    assert other["files_ingested"] == len(list(corpus.rglob("*.json")))
    go.touch()
    late = _report(paused)
    assert late["files_ingested"] == 0 and late["snapshots_added"] == 0
    assert late["files_unchanged"] == other["files_ingested"]
    assert_counts_add_up(db_path, corpus, [late, other])
