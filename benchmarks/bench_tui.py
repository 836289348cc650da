"""Benchmark of `socialdb tui` on the 10x corpus (500 profiles, 600,000 snapshots).

Targets (issue 10):
* the posts screen is shown <= 1.5 s after start (a fresh Python process: interpreter,
  imports, app start, the first database read and the table);
* each filter keystroke re-renders <= 100 ms (key to idle screen);
* a mark is stored <= 200 ms (key press to the committed write).

The pilot itself costs tens of milliseconds per key (its own waits plus a screen
refresh), so a key bound to nothing is measured too and the figures are also given
net of it.

Each attempt is a fresh process driving the app headless through Textual's pilot
(the same code as a terminal, without one). Attempts are repeated and medians reported,
because this VM's timings drift. The database is built once (corpus generation + ingest
take a few minutes) and reused:

    python benchmarks/bench_tui.py                       # 10x corpus, 5 attempts
    python benchmarks/bench_tui.py --profiles 50 --db /tmp/bench1x.duckdb   # the 1x corpus
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
SOCIALDB = Path(PYTHON).parent / "socialdb"
FILTER_TEXT = "jeff-quinn"


def ensure_database(db: Path, profiles: int) -> None:
    """Generate the corpus and ingest it once (minutes at 10x); reuse it afterwards."""
    if db.exists():
        return
    corpus = db.parent / f"corpus-{profiles}p"
    if not corpus.exists():
        subprocess.run([PYTHON, str(HERE / "generate_corpus.py"), "--out", str(corpus),
                        "--profiles", str(profiles)], check=True)
    subprocess.run([str(SOCIALDB), "--db", str(db), "ingest", str(corpus)], check=True,
                   stdout=subprocess.DEVNULL)


async def _attempt(db: str, started: float) -> dict:
    """One run of the app: first paint, filter keystrokes, a mark (in this process)."""
    from socialdb.tui.app import TriageApp

    app = TriageApp(db, refresh_seconds=3600)
    figures: dict = {}
    async with app.run_test(size=(160, 48)) as pilot:
        while not (getattr(app.screen, "loaded", False) and app.screen.table.row_count):
            await asyncio.sleep(0.005)
        figures["first_paint_s"] = time.time() - started
        screen = app.screen
        figures["posts"] = len(screen.rows)
        while not screen.measures:
            await asyncio.sleep(0.01)
        figures["measures_s"] = time.time() - started
        noop = []  # the pilot's own cost: a key bound to nothing, then idle
        for _ in range(5):
            start = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            noop.append(time.perf_counter() - start)
        figures["noop_ms"] = [round(k * 1000, 1) for k in noop[1:]]
        await pilot.press("slash")
        await pilot.pause()
        keystrokes = []
        for char in FILTER_TEXT:
            start = time.perf_counter()
            await pilot.press(char)
            await pilot.pause()
            keystrokes.append(time.perf_counter() - start)
        figures["keystroke_ms"] = [round(k * 1000, 1) for k in keystrokes]
        figures["filtered_rows"] = len(screen.matching)
        await pilot.press("escape")
        await pilot.pause()
        marks = []
        for _ in range(4):  # mark, unmark, mark, unmark: the database ends as it was
            start = time.perf_counter()
            await pilot.press("m")
            await app.workers.wait_for_complete()
            marks.append(time.perf_counter() - start)
        figures["mark_ms"] = [round(m * 1000, 1) for m in marks]
    return figures


def child(db: str, started: float) -> None:
    print(json.dumps(asyncio.run(_attempt(db, started))))


def measure(db: Path) -> dict:
    started = time.time()
    out = subprocess.run([PYTHON, __file__, "--child", str(db), "--started", repr(started)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path,
                        default=Path(tempfile.gettempdir()) / "socialdb-bench-tui-10x.duckdb")
    parser.add_argument("--profiles", type=int, default=500, help="500 = the 10x corpus")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--started", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.started)
        return
    ensure_database(args.db, args.profiles)
    runs = [measure(args.db) for _ in range(args.repeat)]
    first = [r["first_paint_s"] for r in runs]
    measures = [r["measures_s"] for r in runs]
    keys = [k for r in runs for k in r["keystroke_ms"]]
    marks = [m for r in runs for m in r["mark_ms"]]
    noop = statistics.median([k for r in runs for k in r["noop_ms"]])
    print(f"database {args.db}: {runs[0]['posts']:,} posts; {args.repeat} fresh processes")
    print(f"posts screen shown after start   median {statistics.median(first):.2f} s "
          f"(range {min(first):.2f}-{max(first):.2f}; target <= 1.5 s)")
    print(f"analytics measures merged        median {statistics.median(measures):.2f} s "
          f"(range {min(measures):.2f}-{max(measures):.2f})")
    print(f"pilot baseline (a key bound to nothing, to idle)  median {noop:.0f} ms")
    print(f"filter keystroke, key to idle    median {statistics.median(keys):.0f} ms, "
          f"max {max(keys):.0f} ms over {len(keys)} keys; net of the baseline "
          f"{statistics.median(keys) - noop:.0f} ms (target <= 100 ms)")
    print(f"mark, key to committed write     median {statistics.median(marks):.0f} ms, "
          f"max {max(marks):.0f} ms over {len(marks)} marks; net of the baseline "
          f"{statistics.median(marks) - noop:.0f} ms (target <= 200 ms)")


if __name__ == "__main__":
    main()
