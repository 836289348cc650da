"""The landing sensor and the schedules, evaluated with built contexts."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from dagster import (
    AssetKey,
    SensorResult,
    build_schedule_context,
    build_sensor_context,
)

from pipelines.definitions import build_defs, defs
from pipelines.schedules import nightly_checks_schedule
from pipelines.sensors import landing_sensor
from socialdb import landing
from tests.helpers import query, sample_record, scalar, write_json

START = "dagster/asset_partition_range_start"
END = "dagster/asset_partition_range_end"




def evaluate(resources: dict, instance, cursor: str | None) -> SensorResult:
    context = build_sensor_context(cursor=cursor, resources=resources, instance=instance)
    result = landing_sensor(context)
    assert isinstance(result, SensorResult)
    return result


def _age(path: Path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_one_run_request_covers_every_day_with_new_files(resources, instance, raw_copy):
    for path in raw_copy.rglob("*.json"):
        _age(path, 3600)  # settled long ago
    first = evaluate(resources, instance, None)
    assert len(first.run_requests) == 1
    request = first.run_requests[0]
    assert (request.tags[START], request.tags[END]) == ("20251001", "20251002")
    assert request.tags["socialdb/new_files"] == str(len(list(raw_copy.rglob("*.json"))))
    assert request.run_key.startswith("landing-")
    assert first.asset_events[0].asset_key == AssetKey("raw_apify_files")

    # the run has not ingested them yet: asking again must not request them again
    second = evaluate(resources, instance, first.cursor)
    assert second.run_requests in (None, [])
    assert "in flight" in second.skip_reason.skip_message


def test_the_requested_run_ingests_everything_then_nothing_is_requested(
    resources, instance, raw_copy, db_path, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOCIALDB_TAG_RULES", str(tmp_path / "no-rules.yaml"))
    for path in raw_copy.rglob("*.json"):
        _age(path, 3600)
    first = evaluate(resources, instance, None)
    request = first.run_requests[0]
    # the whole job, as the daemon would launch it: ingest + engagement_summary + post_tags
    job = build_defs(resources).resolve_job_def("ingest_job")
    result = job.execute_in_process(instance=instance, tags=dict(request.tags))
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"posts", "engagement_summary", "post_tags"} <= materialized
    assert query(db_path, "SELECT count(*), min(partition_key) FROM download_runs") == [
        (1, "20251001..20251002")]
    assert scalar(db_path, "SELECT count(*) FROM ingested_files") == int(
        request.tags["socialdb/new_files"])
    after = evaluate(resources, instance, first.cursor)
    assert not after.run_requests
    assert landing.WatchState.from_json(after.cursor) == landing.WatchState()


def test_a_growing_file_waits_until_its_size_stops_changing(resources, instance, raw_copy):
    for path in raw_copy.rglob("*.json"):
        path.unlink()
    target = raw_copy / "20251005" / "linkedin" / "dataset_grow_2025-10-05_10-00-00-000.json"
    write_json(target, [sample_record("7400000000000000010")])

    first = evaluate(resources, instance, None)            # new and fresh: wait
    assert not first.run_requests
    assert "1 file(s) still settling" in first.skip_reason.skip_message

    write_json(target, [sample_record("7400000000000000010"),
                        sample_record("7400000000000000011")])   # it grew
    second = evaluate(resources, instance, first.cursor)
    assert not second.run_requests

    third = evaluate(resources, instance, second.cursor)   # unchanged since last look
    assert len(third.run_requests) == 1
    assert (third.run_requests[0].tags[START], third.run_requests[0].tags[END]) == (
        "20251005", "20251005")


def test_temporary_names_are_never_requested(resources, instance, raw_copy):
    for path in raw_copy.rglob("*.json"):
        path.unlink()
    folder = raw_copy / "20251006" / "linkedin"
    for name in ("dataset_a_2025-10-06_01-00-00-000.json.tmp",
                 "dataset_b_2025-10-06_01-00-00-000.json.part",
                 ".dataset_c_2025-10-06_01-00-00-000.json"):
        write_json(folder / name, [sample_record("7400000000000000020")])
        _age(folder / name, 3600)
    result = evaluate(resources, instance, None)
    assert not result.run_requests
    assert "3 being written" in result.skip_reason.skip_message

    done = write_json(folder / "dataset_a_2025-10-06_01-00-00-000.json",
                      [sample_record("7400000000000000020")])
    _age(done, 3600)  # the downloader renamed it into place
    result = evaluate(resources, instance, result.cursor)
    assert len(result.run_requests) == 1
    assert result.run_requests[0].tags["socialdb/new_files"] == "1"


def test_days_outside_the_partitions_wait_instead_of_failing(resources, instance, raw_copy):
    for path in raw_copy.rglob("*.json"):
        path.unlink()
    old = write_json(raw_copy / "19990101" / "linkedin" / "dataset_x_1999-01-01_00-00-00-000.json",
                     [sample_record("7400000000000000030")])
    _age(old, 3600)
    result = evaluate(resources, instance, None)
    assert not result.run_requests
    assert "1 file(s) still settling" in result.skip_reason.skip_message


def test_watch_state_round_trips_and_survives_garbage():
    state = landing.WatchState(seen={"a.json": (10, 1.5)}, requested={"b.json": (3, 2.0, 9.0)})
    assert landing.WatchState.from_json(state.to_json()) == state
    assert landing.WatchState.from_json("not json") == landing.WatchState()
    assert landing.WatchState.from_json(None) == landing.WatchState()


def test_requested_files_are_asked_again_after_the_retry_time(tmp_path):
    file = write_json(tmp_path / "20251001" / "linkedin" / "dataset_r_2025-10-01_00-00-00-000.json",
                      [sample_record("1")])
    _age(file, 3600)
    found = landing.scan(tmp_path)
    now = time.time()
    decision, state = landing.WatchState().decide(found, {}, now)
    assert [f.name for f in decision.ready] == [file.name]
    decision, state = state.decide(found, {}, now + 10, retry_seconds=100)
    assert decision.in_flight == [file.name] and not decision.ready
    decision, _ = state.decide(found, {}, now + 200, retry_seconds=100)
    assert [f.name for f in decision.ready] == [file.name]


def test_partition_label_and_day_folders(tmp_path):
    assert landing.partition_label(["20251002", "20251001", "20251002"]) == "20251001..20251002"
    assert landing.partition_label(["20251001"]) == "20251001"
    assert landing.partition_label([]) is None
    (tmp_path / "20251001").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "20251003").mkdir()
    assert list(landing.day_folders(tmp_path)) == ["20251001", "20251003"]
    assert landing.folders_for_days(tmp_path, ["20251003", "20251002"]) == [tmp_path / "20251003"]


def test_nightly_checks_schedule_requests_one_keyed_run_per_day():
    context = build_schedule_context(
        scheduled_execution_time=datetime(2025, 10, 3, 3, 30, tzinfo=UTC))
    request = nightly_checks_schedule(context)
    assert request.run_key == "nightly-checks-20251003"
    assert nightly_checks_schedule.job_name == "checks_job"
    assert nightly_checks_schedule.cron_schedule == "30 3 * * *"


def test_definitions_wire_the_sensor_schedules_and_scrape():
    assert defs.resolve_sensor_def("landing_sensor").job_name == "ingest_job"
    scrape = defs.resolve_schedule_def("scrape_schedule")
    assert scrape.job_name == "scrape_job"
    assert {"scrape_job", "ingest_job", "checks_job", "migrate_legacy"} <= {
        j.name for j in defs.resolve_all_job_defs()}
