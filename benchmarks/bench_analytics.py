"""Analytics benchmark on the 10x corpus (~600k snapshots), every figure a whole process.

Targets (issue 9): `dbt build` of all models and tests <= 15 s
(`socialdb analytics build`); `socialdb posts list --sort rising --limit 50` <= 1 s;
`socialdb report` <= 10 s. Commands are interleaved `--repeat` times and medians
reported (this machine's timings drift). The ingest benchmark (bench_ingest.py) covers
the plain-ingest target; the analytics add only the view definitions to it, timed here
as `views_install_ms`.

    python benchmarks/bench_analytics.py   # generates and ingests the 10x corpus once
    python benchmarks/bench_analytics.py --corpus DIR --db FILE --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
TARGETS = {"analytics build": 15.0, "posts list --sort rising --limit 50": 1.0,
           "report": 10.0}


def run(command: list[str]) -> float:
    """Wall seconds of one child process (it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-500:]}")
    return seconds


def prepare(corpus: Path, db: Path) -> None:
    """Generate the 10x corpus and ingest it once (both reused by later runs)."""
    if not corpus.exists():
        subprocess.run([PYTHON, str(HERE / "generate_corpus.py"), "--out", str(corpus),
                        "--profiles", "500"], check=True)
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        print(f"ingesting {corpus} into {db} ...", flush=True)
        seconds = run([PYTHON, "-m", "socialdb", "--db", str(db), "ingest", str(corpus)])
        print(f"  ingest {seconds:.1f} s")


def views_install_ms(db: Path, repeat: int = 5) -> float:
    """Median time to (re-)create every analytics view: the ingest path's only addition."""
    from socialdb.analytics.access import install_views
    from socialdb.db import Database

    database = Database(db)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        install_views(database)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus10x")
    parser.add_argument("--db", type=Path, default=HERE / "out" / "analytics10x.duckdb")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    prepare(args.corpus, args.db)
    cli = [PYTHON, "-m", "socialdb", "--db", str(args.db)]
    with tempfile.TemporaryDirectory(prefix="socialdb-bench-report-") as tmp:
        commands = {
            "analytics build": [*cli, "analytics", "build"],
            "posts list --sort rising --limit 50": [*cli, "posts", "list", "--sort", "rising",
                                                    "--limit", "50", "--json"],
            "posts rising --limit 50": [*cli, "posts", "rising", "--limit", "50", "--json"],
            "profiles stats": [*cli, "profiles", "stats", "--json"],
            "report": [*cli, "report", "--out", str(Path(tmp) / "report.html")],
            "socialdb --help (start-up)": [PYTHON, "-m", "socialdb", "--help"],
        }
        timings: dict[str, list[float]] = {name: [] for name in commands}
        for attempt in range(args.repeat):
            for name, command in commands.items():
                timings[name].append(run(command))
            print(f"  attempt {attempt + 1}: " + ", ".join(
                f"{name.split(' ')[0]} {t[-1]:.2f}" for name, t in timings.items()), flush=True)
    rows = run_count(args.db)
    print(f"== 10x corpus: {rows['posts']:,} posts, {rows['snapshots']:,} snapshots, "
          f"{rows['authors']} authors; medians of {args.repeat}")
    for name, values in timings.items():
        median = statistics.median(values)
        target = TARGETS.get(name)
        verdict = (f"target <= {target:.0f} s  {'OK' if median <= target else 'MISSED'}"
                   if target else "")
        spread = ", ".join(f"{v:.2f}" for v in values)
        print(f"{name:<38} {median:6.2f} s   {verdict:<22} (runs {spread})")
    print(f"views_install_ms (added to each writing process once): "
          f"{views_install_ms(args.db):.1f} ms")


def run_count(db: Path) -> dict:
    """Posts, snapshots and authors in the benchmark database."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        posts, snapshots, authors = con.execute(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM data_downloads), "
            "(SELECT count(DISTINCT author_username) FROM posts)").fetchone()
    finally:
        con.close()
    return {"posts": posts, "snapshots": snapshots, "authors": authors}


if __name__ == "__main__":
    main()
