"""The scheduled scrape in Dagster: materialize against the fake Apify API, token, schedule."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dagster import (
    AssetKey,
    DagsterInstance,
    DagsterInvalidDefinitionError,
    DefaultScheduleStatus,
    Definitions,
    build_schedule_context,
    instance_for_test,
    materialize,
)
from dagster._serdes import serialize_value
from fake_apify import Behavior, FakeApify, make_posts

from assets.scrape import (
    DEFAULT_SCRAPE_CRON,
    apify_ingest,
    apify_scrape,
    build_scrape_schedule,
    scrape_assets,
    scrape_job,
    scrape_schedule,
)
from pipelines.apify_resource import ApifyResource
from pipelines.definitions import build_defs
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb.db import Database

FINISHED = datetime(2025, 10, 2, 12, 11, 46, 417000, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeApify]:
    """A running fake Apify API on 127.0.0.1."""
    with FakeApify() as server:
        yield server


@pytest.fixture
def watched(db: Database) -> Database:
    """A database watching alice, bob (tagged) and carol, plus an inactive profile."""
    with db.transaction() as con:
        con.execute(
            "INSERT INTO profiles (profile_id, username, name, is_active) VALUES "
            "('prof-00000001', 'alice', 'Alice', true), ('prof-00000002', 'bob', 'Bob', true), "
            "('prof-00000003', 'carol', 'Carol', true), ('prof-00000004', 'paused', 'P', false)"
        )
        con.execute("INSERT INTO tags (tag_id, name) VALUES ('tag-00000001', 'ai')")
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id) "
                    "VALUES ('ptag-00000001', 'prof-00000002', 'tag-00000001')")
    return db


def resources(fake: FakeApify, db: Database, landing: Path) -> dict:
    """The two resources the scrape asset uses, pointed at the fake and temp folders."""
    return {
        "apify": ApifyResource(api_base_url=fake.url, results_limit=5, wait_secs=3,
                               request_timeout_secs=3, max_retries=1, min_retry_delay_ms=10),
        "socialdb": SocialDBResource(database_path=str(db.path), landing_dir=str(landing)),
    }


def all_db_text(db: Database) -> str:
    """Every value of every table, as text (to search for a leaked token)."""
    with db.connect(read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()]
        return "\n".join(str(con.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables)


def test_one_scrape_job_run_lands_files_ingests_them_and_syncs_profiles(
    fake: FakeApify, watched: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    fake.behaviors["alice"] = Behavior(items=make_posts("alice", 4), finished_at=FINISHED)
    fake.behaviors["bob"] = Behavior(status="FAILED", status_message="profile is private")
    landing = tmp_path / "raw"
    instance = DagsterInstance.ephemeral()
    defs = Definitions(assets=scrape_assets, jobs=[scrape_job],
                       resources=resources(fake, watched, landing))

    result = defs.resolve_job_def("scrape_job").execute_in_process(instance=instance)

    assert result.success
    # one run, two steps, two materializations: the scrape, then the ingest
    assert [e.asset_key.to_user_string() for e in result.get_asset_materialization_events()] == [
        "apify_scrape", "apify_ingest"]
    assert [i["username"] for i in fake.run_inputs()] == ["alice", "bob", "carol"]
    alice_file = landing / "20251002" / "linkedin" / "dataset_alice_2025-10-02_12-11-46-417.json"
    assert json.loads(alice_file.read_text(encoding="utf-8")) == make_posts("alice", 4)
    files = sorted(landing.rglob("*.json"))
    assert len(files) == 2 and alice_file in files
    # the days it landed files in are scrape-day partitions at once (pickable in the UI)
    assert instance.get_dynamic_partitions("scrape_days") == sorted(
        {f.parent.parent.name for f in files})
    # the ingest ran in the same run: posts, snapshots and one download_runs row
    run = watched.fetch_dicts("SELECT * FROM download_runs")
    assert len(run) == 1
    assert run[0]["dagster_run_id"] == result.run_id and run[0]["status"] == "completed"
    assert run[0]["posts_new"] == 7 and run[0]["script_name"] == "dagster apify_scrape"
    assert run[0]["error_message"] == (
        "scrape bob: Apify run run0000000000002 ended FAILED: profile is private")
    assert json.loads(run[0]["system_info"])["apify"]["failed"] == {
        "bob": "Apify run run0000000000002 ended FAILED: profile is private"}
    counts = watched.fetch_dicts(
        "SELECT (SELECT count(*) FROM posts) AS posts, "
        "(SELECT count(*) FROM data_downloads WHERE run_id = ?) AS snapshots, "
        "(SELECT min(downloaded_at) FROM data_downloads WHERE source_file_name = ?) AS alice_at",
        [run[0]["run_id"], alice_file.name])[0]
    assert counts == {"posts": 7, "snapshots": 7, "alice_at": FINISHED.replace(tzinfo=None)}
    synced = {r["username"]: r["last_synced_at"] for r in watched.fetch_dicts(
        "SELECT username, last_synced_at FROM profiles")}
    assert synced["alice"] == FINISHED.replace(tzinfo=None)
    assert synced["carol"] is not None and synced["bob"] is None and synced["paused"] is None

    scraped = result.asset_materializations_for_node("apify_scrape")[0].metadata
    metadata = result.asset_materializations_for_node("apify_ingest")[0].metadata
    for md in (scraped, metadata):  # both steps say what was scraped and what failed
        assert md["profiles_total"].value == 3
        assert md["profiles_scraped"].value == 2 and md["profiles_failed"].value == 1
        assert "| bob | Apify run run0000000000002 ended FAILED: profile is private |" in (
            md["failures"].value)
        assert sorted(md["files_written"].value) == [str(f) for f in files]
        assert md["items_scraped"].value == 7
    assert "download_run_id" not in scraped  # the scrape step writes no database row
    assert metadata["download_run_id"].value == run[0]["run_id"]
    assert metadata["download_run_status"].value == "completed"
    assert metadata["posts_new"].value == 7 and metadata["snapshots_added"].value == 7
    assert metadata["profiles_synced"].value == 2

    # the token is nowhere: event log (incl. run config), Python logs, console, database
    events = "\n".join(serialize_value(e) for e in instance.all_logs(result.run_id))
    assert "alice: 4 posts" in events and "bob: FAILED" in events  # the search really searches
    assert fake.token not in events
    assert fake.token not in serialize_value(instance.get_run_by_id(result.run_id))
    assert fake.token not in caplog.text and "Sending request" in caplog.text
    captured = capfd.readouterr()
    assert fake.token not in captured.out + captured.err
    assert fake.token not in all_db_text(watched)


def test_the_ingest_step_names_wrong_typed_fields_in_its_metadata(
    fake: FakeApify, watched: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    items = make_posts("alice", 2)
    items[0]["media"] = "https://media.licdn.com/img/x.jpg"
    items[1]["stats"] = "12"
    fake.behaviors["alice"] = Behavior(items=items, finished_at=FINISHED)
    defs = Definitions(assets=scrape_assets, jobs=[scrape_job],
                       resources=resources(fake, watched, tmp_path / "raw"))
    result = defs.resolve_job_def("scrape_job").execute_in_process(
        instance=DagsterInstance.ephemeral())

    assert result.success
    metadata = result.asset_materializations_for_node("apify_ingest")[0].metadata
    assert metadata["fields_dropped"].value == 1 and metadata["records_rejected"].value == 1
    table = metadata["rejected"].value
    assert "| 0 | field media is string, expected object; field dropped |" in table
    assert "| 1 | field stats is string, expected object; record rejected |" in table


def test_without_a_token_the_run_fails_at_once_saying_how_to_set_it(
    fake: FakeApify, watched: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("APIFY_TOKEN", raising=False)
    result = materialize(scrape_assets, resources=resources(fake, watched, tmp_path / "raw"),
                         instance=DagsterInstance.ephemeral(), raise_on_error=False)

    assert not result.success
    failure = result.failure_data_for_node("apify_scrape")
    assert failure is not None
    message = failure.error.message if failure.error else ""
    assert "APIFY_TOKEN is not set" in message and "export APIFY_TOKEN=" in message
    assert fake.requests == []  # no call was attempted
    assert result.asset_materializations_for_node("apify_ingest") == []  # ingest never ran
    assert watched.fetch_dicts("SELECT * FROM download_runs") == []
    assert not (tmp_path / "raw").exists()


def test_with_an_empty_watch_list_the_run_fails_saying_how_to_add_profiles(
    fake: FakeApify, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    result = materialize(scrape_assets, resources=resources(fake, db, tmp_path / "raw"),
                         instance=DagsterInstance.ephemeral(), raise_on_error=False)

    assert not result.success
    failure = result.failure_data_for_node("apify_scrape")
    assert failure is not None and failure.user_failure_data is not None
    assert "socialdb profiles add USERNAME --name NAME" in failure.user_failure_data.description
    assert fake.run_inputs() == []  # no actor was started
    assert result.asset_materializations_for_node("apify_ingest") == []
    assert db.fetch_dicts("SELECT * FROM download_runs") == []


def test_when_every_profile_fails_the_run_fails_with_the_reasons(
    fake: FakeApify, watched: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    for name in ("alice", "bob", "carol"):
        fake.behaviors[name] = Behavior(status="FAILED", status_message=f"{name} broke")
    result = materialize(scrape_assets, resources=resources(fake, watched, tmp_path / "raw"),
                         instance=DagsterInstance.ephemeral(), raise_on_error=False)

    assert not result.success
    scraped = result.asset_materializations_for_node("apify_scrape")[0].metadata
    assert scraped["profiles_failed"].value == 3 and scraped["files_written"].value == []
    assert result.failure_data_for_node("apify_scrape") is None  # the ingest step fails
    failure = result.failure_data_for_node("apify_ingest")
    assert failure is not None and failure.user_failure_data is not None
    assert "every profile failed to scrape (3)" in (failure.user_failure_data.description or "")
    assert "carol broke" in failure.user_failure_data.metadata["failures"].value
    assert failure.user_failure_data.metadata["download_run_status"].value == "failed"
    row = watched.fetch_dicts("SELECT status, dagster_run_id FROM download_runs")[0]
    assert row == {"status": "failed", "dagster_run_id": result.run_id}
    assert result.asset_materializations_for_node("apify_ingest") == []


def test_the_scrape_runs_while_another_writer_holds_the_pool_and_the_ingest_waits(
    fake: FakeApify, watched: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    landing = tmp_path / "raw"
    pools = {"pools": {"default_limit": 1, "granularity": "op"}}  # as .dagster_home/dagster.yaml
    with instance_for_test(overrides={"concurrency": pools}) as instance:
        store = instance.event_log_storage
        store.set_concurrency_slots(DUCKDB_WRITE_POOL, 1)
        assert store.claim_concurrency_slot(DUCKDB_WRITE_POOL, "other-run", "backfill").is_claimed
        defs = Definitions(assets=scrape_assets, jobs=[scrape_job],
                           resources=resources(fake, watched, landing))
        runs: list = []
        worker = threading.Thread(target=lambda: runs.append(
            defs.resolve_job_def("scrape_job").execute_in_process(instance=instance)))
        worker.start()
        try:
            deadline = time.monotonic() + 30
            while len(list(landing.rglob("*.json"))) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(list(landing.rglob("*.json"))) == 3  # scraped with the slot taken
            time.sleep(1.0)
            assert watched.fetch_dicts("SELECT * FROM download_runs") == []  # ingest waits
        finally:
            store.free_concurrency_slots_for_run("other-run")
            worker.join(60)
        assert runs and runs[0].success
        row = watched.fetch_dicts("SELECT status, dagster_run_id FROM download_runs")[0]
        assert row == {"status": "completed", "dagster_run_id": runs[0].run_id}
        # the report crossed between the steps through the IO manager: pickled, no token
        stored = Path(instance.storage_directory()) / "apify_scrape"
        assert stored.exists() and fake.token.encode() not in stored.read_bytes()


def test_asset_job_and_resource_wiring() -> None:
    # the long scrape holds no pool; only the short ingest takes the one DuckDB write slot
    assert apify_scrape.op.pool is None
    assert apify_ingest.op.pool == DUCKDB_WRITE_POOL
    assert {"apify", "socialdb"} <= apify_scrape.required_resource_keys
    assert "socialdb" in apify_ingest.required_resource_keys
    assert "apify" not in apify_ingest.required_resource_keys  # the token stays in step one
    assert {k.to_user_string() for k in apify_scrape.dependency_keys} == {"profiles"}
    assert {k.to_user_string() for k in apify_ingest.dependency_keys} == {"apify_scrape"}
    assert set(apify_scrape.specs_by_key[apify_scrape.key].kinds) == {"apify"}
    assert set(apify_ingest.specs_by_key[apify_ingest.key].kinds) == {"duckdb"}
    assert {a.group_names_by_key[a.key] for a in scrape_assets} == {"scrape"}
    defs = Definitions(
        assets=scrape_assets, jobs=[scrape_job], schedules=[scrape_schedule],
        resources={"apify": ApifyResource(), "socialdb": SocialDBResource()},
    )
    job = defs.resolve_job_def("scrape_job")
    assert sorted(str(k.to_user_string()) for k in job.asset_layer.executable_asset_keys) == [
        "apify_ingest", "apify_scrape"]
    assert {n.name: n.pool for n in job.graph.node_defs} == {
        "apify_scrape": None, "apify_ingest": DUCKDB_WRITE_POOL}
    graph = build_defs().resolve_asset_graph()  # the code location's lineage
    assert {k.to_user_string() for k in graph.get(AssetKey("raw_apify_files")).parent_keys} == {
        "apify_scrape"}
    assert {k.to_user_string() for k in graph.get(AssetKey("apify_ingest")).parent_keys} == {
        "apify_scrape"}
    assert "token" not in ApifyResource.model_fields  # never config: config is stored and shown


def test_schedule_runs_the_scrape_job_every_six_hours_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert scrape_schedule.cron_schedule == DEFAULT_SCRAPE_CRON == "0 */6 * * *"
    assert scrape_schedule.job_name == "scrape_job"
    assert scrape_schedule.execution_timezone == "UTC"
    assert scrape_schedule.default_status == DefaultScheduleStatus.RUNNING
    monkeypatch.setenv("APIFY_TOKEN", "secret-for-schedule-test")
    context = build_schedule_context(scheduled_execution_time=datetime(2025, 10, 2, 6, tzinfo=UTC))
    requests = scrape_schedule.evaluate_tick(context).run_requests or []
    assert [r.run_key for r in requests] == ["scrape-2025-10-02T06:00"]
    assert "secret-for-schedule-test" not in serialize_value(requests[0])


def test_schedule_skips_its_ticks_while_the_token_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("APIFY_TOKEN", raising=False)
    context = build_schedule_context(scheduled_execution_time=datetime(2025, 10, 2, 6, tzinfo=UTC))
    data = scrape_schedule.evaluate_tick(context)
    assert not data.run_requests
    assert data.skip_message is not None and "export APIFY_TOKEN=" in data.skip_message


def test_schedule_cron_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APIFY_TOKEN", "t")
    monkeypatch.setenv("SOCIALDB_SCRAPE_CRON", "15 7 * * 1-5")
    schedule = build_scrape_schedule()
    assert schedule.cron_schedule == "15 7 * * 1-5"
    monday = datetime(2025, 10, 6, 7, 15, tzinfo=UTC)
    context = build_schedule_context(scheduled_execution_time=monday)
    assert len(schedule.evaluate_tick(context).run_requests or []) == 1

    monkeypatch.setenv("SOCIALDB_SCRAPE_CRON", "every six hours")
    with pytest.raises(DagsterInvalidDefinitionError, match="SOCIALDB_SCRAPE_CRON='every six"):
        build_scrape_schedule()


def test_a_first_scrape_before_any_database_exists_says_how_to_add_profiles(
    fake: FakeApify, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APIFY_TOKEN", fake.token)
    fresh = Database(tmp_path / "new" / "socialdb.duckdb", lock_timeout=10)
    result = materialize(scrape_assets, resources=resources(fake, fresh, tmp_path / "raw"),
                         instance=DagsterInstance.ephemeral(), raise_on_error=False)

    failure = result.failure_data_for_node("apify_scrape")
    assert failure is not None and failure.user_failure_data is not None
    assert "socialdb profiles add USERNAME --name NAME" in failure.user_failure_data.description
    assert not fresh.path.exists()  # a read never creates the database
