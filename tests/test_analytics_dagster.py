"""The analytics dbt project as Dagster assets and checks, through `materialize`, the
ingest job and the automation conditions (what the daemon evaluates after an ingest)."""

from __future__ import annotations

import duckdb
from dagster import (
    AssetKey,
    DefaultSensorStatus,
    evaluate_automation_conditions,
    materialize,
)

from assets.analytics import analytics_automation_sensor, analytics_models
from assets.ingest import ingest_raw_files
from assets.sources import SOURCE_SPECS
from pipelines.definitions import build_defs
from pipelines.partitions import days_with_files, register_days
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from tests.analytics_corpus import URNS, write_corpus
from tests.helpers import scalar

MODELS = ("post_snapshots", "post_performance", "rising_posts", "author_baseline",
          "author_curve", "profile_daily")


def _ingested(cli, tmp_path, db_path) -> dict:
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    return {"socialdb": SocialDBResource(database_path=str(db_path),
                                         landing_dir=str(tmp_path / "raw"))}


def test_models_materialize_with_checks_and_row_counts(cli, tmp_path, db_path, instance):
    resources = _ingested(cli, tmp_path, db_path)
    result = materialize([*SOURCE_SPECS, analytics_models], resources=resources,
                         instance=instance, selection=[analytics_models])
    assert result.success
    found = {e.asset_key.to_user_string(): e.materialization.metadata
             for e in result.get_asset_materialization_events()}
    assert set(found) == set(MODELS)
    for model in MODELS:
        assert found[model]["dagster/row_count"].value == scalar(
            db_path, f"SELECT count(*) FROM {model}")
    top = found["rising_posts"]["top_rising"].value.records[0].data
    assert top["post_id"] == scalar(db_path, f"SELECT post_id FROM posts WHERE urn = '{URNS['a3_spike']}'")
    checks = result.get_asset_check_evaluations()
    assert len(checks) >= 40 and all(c.passed for c in checks)
    assert {c.asset_key.to_user_string() for c in checks} == set(MODELS)


def test_a_failing_dbt_test_is_a_failed_asset_check(cli, tmp_path, db_path, instance):
    resources = _ingested(cli, tmp_path, db_path)
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE data_downloads SET total_reactions = -1 WHERE download_id = "
                "(SELECT min(download_id) FROM data_downloads)")
    con.close()
    result = materialize([*SOURCE_SPECS, analytics_models], resources=resources,
                         instance=instance, selection=[analytics_models], raise_on_error=False)
    failed = {(c.asset_key.to_user_string(), c.check_name)
              for c in result.get_asset_check_evaluations() if not c.passed}
    assert ("post_snapshots", "non_negative_post_snapshots_total_reactions") in failed
    # dagster-dbt makes error-severity dbt tests blocking checks: the step fails, after
    # every result was recorded, and nothing downstream (the report) runs on bad data
    assert not result.success


def test_models_sit_downstream_of_the_ingest_tables_in_the_write_pool():
    defs = build_defs()
    graph = defs.resolve_asset_graph()

    def parents(name: str) -> set[str]:
        return {k.to_user_string() for k in graph.get(AssetKey(name)).parent_keys}

    assert parents("post_snapshots") == {"posts", "data_downloads", "apify_ingest"}
    assert parents("rising_posts") == {"post_performance"}
    assert parents("profile_daily") == {"post_performance", "post_snapshots"}
    for model in MODELS:
        node = graph.get(AssetKey(model))
        assert node.group_name == "analytics" and node.automation_condition is not None
        assert defs.resolve_assets_def(model).op.pool == DUCKDB_WRITE_POOL
        assert graph.get_check_keys_for_assets({AssetKey(model)}), model
    assert analytics_automation_sensor.default_status == DefaultSensorStatus.RUNNING
    job = defs.resolve_job_def("ingest_job")
    assert {AssetKey(m) for m in MODELS} <= set(job.asset_layer.selected_asset_keys)


def test_an_ingest_requests_the_models_without_a_click(resources, instance, db_path, raw_copy):
    register_days(instance, days_with_files(raw_copy))  # what scrape_days_sensor does
    defs = build_defs(resources)
    first = evaluate_automation_conditions(defs=defs, instance=instance)
    # a partitioned ingest (what a backfill runs), then the next daemon evaluation
    assert materialize([*SOURCE_SPECS, ingest_raw_files], resources=resources,
                       instance=instance, partition_key="20251001").success
    after = evaluate_automation_conditions(defs=defs, instance=instance, cursor=first.cursor)
    for model in MODELS:
        assert after.get_requested_partitions(AssetKey(model)) == {None}, model
    # once they are built, nothing is requested until the next ingest
    assert materialize([*SOURCE_SPECS, analytics_models], resources=resources,
                       instance=instance, selection=[analytics_models]).success
    quiet = evaluate_automation_conditions(defs=defs, instance=instance, cursor=after.cursor)
    assert quiet.total_requested == 0
    assert scalar(db_path, "SELECT count(*) FROM rising_posts") > 0
    # the ingest job (what the landing sensor launches) builds them in the same run:
    # the daemon then has nothing left to request
    job = defs.resolve_job_def("ingest_job")
    assert job.execute_in_process(instance=instance, partition_key="20251002").success
    settled = evaluate_automation_conditions(defs=defs, instance=instance, cursor=quiet.cursor)
    assert settled.total_requested == 0
