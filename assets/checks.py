"""Integrity checks on the tables, one step for all of them, read-only.

Each check is a named query in ``sql/queries/check_*.sql`` whose rows are the
violations (column ``table_name`` says which table each belongs to). A check
passes when its table has none. The unknown-record-keys check only warns: the
data is stored (raw_json keeps the record), but the actor changed its output
and the normalizer may be missing something.
"""

from dataclasses import dataclass

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    MetadataValue,
    multi_asset_check,
)

from pipelines.resources import SocialDBResource
from socialdb import summaries

MAX_SAMPLE_ROWS = 10


@dataclass(frozen=True, slots=True)
class TableCheck:
    """One check of one table, answered by one named query."""

    asset: str
    name: str
    query: str
    description: str
    severity: AssetCheckSeverity = AssetCheckSeverity.ERROR

    @property
    def key(self) -> AssetCheckKey:
        return AssetCheckKey(asset_key=AssetKey(self.asset), name=self.name)


_ID = "IDs are `{prefix}-` + 8 lowercase hex digits."
_ORPHANS = "No row points at a missing parent ({parents})."

TABLE_CHECKS: tuple[TableCheck, ...] = (
    TableCheck("posts", "id_format", "check_id_formats", _ID.format(prefix="p")),
    TableCheck("posts", "unique_urn", "check_unique_urns", "One post per URN."),
    TableCheck(
        "posts", "known_record_keys", "check_unknown_record_keys",
        "Warns when raw_json records carry top-level keys the normalizer does not know "
        "(the Apify actor changed its output).",
        AssetCheckSeverity.WARN,
    ),
    TableCheck("data_downloads", "id_format", "check_id_formats", _ID.format(prefix="dl")),
    TableCheck("data_downloads", "no_orphans", "check_orphans",
               _ORPHANS.format(parents="posts.post_id, download_runs.run_id")),
    TableCheck("data_downloads", "no_negative_engagement", "check_negative_engagement",
               "total_reactions, comments and reposts are never negative."),
    TableCheck("download_runs", "id_format", "check_id_formats", _ID.format(prefix="run")),
    TableCheck("post_media", "id_format", "check_id_formats", _ID.format(prefix="med")),
    TableCheck("post_media", "no_orphans", "check_orphans", _ORPHANS.format(parents="posts")),
    TableCheck("post_tags", "id_format", "check_id_formats", _ID.format(prefix="ptg")),
    TableCheck("post_tags", "no_orphans", "check_orphans",
               _ORPHANS.format(parents="posts, tags")),
    TableCheck("profiles", "id_format", "check_id_formats", _ID.format(prefix="prf")),
    TableCheck("tags", "id_format", "check_id_formats", _ID.format(prefix="tag")),
    TableCheck("profile_tags", "id_format", "check_id_formats", _ID.format(prefix="pft")),
    TableCheck("profile_tags", "no_orphans", "check_orphans",
               _ORPHANS.format(parents="profiles, tags")),
    TableCheck("action_queue", "id_format", "check_id_formats", _ID.format(prefix="act")),
    TableCheck("action_queue", "no_orphans", "check_orphans", _ORPHANS.format(parents="posts")),
)
_BY_KEY = {check.key: check for check in TABLE_CHECKS}


def _sample(rows: list[dict]) -> MetadataValue:
    if not rows:
        return MetadataValue.md("_no violations_")
    columns = [c for c in rows[0] if c != "table_name"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:MAX_SAMPLE_ROWS]:
        lines.append("| " + " | ".join(str(row[c]).replace("|", "\\|") for c in columns) + " |")
    if len(rows) > MAX_SAMPLE_ROWS:
        lines.append(f"| ... {len(rows) - MAX_SAMPLE_ROWS} more |" + " |" * (len(columns) - 1))
    return MetadataValue.md("\n".join(lines))


def check_result(check: TableCheck, rows: list[dict]) -> AssetCheckResult:
    """The result of ``check`` given every violation row of its query."""
    mine = [row for row in rows if row.get("table_name") == check.asset]
    return AssetCheckResult(
        asset_key=check.key.asset_key,
        check_name=check.name,
        passed=not mine,
        severity=check.severity,
        description=check.description,
        metadata={"violations": len(mine), "sample": _sample(mine)},
    )


@multi_asset_check(
    name="table_integrity",
    specs=[
        AssetCheckSpec(check.name, asset=check.asset, description=check.description)
        for check in TABLE_CHECKS
    ],
    can_subset=True,
)
def table_integrity(context: AssetCheckExecutionContext, socialdb: SocialDBResource):
    """Run the selected checks; each query runs once however many tables it covers."""
    selected = [_BY_KEY[key] for key in context.selected_asset_check_keys]
    results = summaries.run_checks(socialdb.database(), [check.query for check in selected])
    for check in selected:
        yield check_result(check, results[check.query])
