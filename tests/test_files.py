"""Reading Apify files: every kind of broken file, exact record text, discovery rules."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from socialdb.apify.files import (
    dataset_file_name,
    decode,
    discover,
    scrape_day,
    scrape_time_from_name,
    snapshot_time,
    username_from_name,
)

SHARED_SAMPLES = Path(__file__).resolve().parent.parent / "data" / "raw"  # the shared samples

GOOD = b'[\n {"full_urn": "urn:li:activity:1", "text": "a"},\n {"full_urn": "urn:li:activity:2"}\n]\n'


def test_records_keep_their_exact_text() -> None:
    decoded = decode(GOOD)
    assert decoded.problem is None
    assert [raw for _i, raw, _v in decoded.records] == [
        '{"full_urn": "urn:li:activity:1", "text": "a"}', '{"full_urn": "urn:li:activity:2"}']


def test_escapes_are_not_rewritten() -> None:
    raw = '{"text": "caf\\u00e9 \\ud83d\\ude80"}'
    assert decode(f"[{raw}]".encode()).records[0][1] == raw


@pytest.mark.parametrize(
    ("data", "reason", "kept"),
    [
        (b"", "empty file", 0),
        (b"  \n\t ", "empty file", 0),
        (b"<html>502 Bad Gateway</html>", "not JSON", 0),
        (GOOD[:50], "truncated", 1),
        (GOOD[:-4], "truncated", 1),
        (GOOD[:-2], "truncated", 2),
        (b'[{"a": 1} {"b": 2}]', "expected , or ]", 1),
        (b"[1, 2] trailing", "extra data", 2),
        (b'"just a string"', "top-level str", 0),
        (b'{"error": {"type": "rate-limit", "message": "slow down"}}', "Apify error", 0),
        (b"\xff\xfe[\x00]\x00", "UTF-16", 0),
        (b'[{"text": "\xc3\x28"}]', "not valid UTF-8", 0),
        (b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", "nesting too deep", 0),
        (b'[{"a": 1}, {"width": NaN}, {"b": 2}]', "NaN is not valid JSON", 1),
        (b"Infinity", "Infinity is not valid JSON", 0),
    ],
)
def test_broken_files(data: bytes, reason: str, kept: int) -> None:
    decoded = decode(data)
    assert decoded.problem is not None and reason in decoded.problem
    assert len(decoded.records) == kept


def test_empty_array_is_a_valid_scrape_with_no_posts() -> None:
    decoded = decode(b"[]")
    assert decoded.problem is None and decoded.records == []


def test_byte_order_mark_is_tolerated() -> None:
    decoded = decode(b"\xef\xbb\xbf" + GOOD)
    assert decoded.problem is None and len(decoded.records) == 2


def test_single_object_is_one_record() -> None:
    decoded = decode(b'{"full_urn": "urn:li:activity:9"}')
    assert decoded.problem is None
    assert decoded.records[0][2] == {"full_urn": "urn:li:activity:9"}


def test_scrape_time_and_day_from_the_layout(tmp_path: Path) -> None:
    name = "dataset_jeff-quinn-1_2025-10-01_12-12-29-414.json"
    assert scrape_time_from_name(name) == datetime(2025, 10, 1, 12, 12, 29, 414000)
    assert scrape_time_from_name("dataset_x_2025-13-01_00-00-00-000.json") is None
    assert scrape_time_from_name("export.json") is None
    assert scrape_day(tmp_path / "20251003" / "linkedin" / name) == "20251003"
    assert scrape_day(tmp_path / "misc" / name) == "20251001"


@pytest.mark.parametrize(
    ("millis", "microsecond"),
    [("7", 7000), ("42", 42000), ("235", 235000), ("0", 0), ("07", 7000), ("007", 7000),
     ("999", 999000), (None, 0)],
)
def test_the_last_part_of_a_name_is_integer_milliseconds_unpadded(
    millis: str | None, microsecond: int
) -> None:
    """The real scraper writes `$(( 10#$(date +%N) / 1000000 ))`: -42 is .042 s, not .42."""
    name = f"dataset_jeff_2025-10-01_18-14-20{'' if millis is None else '-' + millis}.json"
    assert scrape_time_from_name(name) == datetime(2025, 10, 1, 18, 14, 20, microsecond)


def test_two_scrapes_within_one_second_keep_their_order() -> None:
    early = scrape_time_from_name("dataset_a_2025-10-01_06-27-00-7.json")  # 7 ms
    late = scrape_time_from_name("dataset_a_2025-10-01_06-27-00-42.json")  # 42 ms
    assert early is not None and late is not None and early < late
    assert (late - early).total_seconds() == 0.035


@pytest.mark.parametrize("millis", ["1234", "000000", "4200"])
def test_four_or_more_digits_are_not_a_scraper_name(tmp_path: Path, millis: str) -> None:
    """Not what the scraper writes: the time comes from Apify's finish time or the mtime."""
    path = tmp_path / f"dataset_jeff_2025-10-01_18-14-20-{millis}.json"
    path.write_text("[]")
    assert scrape_time_from_name(path.name) is None and username_from_name(path.name) is None
    fetched = datetime(2025, 1, 2, 3, 4, 5)
    assert snapshot_time(path, fetched) == fetched


@pytest.mark.parametrize("microsecond", [0, 7000, 7999, 42000, 235000, 999999])
def test_the_writer_names_files_as_the_real_scraper_and_the_reader_agrees(
    microsecond: int,
) -> None:
    when = datetime(2025, 10, 1, 6, 27, 0, microsecond)
    name = dataset_file_name("jeff-quinn-1", when)
    assert name == f"dataset_jeff-quinn-1_2025-10-01_06-27-00-{microsecond // 1000}.json"
    assert scrape_time_from_name(name) == when.replace(microsecond=microsecond // 1000 * 1000)
    assert username_from_name(name) == "jeff-quinn-1"


def test_the_shared_samples_read_to_the_millisecond() -> None:
    names = sorted(p.name for p in SHARED_SAMPLES.rglob("dataset_*.json"))
    assert len(names) == 12
    for name in names:
        millis = int(name.removesuffix(".json").rsplit("-", 1)[1])
        stamp = scrape_time_from_name(name)
        assert stamp is not None and stamp.microsecond == millis * 1000, name
    assert scrape_time_from_name("dataset_lars-kowalski-2_2025-10-01_12-13-25-235.json") == (
        datetime(2025, 10, 1, 12, 13, 25, 235000))


def test_snapshot_time_falls_back_to_fetch_time_then_mtime(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text("[]")
    fetched = datetime(2025, 1, 2, 3, 4, 5)
    assert snapshot_time(path, fetched) == fetched
    assert abs((snapshot_time(path) - datetime.utcfromtimestamp(path.stat().st_mtime)).total_seconds()) < 1


def test_discovery_ignores_temporary_hidden_and_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "20251001" / "linkedin"
    folder.mkdir(parents=True)
    keep = folder / "dataset_a_2025-10-01_00-00-00-000.json"
    keep.write_text("[]")
    for name in [".dataset_b.json", "dataset_c.json.tmp", "dataset_d.json.part",
                 "dataset_e.tmp.json", "notes.txt", "~lock.json", "dataset_f.crdownload"]:
        (folder / name).write_text("[]")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "dataset_g.json").write_text("[]")
    notes_file = folder / "notes.txt"
    files, missing, notes = discover([tmp_path, notes_file, tmp_path / "nope"])
    assert files == [keep]
    assert missing == [(str(tmp_path / "nope"), "no such file or folder")]
    assert notes == [f"{notes_file}: ignored (not a .json data file)"]


def test_json_values_survive_the_roundtrip() -> None:
    records = [{"text": "x" * 10, "n": i} for i in range(50)]
    decoded = decode(json.dumps(records, indent=2).encode())
    assert [json.loads(raw) for _i, raw, _v in decoded.records] == records
