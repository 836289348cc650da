"""The integrity asset checks: all pass on a clean ingest, and each fails on the damage it names."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckSeverity, AssetKey, DagsterInstance

from assets.checks import TABLE_CHECKS
from pipelines.definitions import build_defs
from pipelines.partitions import days_with_files, register_days
from pipelines.resources import SocialDBResource

INGEST_TABLES = ("posts", "data_downloads", "post_media", "download_runs")


@pytest.fixture(scope="module")
def ingested(tmp_path_factory) -> tuple[Path, dict]:
    """A database holding the demo corpus, ingested through the ingest job."""
    from tests.conftest import SAMPLE_RAW

    base = tmp_path_factory.mktemp("checks")
    db_path = base / "socialdb.duckdb"
    resources = {"socialdb": SocialDBResource(database_path=str(db_path),
                                              landing_dir=str(SAMPLE_RAW))}
    with DagsterInstance.ephemeral() as instance:
        register_days(instance, days_with_files(SAMPLE_RAW))
        result = build_defs(resources).resolve_job_def("ingest_job").execute_in_process(
            instance=instance, asset_selection=[AssetKey(t) for t in INGEST_TABLES],
            tags={"dagster/asset_partition_range_start": "20251001",
                  "dagster/asset_partition_range_end": "20251002"},
        )
    assert result.success
    return db_path, resources


@pytest.fixture
def damaged(ingested, tmp_path) -> tuple[Path, dict]:
    """A private copy of the ingested database, to corrupt."""
    source, _ = ingested
    copy = tmp_path / "damaged.duckdb"
    copy.write_bytes(source.read_bytes())
    return copy, {"socialdb": SocialDBResource(database_path=str(copy))}


def _run_checks(resources: dict) -> dict[tuple[str, str], object]:
    job = build_defs(resources).resolve_job_def("checks_job")
    with DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success  # a failing check is a result, not a crashed run
    return {(e.asset_key.to_user_string(), e.check_name): e
            for e in result.get_asset_check_evaluations()}


def _failed(evaluations: dict) -> set[tuple[str, str]]:
    return {key for key, e in evaluations.items() if not e.passed}


def test_every_check_runs_and_passes_on_a_clean_ingest(ingested):
    _, resources = ingested
    evaluations = _run_checks(resources)
    assert set(evaluations) == {(c.asset, c.name) for c in TABLE_CHECKS}
    assert _failed(evaluations) == set()
    assert all(e.metadata["violations"].value == 0 for e in evaluations.values())


def test_checks_fail_on_bad_ids_orphans_and_negative_counts(damaged):
    path, resources = damaged
    con = duckdb.connect(str(path))
    try:
        post_id = con.execute("SELECT post_id FROM posts ORDER BY post_id LIMIT 1").fetchone()[0]
        # a post whose ID is not p- + 8 hex digits
        con.execute("INSERT INTO posts (post_id, urn, posted_at_timestamp) "
                    "VALUES ('p-NOTHEX!!', '1', 0)")
        # a snapshot of a run that does not exist (the one link without a DB foreign key)
        # and with negative engagement
        con.execute("INSERT INTO data_downloads (download_id, post_id, run_id, downloaded_at, "
                    "total_reactions, stats_json) VALUES ('dl-0000beef', ?, 'run-deadbeef', "
                    "now(), -5, '{\"comments\": 2}')", [post_id])
        # post_media without a parent: rebuild the table without its foreign key first
        con.execute("CREATE TABLE pm AS SELECT * FROM post_media")
        con.execute("DROP TABLE post_media")
        con.execute("ALTER TABLE pm RENAME TO post_media")
        con.execute("INSERT INTO post_media (media_id, post_id, media_type, media_url) "
                    "VALUES ('med-0000cafe', 'p-0badf00d', 'image', 'https://x/y.jpg')")
    finally:
        con.close()

    evaluations = _run_checks(resources)
    assert _failed(evaluations) == {
        ("posts", "id_format"),
        ("data_downloads", "no_orphans"),
        ("data_downloads", "no_negative_engagement"),
        ("post_media", "no_orphans"),
    }
    orphans = evaluations[("data_downloads", "no_orphans")]
    assert orphans.metadata["violations"].value == 1
    assert "run-deadbeef" in orphans.metadata["sample"].value
    assert "p-NOTHEX!!" in evaluations[("posts", "id_format")].metadata["sample"].value
    assert "p-0badf00d" in evaluations[("post_media", "no_orphans")].metadata["sample"].value
    assert evaluations[("posts", "id_format")].severity == AssetCheckSeverity.ERROR


def test_duplicate_urns_fail_the_unique_urn_check(damaged):
    path, resources = damaged
    con = duckdb.connect(str(path))
    try:
        con.execute("DROP INDEX idx_posts_urn")
        urn = con.execute("SELECT urn FROM posts LIMIT 1").fetchone()[0]
        con.execute("INSERT INTO posts (post_id, urn, posted_at_timestamp) "
                    "VALUES ('p-00000001', ?, 0)", [urn])
    finally:
        con.close()
    evaluations = _run_checks(resources)
    assert _failed(evaluations) == {("posts", "unique_urn")}
    assert urn in evaluations[("posts", "unique_urn")].metadata["sample"].value


def test_unknown_record_keys_only_warn(damaged):
    path, resources = damaged
    record = {"urn": "7499", "full_urn": "urn:li:activity:7499", "text": "x",
              "engagement_v2": {"likes": 3}, "author": {}}
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO posts (post_id, urn, posted_at_timestamp, raw_json) "
                    "VALUES ('p-00000002', '7499', 0, ?)", [json.dumps(record)])
    finally:
        con.close()
    evaluations = _run_checks(resources)
    assert _failed(evaluations) == {("posts", "known_record_keys")}
    warning = evaluations[("posts", "known_record_keys")]
    assert warning.severity == AssetCheckSeverity.WARN
    assert warning.metadata["violations"].value == 1
    assert "engagement_v2" in warning.metadata["sample"].value


def test_orphans_in_cli_managed_tables_are_found(damaged):
    path, resources = damaged
    con = duckdb.connect(str(path))
    try:
        for table in ("profile_tags", "action_queue"):
            con.execute(f"CREATE TABLE t AS SELECT * FROM {table}")
            con.execute(f"DROP TABLE {table}")
            con.execute(f"ALTER TABLE t RENAME TO {table}")
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id) "
                    "VALUES ('pft-00000001', 'prf-00000404', 'tag-00000404')")
        con.execute("INSERT INTO action_queue (action_id, post_id, action_type) "
                    "VALUES ('act-00000001', 'p-00000404', 'save')")
    finally:
        con.close()
    evaluations = _run_checks(resources)
    assert _failed(evaluations) == {("profile_tags", "no_orphans"),
                                    ("action_queue", "no_orphans")}
    assert evaluations[("profile_tags", "no_orphans")].metadata["violations"].value == 2
