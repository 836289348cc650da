"""post_tags: rule-based tags on posts, recomputed after each ingest."""

from dagster import AssetExecutionContext, Config, MaterializeResult, asset

from pipelines import metadata
from pipelines.resources import DUCKDB_WRITE_POOL, SocialDBResource
from socialdb.tagging import tag_posts


class PostTagsConfig(Config):
    """Where the tagging rules are; empty means $SOCIALDB_TAG_RULES or config/tag_rules.yaml
    (with neither, the asset records that tagging was skipped)."""

    rules_path: str = ""


@asset(
    deps=["posts", "tags"],
    group_name="ingest",
    kinds={"duckdb", "table"},
    pool=DUCKDB_WRITE_POOL,
    metadata={"dagster/table_name": "post_tags"},
)
def post_tags(
    context: AssetExecutionContext, config: PostTagsConfig, socialdb: SocialDBResource
) -> MaterializeResult:
    """Tag posts by the tagging rules (socialdb.tagging.tag_posts)."""
    report = tag_posts(socialdb.database(), rules_path=config.rules_path or None)
    context.log.info(f"post_tags: {report.to_dict()}")
    return MaterializeResult(metadata=metadata.report_metadata(report.to_dict()))
