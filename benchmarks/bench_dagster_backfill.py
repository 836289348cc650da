"""Benchmark: a 30-day backfill through Dagster vs the plain `socialdb ingest`.

1. Generate (or reuse) the month-long benchmark corpus (benchmarks/generate_corpus.py).
2. Time `socialdb ingest <corpus>` into a fresh database (wall clock, CLI process).
3. Start the real `dagster dev` (webserver + daemon, temporary DAGSTER_HOME), launch
   an asset backfill of the corpus' daily partitions over GraphQL, and read the
   backfill's run back: it must be ONE run, and its own duration (run start to
   success, from the run's stats) should be <= ingest + 15 s. The daemon's pick-up
   delay (backfill requested -> run created -> run started) is reported separately.

    .venv/bin/python benchmarks/bench_dagster_backfill.py [--corpus benchmarks/corpus]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.devserver import DagsterDevServer  # noqa: E402
from socialdb.landing import day_folders  # noqa: E402

INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")
TARGET_MARGIN_SECONDS = 15.0


def ensure_corpus(corpus: Path) -> None:
    if corpus.is_dir() and day_folders(corpus):
        return
    from benchmarks.generate_corpus import generate

    files, records, size = generate(corpus, profiles=50, days=30, scrapes_per_day=4,
                                    limit=10, seed=7)
    print(f"generated {files} files, {records} records, {size / 1e6:.0f} MB in {corpus}")


def plain_ingest(corpus: Path, db: Path) -> float:
    socialdb = Path(sys.executable).parent / "socialdb"
    began = time.perf_counter()
    subprocess.run([str(socialdb), "--db", str(db), "ingest", "--no-progress", str(corpus)],
                   check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def dagster_backfill(corpus: Path, work: Path) -> dict:
    days = sorted(day_folders(corpus))
    db = work / "dagster.duckdb"
    server = DagsterDevServer(work / "dagster_home", env={
        "SOCIALDB_DATABASE": str(db), "SOCIALDB_LANDING_DIR": str(corpus),
        "SOCIALDB_TAG_RULES": str(work / "no-rules.yaml"),
    })
    began = time.perf_counter()
    with server:
        ready = time.perf_counter() - began
        backfill_id = server.launch_backfill(INGEST_TABLES, days, title="benchmark")
        state = server.wait_backfill(backfill_id, timeout=900)
    runs = state["runs"]
    run = runs[0]
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT count(*), max(epoch(completed_at) - epoch(started_at)), max(partition_key) "
            "FROM download_runs").fetchone()
        posts, snapshots = con.execute(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM data_downloads)"
        ).fetchone()
    finally:
        con.close()
    return {
        "partitions": len(days),
        "runs": len(runs),
        "run_status": run["status"],
        "server_ready_seconds": round(ready, 1),
        "run_seconds": round(run["endTime"] - run["startTime"], 2),
        "pickup_backfill_to_run_created": round(run["creationTime"] - state["timestamp"], 2),
        "pickup_run_created_to_started": round(run["startTime"] - run["creationTime"], 2),
        "pickup_total": round(run["startTime"] - state["timestamp"], 2),
        "ingest_step_seconds": round(rows[1] or 0.0, 2),
        "download_runs_rows": rows[0],
        "partition_key": rows[2],
        "posts": posts,
        "snapshots": snapshots,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "benchmarks" / "corpus")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    ensure_corpus(corpus)
    with tempfile.TemporaryDirectory(prefix="bench_dagster_") as tmp:
        work = Path(tmp)
        ingest_seconds = plain_ingest(corpus, work / "plain.duckdb")
        figures = dagster_backfill(corpus, work)
    figures["plain_ingest_seconds"] = round(ingest_seconds, 2)
    figures["target_seconds"] = round(ingest_seconds + TARGET_MARGIN_SECONDS, 2)
    figures["within_target"] = (figures["runs"] == 1
                                and figures["run_seconds"] <= figures["target_seconds"])
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"corpus: {corpus} ({figures['partitions']} daily partitions, "
          f"{figures['posts']} posts, {figures['snapshots']} snapshots)")
    print(f"plain `socialdb ingest`:         {figures['plain_ingest_seconds']:7.2f} s")
    print(f"Dagster backfill, runs:          {figures['runs']:7d} "
          f"({figures['run_status']}, {figures['download_runs_rows']} download_runs row, "
          f"partition_key {figures['partition_key']})")
    print(f"  run duration (start->success): {figures['run_seconds']:7.2f} s "
          f"(target <= {figures['target_seconds']:.2f} s: "
          f"{'OK' if figures['within_target'] else 'MISSED'})")
    print(f"  of which the ingest itself:    {figures['ingest_step_seconds']:7.2f} s")
    print(f"daemon pick-up delay:            {figures['pickup_total']:7.2f} s "
          f"(backfill daemon {figures['pickup_backfill_to_run_created']:.2f} s + "
          f"queue/launch {figures['pickup_run_created_to_started']:.2f} s)")
    print(f"dagster dev ready after:         {figures['server_ready_seconds']:7.1f} s")


if __name__ == "__main__":
    main()
