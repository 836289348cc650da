"""In-process Dagster runs of the ingest assets against a temporary database and instance."""

from __future__ import annotations

import json

import pytest
from dagster import AssetKey, materialize

from assets.ingest import ingest_raw_files
from assets.sources import SOURCE_SPECS
from pipelines.definitions import build_defs
from pipelines.partitions import days_with_files, register_days
from pipelines.resources import SocialDBResource
from tests.helpers import query, sample_record, scalar, write_json

RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")


@pytest.fixture(autouse=True)
def scrape_day_partitions(instance, raw_copy) -> list[str]:
    """The partitions scrape_days_sensor registers in a running instance: the corpus' days."""
    return register_days(instance, days_with_files(raw_copy))




def _materializations(result) -> dict[tuple[str, str | None], dict]:
    return {
        (e.asset_key.to_user_string(), e.partition): e.materialization.metadata
        for e in result.get_asset_materialization_events()
    }


def _value(metadata: dict, key: str):
    entry = metadata[key]
    for attr in ("value", "text", "md_str"):
        if hasattr(entry, attr):
            return getattr(entry, attr)
    raise AssertionError(f"no value for {key}: {entry!r}")


def test_one_day_writes_tables_and_a_run_row_with_the_dagster_run_id(
    resources, instance, db_path, raw_copy
):
    result = materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                         instance=instance, partition_key="20251001")
    assert result.success

    runs = query(db_path, "SELECT run_id, status, dagster_run_id, partition_key, posts_new, "
                          "posts_fetched FROM download_runs")
    assert len(runs) == 1
    run_id, status, dagster_run_id, partition_key, posts_new, fetched = runs[0]
    assert (status, dagster_run_id, partition_key) == ("completed", result.run_id, "20251001")
    # only the 20251001 folder was read
    days = {d for (d,) in query(db_path, "SELECT DISTINCT scrape_day FROM ingested_files")}
    assert days == {"20251001"}
    files_on_disk = len(list((raw_copy / "20251001").rglob("*.json")))
    posts = scalar(db_path, "SELECT count(*) FROM posts")
    assert posts == posts_new > 0

    found = _materializations(result)
    assert set(found) == {(t, "20251001") for t in INGEST_TABLES}
    runs_md = found[("download_runs", "20251001")]
    assert _value(runs_md, "socialdb_run_id") == run_id
    assert _value(runs_md, "posts_new") == posts_new
    assert _value(runs_md, "posts_fetched") == fetched
    assert _value(runs_md, "files_read") == files_on_disk
    assert "dataset_" in _value(runs_md, "files_read_list")
    assert _value(found[("posts", "20251001")], "dagster/row_count") == posts
    assert _value(found[("data_downloads", "20251001")], "dagster/row_count") == scalar(
        db_path, "SELECT count(*) FROM data_downloads")

    preview = found[("posts", "20251001")]["newest_posts"].value
    newest = query(db_path, "SELECT post_id FROM posts ORDER BY posted_at_timestamp DESC, "
                            "post_id LIMIT 1")[0][0]
    assert 0 < len(preview.records) <= 10
    assert preview.records[0].data["post_id"] == newest


def test_rematerializing_a_day_reads_only_new_or_changed_files(
    resources, instance, db_path, raw_copy
):
    assets = [*SOURCE_SPECS, ingest_raw_files]
    materialize(assets, resources=resources, instance=instance, partition_key="20251001")
    snapshots = scalar(db_path, "SELECT count(*) FROM data_downloads")

    again = materialize(assets, resources=resources, instance=instance, partition_key="20251001")
    md = _materializations(again)[("download_runs", "20251001")]
    assert _value(md, "files_read") == 0
    assert _value(md, "posts_new") == 0
    assert _value(md, "files_unchanged") == len(list((raw_copy / "20251001").rglob("*.json")))
    assert scalar(db_path, "SELECT count(*) FROM data_downloads") == snapshots

    write_json(raw_copy / "20251001" / "linkedin" / "dataset_new-user_2025-10-01_18-00-00-000.json",
               [sample_record("7400000000000000001", text="brand new")])
    third = materialize(assets, resources=resources, instance=instance, partition_key="20251001")
    md = _materializations(third)[("download_runs", "20251001")]
    assert _value(md, "files_read") == 1
    assert _value(md, "posts_new") == 1
    assert scalar(db_path, "SELECT count(*) FROM download_runs") == 3


def test_broken_file_shows_in_metadata_and_in_the_run_row(resources, instance, db_path, raw_copy):
    broken = raw_copy / "20251002" / "linkedin" / "dataset_broken-user_2025-10-02_07-00-00-000.json"
    broken.write_text('[{"urn": "1", "text": "cut off', encoding="utf-8")
    result = materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                         instance=instance, partition_key="20251002")
    assert result.success  # one bad file never stops the run

    md = _materializations(result)[("download_runs", "20251002")]
    table = _value(md, "rejected")
    assert broken.name in table and "not JSON in record 0" in table
    assert _value(md, "files_rejected") == 1
    status, error = query(db_path, "SELECT status, error_message FROM download_runs")[0]
    assert status == "completed"
    assert broken.name in error and "not JSON in record 0" in error
    assert broken.read_text(encoding="utf-8") == '[{"urn": "1", "text": "cut off'


def test_a_backfill_range_is_one_run_and_one_download_runs_row(resources, instance, db_path):
    job = build_defs(resources).resolve_job_def("ingest_job")
    result = job.execute_in_process(
        instance=instance,
        asset_selection=[AssetKey(t) for t in INGEST_TABLES],
        tags={RANGE_START: "20251001", RANGE_END: "20251002"},
    )
    assert result.success
    rows = query(db_path, "SELECT run_id, dagster_run_id, partition_key FROM download_runs")
    assert len(rows) == 1
    run_id, dagster_run_id, partition_key = rows[0]
    assert dagster_run_id == result.run_id
    assert partition_key == "20251001..20251002"
    days = {d for (d,) in query(db_path, "SELECT DISTINCT scrape_day FROM ingested_files")}
    assert days == {"20251001", "20251002"}

    found = _materializations(result)
    assert set(found) == {(t, d) for t in INGEST_TABLES for d in ("20251001", "20251002")}
    assert {_value(md, "socialdb_run_id") for md in found.values()} == {run_id}
    assert _value(found[("posts", "20251002")], "partitions") == "20251001..20251002"


def test_days_without_a_folder_still_record_an_empty_run(resources, instance, db_path):
    register_days(instance, ["20250101"])  # e.g. added by hand in the UI
    result = materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                         instance=instance, partition_key="20250101")
    assert result.success
    row = query(db_path, "SELECT status, posts_fetched, partition_key FROM download_runs")
    assert row == [("completed", 0, "20250101")]
    assert scalar(db_path, "SELECT count(*) FROM posts") == 0


def test_a_failed_ingest_leaves_its_row_failed_with_the_error(
    resources, instance, db_path, monkeypatch
):
    import socialdb.ingest.engine as engine

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(engine, "load_batch", explode)
    result = materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                         instance=instance, partition_key="20251001", raise_on_error=False)
    assert not result.success
    (run_id, status, error, dagster_run_id), = query(
        db_path, "SELECT run_id, status, error_message, dagster_run_id FROM download_runs")
    assert status == "failed"
    assert "disk on fire" in error
    assert dagster_run_id == result.run_id

    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    user_data = failure.step_failure_data.user_failure_data
    assert user_data is not None and run_id in user_data.description
    assert user_data.metadata["socialdb_run_id"].value == run_id
    assert user_data.metadata["run_status"].value == "failed"


def test_post_tags_asset_applies_rules_from_the_configured_file(
    resources, instance, db_path, tmp_path
):
    job = build_defs(resources).resolve_job_def("ingest_job")
    job.execute_in_process(
        instance=instance,
        asset_selection=[AssetKey(t) for t in INGEST_TABLES],
        tags={RANGE_START: "20251001", RANGE_END: "20251002"},
    )
    author = scalar(db_path, "SELECT author_username FROM posts WHERE author_username IS NOT NULL "
                             "ORDER BY author_username LIMIT 1")
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"rules:\n  - tag: watched\n    authors: [{json.dumps(author)}]\n",
                     encoding="utf-8")
    job = build_defs(resources).resolve_job_def("ingest_job")
    result = job.execute_in_process(
        instance=instance, asset_selection=[AssetKey("post_tags")],
        run_config={"ops": {"post_tags": {"config": {"rules_path": str(rules)}}}},
        partition_key="20251001",
    )
    assert result.success
    tagged = scalar(db_path, "SELECT count(*) FROM post_tags pt JOIN tags t USING (tag_id) "
                             "WHERE t.name = 'watched'")
    by_author = scalar(db_path, "SELECT count(*) FROM posts WHERE author_username = ?", [author])
    assert tagged == by_author > 0
    md = _materializations(result)[("post_tags", None)]
    assert _value(md, "tags_added") == tagged


def test_migrate_legacy_job_takes_the_sqlite_path_from_run_config(db_path, instance):
    from tests.conftest import LEGACY_DB

    res = {"socialdb": SocialDBResource(database_path=str(db_path))}
    job = build_defs(res).resolve_job_def("migrate_legacy")
    config = {"ops": {"migrate_legacy_op": {"config": {"sqlite_path": str(LEGACY_DB)}}}}
    result = job.execute_in_process(instance=instance, run_config=config)
    assert result.success
    posts = scalar(db_path, "SELECT count(*) FROM posts")
    assert posts > 0
    output = result.output_for_node("migrate_legacy_op")
    assert output["status"] == "completed" and output["written"]["posts"] == posts

    missing = {"ops": {"migrate_legacy_op": {"config": {"sqlite_path": "/nonexistent/posts.db"}}}}
    failed = job.execute_in_process(instance=instance, run_config=missing,
                                    raise_on_error=False)
    assert not failed.success
    failure = next(e for e in failed.all_events if e.event_type_value == "STEP_FAILURE")
    assert "/nonexistent/posts.db" in failure.step_failure_data.user_failure_data.description
