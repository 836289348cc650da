"""Find and load the SQL that lives in ``sql/``: migrations, views and named queries.

SQL is kept in files so it can be read, reviewed and run by hand; Python only
binds parameters. In a source checkout the folder is ``<repo>/sql``; in a built
wheel it is packaged as ``socialdb/_sql``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_MIGRATION_NAME = re.compile(r"^(\d{3,})_([a-z0-9_]+)\.sql$")


@cache
def sql_root() -> Path:
    """The folder holding migrations/, views/ and queries/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_sql", here.parent / "sql"):
        if (candidate / "migrations").is_dir():
            return candidate
    raise FileNotFoundError(f"socialdb's sql/ folder was not found next to {here}")


@cache
def query(name: str) -> str:
    """The text of the named query ``sql/queries/<name>.sql``."""
    path = sql_root() / "queries" / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no named query {name!r} in {path.parent}")
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Migration:
    """One numbered schema migration file."""

    version: int
    name: str
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """All migrations in version order; numbering gaps or duplicates are a packaging bug."""
    found: list[Migration] = []
    for path in sorted((sql_root() / "migrations").glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file {path.name} is not named NNN_name.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise ValueError(f"migrations must be numbered 1..N without gaps, found {versions}")
    return tuple(found)


@cache
def views() -> tuple[tuple[str, str], ...]:
    """(name, CREATE OR REPLACE VIEW text): sql/views by name, then the analytics models."""
    plain = tuple(
        (path.stem, path.read_text(encoding="utf-8"))
        for path in sorted((sql_root() / "views").glob("*.sql"))
    )
    return plain + analytics_views()


_REF = re.compile(r"\{\{\s*ref\(\s*'([a-z0-9_]+)'\s*\)\s*\}\}")
_SOURCE = re.compile(r"\{\{\s*source\(\s*'[a-z0-9_]+'\s*,\s*'([a-z0-9_]+)'\s*\)\s*\}\}")


def render_model(sql: str) -> str:
    """A dbt model's SQL with ref()/source() as dbt renders them here ("main"."name").

    The analytics models (sql/analytics/models) use no other Jinja, so the same
    files become views without running dbt; a test compares this with dbt's own
    compiled SQL.
    """
    text = _SOURCE.sub(r'"main"."\1"', _REF.sub(r'"main"."\1"', sql))
    if "{{" in text or "{%" in text:
        raise ValueError("analytics models may only use {{ ref() }} and {{ source() }}")
    return text


@cache
def analytics_views() -> tuple[tuple[str, str], ...]:
    """The dbt models of sql/analytics as CREATE OR REPLACE VIEW statements, each after
    the models it refs, so every database has them even if dbt never ran on it."""
    folder = sql_root() / "analytics" / "models"
    bodies = {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.sql"))}
    ordered: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in ordered:
            return
        if name in path:
            raise ValueError(f"analytics models ref each other in a cycle: {path}")
        for parent in _REF.findall(bodies[name]):
            visit(parent, (*path, name))
        ordered.append(name)

    for name in bodies:
        visit(name, ())
    return tuple(
        (name, f'CREATE OR REPLACE VIEW "main"."{name}" AS\n{render_model(bodies[name])}')
        for name in ordered
    )
