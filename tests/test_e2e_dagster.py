"""End to end: the real `dagster dev` (webserver + daemon), a backfill launched over GraphQL.

The server, its backfill and its database are shared with the browser test
(tests/test_browser_dagster_ui.py) through the session fixture ``dagster_ui``
(tests/dagster_ui.py), so one `dagster dev` serves both.
"""

from __future__ import annotations

import pytest

from tests.dagster_ui import (
    BROKEN,
    DAYS,
    INGEST_TABLES,
    BackfilledUI,
    settle_automation,
)
from tests.helpers import query

pytestmark = pytest.mark.e2e


@pytest.fixture
def ui(dagster_ui: BackfilledUI) -> BackfilledUI:
    return dagster_ui


RUN_QUERY = """
query($id: ID!) { runOrError(runId: $id) { __typename ... on Run {
  runId status tags { key value }
  assetMaterializations { assetKey { path } partition
    metadataEntries { label __typename
      ... on TextMetadataEntry { text } ... on IntMetadataEntry { intValue }
      ... on MarkdownMetadataEntry { mdStr } ... on TableMetadataEntry { table { records } } } }
} } }"""

LINEAGE_QUERY = """
{ assetNodes { assetKey { path } dependencyKeys { path } isPartitioned isExecutable groupName
    partitionDefinition { type } } }"""


def test_backfill_over_two_days_is_one_successful_run(ui: BackfilledUI):
    runs = ui.backfill["runs"]
    assert len(runs) == 1, runs
    assert runs[0]["status"] == "SUCCESS", ui.server.log_tail()
    tags = {t["key"]: t["value"] for t in runs[0]["tags"]}
    assert tags["dagster/backfill"] == ui.backfill_id
    assert (tags["dagster/asset_partition_range_start"],
            tags["dagster/asset_partition_range_end"]) == DAYS


def test_only_days_with_files_are_partitions_and_all_is_one_materialization_per_day(
    ui: BackfilledUI,
):
    # registered by scrape_days_sensor, on by default in a fresh DAGSTER_HOME
    assert ui.partition_keys == list(DAYS)
    assert ui.backfill["numPartitions"] == len(DAYS)
    run = ui.server.graphql(RUN_QUERY, {"id": ui.run_id})["runOrError"]
    events = [("/".join(m["assetKey"]["path"]), m["partition"])
              for m in run["assetMaterializations"]]
    assert sorted(events) == sorted((t, d) for t in INGEST_TABLES for d in DAYS)


def test_graphql_shows_the_lineage_from_raw_files_to_tables(ui: BackfilledUI):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in ui.server.graphql(LINEAGE_QUERY)["assetNodes"]}
    assert {"raw_apify_files", *INGEST_TABLES, "post_performance", "post_tags"} <= set(nodes)
    for table in INGEST_TABLES:
        deps = {"/".join(d["path"]) for d in nodes[table]["dependencyKeys"]}
        assert deps == {"raw_apify_files"}
        assert nodes[table]["isPartitioned"]
        assert nodes[table]["partitionDefinition"]["type"] == "DYNAMIC"
    model_deps = {"/".join(d["path"]) for d in nodes["post_snapshots"]["dependencyKeys"]}
    assert model_deps == {"data_downloads", "posts", "apify_ingest"}  # the dbt models
    assert not nodes["raw_apify_files"]["isExecutable"]
    # "Materialize all" on the ingest group must not call Apify (needs a token)
    assert {nodes[k]["groupName"] for k in ("apify_scrape", "apify_ingest")} == {"scrape"}
    assert {nodes[k]["groupName"] for k in INGEST_TABLES} == {"ingest"}


def test_run_materializations_metadata_and_database_rows_agree(ui: BackfilledUI):
    run = ui.server.graphql(RUN_QUERY, {"id": ui.run_id})["runOrError"]
    assert run["status"] == "SUCCESS"
    by_key = {}
    for m in run["assetMaterializations"]:
        entries = {e["label"]: e for e in m["metadataEntries"]}
        by_key[("/".join(m["assetKey"]["path"]), m["partition"])] = entries
    assert set(by_key) == {(t, d) for t in INGEST_TABLES for d in DAYS}

    rows = query(ui.db_path, "SELECT run_id, status, dagster_run_id, partition_key, posts_new, "
                             "error_message FROM download_runs WHERE dagster_run_id = ?",
                 [ui.run_id])
    assert len(rows) == 1
    run_row, status, dagster_run_id, partition_key, posts_new, error = rows[0]
    assert (status, dagster_run_id, partition_key) == ("completed", ui.run_id, "20251001..20251002")
    assert BROKEN in error

    for entries in by_key.values():
        assert entries["socialdb_run_id"]["text"] == run_row
    runs_md = by_key[("download_runs", "20251002")]
    assert runs_md["posts_new"]["intValue"] == posts_new
    assert BROKEN in runs_md["rejected"]["mdStr"]
    assert runs_md["files_rejected"]["intValue"] == 1
    posts = query(ui.db_path, "SELECT count(*) FROM posts")[0][0]
    assert posts == posts_new > 0
    assert by_key[("posts", "20251001")]["dagster/row_count"]["intValue"] == posts
    preview = by_key[("posts", "20251001")]["newest_posts"]["table"]["records"]
    assert 0 < len(preview) <= 10
    days = {d for (d,) in query(ui.db_path, "SELECT DISTINCT scrape_day FROM ingested_files")}
    assert days == set(DAYS)


def test_materialize_all_of_the_ingest_group_needs_no_apify_token(ui: BackfilledUI):
    """The docs' second route: Lineage -> group ingest -> Materialize all -> All."""
    nodes = ui.server.graphql(LINEAGE_QUERY)["assetNodes"]
    group = ["/".join(n["assetKey"]["path"]) for n in nodes
             if n["groupName"] == "ingest" and n["isExecutable"]]
    assert "apify_scrape" not in group and {"post_tags"} <= set(group)
    backfill_id = ui.server.launch_backfill(group, ui.partition_keys, title="ingest group: All")
    # the tables' run, then (next daemon tick) the run of the unpartitioned post_tags
    state = ui.server.wait_backfill(backfill_id, timeout=300, until_complete=True)
    assert state["status"] == "COMPLETED_SUCCESS", state
    assert {r["status"] for r in state["runs"]} == {"SUCCESS"}, ui.server.log_tail()
    materialized = set()
    for run in state["runs"]:
        data = ui.server.graphql(RUN_QUERY, {"id": run["runId"]})["runOrError"]
        materialized |= {"/".join(m["assetKey"]["path"]) for m in data["assetMaterializations"]}
    assert materialized == set(group)
    # The first ingest of the session was followed by a build of the analytics models
    # (the fixture waited for it). A repeated backfill of already-ingested days is not
    # always followed by another automation run in `dagster dev` (known gap: the models
    # are views, so what they show is current either way); if one comes, wait for it
    # before reading the database (dbt holds the write lock while it runs).
    settle_automation(ui.server, "rising_posts", quiet_seconds=75)
    # the tables' run found nothing new (the ledger), and said so in its own row
    rows = query(ui.db_path, "SELECT status, posts_new, partition_key FROM download_runs "
                             "WHERE dagster_run_id <> ?", [ui.run_id])
    assert rows == [("completed", 0, "20251001..20251002")]
