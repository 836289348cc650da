"""engagement_summary: latest stats and growth per post, derived from data_downloads."""

from dagster import AssetExecutionContext, MaterializeResult, asset

from pipelines import metadata
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb import summaries


@asset(
    deps=["data_downloads", "posts"],
    group_name="ingest",
    kinds={"duckdb", "table"},
    pool=DUCKDB_WRITE_POOL,
    metadata={"dagster/table_name": "engagement_summary"},
)
def engagement_summary(
    context: AssetExecutionContext, socialdb: SocialDBResource
) -> MaterializeResult:
    """One row per post: newest snapshot's reactions, growth since the previous and first one.

    Rebuilt as a DuckDB table from the ``post_engagement`` view after every ingest.
    """
    overview, growers = summaries.refresh_engagement_summary(socialdb.database())
    context.log.info(f"engagement_summary: {overview['posts']} posts")
    return MaterializeResult(metadata=metadata.engagement_metadata(overview, growers))
