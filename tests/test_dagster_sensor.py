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
from pipelines.partitions import SCRAPE_DAYS, register_days
from pipelines.schedules import nightly_checks_schedule
from pipelines.sensors import landing_sensor, scrape_days_sensor
from socialdb import landing
from tests.helpers import query, sample_record, scalar, write_json

START = "dagster/asset_partition_range_start"
END = "dagster/asset_partition_range_end"




def evaluate(resources: dict, instance, cursor: str | None) -> SensorResult:
    """One landing_sensor tick; its partition requests are applied as the daemon does."""
    context = build_sensor_context(cursor=cursor, resources=resources, instance=instance)
    result = landing_sensor(context)
    assert isinstance(result, SensorResult)
    for request in result.dynamic_partitions_requests or []:
        instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
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
    # the whole job, as the daemon would launch it: ingest + post_tags + analytics models
    job = build_defs(resources).resolve_job_def("ingest_job")
    result = job.execute_in_process(instance=instance, tags=dict(request.tags))
    assert result.success
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"posts", "post_performance", "post_tags"} <= materialized
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


def test_a_new_day_becomes_a_partition_in_the_tick_that_requests_its_run(
    resources, instance, raw_copy
):
    for path in raw_copy.rglob("*.json"):
        path.unlink()
    old = write_json(raw_copy / "19990101" / "linkedin" / "dataset_x_1999-01-01_00-00-00-000.json",
                     [sample_record("7400000000000000030")])
    _age(old, 3600)
    result = evaluate(resources, instance, None)
    (request,) = result.run_requests
    assert (request.tags[START], request.tags[END]) == ("19990101", "19990101")
    (added,) = result.dynamic_partitions_requests
    assert (added.partitions_def_name, list(added.partition_keys)) == (SCRAPE_DAYS, ["19990101"])
    assert instance.get_dynamic_partitions(SCRAPE_DAYS) == ["19990101"]


def test_an_older_day_landing_late_is_ingested_in_one_run_with_the_right_range(
    resources, instance, raw_copy, db_path, tmp_path, monkeypatch
):
    """Partitions are ordered as registered; the range follows that order, not the dates."""
    monkeypatch.setenv("SOCIALDB_TAG_RULES", str(tmp_path / "no-rules.yaml"))
    register_days(instance, ["20251001", "20251002"])
    for path in raw_copy.rglob("*.json"):
        _age(path, 3600)
    late = write_json(raw_copy / "20250915" / "linkedin" / "dataset_late_2025-09-15_08-00-00-5.json",
                      [sample_record("7400000000000000040")])
    _age(late, 3600)
    for path in (raw_copy / "20251001").rglob("*.json"):
        path.unlink()  # new files only in 20251002 and the late 20250915
    (request,) = evaluate(resources, instance, None).run_requests
    assert instance.get_dynamic_partitions(SCRAPE_DAYS) == ["20251001", "20251002", "20250915"]
    assert (request.tags[START], request.tags[END]) == ("20251002", "20250915")
    result = build_defs(resources).resolve_job_def("ingest_job").execute_in_process(
        instance=instance, tags=dict(request.tags))
    assert result.success
    assert query(db_path, "SELECT partition_key FROM download_runs") == [("20250915..20251002",)]
    days = {d for (d,) in query(db_path, "SELECT DISTINCT scrape_day FROM ingested_files")}
    assert days == {"20250915", "20251002"}
    materialized = {e.partition for e in result.get_asset_materialization_events()
                    if e.asset_key == AssetKey("posts")}
    assert materialized == {"20250915", "20251002"}


def test_scrape_days_sensor_registers_only_days_with_data_files(resources, instance, raw_copy):
    (raw_copy / "20251003" / "linkedin").mkdir(parents=True)          # empty day
    write_json(raw_copy / "20251004" / "linkedin" / "dataset_a_2025-10-04_01-00-00-1.json.tmp",
               [sample_record("7400000000000000050")])                 # still downloading
    (raw_copy / "notes").mkdir()                                        # not a day
    context = build_sensor_context(resources=resources, instance=instance)
    result = scrape_days_sensor(context)
    assert not result.run_requests  # it never launches a run
    (added,) = result.dynamic_partitions_requests
    assert list(added.partition_keys) == ["20251001", "20251002"]
    instance.add_dynamic_partitions(SCRAPE_DAYS, list(added.partition_keys))

    again = scrape_days_sensor(build_sensor_context(resources=resources, instance=instance))
    assert "already" in again.skip_message
    write_json(raw_copy / "20251004" / "linkedin" / "dataset_a_2025-10-04_01-00-00-1.json",
               [sample_record("7400000000000000050")])                 # renamed into place
    third = scrape_days_sensor(build_sensor_context(resources=resources, instance=instance))
    assert [list(r.partition_keys) for r in third.dynamic_partitions_requests] == [["20251004"]]


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
    days_sensor = defs.resolve_sensor_def("scrape_days_sensor")
    assert days_sensor.default_status.value == "RUNNING" and not days_sensor.targets
    scrape = defs.resolve_schedule_def("scrape_schedule")
    assert scrape.job_name == "scrape_job"
    assert {"scrape_job", "ingest_job", "checks_job", "migrate_legacy"} <= {
        j.name for j in defs.resolve_all_job_defs()}
