"""SPEC §5: broken files and records are reported with the file and the reason, the
rest is stored, nothing stored is lost, and raw files are never changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import fingerprint, query, sample_record, scalar, write_json

DAY = "20251003/linkedin"
HOSTILE = "Robert'); DROP TABLE posts;--\x00 <b>bold</b> <script>x()</script> \u202egnirts \U0001f680"


def name(user: str, stamp: str = "2025-10-03_06-00-00-000") -> str:
    return f"{DAY}/dataset_{user}_{stamp}.json"


@pytest.fixture
def messy_landing(raw_copy: Path) -> Path:
    """The real samples plus one file for every kind of trouble seen in real folders."""
    root = raw_copy

    def raw(rel: str, data: bytes) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    good = json.dumps([sample_record("900001"), sample_record("900002")]).encode()
    raw(name("not-json"), b"<html>502 Bad Gateway</html>")
    raw(name("truncated"), good[:-30])
    raw(name("empty"), b"")
    raw(name("empty-array"), b"[]")
    raw(name("single-object"), json.dumps(sample_record("900010")).encode())
    raw(name("bom"), b"\xef\xbb\xbf" + json.dumps([sample_record("900020")]).encode())
    raw(name("latin1"), '[{"text": "café"}]'.encode("latin-1"))
    raw(name("too-deep"), b"[" * 50_000 + b"]" * 50_000)
    write_json(root / name("bad-records"), [
        None, 7, "text", [],
        {"text": "no identity at all"},
        sample_record("900030", posted_at={"timestamp": "1759276800"}),   # numeric string, ms? no: s
        sample_record("900031", posted_at={"timestamp": 1759276800}),     # seconds
        sample_record("900032", reactions="1,234"),
        sample_record("900033", stats=None),
        sample_record("900034", reactions=-4),
        sample_record("900035", reactions=2**40),
        sample_record("900036", posted_at={"timestamp": "soon"}),
        sample_record("900030", reactions=77),  # duplicate in the same file
    ])
    write_json(root / name("big-and-hostile"), [
        sample_record("900040", text="x" * 2_000_000),
        sample_record("900041", text=HOSTILE),
    ])
    raw(f"{DAY}/notes.txt", b"not data")
    raw(f"{DAY}/dataset_partial_2025-10-03_06-00-00-000.json.part", b"[{")
    raw(f"{DAY}/.dataset_hidden_2025-10-03_06-00-00-000.json", b"[{")
    return root


def test_bad_files_are_reported_and_everything_else_is_stored(cli, db_path: Path, messy_landing: Path) -> None:
    before = fingerprint(messy_landing)
    result = cli("ingest", str(messy_landing))
    assert result.exit_code == 1, result.output  # documented: some input rejected
    out = result.output
    for stem, reason in [
        ("not-json", "not JSON"), ("truncated", "truncated"), ("empty", "empty file"),
        ("latin1", "not valid UTF-8"), ("too-deep", "nesting too deep"),
        ("bad-records", "record 0: record is null"), ("bad-records", "record 4: no post identity"),
        ("bad-records", "record 9: stats.total_reactions is negative"),
        ("bad-records", "record 10: stats.total_reactions 1099511627776 is out of range"),
        ("bad-records", "record 11: posted_at.timestamp 'soon' is not a number"),
    ]:
        assert any(stem in line and reason in line for line in out.splitlines()), (stem, reason, out)
    assert "Traceback" not in out
    # raw files are never changed, moved or deleted
    assert fingerprint(messy_landing) == before
    # the good records of every file were stored, the samples untouched
    urns = {r[0] for r in query(db_path, "SELECT urn FROM posts")}
    expected_new = {"900001", "900010", "900020", "900030", "900031", "900032", "900033",
                    "900040", "900041"}
    assert expected_new <= urns
    assert not {"900034", "900035", "900036"} & urns
    assert len(urns) == 18 + len(expected_new)
    # one snapshot per (post, file): the duplicate record in bad-records counted once
    assert scalar(db_path, "SELECT count(*) FROM data_downloads d JOIN posts p USING (post_id) "
                           "WHERE p.urn = '900030'") == 1


def test_values_are_normalized_and_text_is_verbatim(cli, db_path: Path, messy_landing: Path) -> None:
    cli("ingest", str(messy_landing))
    rows = dict(query(db_path, "SELECT p.urn, d.total_reactions FROM posts p "
                               "JOIN data_downloads d USING (post_id) WHERE p.urn LIKE '9000%'"))
    assert rows["900032"] == 1234 and rows["900033"] == 0
    assert scalar(db_path, "SELECT posted_at_timestamp FROM posts WHERE urn = '900030'") == 1759276800
    assert scalar(db_path, "SELECT text_content FROM posts WHERE urn = '900041'") == HOSTILE
    assert scalar(db_path, "SELECT length(text_content) FROM posts WHERE urn = '900040'") == 2_000_000
    raw_json = scalar(db_path, "SELECT raw_json FROM posts WHERE urn = '900041'")
    assert json.loads(raw_json)["text"] == HOSTILE
    assert scalar(db_path, "SELECT stats_json FROM data_downloads d JOIN posts p USING (post_id) "
                           "WHERE p.urn = '900033'") is None
    stats = json.loads(scalar(db_path, "SELECT stats_json FROM data_downloads d JOIN posts p "
                                       "USING (post_id) WHERE p.urn = '900032'"))
    assert stats == sample_record("900032", reactions="1,234")["stats"]


def test_problems_are_kept_in_the_run_row_and_the_ledger(cli, db_path: Path, messy_landing: Path) -> None:
    cli("ingest", str(messy_landing))
    status, message = query(db_path, "SELECT status, error_message FROM download_runs")[0]
    assert status == "completed"
    assert "dataset_not-json_" in message and "not JSON" in message
    assert "dataset_bad-records_" in message and "record 11" in message
    ledger = dict(query(db_path, "SELECT split_part(file_name, '_', 2), status FROM ingested_files "
                                 "WHERE file_name LIKE 'dataset_%2025-10-03%'"))
    assert ledger == {
        "not-json": "rejected", "truncated": "partial", "empty": "rejected",
        "empty-array": "ingested", "single-object": "ingested", "bom": "ingested",
        "latin1": "rejected", "too-deep": "rejected", "bad-records": "partial",
        "big-and-hostile": "ingested",
    }
    stats = json.loads(cli("stats", "--json").output)
    assert stats["files_rejected"] == 4 and stats["files_partial"] == 2


def test_known_bad_files_are_not_reread_until_they_change(cli, db_path: Path, messy_landing: Path) -> None:
    cli("ingest", str(messy_landing))
    again = cli("ingest", "--json", str(messy_landing))
    report = json.loads(again.output)
    assert again.exit_code == 0
    assert report["files_known_rejected"] == 4 and report["records_read"] == 0
    fixed = messy_landing / name("not-json")
    fixed.write_text(json.dumps([sample_record("900050")]))
    report = json.loads(cli("ingest", "--json", str(messy_landing)).output)
    assert report["files_ingested"] == 1 and report["posts_new"] == 1
    assert scalar(db_path, "SELECT status FROM ingested_files WHERE file_name = ?",
                  [fixed.name]) == "ingested"


def test_missing_path_is_reported_and_the_rest_ingested(cli, db_path: Path, raw_copy: Path) -> None:
    result = cli("ingest", str(raw_copy), str(raw_copy / "nope"))
    assert result.exit_code == 1
    assert f"{raw_copy / 'nope'}: no such file or folder" in result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == 18


BAD_NAME = b"dataset_x\xff_2025-10-01_00-00-00-1.json"


def test_a_file_name_that_is_not_utf8_is_rejected_and_the_rest_ingested(
    cli, db_path: Path, raw_copy: Path
) -> None:
    day = raw_copy / "20251001" / "linkedin"
    bad = os.path.join(os.fsencode(day), BAD_NAME)
    with open(bad, "wb") as handle:
        handle.write(json.dumps([sample_record("900090")]).encode())
    result = cli("ingest", str(raw_copy))
    assert result.exit_code == 1, result.output
    shown = f"{day}/dataset_x\\xff_2025-10-01_00-00-00-1.json: file name is not valid UTF-8"
    lines = [line for line in result.output.splitlines() if "not valid UTF-8" in line]
    assert len(lines) == 1 and shown in lines[0], result.output
    assert "Traceback" not in result.output
    assert scalar(db_path, "SELECT count(*) FROM posts") == 18  # every other file stored
    assert scalar(db_path, "SELECT count(*) FROM ingested_files") == 12
    status, message = query(db_path, "SELECT status, error_message FROM download_runs")[0]
    assert status == "completed" and shown in message
    assert os.path.exists(bad)  # never renamed, moved or deleted


def test_the_landing_sensor_names_a_non_utf8_file_and_keeps_working(
    resources: dict, instance, raw_copy: Path
) -> None:
    from dagster import build_sensor_context

    from pipelines.sensors import landing_sensor
    from socialdb import landing

    day = os.fsencode(raw_copy / "20251001" / "linkedin")
    with open(os.path.join(day, BAD_NAME), "wb") as handle:
        handle.write(b"[]")
    past = 1_700_000_000
    for path in raw_copy.rglob("*.json"):
        os.utime(path, (past, past))
    found = landing.scan(raw_copy)
    assert found.rejected == [(
        f"{raw_copy}/20251001/linkedin/dataset_x\\xff_2025-10-01_00-00-00-1.json",
        "file name is not valid UTF-8 (rename the file to ingest it)")]
    result = landing_sensor(build_sensor_context(resources=resources, instance=instance))
    assert result.run_requests[0].tags["socialdb/new_files"] == "12"  # the good files


def test_a_file_over_the_size_cap_is_rejected_from_its_size_alone(
    cli, db_path: Path, raw_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOCIALDB_MAX_FILE_MB", "1")
    day = raw_copy / "20251001" / "linkedin"
    big = write_json(day / "dataset_big_2025-10-01_00-00-00-5.json",
                     [sample_record("900095", text="y" * 1_200_000)])
    garbage = day / "dataset_garbage_2025-10-01_00-00-00-6.json"
    with garbage.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: 3 GB that are never read
    result = cli("ingest", str(raw_copy))
    assert result.exit_code == 1, result.output
    size = f"{big.stat().st_size / 1024**2:.1f}"
    assert (f"{big}: file too large: {size} MB exceeds the limit of 1.0 MB (SOCIALDB_MAX_FILE_MB)"
            in result.output)
    assert (f"{garbage}: file too large: 3,072.0 MB exceeds the limit of 1.0 MB "
            "(SOCIALDB_MAX_FILE_MB)" in result.output)
    assert scalar(db_path, "SELECT count(*) FROM posts") == 18
    assert "file too large" in scalar(db_path, "SELECT error_message FROM download_runs")
    from socialdb import landing  # the sensor's scan names them too, and never requests them

    found = landing.scan(raw_copy)
    assert {path for path, _reason in found.rejected} == {str(big), str(garbage)}
    assert not {f.path for f in found.files} & {big, garbage}
    monkeypatch.setenv("SOCIALDB_MAX_FILE_MB", "2")
    again = json.loads(cli("ingest", "--json", str(raw_copy)).output)
    assert again["files_ingested"] == 1 and again["posts_new"] == 1  # big, once under the cap


def test_a_huge_garbage_file_costs_no_memory(tmp_path: Path, raw_copy: Path) -> None:
    """Default cap: a 4 GB file is rejected from stat; the process stays small."""
    garbage = raw_copy / "20251001" / "linkedin" / "dataset_huge_2025-10-01_00-00-00-7.json"
    with garbage.open("wb") as handle:
        handle.truncate(4 * 1024**3)
    env = {k: v for k, v in os.environ.items() if k != "SOCIALDB_MAX_FILE_MB"}
    measure = ("import resource, subprocess, sys\n"
               "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "print(done.stdout)")
    out = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "socialdb", "--db",
         str(tmp_path / "m.duckdb"), "ingest", str(raw_copy)],
        capture_output=True, text=True, env=env, check=True).stdout
    code, peak_kib = map(int, out.splitlines()[0].split())
    assert code == 1 and "exceeds the limit of 10.0 MB" in out
    assert peak_kib < 400 * 1024, f"peak RSS {peak_kib / 1024:.0f} MB"


def test_only_missing_paths_is_an_error_and_records_no_run(cli, db_path: Path, tmp_path: Path) -> None:
    result = cli("ingest", str(tmp_path / "nope"), str(tmp_path / "typo.json"))
    assert result.exit_code == 5
    assert result.output.strip().splitlines() == [
        f"error: nothing to ingest: no such file or folder: {tmp_path / 'nope'}, "
        f"{tmp_path / 'typo.json'}"]
    assert not db_path.exists()  # no run row, not even a database


def test_the_ledger_keeps_a_bounded_list_of_one_files_record_problems(
    cli, db_path: Path, tmp_path: Path
) -> None:
    records = [sample_record(str(7_000_000 + i), author="not-an-object") for i in range(300)]
    path = write_json(tmp_path / "raw" / "20251001" / "linkedin"
                      / "dataset_many_2025-10-01_00-00-00-5.json", records)
    result = cli("ingest", str(path))
    assert result.exit_code == 1
    status, error = query(db_path, "SELECT status, error FROM ingested_files")[0]
    assert status == "partial"
    parts = error.split("; record ")
    assert len(parts) == 100  # the first 100 problems, then a count of the rest
    assert error.endswith("... and 200 more record problem(s)")
    assert scalar(db_path, "SELECT count(*) FROM posts WHERE author_username IS NULL") == 300
