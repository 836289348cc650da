"""Benchmark: how soon the Dagster UI answers a backfill, and what a backfill costs.

Everything goes through the real ``dagster dev`` (webserver + daemons, a temporary
DAGSTER_HOME) and the GraphQL mutation the UI's *Launch backfill* button sends
(``launchPartitionBackfill``); the database and landing folder are temporary.

``latency`` (default): click-to-done of five-day backfills of the benchmark corpus
(1,000 files, 10,000 records, ~1 s of ingest each), timed from the mutation to the
backfill's run succeeding, with the shipped ``.dagster_home/dagster.yaml``
("shipped") and with the same file minus its latency settings ("defaults": what
Dagster does unconfigured), in interleaved rounds (one server per round, each
click after a random 0-30 s pause, since a click lands at a random point of the
backfill daemon's 30 s cycle). Prints medians and each step of the path.

``demo``: "All" on the demo corpus (data/raw): partitions offered, runs,
materialization events, click-to-done.

``month``: one backfill of the 30 daily partitions of the month-long corpus: one
run, its duration against a plain ``socialdb ingest`` of the same files.

    .venv/bin/python benchmarks/bench_dagster_backfill.py [latency|demo|month] [--rounds 2 --reps 3]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.devserver import DagsterDevServer  # noqa: E402
from socialdb.landing import day_folders  # noqa: E402

INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")
SHIPPED_CONFIG = REPO / ".dagster_home" / "dagster.yaml"
LATENCY_KEYS = ("run_queue", "backfills", "sensors", "run_monitoring")
DAEMON_CYCLE_SECONDS = 30.0
WINDOW_DAYS = 5
TARGET_MARGIN_SECONDS = 15.0


def ensure_corpus(corpus: Path) -> list[str]:
    """The month-long benchmark corpus (generated once); returns its days."""
    if not (corpus.is_dir() and day_folders(corpus)):
        from benchmarks.generate_corpus import generate

        files, records, size = generate(corpus, profiles=50, days=30, scrapes_per_day=4,
                                        limit=10, seed=7)
        print(f"generated {files} files, {records} records, {size / 1e6:.0f} MB in {corpus}")
    return sorted(day_folders(corpus))


def instance_config(name: str) -> str:
    """The dagster.yaml text of a configuration: "shipped", or "defaults" (no latency keys)."""
    text = SHIPPED_CONFIG.read_text()
    if name == "shipped":
        return text
    config = {k: v for k, v in yaml.safe_load(text).items() if k not in LATENCY_KEYS}
    return yaml.safe_dump(config, sort_keys=False)


def start_server(work: Path, landing: Path, config: str) -> DagsterDevServer:
    home = work / "dagster_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text(config)
    server = DagsterDevServer(home, env={
        "SOCIALDB_DATABASE": str(work / "socialdb.duckdb"), "SOCIALDB_LANDING_DIR": str(landing),
        "SOCIALDB_TAG_RULES": str(work / "no-rules.yaml"),
    })
    return server.start()


def click_to_done(server: DagsterDevServer, days: list[str], title: str) -> dict:
    """Launch a backfill as the UI does; time it until its run(s) finished."""
    clicked = time.time()
    backfill_id = server.launch_backfill(INGEST_TABLES, days, title=title)
    state = server.wait_backfill(backfill_id, timeout=600)
    runs = state["runs"]
    first = min(runs, key=lambda r: r["creationTime"])
    done = max(r["endTime"] for r in runs)
    return {
        "backfill_id": backfill_id, "clicked": clicked, "runs": len(runs),
        "status": sorted({r["status"] for r in runs}),
        "click_to_done": done - clicked,
        "click_to_run_created": first["creationTime"] - clicked,
        "created_to_started": first["startTime"] - first["creationTime"],
        "run_seconds": sum(r["endTime"] - r["startTime"] for r in runs),
        "run_ids": [r["runId"] for r in runs],
    }


def completed_after(server: DagsterDevServer, sample: dict) -> float | None:
    """Seconds from the click until the daemon marked the backfill itself completed."""
    end = server.backfill(sample["backfill_id"]).get("endTimestamp")
    return end - sample["clicked"] if end else None


def latency(corpus: Path, rounds: int, reps: int, seed: int) -> dict[str, list[dict]]:
    days = ensure_corpus(corpus)
    windows = [days[i:i + WINDOW_DAYS] for i in range(0, len(days), WINDOW_DAYS)]
    if reps > len(windows):
        raise SystemExit(f"at most {len(windows)} repetitions per round with this corpus")
    rng = random.Random(seed)
    samples: dict[str, list[dict]] = {"defaults": [], "shipped": []}
    for round_no in range(rounds):
        for name in samples:
            with tempfile.TemporaryDirectory(prefix="bench_dagster_") as tmp:
                server = start_server(Path(tmp), corpus, instance_config(name))
                try:
                    server.wait_partitions("posts", days, timeout=180)
                    taken = []
                    for rep in range(reps):
                        time.sleep(rng.uniform(0, DAEMON_CYCLE_SECONDS))  # a random moment
                        sample = click_to_done(server, windows[rep], f"{name} {round_no}.{rep}")
                        taken.append(sample)
                        print(f"  {name:8s} round {round_no} rep {rep}: click-to-done "
                              f"{sample['click_to_done']:5.1f} s", flush=True)
                    time.sleep(DAEMON_CYCLE_SECONDS + 2)  # let the daemon mark the last one
                    for sample in taken:
                        sample["click_to_completed"] = completed_after(server, sample)
                    samples[name] += taken
                finally:
                    server.stop()
    return samples


def _median(samples: list[dict], key: str) -> float:
    values = [s[key] for s in samples if s.get(key) is not None]
    return statistics.median(values) if values else float("nan")


def print_latency(samples: dict[str, list[dict]]) -> None:
    rows = [
        ("click -> run(s) succeeded (median)", "click_to_done"),
        ("  click -> run created (backfill daemon tick)", "click_to_run_created"),
        ("  run created -> started (queue, run worker start)", "created_to_started"),
        ("  run itself (start -> success)", "run_seconds"),
        ("click -> backfill marked completed", "click_to_completed"),
    ]
    print(f"\n{'five-day backfill, seconds':52s} {'defaults':>9s} {'shipped':>9s}")
    for label, key in rows:
        print(f"{label:52s} {_median(samples['defaults'], key):9.1f} "
              f"{_median(samples['shipped'], key):9.1f}")
    for name, taken in samples.items():
        spread = sorted(round(s["click_to_done"], 1) for s in taken)
        statuses = sorted({x for s in taken for x in s["status"]})
        print(f"{name}: {len(taken)} clicks, click-to-done {spread}, runs per backfill "
              f"{sorted({s['runs'] for s in taken})}, {statuses}")


def demo() -> dict:
    """ "All" on the shipped demo corpus, as a new user does it."""
    with tempfile.TemporaryDirectory(prefix="bench_dagster_demo_") as tmp:
        work = Path(tmp)
        landing = work / "raw"
        shutil.copytree(REPO / "data" / "raw", landing)
        server = start_server(work, landing, instance_config("shipped"))
        try:
            keys = server.wait_partitions("posts", sorted(day_folders(landing)), timeout=180)
            sample = click_to_done(server, keys, "demo: All")
            events = sum(
                len(server.graphql(
                    "query($id: ID!) { runOrError(runId: $id) { ... on Run {"
                    " assetMaterializations { partition } } } }", {"id": run_id},
                )["runOrError"]["assetMaterializations"])
                for run_id in sample["run_ids"])
        finally:
            server.stop()
    return {"partitions_offered": keys, "runs": sample["runs"], "status": sample["status"],
            "materialization_events": events, "click_to_done": round(sample["click_to_done"], 1),
            "click_to_run_created": round(sample["click_to_run_created"], 1),
            "created_to_started": round(sample["created_to_started"], 1),
            "run_seconds": round(sample["run_seconds"], 1)}


def plain_ingest(corpus: Path, db: Path) -> float:
    socialdb = Path(sys.executable).parent / "socialdb"
    began = time.perf_counter()
    subprocess.run([str(socialdb), "--db", str(db), "ingest", "--no-progress", str(corpus)],
                   check=False, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def month(corpus: Path) -> dict:
    """A 30-day backfill in one run, against the plain CLI ingest of the same files."""
    days = ensure_corpus(corpus)
    with tempfile.TemporaryDirectory(prefix="bench_dagster_") as tmp:
        work = Path(tmp)
        ingest_seconds = plain_ingest(corpus, work / "plain.duckdb")
        server = start_server(work, corpus, instance_config("shipped"))
        try:
            server.wait_partitions("posts", days, timeout=180)
            sample = click_to_done(server, days, "benchmark month")
        finally:
            server.stop()
        con = duckdb.connect(str(work / "socialdb.duckdb"), read_only=True)
        try:
            rows, ingest_step, label = con.execute(
                "SELECT count(*), max(epoch(completed_at) - epoch(started_at)), "
                "max(partition_key) FROM download_runs").fetchone()
        finally:
            con.close()
    target = ingest_seconds + TARGET_MARGIN_SECONDS
    return {"partitions": len(days), "runs": sample["runs"], "status": sample["status"],
            "download_runs_rows": rows, "partition_key": label,
            "plain_ingest_seconds": round(ingest_seconds, 2),
            "run_seconds": round(sample["run_seconds"], 2),
            "ingest_step_seconds": round(ingest_step or 0.0, 2),
            "target_seconds": round(target, 2),
            "within_target": sample["runs"] == 1 and sample["run_seconds"] <= target,
            "click_to_done": round(sample["click_to_done"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", default="latency", choices=("latency", "demo", "month"))
    parser.add_argument("--corpus", type=Path, default=REPO / "benchmarks" / "corpus")
    parser.add_argument("--rounds", type=int, default=2, help="latency: servers per config")
    parser.add_argument("--reps", type=int, default=3, help="latency: clicks per server (<= 6)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    if args.mode == "latency":
        samples = latency(corpus, args.rounds, args.reps, args.seed)
        if args.json:
            print(json.dumps(samples, indent=2))
        else:
            print_latency(samples)
        return
    figures = demo() if args.mode == "demo" else month(corpus)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
