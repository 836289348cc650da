"""One real `dagster dev` per test session with a finished backfill of the demo corpus.

Shared by the end-to-end test and the browser test through the session fixture
``dagster_ui`` in conftest.py, so the suite starts the webserver and daemon once.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.devserver import DagsterDevServer

REPO = Path(__file__).resolve().parent.parent
INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")
DAYS = ("20251001", "20251002")
BROKEN = "dataset_broken-user_2025-10-02_09-00-00-000.json"


@dataclass
class BackfilledUI:
    server: DagsterDevServer
    backfill_id: str
    backfill: dict
    partition_keys: list[str]
    db_path: Path
    landing: Path

    @property
    def run_id(self) -> str:
        return self.backfill["runs"][0]["runId"]


def backfilled_ui(request: pytest.FixtureRequest, factory: pytest.TempPathFactory) -> BackfilledUI:
    """Start `dagster dev` and backfill the demo corpus (the session fixture caches it)."""
    base = factory.mktemp("dagster_e2e")
    landing = base / "raw"
    shutil.copytree(REPO / "data" / "raw", landing)
    (landing / "20251002" / "linkedin" / BROKEN).write_text("[{\"urn\": ", encoding="utf-8")
    db_path = base / "socialdb.duckdb"
    server = DagsterDevServer(base / "dagster_home", env={
        "SOCIALDB_DATABASE": str(db_path), "SOCIALDB_LANDING_DIR": str(landing),
        "SOCIALDB_TAG_RULES": str(base / "no-rules.yaml"),
    })
    server.start()
    request.config.add_cleanup(server.stop)
    # the days are partitions once scrape_days_sensor (on by default) has ticked
    keys = server.wait_partitions("posts", DAYS, timeout=120)
    backfill_id = server.launch_backfill(INGEST_TABLES, keys, title="e2e demo corpus: All")
    state = server.wait_backfill(backfill_id, timeout=240)
    # the automation sensor then builds the analytics models without a click; wait for
    # that run so no test reads the database while dbt holds its write lock
    wait_automation_run(server, "rising_posts", timeout=300)
    return BackfilledUI(server, backfill_id, state, keys, db_path, landing)


AUTOMATION_RUNS = """
{ runsOrError(filter: {tags: [{key: "dagster/from_automation_condition", value: "true"}]}) {
    ... on Runs { results { runId status assetSelection { path } } } } }"""


def wait_automation_run(server: DagsterDevServer, asset: str, timeout: float,
                        count: int = 1) -> dict:
    """The ``count``-th finished automation-condition run that materialized ``asset``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        finished = [
            run for run in server.graphql(AUTOMATION_RUNS)["runsOrError"]["results"]
            if asset in {"/".join(k["path"]) for k in run["assetSelection"] or []}
            and run["status"] in ("SUCCESS", "FAILURE", "CANCELED")
        ]
        if len(finished) >= count:
            return finished[0]  # newest first
        time.sleep(2.0)
    raise TimeoutError(f"no automation run of {asset} finished\n{server.log_tail()}")


AUTOMATION_ACTIVE = ("QUEUED", "NOT_STARTED", "STARTING", "STARTED")


def settle_automation(server: DagsterDevServer, asset: str, quiet_seconds: float) -> None:
    """Return once no automation run of ``asset`` is queued or running, and none has
    started for ``quiet_seconds`` (the sensor ticks every 30 s)."""
    deadline = time.monotonic() + quiet_seconds
    while True:
        runs = [run for run in server.graphql(AUTOMATION_RUNS)["runsOrError"]["results"]
                if asset in {"/".join(k["path"]) for k in run["assetSelection"] or []}]
        if any(run["status"] in AUTOMATION_ACTIVE for run in runs):
            deadline = time.monotonic() + quiet_seconds
        elif time.monotonic() >= deadline:
            return
        time.sleep(2.0)
