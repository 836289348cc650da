"""Jobs: ingest (what the landing sensor launches), integrity checks, legacy migration."""

from pathlib import Path

from dagster import (
    AssetSelection,
    Config,
    Failure,
    OpExecutionContext,
    Output,
    define_asset_job,
    job,
    op,
)

from assets.analytics import ANALYTICS_SELECTION, analytics_models
from assets.ingest import ingest_raw_files
from assets.tagging import post_tags
from pipelines import metadata
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb.legacy import migrate_legacy as run_legacy_migration

ingest_job = define_asset_job(
    "ingest_job",
    selection=AssetSelection.assets(ingest_raw_files, post_tags) | ANALYTICS_SELECTION,
    description="Ingest scrape days from the landing folder (one run for any number of days), "
    "then post_tags and the analytics models (dbt); runs the tables' checks.",
)

checks_job = define_asset_job(
    "checks_job",
    # the analytics models' dbt tests run with every build of the models instead
    selection=AssetSelection.all_asset_checks()
    - AssetSelection.checks_for_assets(analytics_models),
    description="Run every integrity check on the database (read-only).",
)


class LegacyMigrationConfig(Config):
    """Run config of the migrate_legacy job."""

    sqlite_path: str = "data/legacy/posts.db"


@op(pool=DUCKDB_WRITE_POOL)
def migrate_legacy_op(
    context: OpExecutionContext, config: LegacyMigrationConfig, socialdb: SocialDBResource
) -> Output[dict]:
    """Migrate a legacy SQLite posts.db into the database (idempotent, never edits the file)."""
    if not Path(config.sqlite_path).is_file():
        raise Failure(description=f"legacy database {config.sqlite_path} does not exist; set "
                      "ops.migrate_legacy_op.config.sqlite_path in the run config")
    report = run_legacy_migration(socialdb.database(), config.sqlite_path)
    for line in report.problems():
        context.log.warning(line)
    summary = report.to_dict()
    return Output(summary, metadata=metadata.report_metadata(summary))


@job(description="Migrate a legacy SQLite posts.db (path in the run config) into DuckDB.")
def migrate_legacy():
    migrate_legacy_op()
