"""Named statements kept in ``sql/queries/<concern>_manager.sql`` files.

One file per manager keeps its SQL readable in one place; each statement is
introduced by a ``-- name: <statement>`` line. Python only binds parameters, and
binds exactly the ``$name`` parameters a statement uses (DuckDB rejects extras).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import duckdb

from socialdb import sqlfiles
from socialdb.db import rows_as_dicts

_MARK = re.compile(r"^--\s*name:\s*([a-z0-9_]+)\s*$", re.MULTILINE)
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def statements(file: str) -> dict[str, str]:
    """name -> SQL of every ``-- name:`` section of ``sql/queries/<file>.sql``."""
    text = sqlfiles.query(file)
    parts = _MARK.split(text)
    found: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        found[name] = body.strip().rstrip(";")
    return found


def statement(file: str, name: str) -> str:
    """The SQL of one named statement (KeyError names the file when it is missing)."""
    try:
        return statements(file)[name]
    except KeyError:
        raise KeyError(f"no statement {name!r} in sql/queries/{file}.sql") from None


def _bind(sql: str, params: dict[str, Any]) -> dict[str, Any]:
    used = set(_PARAM.findall(sql))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"missing SQL parameters: {sorted(missing)}")
    return {k: v for k, v in params.items() if k in used}


def execute(
    con: duckdb.DuckDBPyConnection, file: str, name: str, /, **params: Any
) -> duckdb.DuckDBPyConnection:
    """Run a named statement with its parameters bound by name."""
    sql = statement(file, name)
    return con.execute(sql, _bind(sql, params))


def fetch_all(
    con: duckdb.DuckDBPyConnection, file: str, name: str, /, **params: Any
) -> list[dict]:
    """Rows of a named statement as dicts."""
    return rows_as_dicts(execute(con, file, name, **params))


def fetch_one(
    con: duckdb.DuckDBPyConnection, file: str, name: str, /, **params: Any
) -> dict | None:
    """The first row of a named statement as a dict, or None."""
    rows = fetch_all(con, file, name, **params)
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, file: str, name: str, /, **params: Any) -> Any:
    """The first column of the first row (None when there is no row)."""
    row = execute(con, file, name, **params).fetchone()
    return row[0] if row else None
