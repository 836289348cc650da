"""The code location: lineage, partitions, pools, instance config and workspace."""

from __future__ import annotations

from pathlib import Path

import yaml
from dagster import (
    AssetKey,
    BackfillPolicy,
    DagsterInstance,
    DynamicPartitionsDefinition,
    instance_for_test,
)

from pipelines.definitions import defs
from pipelines.partitions import SCRAPE_DAYS, days_of, range_bounds, register_days, scrape_days
from pipelines.resources import DUCKDB_WRITE_POOL

REPO = Path(__file__).resolve().parent.parent
INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")


def test_lineage_runs_from_raw_files_to_every_table():
    graph = defs.resolve_asset_graph()

    def parents(name: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(AssetKey(name)).parent_keys}

    for table in INGEST_TABLES:
        assert parents(table) == {"raw_apify_files"}
    assert parents("post_snapshots") == {"data_downloads", "posts", "apify_ingest"}  # dbt
    assert parents("post_tags") == {"posts", "tags"}
    assert parents("raw_apify_files") == {"apify_scrape"}
    assert not graph.get(AssetKey("raw_apify_files")).is_executable  # observed, not computed


def test_ingest_tables_are_partitioned_by_scrape_day_with_single_run_backfills():
    graph = defs.resolve_asset_graph()
    for table in INGEST_TABLES:
        node = graph.get(AssetKey(table))
        assert node.partitions_def == scrape_days
        assert node.backfill_policy == BackfillPolicy.single_run()
    assert isinstance(scrape_days, DynamicPartitionsDefinition)  # only days that have files


def test_days_are_registered_once_in_date_order_and_ranges_follow_that_order():
    with DagsterInstance.ephemeral() as instance:
        assert register_days(instance, ["20251002", "20251001", "20251002"]) == [
            "20251001", "20251002"]
        assert register_days(instance, ["20251001"]) == []
        assert register_days(instance, ["20250915"]) == ["20250915"]  # late: appended
        keys = instance.get_dynamic_partitions(SCRAPE_DAYS)
    assert keys == ["20251001", "20251002", "20250915"]
    assert range_bounds(keys, ["20250915", "20251002"]) == ("20251002", "20250915")
    assert range_bounds(keys, ["20251003", "20251001"]) == ("20251001", "20251003")
    assert days_of([Path("raw/20251002/linkedin/dataset_a_2025-10-02_01-00-00-7.json"),
                    Path("raw/20251001/linkedin/dataset_b_2025-10-01_01-00-00-42.json")]) == [
        "20251001", "20251002"]


def test_every_duckdb_writer_uses_the_write_pool():
    writers = {"posts", "post_performance", "post_tags", "apify_ingest"}
    for key in writers:
        assert defs.resolve_assets_def(key).op.pool == DUCKDB_WRITE_POOL, key
    legacy = defs.resolve_job_def("migrate_legacy").graph.node_defs[0]
    assert legacy.pool == DUCKDB_WRITE_POOL


def test_resources_resolve_settings_at_run_time_not_import_time():
    socialdb = defs.resources["socialdb"]
    assert (socialdb.database_path, socialdb.landing_dir) == ("", "")


def test_the_shipped_instance_limits_the_write_pool_to_one(tmp_path):
    config = yaml.safe_load((REPO / ".dagster_home" / "dagster.yaml").read_text())
    assert config["concurrency"]["pools"] == {"default_limit": 1, "granularity": "op"}
    with instance_for_test(overrides=config, temp_dir=str(tmp_path)) as instance:
        assert isinstance(instance, DagsterInstance)
        pool = instance.get_concurrency_config().pool_config
        assert pool.default_pool_limit == 1
        assert pool.pool_granularity.value == "op"


def test_the_shipped_instance_shortens_the_path_from_click_to_run(tmp_path):
    """The settings of issue 8 §5 load and reach the daemons (Dagster rejects unknown keys)."""
    (tmp_path / "dagster.yaml").write_text((REPO / ".dagster_home" / "dagster.yaml").read_text())
    instance = DagsterInstance.from_config(str(tmp_path))
    try:
        coordinator = instance.run_coordinator
        assert type(coordinator).__name__ == "QueuedRunCoordinator"
        assert coordinator.dequeue_interval_seconds == 1
        assert instance.get_backfill_settings()["use_threads"] is True
        assert instance.get_sensor_settings()["use_threads"] is True
        assert instance.run_monitoring_enabled
        assert instance.get_concurrency_config().run_queue_config.max_concurrent_runs == 4
    finally:
        instance.dispose()


def test_workspace_loads_the_definitions_module():
    workspace = yaml.safe_load((REPO / "workspace.yaml").read_text())
    (entry,) = workspace["load_from"]
    assert entry["python_module"]["module_name"] == "pipelines.definitions"
    assert entry["python_module"]["working_directory"] == "."


def test_dg_loads_the_same_code_location() -> None:
    """`dg dev` / `dg check defs` (pyproject [tool.dg]) find pipelines.definitions."""
    import subprocess
    import sys
    from pathlib import Path

    dg = Path(sys.executable).parent / "dg"
    result = subprocess.run([str(dg), "check", "defs"], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parent.parent, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All definitions loaded successfully" in result.stdout + result.stderr
