"""The dbt project on a real database: `socialdb analytics build` (models + tests),
dbt tests failing on broken data, and the views installed without dbt being the
SQL dbt compiles (one source of truth)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from socialdb import sqlfiles
from socialdb.analytics.build import dbt_args
from tests.analytics_corpus import URNS, write_corpus
from tests.helpers import query

MODELS = {"post_snapshots", "post_performance", "rising_posts", "author_baseline",
          "author_curve", "profile_daily"}


def test_analytics_build_runs_every_model_and_test(cli, tmp_path: Path, db_path: Path) -> None:
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    result = cli("analytics", "build", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] and report["models"] == len(MODELS) and report["tests_passed"] >= 40
    assert {n["name"] for n in report["nodes"] if n["kind"] == "model"} == MODELS
    # dbt left the views in place and released the file: this process reads it again
    views = {r[0] for r in query(db_path, "SELECT view_name FROM duckdb_views() "
                                          "WHERE NOT internal")}
    assert views >= MODELS
    rising = cli("posts", "rising", "--limit", "1", "--json")
    assert json.loads(rising.output)[0]["urn"] == URNS["a3_spike"]
    text = cli("analytics", "build")
    assert text.exit_code == 0 and "6 models built" in text.output


def test_dbt_tests_fail_on_broken_data(cli, tmp_path: Path, db_path: Path) -> None:
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    con = duckdb.connect(str(db_path))
    # a snapshot with negative reactions, written behind the ingest's back
    con.execute("UPDATE data_downloads SET total_reactions = -5 WHERE download_id = "
                "(SELECT min(download_id) FROM data_downloads)")
    con.close()
    result = cli("analytics", "build")
    assert result.exit_code == 3
    assert "non_negative_post_snapshots_total_reactions" in result.output
    assert "FAIL" in result.output
    assert "did not pass" in result.stderr


def test_installed_views_are_the_sql_dbt_compiles(tmp_path: Path, db_path: Path, db) -> None:
    from dbt.cli.main import dbtRunner

    from socialdb.analytics.build import _close_dbt_duckdb, database_env

    # the `db` fixture created the database (and with it the views) without dbt
    with database_env(db_path):
        outcome = dbtRunner().invoke(dbt_args("compile", tmp_path))
    _close_dbt_duckdb()
    assert outcome.success, outcome.exception
    compiled = tmp_path / "target" / "compiled" / "socialdb_analytics" / "models"
    installed = dict(sqlfiles.analytics_views())
    assert set(installed) == MODELS
    for name in MODELS:
        dbt_sql = (compiled / f"{name}.sql").read_text().strip()
        assert installed[name].split(" AS\n", 1)[1].strip() == dbt_sql, name
