"""The analytics dbt project (sql/analytics) as Dagster assets: every model an asset,
every dbt test an asset check, downstream of the ingest tables.

Thin wiring: the manifest comes from socialdb.analytics.build.ensure_manifest (parsed
offline when the project changed), the build runs ``dbt build`` through dagster-dbt in
the ``duckdb_write`` pool, and an eager automation condition with a sensor that is on
from the start re-builds the models after every ingest: the ingest job, a backfill of
the ingest tables, or the scheduled scrape (apify_ingest) - no click needed.
"""

from collections.abc import Iterator, Mapping
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetSelection,
    AssetSpec,
    AutomationCondition,
    AutomationConditionSensorDefinition,
    Config,
    DefaultSensorStatus,
    Failure,
    MaterializeResult,
    MetadataValue,
    Output,
    asset,
)
from dagster_dbt import (
    DagsterDbtTranslator,
    DbtCliInvocation,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from pipelines import metadata
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb import summaries
from socialdb.analytics.build import (
    dbt_executable,
    dbt_session,
    ensure_manifest,
    manifest_dir,
    project_dir,
)
from socialdb.analytics.report import write_report

ANALYTICS_GROUP = "analytics"
# eager() minus "no dependency missing": the ingest tables are partitioned by scrape day
# and days without files are never materialized, so plain eager() would never fire.
AFTER_EVERY_INGEST = (
    (AutomationCondition.newly_missing() | AutomationCondition.any_deps_updated())
    .since_last_handled()
    & ~AutomationCondition.any_deps_in_progress()
    & ~AutomationCondition.in_progress()
).with_label("after every ingest")
ensure_manifest()
ANALYTICS_PROJECT = DbtProject(project_dir=project_dir(), target_path=manifest_dir())


class AnalyticsTranslator(DagsterDbtTranslator):
    """Models go to group ``analytics``, build after every update of their upstreams, and the
    models that read the socialdb tables also depend on ``apify_ingest`` (the scheduled
    scrape writes those tables under that asset key)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str,
                       project: DbtProject | None) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        if not unique_id.startswith("model."):
            return spec
        reads_tables = any(
            parent.startswith("source.")
            for parent in manifest["nodes"][unique_id]["depends_on"]["nodes"]
        )
        deps = [*spec.deps, AssetDep("apify_ingest")] if reads_tables else spec.deps
        return spec.replace_attributes(
            group_name=ANALYTICS_GROUP,
            deps=deps,
            automation_condition=AFTER_EVERY_INGEST,
        )


@dbt_assets(
    manifest=ANALYTICS_PROJECT.manifest_path,
    project=ANALYTICS_PROJECT,
    dagster_dbt_translator=AnalyticsTranslator(),
    pool=DUCKDB_WRITE_POOL,
    name="analytics_models",
)
def analytics_models(context: AssetExecutionContext, socialdb: SocialDBResource) -> Iterator:
    """``dbt build`` of the selected models (views) and their tests on the socialdb file."""
    dbt = DbtCliResource(project_dir=ANALYTICS_PROJECT, dbt_executable=dbt_executable())
    database = socialdb.database()
    with dbt_session(database), TemporaryDirectory(prefix="socialdb-dbt-") as scratch:
        invocation = dbt.cli(["build"], context=context, raise_on_error=False,
                             target_path=Path(scratch))
        events = list(invocation.stream())
        errors = _errors(invocation)
    counts, rising = summaries.analytics_overview(database)
    for event in events:  # row counts (and the top rising posts) on each model
        if isinstance(event, Output):
            model = context.asset_key_for_output(event.output_name).path[-1]
            event = event.with_metadata(
                {**event.metadata, **metadata.analytics_metadata(model, counts, rising)})
        yield event
    # a failing dbt test is a failed (blocking) check; a model or test that could not run
    # at all fails the step too - after the events, so every result is recorded
    if errors:
        raise Failure(description=f"dbt build errors in: {', '.join(errors)}")


def _errors(invocation: DbtCliInvocation) -> list[str]:
    """The dbt nodes that errored (not failed tests); dbt itself failing is one error."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except FileNotFoundError:
        return [] if invocation.is_successful() else [f"dbt: {invocation.get_error()}"]
    return [r["unique_id"] for r in results if r["status"] == "error"]


class EngagementReportConfig(Config):
    """Where to write the report; empty: $SOCIALDB_REPORT_PATH, else
    reports/engagement_report.html next to the database."""

    out_path: str = ""


@asset(
    deps=["rising_posts", "profile_daily", "author_curve", "post_snapshots"],
    group_name=ANALYTICS_GROUP,
    kinds={"html"},
    automation_condition=AFTER_EVERY_INGEST,
)
def engagement_report(context: AssetExecutionContext, config: EngagementReportConfig,
                      socialdb: SocialDBResource) -> MaterializeResult:
    """The self-contained HTML report (socialdb.analytics.report); reads only, so no pool."""
    summary = write_report(socialdb.database(), config.out_path or None)
    context.log.info(f"engagement report: {summary.path}")
    return MaterializeResult(metadata={**summary.to_dict(),
                                       "path": MetadataValue.path(str(summary.path))})


ANALYTICS_SELECTION = AssetSelection.groups(ANALYTICS_GROUP)

analytics_automation_sensor = AutomationConditionSensorDefinition(
    "analytics_automation_sensor",
    target=ANALYTICS_SELECTION,
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=30,
    description="Builds the analytics models (and the report) after every ingest.",
)
