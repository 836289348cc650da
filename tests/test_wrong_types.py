"""Issue 8 §2: a wrong-typed field is reported, never coerced, through every surface.

Per field, a wrong type rejects the record (identity, posted_at, stats,
stats.total_reactions) or drops the
field and keeps the record (everything else the normalizer reads). Either way the
file, the record index, the field and the type seen are named in the CLI output,
``--json``, the run's ``error_message``, the file's ledger row and the Dagster
metadata; rows are read back, and ``raw_json`` keeps every kept record verbatim.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from dagster import materialize

from assets.ingest import ingest_raw_files
from assets.sources import SOURCE_SPECS
from tests.helpers import query, sample_record, scalar, write_json

FILE_NAME = "dataset_typo-user_2025-10-01_18-14-20-42.json"
SLUG_URL = "https://www.linkedin.com/in/from-the-slug"

# (activity id, overrides, column checked, value expected, problem lines)
DROPPED: list[tuple[str, dict[str, Any], str, Any, list[str]]] = [
    ("940000", {"author": "not-an-object"}, "author_username", None,
     ["field author is string, expected object"]),
    ("940001", {"author": {"username": 7, "profile_url": SLUG_URL}}, "author_username",
     "from-the-slug", ["field author.username is number, expected string"]),
    ("940002", {"text": 12}, "text_content", None, ["field text is number, expected string"]),
    ("940003", {"url": {"href": "x"}}, "url", None, ["field url is object, expected string"]),
    ("940004", {"post_type": True}, "post_type", None,
     ["field post_type is boolean, expected string"]),
    ("940005", {"full_urn": 940005, "urn": {"activity_urn": "940005"}}, "full_urn",
     "urn:li:activity:940005", ["field full_urn is number, expected string"]),
    ("940006", {"urn": ["x"]}, "full_urn", "urn:li:activity:940006",
     ["field urn is array, expected object or string"]),
    ("940007", {"media": "https://m/7"}, "media", set(),
     ["field media is string, expected object"]),
    ("940008", {"media": {"type": "images", "images": "https://m/8"}}, "media", set(),
     ["field media.images is string, expected array"]),
    ("940009", {"media": {"type": "images", "images": [
        "https://m/9a", {"url": "https://m/9b", "width": "wide", "height": 600}]}},
     "media", {("image", "https://m/9b", None, 600)},
     ["field media.images[0] is string, expected object",
      "field media.images[1].width is string, expected number"]),
    ("940010", {"document": ["https://m/10"]}, "media", set(),
     ["field document is array, expected object"]),
    ("940011", {"article": "https://example.com/a"}, "media", set(),
     ["field article is string, expected object"]),
    ("940012", {"reshared_post": "urn:li:activity:1"}, "media", set(),
     ["field reshared_post is string, expected object"]),
    ("940013", {"stats": {"total_reactions": 5, "comments": "many", "top_reaction": "LIKE"}},
     "media", set(), ["field stats.comments is string, expected number"]),
]
# (activity id, overrides, reason)
REJECTED: list[tuple[str, dict[str, Any], str]] = [
    ("940020", {"urn": [], "full_urn": None},
     "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn): "
     "field urn is array, expected object or string"),
    ("940021", {"full_urn": {"id": 1}, "urn": None},
     "no post identity (full_urn, urn.activity_urn, urn.ugcPost_urn, urn): "
     "field full_urn is object, expected string"),
    ("940022", {"posted_at": ["2025-10-01"]}, "field posted_at is array, expected object"),
    ("940023", {"stats": "12"}, "field stats is string, expected object"),
    ("940024", {"stats": {"total_reactions": [3]}},
     "field stats.total_reactions is array, expected number"),
]
CLEAN = "940030"


def records() -> list[dict]:
    rows = [sample_record(a, **o) for a, o, *_ in DROPPED]
    rows += [sample_record(a, **o) for a, o, _r in REJECTED]
    return [*rows, sample_record(CLEAN)]


def expected_lines(path: Path) -> list[str]:
    lines = [f"{path}: record {i}: {p}; field dropped"
             for i, (*_, problems) in enumerate(DROPPED) for p in problems]
    lines += [f"{path}: record {len(DROPPED) + i}: {reason}; record rejected"
              for i, (_a, _o, reason) in enumerate(REJECTED)]
    return lines


@pytest.fixture
def typo_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "raw" / "20251001" / "linkedin" / FILE_NAME, records())


def test_every_problem_is_named_in_the_cli_output_and_the_rest_is_stored(
    cli, db_path: Path, typo_file: Path
) -> None:
    result = cli("ingest", str(typo_file.parent))
    assert result.exit_code == 1, result.output  # documented: some input not kept
    out = result.output.splitlines()
    for line in expected_lines(typo_file):
        assert f"  {line}" in out, (line, result.output)
    assert f"records  {len(records())} read, {len(REJECTED)} rejected, " \
           f"{sum(len(d[-1]) for d in DROPPED)} wrong-typed field(s) dropped" in out
    assert "Traceback" not in result.output

    stored = {urn for (urn,) in query(db_path, "SELECT urn FROM posts")}
    assert stored == {a for a, *_ in DROPPED} | {CLEAN}


def test_dropped_fields_read_back_as_null_and_raw_json_is_verbatim(
    cli, db_path: Path, typo_file: Path
) -> None:
    cli("ingest", str(typo_file.parent))
    by_urn = {r[0]: r for r in query(
        db_path, "SELECT urn, author_username, text_content, url, post_type, full_urn, raw_json "
                 "FROM posts")}
    columns = ("urn", "author_username", "text_content", "url", "post_type", "full_urn")
    media = {}
    for urn, kind, url, width, height in query(
            db_path, "SELECT p.urn, m.media_type, m.media_url, m.width, m.height "
                     "FROM post_media m JOIN posts p USING (post_id)"):
        media.setdefault(urn, set()).add((kind, url, width, height))
    written = records()
    for number, (activity, _overrides, column, value, _problems) in enumerate(DROPPED):
        row = dict(zip(columns, by_urn[activity][:6], strict=True))
        got = media.get(activity, set()) if column == "media" else row[column]
        assert got == value, (activity, column, got)
        assert by_urn[activity][6] == json.dumps(written[number]), activity  # text as received
    assert by_urn["940002"][3] is not None  # only the wrong field went, not its neighbours
    totals = dict(query(db_path, "SELECT p.urn, d.total_reactions FROM data_downloads d "
                                 "JOIN posts p USING (post_id)"))
    assert all(totals[a] == 5 for a, *_ in DROPPED)  # the snapshots of kept records are real


def test_json_report_run_row_and_ledger_name_every_problem(
    cli, db_path: Path, typo_file: Path
) -> None:
    report = json.loads(cli("ingest", "--json", str(typo_file.parent)).output)
    assert report["clean"] is False and report["status"] == "completed"
    dropped = [f"{p}: record {i}: {r}" for p, i, r in report["dropped_fields"]]
    rejected = [f"{p}: record {i}: {r}" for p, i, r in report["rejected_records"]]
    lines = expected_lines(typo_file)
    assert dropped == [line for line in lines if line.endswith("field dropped")]
    assert rejected == [line for line in lines if line.endswith("record rejected")]

    status, message = query(db_path, "SELECT status, error_message FROM download_runs")[0]
    assert status == "completed" and message.splitlines() == lines

    ledger = query(db_path, "SELECT status, records_read, records_rejected, error "
                            "FROM ingested_files WHERE file_name = ?", [FILE_NAME])
    state, read, rejected_count, error = ledger[0]
    assert (state, read, rejected_count) == ("partial", len(records()), len(REJECTED))
    assert error.startswith(f"record 0: {DROPPED[0][-1][0]}; field dropped; record 1: ")
    for line in lines:
        assert line.split(": ", 1)[1] in error


def test_only_a_dropped_field_still_exits_1_and_marks_the_file_partial(
    cli, db_path: Path, tmp_path: Path
) -> None:
    path = write_json(tmp_path / "one" / FILE_NAME,
                      [sample_record("950001", author="not-an-object")])
    result = cli("ingest", str(path))
    assert result.exit_code == 1
    assert (f"{path}: record 0: field author is string, expected object; field dropped"
            in result.output)
    assert scalar(db_path, "SELECT status FROM ingested_files") == "partial"
    assert query(db_path, "SELECT urn, author_username FROM posts") == [("950001", None)]
    # the unchanged file is not read again: nothing new to report
    again = cli("ingest", str(path))
    assert again.exit_code == 0, again.output


def test_the_dagster_ingest_metadata_names_every_problem(
    instance, db_path: Path, raw_copy: Path
) -> None:
    from pipelines.partitions import register_days
    from pipelines.resources import SocialDBResource

    register_days(instance, ["20251001"])  # what scrape_days_sensor does in dagster dev
    path = write_json(raw_copy / "20251001" / "linkedin" / FILE_NAME, records())
    resources = {"socialdb": SocialDBResource(database_path=str(db_path),
                                              landing_dir=str(raw_copy))}
    result = materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                         instance=instance, partition_key="20251001")
    assert result.success
    runs_md = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                   if e.asset_key.to_user_string() == "download_runs")
    assert runs_md["fields_dropped"].value == sum(len(d[-1]) for d in DROPPED)
    assert runs_md["records_rejected"].value == len(REJECTED)
    table = runs_md["rejected"].md_str
    for line in expected_lines(path):
        _file, index, reason = line.split(": ", 2)
        assert f"| {index.removeprefix('record ')} | {reason} |" in table, (line, table)
