"""Peak memory of `socialdb ingest` for one large file: what SOCIALDB_MAX_FILE_MB bounds.

A file is read whole and parsed into Python objects, so an ingest's peak memory grows
with its largest file. This writes one file of each shape just under a size (realistic
actor records; many tiny records, the most objects per byte; one record with a huge
text) plus a sparse garbage file far over the cap, ingests each into a fresh database
in its own process and prints the process's peak RSS (getrusage of the child); then
two such files in a row (one's batch loads while the next is parsed, the worst case).

    .venv/bin/python -m benchmarks.bench_file_memory --mb 10
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from benchmarks.generate_corpus import START, Profile

NAME = "dataset_{user}_2025-10-01_00-00-00-{ms}.json"


def _realistic(target: int) -> list[dict]:
    person = Profile(1, random.Random(7))
    records: list[dict] = []
    size = 0
    while size < target:
        person.publish(START - timedelta(minutes=len(records)))
        record = person.scrape(START, 1)[0]
        records.append(record)
        size += len(json.dumps(record)) + 2
    return records[:-1]


def _tiny(target: int, base_time: int = 1_759_276_800) -> list[dict]:
    """The smallest valid records: the most Python objects and rows per byte."""
    def record(i: int) -> dict:
        return {"urn": str(7_300_000_000_000_000_000 + i),
                "posted_at": {"timestamp": base_time + i}}
    records: list[dict] = []
    size = 0
    while size < target:
        records.append(record(len(records)))
        size += len(json.dumps(records[-1])) + 2
    return records[:-1]


def _tiny_rejected(target: int) -> list[dict]:
    """As many tiny records, each rejected (timestamp out of range): one reason each."""
    return _tiny(target, base_time=0)


def _huge_text(target: int) -> list[dict]:
    return [{"urn": "7300000000000000001", "posted_at": {"timestamp": 1_759_276_800},
             "text": "y" * (target - 200)}]


SHAPES = {"realistic": _realistic, "tiny-records": _tiny, "tiny-rejected": _tiny_rejected,
          "one-huge-text": _huge_text}


def peak_rss_mb(args: list[str]) -> tuple[int, float]:
    """Run a command in a child of a fresh interpreter; its exit code and peak RSS in MB."""
    probe = ("import resource, subprocess, sys\n"
             "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
             "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[0]), int(out[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10, help="file size to test (the cap)")
    parser.add_argument("--garbage-gb", type=float, default=2)
    options = parser.parse_args()
    target = int(options.mb * 1024 * 1024) - 64 * 1024  # just under the cap
    env_cap = ["env", f"SOCIALDB_MAX_FILE_MB={options.mb}"]
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        for ms, (shape, build) in enumerate(SHAPES.items()):
            folder = root / shape / "20251001" / "linkedin"
            folder.mkdir(parents=True)
            path = folder / NAME.format(user=shape, ms=ms)
            path.write_text(json.dumps(build(target)))
            code, peak = peak_rss_mb([*env_cap, sys.executable, "-m", "socialdb", "--db",
                                      str(root / f"{shape}.duckdb"), "ingest", str(path)])
            print(f"{shape:14} {path.stat().st_size / 2**20:8.1f} MB file  exit {code}  "
                  f"peak RSS {peak:7.0f} MB")
        # worst overlap: one file's batch loads while the next big file is parsed
        pair = root / "pair" / "20251001" / "linkedin"
        pair.mkdir(parents=True)
        for ms, shape in enumerate(("tiny-records", "realistic")):
            (pair / NAME.format(user=f"{ms}-{shape}", ms=ms)).write_text(
                json.dumps(SHAPES[shape](target)))
        code, peak = peak_rss_mb([*env_cap, sys.executable, "-m", "socialdb", "--db",
                                  str(root / "pair.duckdb"), "ingest", str(pair)])
        print(f"{'two in a row':14} {2 * target / 2**20:8.1f} MB files exit {code}  "
              f"peak RSS {peak:7.0f} MB")
        garbage = root / "garbage" / NAME.format(user="garbage", ms=9)
        garbage.parent.mkdir()
        with garbage.open("wb") as handle:
            handle.truncate(int(options.garbage_gb * 2**30))
        code, peak = peak_rss_mb([*env_cap, sys.executable, "-m", "socialdb", "--db",
                                  str(root / "garbage.duckdb"), "ingest", str(garbage)])
        print(f"{'sparse garbage':14} {options.garbage_gb * 1024:8.0f} MB file  exit {code}  "
              f"peak RSS {peak:7.0f} MB")
    print(f"(RUSAGE_CHILDREN of a probe process; {resource.getpagesize()} B pages)")


if __name__ == "__main__":
    main()
