"""Shared fixtures: real DuckDB files in temporary folders, the shipped sample corpus."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from socialdb.cli import main
from socialdb.db import Database

REPO = Path(__file__).resolve().parent.parent
SAMPLE_RAW = REPO / "data" / "raw"  # the demo corpus: the shared samples, real layout
LEGACY_DB = REPO / "tests" / "fixtures" / "legacy_posts.db"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's DuckDB file lives (created on first use)."""
    return tmp_path / "socialdb.duckdb"


@pytest.fixture
def db(db_path: Path) -> Database:
    """A fresh, migrated socialdb database in a temporary folder."""
    database = Database(db_path, lock_timeout=10)
    with database.connect():
        pass
    return database


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample corpus in the landing layout."""
    target = tmp_path / "raw"
    shutil.copytree(SAMPLE_RAW, target)
    return target


@pytest.fixture
def cli(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the real `socialdb` CLI against the test database; returns click's Result."""
    monkeypatch.delenv("SOCIALDB_DATABASE", raising=False)

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, ["--db", str(db_path), *args], input=input,
                                  catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the sample corpus ingested, built once: copy it, never write to it."""
    from socialdb.ingest import ingest_paths

    path = tmp_path_factory.mktemp("tpl") / "loaded.duckdb"
    ingest_paths(Database(path, lock_timeout=10), [SAMPLE_RAW])
    return path


@pytest.fixture
def loaded_path(loaded_template: Path, db_path: Path) -> Path:
    """The test's database (``db_path``) as a copy of the ingested sample corpus."""
    shutil.copy(loaded_template, db_path)
    return db_path


@pytest.fixture
def loaded(loaded_path: Path) -> Database:
    """The test's database, holding the ingested sample corpus."""
    return Database(loaded_path, lock_timeout=10)


@pytest.fixture
def instance() -> Iterator[Any]:
    """An ephemeral Dagster instance (imported lazily: most tests never load Dagster)."""
    from dagster import DagsterInstance

    with DagsterInstance.ephemeral() as inst:
        yield inst


@pytest.fixture
def resources(db_path: Path, raw_copy: Path) -> dict:
    """The socialdb resource over the test database and a copy of the sample corpus."""
    from pipelines.resources import SocialDBResource

    return {"socialdb": SocialDBResource(database_path=str(db_path), landing_dir=str(raw_copy))}


@pytest.fixture(scope="session")
def dagster_ui(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real `dagster dev` with a finished backfill, started once per session."""
    from tests.dagster_ui import backfilled_ui

    return backfilled_ui(request, tmp_path_factory)
