"""The analytics models in the real `dagster dev`: after the demo backfill the
automation sensor builds them (and the report) without a click, the lineage runs from
the raw files to every model, and the dbt tests are the models' asset checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dagster_ui import AUTOMATION_RUNS, BackfilledUI
from tests.helpers import query

pytestmark = pytest.mark.e2e

MODELS = ("post_snapshots", "post_performance", "rising_posts", "author_baseline",
          "author_curve", "profile_daily")
NODES = """
{ assetNodes { assetKey { path } dependencyKeys { path } groupName
    assetMaterializations(limit: 1) { runId metadataEntries { label
      ... on IntMetadataEntry { intValue } ... on PathMetadataEntry { path } } }
    assetChecksOrError { ... on AssetChecks { checks { name
      executionForLatestMaterialization { status } } } } } }"""


def test_models_built_after_the_backfill_without_a_click(dagster_ui: BackfilledUI):
    runs = dagster_ui.server.graphql(AUTOMATION_RUNS)["runsOrError"]["results"]
    built = [r for r in runs if r["status"] == "SUCCESS"
             and {"/".join(k["path"]) for k in r["assetSelection"]} >= {*MODELS}]
    assert built, (runs, dagster_ui.server.log_tail())
    nodes = {"/".join(n["assetKey"]["path"]): n
             for n in dagster_ui.server.graphql(NODES)["assetNodes"]}

    def parents(name: str) -> set[str]:
        return {"/".join(d["path"]) for d in nodes[name]["dependencyKeys"]}

    # lineage: raw files -> ingest tables -> every model -> the report
    assert parents("posts") == {"raw_apify_files"}
    assert {"posts", "data_downloads"} <= parents("post_snapshots")
    assert {"posts", "data_downloads"} <= parents("post_performance")
    assert parents("rising_posts") == {"post_performance"}
    assert "rising_posts" in parents("engagement_report")
    for model in MODELS:
        node = nodes[model]
        assert node["groupName"] == "analytics"
        materialization = node["assetMaterializations"][0]
        rows = {e["label"]: e.get("intValue") for e in materialization["metadataEntries"]}
        assert rows["dagster/row_count"] == query(
            dagster_ui.db_path, f"SELECT count(*) FROM {model}")[0][0]
        checks = node["assetChecksOrError"]["checks"]
        assert checks and all(c["executionForLatestMaterialization"]["status"] == "SUCCEEDED"
                              for c in checks), (model, checks)
    report = nodes["engagement_report"]["assetMaterializations"][0]["metadataEntries"]
    path = next(e["path"] for e in report if e["label"] == "path")
    assert Path(path).is_file() and "<svg" in Path(path).read_text(encoding="utf-8")
