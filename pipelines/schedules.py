"""Schedules owned by the Dagster layer (the scrape schedule lives in assets/scrape.py)."""

from dagster import DefaultScheduleStatus, RunRequest, ScheduleEvaluationContext, schedule

from pipelines.jobs import checks_job


@schedule(
    job=checks_job,
    cron_schedule="30 3 * * *",
    execution_timezone="UTC",
    default_status=DefaultScheduleStatus.RUNNING,
    description="Every night, run every integrity check (read-only), including the tables the "
    "CLI writes (profiles, tags, profile_tags, action_queue).",
)
def nightly_checks_schedule(context: ScheduleEvaluationContext) -> RunRequest:
    day = context.scheduled_execution_time.strftime("%Y%m%d")
    return RunRequest(run_key=f"nightly-checks-{day}", tags={"socialdb/checks_day": day})
