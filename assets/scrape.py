"""The scheduled Apify scrape: two assets, their job and its schedule (thin; logic in socialdb).

``apify_scrape`` calls the actor for every active profile and lands each result as a
raw file; it only reads the database (read-only), so it holds no pool while the
actor runs (which can take an hour for a long watch list). ``apify_ingest``, in the
same run and under the ``duckdb_write`` pool, ingests exactly those files (one
download_runs row carrying the Dagster run id) and moves each profile's
``last_synced_at``. The scrape report goes from one step to the other as the
``apify_scrape`` output (plain picklable data, never the token). The schedule runs
the job every 6 hours by default (on from the start; ticks are skipped while
APIFY_TOKEN is unset); ``SOCIALDB_SCRAPE_CRON`` (read when the Definitions are built)
overrides the cron expression, evaluated in UTC.
"""

import os
from typing import Any

from dagster import (
    AssetExecutionContext,
    AssetSelection,
    DagsterInvalidDefinitionError,
    DefaultScheduleStatus,
    Failure,
    MaterializeResult,
    MetadataValue,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    asset,
    define_asset_job,
)

from pipelines.apify_resource import MISSING_TOKEN_MESSAGE, TOKEN_ENV_VAR, ApifyResource
from pipelines.metadata import problems_table
from pipelines.partitions import days_of, register_days
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb.scrape import (
    ProfileScrape,
    ScrapeOutcome,
    ScrapeReport,
    ingest_scrape,
    scrape_active_profiles,
)

SCRAPE_CRON_ENV = "SOCIALDB_SCRAPE_CRON"
DEFAULT_SCRAPE_CRON = "0 */6 * * *"
SCRIPT_NAME = "dagster apify_scrape"
# A group of their own: "Materialize all" on the ingest group (the demo's route) must
# not call Apify, which needs APIFY_TOKEN and a watch list (`socialdb profiles add`).
SCRAPE_GROUP = "scrape"
NO_PROFILES_MESSAGE = (
    "the watch list has no active profile, so there is nothing to scrape: add one with "
    "`socialdb profiles add USERNAME --name NAME` (or `socialdb profiles import-csv FILE`), "
    "then run scrape_job again"
)


@asset(
    key="apify_scrape",
    group_name=SCRAPE_GROUP,
    deps=["profiles"],  # the watch list decides whom to scrape
    kinds={"apify"},  # no pool: reads the database read-only, writes only landing files
    description="Scrape every active profile with the Apify actor and land the raw files "
    "(no database writes; apify_ingest ingests them in the same run).",
)
def apify_scrape(
    context: AssetExecutionContext, apify: ApifyResource, socialdb: SocialDBResource
) -> MaterializeResult[ScrapeReport]:
    """Thin wrapper over :func:`socialdb.scrape.scrape_active_profiles`."""
    client = apify.get_client()  # no token: fails here, before any call or write
    report = scrape_active_profiles(
        socialdb.database(), client, socialdb.landing(), apify.settings(),
        on_result=lambda r: context.log.info(_log_line(r)),
    )
    if not report.results:
        raise Failure(description=NO_PROFILES_MESSAGE)  # nothing called, nothing written
    added = register_days(context.instance, days_of(report.files))  # pickable in the UI now
    if added:
        context.log.info(f"new scrape-day partition(s): {', '.join(added)}")
    return MaterializeResult(metadata=fetch_metadata(report), value=report)


@asset(
    key="apify_ingest",
    group_name=SCRAPE_GROUP,
    pool=DUCKDB_WRITE_POOL,
    kinds={"duckdb"},
    description="Ingest the files apify_scrape landed in this run (posts, data_downloads, "
    "post_media, download_runs) and update last_synced_at; fails if every profile failed.",
)
def apify_ingest(
    context: AssetExecutionContext, socialdb: SocialDBResource, apify_scrape: ScrapeReport
) -> MaterializeResult:
    """Thin wrapper over :func:`socialdb.scrape.ingest_scrape`."""
    outcome = ingest_scrape(socialdb.database(), apify_scrape, script_name=SCRIPT_NAME,
                            dagster_run_id=context.run.run_id)
    metadata = scrape_metadata(outcome)
    if outcome.all_failed:
        raise Failure(
            description=f"every profile failed to scrape ({len(outcome.scrape.failed)}); "
            "see `failures` for the reasons",
            metadata=metadata,
        )
    return MaterializeResult(metadata=metadata)


def _log_line(result: ProfileScrape) -> str:
    if result.ok:
        return f"{result.username}: {result.items} posts -> {result.path}"
    return f"{result.username}: FAILED - {result.reason}"


def fetch_metadata(scrape: ScrapeReport) -> dict[str, Any]:
    """The scrape step's metadata: what was scraped, what failed and why, which files."""
    failures = "\n".join(
        ["| profile | reason |", "|---|---|"]
        + [f"| {r.username} | {_md_cell(r.reason or '')} |" for r in scrape.failed]
    ) if scrape.failed else "none"
    return {
        "apify_actor": scrape.actor_id,
        "profiles_total": len(scrape.results),
        "profiles_scraped": len(scrape.succeeded),
        "profiles_failed": len(scrape.failed),
        "failures": MetadataValue.md(failures),
        "files_written": MetadataValue.json([str(p) for p in scrape.files]),
        "items_scraped": sum(r.items for r in scrape.results),
        "scrape_seconds": scrape.duration_seconds,
    }


def scrape_metadata(outcome: ScrapeOutcome) -> dict[str, Any]:
    """The ingest step's metadata: the scrape's, plus what was ingested and synced."""
    ingest = outcome.ingest
    return {
        **fetch_metadata(outcome.scrape),
        "download_run_id": ingest.run_id,
        "download_run_status": "failed" if outcome.all_failed else ingest.status,
        "posts_fetched": ingest.records_read,
        "posts_new": ingest.posts_new,
        "posts_updated": ingest.posts_updated,
        "snapshots_added": ingest.snapshots_added,
        "rejected_files": MetadataValue.json([list(f) for f in ingest.rejected_files]),
        "records_rejected": len(ingest.rejected_records),
        "fields_dropped": len(ingest.dropped_fields),
        "rejected": problems_table(ingest),
        "profiles_synced": outcome.profiles_synced,
        "ingest_seconds": ingest.duration_seconds,
    }


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


scrape_assets = [apify_scrape, apify_ingest]

scrape_job = define_asset_job(
    "scrape_job",
    selection=AssetSelection.assets(apify_scrape, apify_ingest),
    description="Scrape all active profiles with Apify and ingest the results.",
)


def scrape_cron() -> str:
    """The cron of the scrape schedule: $SOCIALDB_SCRAPE_CRON, else every 6 hours."""
    return os.environ.get(SCRAPE_CRON_ENV, "").strip() or DEFAULT_SCRAPE_CRON


def build_scrape_schedule(cron: str | None = None) -> ScheduleDefinition:
    """The schedule of ``scrape_job`` (UTC, on by default); a bad cron names its variable.

    A tick while ``APIFY_TOKEN`` is unset is skipped with the reason (visible in the
    schedule's tick history) instead of launching a run that can only fail; a run
    launched by hand still fails at once with the instructions.
    """
    cron = cron or scrape_cron()

    def evaluate(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
        if not os.environ.get(TOKEN_ENV_VAR, "").strip():
            return SkipReason(MISSING_TOKEN_MESSAGE)
        moment = context.scheduled_execution_time
        stamp = moment.strftime("%Y-%m-%dT%H:%M") if moment else "manual"
        return RunRequest(run_key=f"scrape-{stamp}", tags={"socialdb/scheduled_for": stamp})

    try:
        return ScheduleDefinition(
            name="scrape_schedule",
            job=scrape_job,
            cron_schedule=cron,
            execution_timezone="UTC",
            execution_fn=evaluate,
            default_status=DefaultScheduleStatus.RUNNING,
            description=f"Scrape every active profile on cron '{cron}' (UTC); "
            f"set {SCRAPE_CRON_ENV} to change it. Skipped while {TOKEN_ENV_VAR} is unset.",
        )
    except DagsterInvalidDefinitionError as error:
        raise DagsterInvalidDefinitionError(
            f"{SCRAPE_CRON_ENV}={cron!r} is not a valid cron expression "
            f"(default {DEFAULT_SCRAPE_CRON!r}): {error}"
        ) from error


scrape_schedule = build_scrape_schedule()
