"""Reading the analytics models: read-only connections, and the views put in place
when a database predates them.

The models are views (see sql/analytics/dbt_project.yml), created by the schema
set-up of every write connection. A database last written by an older socialdb
has no such views yet; the first read then installs them through one short write
transaction and retries, instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import duckdb

from socialdb import sqlfiles
from socialdb.db import Database

T = TypeVar("T")


def install_views(db: Database) -> None:
    """(Re-)create every analytics view in one transaction (milliseconds)."""
    with db.transaction() as con:
        for _name, statement in sqlfiles.analytics_views():
            con.execute(statement)


def with_views(db: Database, read: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """Run ``read`` on a read-only connection; install the views once if missing."""
    try:
        with db.connect(read_only=True) as con:
            return read(con)
    except duckdb.CatalogException as error:
        names = {name for name, _sql in sqlfiles.analytics_views()}
        if not any(f"name {name} does not exist" in str(error) for name in names):
            raise
    install_views(db)
    with db.connect(read_only=True) as con:
        return read(con)
