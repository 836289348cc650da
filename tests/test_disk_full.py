"""A full disk, for real: the database on a small tmpfs in a private mount namespace.

Every command that hits it says so in one line and exits 8; what was committed
stays whole; the run row ends failed (with the reason, or recovered by the next
run when even that write could not be made); once there is room again the next
ingest stores exactly what is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.generate_corpus import generate
from tests.helpers import query, scalar

FULL = "error: no space left on the device holding the database"

SCRIPT = r"""
set -u
mount -t tmpfs -o size=6M tmpfs "$MNT" || exit 90
DB="$MNT/socialdb.duckdb"
step() {  # step NAME command...: stdout, stderr and exit code of one command
    name=$1; shift
    "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"; echo $? > "$OUT/$name.rc"
}
SOCIALDB_INGEST_BATCH_RECORDS=400 step ingest "$PY" -m socialdb --db "$DB" ingest "$CORPUS"
mkdir "$OUT/after_ingest"; cp -a "$MNT/." "$OUT/after_ingest/"
dd if=/dev/zero of="$MNT/filler" bs=4096 2>/dev/null   # nothing left at all
step profile "$PY" -m socialdb --db "$DB" profiles add zed --name Zed
step ingest_full "$PY" -m socialdb --db "$DB" ingest "$CORPUS"
step stats_full "$PY" -m socialdb --db "$DB" stats --json
rm "$MNT/filler"
mount -o remount,size=64M "$MNT"
step retry "$PY" -m socialdb --db "$DB" ingest --json "$CORPUS"
mkdir "$OUT/final"; cp -a "$MNT/." "$OUT/final/"
"""


def _unshare_usable() -> None:
    """The test needs a private mount namespace; say so plainly when it cannot have one."""
    if shutil.which("unshare") is None:
        pytest.fail("tests/test_disk_full.py needs util-linux `unshare` (apt-get install "
                    "util-linux) to mount a small tmpfs")
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail("tests/test_disk_full.py needs `unshare -rm` (user and mount namespaces) "
                    f"to mount a small tmpfs; it failed here: {probe.stderr.strip()}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("full") / "raw"
    generate(out, profiles=20, days=5, scrapes_per_day=4, limit=10, seed=5)  # 400 files, ~9 MB
    return out


def _step(out: Path, name: str) -> tuple[int, str, str]:
    return (int((out / f"{name}.rc").read_text()), (out / f"{name}.out").read_text(),
            (out / f"{name}.err").read_text())


def test_disk_full_is_one_line_exit_8_and_the_runs_end_right(tmp_path: Path, corpus: Path) -> None:
    _unshare_usable()
    mount_point, out = tmp_path / "mnt", tmp_path / "out"
    mount_point.mkdir()
    out.mkdir()
    env = {"MNT": str(mount_point), "OUT": str(out), "PY": sys.executable,
           "CORPUS": str(corpus), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"}
    done = subprocess.run(["unshare", "-rm", "sh", "-c", SCRIPT], env=env, cwd=Path.cwd(),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr

    # the ingest ran out of room part-way: one line, exit 8, no traceback
    for name in ("ingest", "profile", "ingest_full"):
        code, _stdout, stderr = _step(out, name)
        assert code == 8, (name, stderr)
        assert stderr.strip().splitlines() == [stderr.strip()] and stderr.startswith(FULL), stderr
    code, stdout, stderr = _step(out, "stats_full")  # reading needs no room
    assert code == 0 and json.loads(stdout)["runs"] == 1, stderr

    # right after the failure: whole files only, the run row failed with the reason
    first = out / "after_ingest" / "socialdb.duckdb"
    run_id, status, message = query(first, "SELECT run_id, status, error_message "
                                           "FROM download_runs")[0]
    stored = scalar(first, "SELECT count(*) FROM ingested_files")
    assert 0 < stored < 400, "the tmpfs should fill part-way through the corpus"
    assert scalar(first, "SELECT count(*) FROM data_downloads") == scalar(
        first, "SELECT sum(records_read) FROM ingested_files")  # distinct posts per file
    if status == "running":  # the closing write itself found no room: recovered below
        recovered = True
    else:
        recovered = False
        assert status == "failed" and "no space left on the device" in message

    # with room again the next ingest stores exactly what is missing
    code, stdout, stderr = _step(out, "retry")
    assert code == 0, stderr
    retry = json.loads(stdout)
    assert retry["files_unchanged"] == stored and retry["files_ingested"] == 400 - stored
    assert retry["abandoned_runs_failed"] == ([run_id] if recovered else [])
    final = out / "final" / "socialdb.duckdb"
    assert query(final, "SELECT status FROM download_runs WHERE run_id = ?", [run_id]) == [
        ("failed",)]
    assert scalar(final, "SELECT count(*) FROM download_runs WHERE status = 'running'") == 0
    assert scalar(final, "SELECT count(*) FROM profiles WHERE username = 'zed'") == 0
    assert scalar(final, "SELECT count(*) FROM ingested_files") == 400
    assert list((out / "final" / "socialdb.duckdb.runs").iterdir()) == []  # no lease left
    files = list(corpus.rglob("*.json"))
    assert scalar(final, "SELECT count(*) FROM data_downloads") == sum(
        len({r["full_urn"] for r in json.loads(p.read_text())}) for p in files)
    for name in ("ingest", "profile", "ingest_full", "stats_full", "retry"):
        assert "Traceback" not in _step(out, name)[2]
