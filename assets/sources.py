"""Assets Dagster observes but does not compute: the raw Apify files and CLI-managed tables.

``raw_apify_files`` is the landing folder the scraper (and the scheduled scrape
job) writes; every table is derived from it. ``profiles``, ``tags``,
``profile_tags`` and ``action_queue`` are written by the socialdb CLI managers;
declaring them puts them in the lineage graph and lets the integrity checks
watch them.
"""

from dagster import AssetSpec, MetadataValue

RAW_APIFY_FILES = AssetSpec(
    "raw_apify_files",
    description=(
        "Raw Apify exports (actor apimaestro/linkedin-profile-posts) in the landing folder "
        "$SOCIALDB_LANDING_DIR (default data/raw), one folder per scrape day. Never changed, "
        "moved or deleted by socialdb."
    ),
    group_name="ingest",
    deps=["apify_scrape"],  # the scheduled scrape (assets/scrape.py) writes these files
    kinds={"json", "file"},
    metadata={
        "layout": MetadataValue.text(
            "YYYYMMDD/linkedin/dataset_<username>_<YYYY-MM-DD_HH-MM-SS-mmm>.json"
        ),
        "location": MetadataValue.text("$SOCIALDB_LANDING_DIR (default data/raw)"),
        "producer": MetadataValue.text("Apify actor apimaestro/linkedin-profile-posts"),
    },
)


def _managed(name: str, description: str, deps: list[str] | None = None) -> AssetSpec:
    return AssetSpec(
        name,
        description=f"{description} Written by the socialdb CLI, not by Dagster runs.",
        deps=deps or [],
        group_name="managed",
        kinds={"duckdb", "table"},
        metadata={"dagster/table_name": name},
    )


PROFILES = _managed("profiles", "The watch list: profiles scraped by the schedule.")
TAGS = _managed("tags", "Labels for profiles and posts.")
PROFILE_TAGS = _managed("profile_tags", "Profile-tag associations.", ["profiles", "tags"])
ACTION_QUEUE = _managed("action_queue", "Actions queued on posts (react, comment, save).",
                        ["posts"])

SOURCE_SPECS = [RAW_APIFY_FILES, PROFILES, TAGS, PROFILE_TAGS, ACTION_QUEUE]
