"""The socialdb code location: every asset, check, job, schedule, sensor and resource.

``dagster dev -w workspace.yaml`` (or ``dg dev``) loads ``defs``. Resources read
their settings when a run starts (SOCIALDB_DATABASE, SOCIALDB_LANDING_DIR,
APIFY_TOKEN), never here. Runs execute in one process (DuckDB has one writer, so
parallel steps would only queue on the ``duckdb_write`` pool).
"""

from collections.abc import Mapping
from typing import Any

from dagster import Definitions, in_process_executor

from assets.analytics import analytics_automation_sensor, analytics_models, engagement_report
from assets.checks import table_integrity
from assets.ingest import ingest_raw_files
from assets.scrape import scrape_assets, scrape_job, scrape_schedule
from assets.sources import SOURCE_SPECS
from assets.tagging import post_tags
from pipelines.apify_resource import ApifyResource
from pipelines.jobs import checks_job, ingest_job, migrate_legacy
from pipelines.resources import SocialDBResource
from pipelines.schedules import nightly_checks_schedule
from pipelines.sensors import landing_sensor, scrape_days_sensor


def build_defs(resources: Mapping[str, Any] | None = None) -> Definitions:
    """The Definitions; ``resources`` replaces the default resources (tests, benchmarks)."""
    return Definitions(
        assets=[*SOURCE_SPECS, ingest_raw_files, analytics_models, engagement_report, post_tags,
                *scrape_assets],
        asset_checks=[table_integrity],
        jobs=[ingest_job, checks_job, migrate_legacy, scrape_job],
        schedules=[scrape_schedule, nightly_checks_schedule],
        sensors=[landing_sensor, scrape_days_sensor, analytics_automation_sensor],
        resources={"socialdb": SocialDBResource(), "apify": ApifyResource(), **(resources or {})},
        executor=in_process_executor,
    )


defs = build_defs()
