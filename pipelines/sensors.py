"""The sensors: scrape days as partitions, and one ingest run for every settled new file.

``scrape_days_sensor`` (on by default) only registers the landing folder's days
as scrape-day partitions (pipelines/partitions.py): no run, no database access,
one directory listing per tick, so the days a person can pick in the UI follow
the landing folder within a tick.

``landing_sensor`` (off by default): one ingest run for every settled new or
changed file, whatever its day.

Each evaluation scans the landing folder, asks the ingest ledger (read-only)
which files it already holds, and requests ONE run of ``ingest_job`` over the
range of scrape days of the files that are ready. Files still being written are
left for a later evaluation: temporary names are never candidates, and a new
file must keep the same size and mtime between two evaluations (or be older than
the settle time). The cursor (socialdb.landing.WatchState) holds only files that
are waiting or requested-but-not-yet-ingested, so it stays small.
"""

import hashlib
import time

from dagster import (
    AssetObservation,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from pipelines.jobs import ingest_job
from pipelines.partitions import (
    SCRAPE_DAYS,
    days_with_files,
    range_bounds,
    scrape_days,
    unregistered,
)
from pipelines.resources import SocialDBResource
from socialdb import landing
from socialdb.db import Database
from socialdb.errors import DatabaseLockedError

DAYS_SENSOR_INTERVAL_SECONDS = 30
SETTLE_SECONDS = 60.0
RETRY_SECONDS = 3600.0
LEDGER_LOCK_TIMEOUT = 5.0
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


@sensor(
    minimum_interval_seconds=DAYS_SENSOR_INTERVAL_SECONDS,
    default_status=DefaultSensorStatus.RUNNING,
    description="Registers every landing day folder that holds data files as a scrape-day "
    "partition (no runs: the days become pickable in the Materialize dialog).",
)
def scrape_days_sensor(context: SensorEvaluationContext, socialdb: SocialDBResource):
    missing = unregistered(context.instance, days_with_files(socialdb.landing()))
    if not missing:
        return SkipReason("every day folder with files is a partition already")
    context.log.info(f"new scrape days: {', '.join(missing)}")
    return SensorResult(dynamic_partitions_requests=[scrape_days.build_add_request(missing)])


def _run_key(files: list[landing.LandingFile]) -> str:
    digest = hashlib.sha1()
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f"{f.name}:{f.size}:{f.mtime}\n".encode())
    return f"landing-{digest.hexdigest()[:16]}"


@sensor(
    job=ingest_job,
    minimum_interval_seconds=30,
    default_status=DefaultSensorStatus.STOPPED,
    description="Watches the landing folder; requests one ingest_job run covering the scrape "
    "days of all new or changed files, ignoring files still being written.",
)
def landing_sensor(context: SensorEvaluationContext, socialdb: SocialDBResource):
    state = landing.WatchState.from_json(context.cursor)
    found = landing.scan(socialdb.landing())
    db = Database(socialdb.database().path, lock_timeout=LEDGER_LOCK_TIMEOUT)
    try:
        ledger = landing.ledger_facts(db, [f.name for f in found.files])
    except DatabaseLockedError as error:
        return SensorResult(skip_reason=f"database busy, will look again: {error}",
                            cursor=context.cursor)
    decision, new_state = state.decide(
        found, ledger, time.time(), settle_seconds=SETTLE_SECONDS,
        retry_seconds=RETRY_SECONDS,
    )
    for path, reason in found.rejected:  # e.g. a name that is not UTF-8: named, never fatal
        context.log.warning(f"{path}: {reason}")
    waiting = (f"{len(decision.waiting)} file(s) still settling, "
               f"{len(decision.in_progress)} being written, {len(decision.in_flight)} in flight")
    if not decision.ready:
        return SensorResult(skip_reason=f"no settled new files ({waiting})",
                            cursor=new_state.to_json())
    days = decision.days
    context.log.info(f"{len(decision.ready)} new file(s) in {len(days)} day(s); {waiting}")
    missing = unregistered(context.instance, days)  # added before the run is submitted
    first, last = range_bounds(context.instance.get_dynamic_partitions(SCRAPE_DAYS), days)
    request = RunRequest(
        run_key=_run_key(decision.ready),
        tags={RANGE_START_TAG: first, RANGE_END_TAG: last,
              "socialdb/new_files": str(len(decision.ready)),
              "socialdb/scrape_days": ",".join(days) if len(days) <= 20 else f"{len(days)} days"},
    )
    observation = AssetObservation(
        asset_key="raw_apify_files",
        metadata={"new_files": len(decision.ready), "scrape_days": ", ".join(days[:50])},
    )
    partitions = [scrape_days.build_add_request(missing)] if missing else []
    return SensorResult(run_requests=[request], asset_events=[observation],
                        dynamic_partitions_requests=partitions, cursor=new_state.to_json())
