"""Turn socialdb reports and rows into Dagster materialization metadata.

Asset bodies stay thin: they call socialdb and hand the result here. Lists are
capped so a backfill of many partitions (whose metadata Dagster copies onto every
partition's materialization) stays small.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from dagster import (
    AssetKey,
    MaterializeResult,
    MetadataValue,
    TableColumn,
    TableRecord,
    TableSchema,
)

from socialdb import summaries
from socialdb.db import Database
from socialdb.ingest import IngestReport

MAX_LISTED_FILES = 50
MAX_LISTED_PROBLEMS = 50
PREVIEW_POSTS = 10


def progress_logger(log: Any, every_percent: int = 10) -> Callable[[int, int], None]:
    """An ingest progress callback that logs every ``every_percent`` percent of files."""
    last = {"step": -1}

    def report(done: int, total: int) -> None:
        step = (done * 100 // total) // every_percent if total else 0
        if step != last["step"] or done == total:
            last["step"] = step
            log.info(f"ingest: {done}/{total} files planned")

    return report


def _md_escape(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_list(paths: Sequence[str], limit: int = MAX_LISTED_FILES) -> MetadataValue:
    """A bulleted list of file paths, capped, with how many were left out."""
    if not paths:
        return MetadataValue.md("_none_")
    lines = [f"- `{p}`" for p in paths[:limit]]
    if len(paths) > limit:
        lines.append(f"- ... and {len(paths) - limit} more")
    return MetadataValue.md("\n".join(lines))


def problems_table(report: IngestReport, limit: int = MAX_LISTED_PROBLEMS) -> MetadataValue:
    """Rejected files and records and dropped fields with their reasons, as a Markdown table."""
    rows = [(path, "", reason) for path, reason in report.rejected_files]
    rows += [(path, str(index), reason) for path, index, reason in report.record_problems()]
    if not rows:
        return MetadataValue.md("_no rejected files, records or fields_")
    lines = ["| file | record | reason |", "|---|---|---|"]
    lines += [f"| {_md_escape(p)} | {i} | {_md_escape(r)} |" for p, i, r in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"| ... {len(rows) - limit} more (see the download_runs row) | | |")
    return MetadataValue.md("\n".join(lines))


def records_table(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]]
) -> MetadataValue:
    """A TableMetadataValue of ``rows`` with the given (name, type) columns."""
    def cell(value: Any) -> Any:
        return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)

    return MetadataValue.table(
        records=[TableRecord({name: cell(row.get(name)) for name, _ in columns}) for row in rows],
        schema=TableSchema(columns=[TableColumn(name, kind) for name, kind in columns]),
    )


NEWEST_POSTS_COLUMNS = (
    ("post_id", "string"), ("posted_at", "string"), ("author_username", "string"),
    ("post_type", "string"), ("total_reactions", "int"), ("text", "string"),
)
TOP_RISING_COLUMNS = (
    ("rising_rank", "int"), ("post_id", "string"), ("author_username", "string"),
    ("latest_reactions", "int"), ("reactions_at_24h", "int"), ("velocity_24h", "float"),
    ("lift_24h", "float"), ("rising_score", "float"),
)


def ingest_results(
    db: Database, report: IngestReport, days: Sequence[str], keys: Mapping[str, AssetKey]
) -> Iterable[MaterializeResult]:
    """One MaterializeResult per ingest table, all pointing at the run's download_runs row."""
    rows = summaries.table_rows(db)
    common = {
        "socialdb_run_id": MetadataValue.text(report.run_id),
        "run_status": MetadataValue.text(report.status),
        "partitions": MetadataValue.text(f"{days[0]}..{days[-1]}" if len(days) > 1 else days[0]),
    }
    yield MaterializeResult(asset_key=keys["download_runs"], metadata={
        **common,
        "posts_fetched": report.records_read,
        "posts_new": report.posts_new,
        "posts_updated": report.posts_updated,
        "snapshots_added": report.snapshots_added,
        "snapshots_replaced": report.snapshots_replaced,
        "media_added": report.media_added,
        "files_found": report.files_found,
        "files_read": len(report.files_read),
        "files_unchanged": report.files_unchanged,
        "files_rejected": len(report.rejected_files),
        "records_rejected": len(report.rejected_records),
        "fields_dropped": len(report.dropped_fields),
        "files_read_list": markdown_list(report.files_read),
        "rejected": problems_table(report),
        "scrape_days": MetadataValue.text(", ".join(report.scrape_days) or "-"),
        "duration_seconds": MetadataValue.float(report.duration_seconds),
        "dagster/row_count": rows["download_runs"],
    })
    yield MaterializeResult(asset_key=keys["posts"], metadata={
        **common,
        "posts_fetched": report.records_read,
        "posts_new": report.posts_new,
        "posts_updated": report.posts_updated,
        "newest_posts": records_table(
            summaries.newest_posts(db, report.run_id, PREVIEW_POSTS), NEWEST_POSTS_COLUMNS
        ),
        "dagster/row_count": rows["posts"],
    })
    yield MaterializeResult(asset_key=keys["data_downloads"], metadata={
        **common,
        "snapshots_added": report.snapshots_added,
        "snapshots_replaced": report.snapshots_replaced,
        "dagster/row_count": rows["data_downloads"],
    })
    yield MaterializeResult(asset_key=keys["post_media"], metadata={
        **common,
        "media_added": report.media_added,
        "dagster/row_count": rows["post_media"],
    })


def failure_metadata(row: Mapping[str, Any] | None, error: BaseException) -> dict[str, Any]:
    """What a failed ingest shows in the UI: the failed row and the error."""
    return {
        "socialdb_run_id": MetadataValue.text(row["run_id"] if row else "-"),
        "run_status": MetadataValue.text(row["status"] if row else "-"),
        "error": MetadataValue.text(f"{type(error).__name__}: {error}"),
    }


def analytics_metadata(model: str, counts: Mapping[str, Any],
                       rising: Sequence[Mapping[str, Any]]) -> dict:
    """Row count of an analytics model; the top rising posts on ``rising_posts``."""
    out: dict[str, Any] = {"dagster/row_count": int(counts[model])} if model in counts else {}
    if model == "rising_posts" and rising:
        out["top_rising"] = records_table(rising, TOP_RISING_COLUMNS)
    return out


def report_metadata(data: Mapping[str, Any]) -> dict[str, Any]:
    """Scalars of a report's ``to_dict()`` as metadata; lists and dicts as JSON."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, bool) or value is None:
            out[key] = MetadataValue.text(str(value))
        elif isinstance(value, (int, float, str)):
            out[key] = value
        else:
            out[key] = MetadataValue.json(json.loads(json.dumps(value, default=str)))
    return out
