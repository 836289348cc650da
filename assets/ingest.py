"""The ingest multi-asset: one ingest_paths call over the selected scrape days.

Partitioned by scrape day with a single-run backfill policy, so a backfill of a
year of days is one run and one ``download_runs`` row; unchanged files are skipped
by the ledger, so re-materializing a day reads only its new or changed files.

The four tables are written together from the raw files, so each depends on
``raw_apify_files`` only: Dagster rejects a backfill of a non-subsettable
multi-asset whose members depend on each other (the members' targeted subsets
are computed differently and must be identical).
"""

from dagster import (
    AssetExecutionContext,
    AssetSpec,
    BackfillPolicy,
    Failure,
    multi_asset,
)

from assets.sources import RAW_APIFY_FILES
from pipelines import metadata
from pipelines.partitions import scrape_days
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb import landing, summaries
from socialdb.ingest import IngestOptions, ingest_paths

RAW = RAW_APIFY_FILES.key


def _table(name: str, description: str, deps: list) -> AssetSpec:
    return AssetSpec(name, description=description, deps=deps, group_name="ingest",
                     kinds={"duckdb", "table"}, metadata={"dagster/table_name": name})


INGEST_SPECS = [
    _table("download_runs", "One audit row per ingest run: counts, status, errors, Dagster run "
           "id and partitions.", [RAW]),
    _table("posts", "One row per post (identity from the URN), UI state kept.", [RAW]),
    _table("data_downloads", "One engagement snapshot per post per scraped file.",
           [RAW]),
    _table("post_media", "Images, videos, documents and article thumbnails of posts.",
           [RAW]),
]
INGEST_KEYS = {spec.key.to_user_string(): spec.key for spec in INGEST_SPECS}


@multi_asset(
    name="ingest_raw_files",
    specs=INGEST_SPECS,
    partitions_def=scrape_days,
    backfill_policy=BackfillPolicy.single_run(),
    pool=DUCKDB_WRITE_POOL,
)
def ingest_raw_files(context: AssetExecutionContext, socialdb: SocialDBResource):
    """Ingest the landing folders of the selected scrape days in one run."""
    days = list(context.partition_keys)
    db = socialdb.database()
    folders = landing.folders_for_days(socialdb.landing(), days)
    context.log.info(f"ingesting {len(folders)} day folder(s) of {len(days)} partition(s)")
    if len(folders) < len(days):
        found = {folder.name for folder in folders}
        context.log.warning(f"no landing folder for {', '.join(sorted(set(days) - found))}")
    options = IngestOptions(
        script_name="dagster ingest_raw_files",
        dagster_run_id=context.run.run_id,
        partition_key=landing.partition_label(days),
    )
    try:
        report = ingest_paths(db, folders, options, metadata.progress_logger(context.log))
    except Exception as error:
        row = summaries.run_row(db, context.run.run_id)
        where = f"download_runs row {row['run_id']} is {row['status']}" if row else "no row"
        raise Failure(
            description=f"ingest failed ({where}): {type(error).__name__}: {error}",
            metadata=metadata.failure_metadata(row, error),
        ) from error
    for line in report.problems():
        context.log.warning(line)
    yield from metadata.ingest_results(db, report, days, INGEST_KEYS)

