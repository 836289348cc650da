"""``socialdb analytics build``: run the dbt project (models + tests) on the database.

dbt is imported only here, inside the call, so ``socialdb --help`` and every other
command stay fast. dbt runs in-process through ``dbtRunner`` with the profile in
sql/analytics pointed at this database (``SOCIALDB_DATABASE`` during the call). dbt
holds DuckDB's write lock for the build only: the lock is awaited first like every
other writer, and a build that still meets a lock is reported as locked (exit 4).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from socialdb import sqlfiles
from socialdb.db import Database, is_lock_error
from socialdb.errors import DatabaseLockedError, SocialDBError

_LOCK_TEXT = ("Could not set lock", "Conflicting lock")


def project_dir() -> Path:
    """The dbt project folder (``sql/analytics``; ``socialdb/_sql/analytics`` in a wheel)."""
    return sqlfiles.sql_root() / "analytics"


@dataclass
class NodeResult:
    """One model or test of a build."""

    name: str
    kind: str  # "model" or "test"
    status: str  # success, pass, fail, error, warn, skipped
    seconds: float
    message: str = ""
    failures: int | None = None


@dataclass
class BuildResult:
    """What a dbt build did: every node's result and the wall time."""

    database: str
    seconds: float
    nodes: list[NodeResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every model built and every test passed."""
        return all(n.status in {"success", "pass"} for n in self.nodes) and bool(self.nodes)

    def count(self, kind: str, *statuses: str) -> int:
        """How many nodes of a kind ended in one of these statuses."""
        return sum(1 for n in self.nodes if n.kind == kind and n.status in statuses)

    def problems(self) -> list[NodeResult]:
        """The nodes that failed, errored or were skipped."""
        return [n for n in self.nodes if n.status not in {"success", "pass"}]

    def to_dict(self) -> dict:
        """Plain data for --json and Dagster metadata."""
        return {"database": self.database, "ok": self.ok, "seconds": round(self.seconds, 2),
                "models": self.count("model", "success"),
                "tests_passed": self.count("test", "pass"),
                "problems": [vars(n) for n in self.problems()],
                "nodes": [vars(n) for n in self.nodes]}


@contextmanager
def database_env(path: Path) -> Iterator[None]:
    """SOCIALDB_DATABASE = this database while dbt reads its profile."""
    before = os.environ.get("SOCIALDB_DATABASE")
    os.environ["SOCIALDB_DATABASE"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOCIALDB_DATABASE", None)
        else:
            os.environ["SOCIALDB_DATABASE"] = before


def dbt_args(command: str, target_dir: Path, *extra: str) -> list[str]:
    """Command-line arguments of a dbt invocation on the socialdb project."""
    folder = str(project_dir())
    return [command, "--project-dir", folder, "--profiles-dir", folder,
            "--target-path", str(target_dir / "target"), "--log-path", str(target_dir),
            "--log-level", "none", "--log-level-file", "none", *extra]


@contextmanager
def dbt_session(db: Database) -> Iterator[None]:
    """Ready a database for a dbt process: schema current, no other writer (waited for
    like any writer), and SOCIALDB_DATABASE naming it while dbt starts."""
    with db.connect():
        pass
    with database_env(db.path.resolve()):
        yield


def dbt_executable() -> str:
    """The ``dbt`` next to this Python (the venv's), else whatever ``dbt`` is on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def manifest_dir() -> Path:
    """Where the parsed manifest lives: sql/analytics/target, or a temporary folder
    when the project folder is read-only (an installed wheel)."""
    target = project_dir() / "target"
    try:
        target.mkdir(exist_ok=True)
        probe = target / ".write-probe"
        probe.touch()
        probe.unlink()
        return target
    except OSError:
        fallback = Path(tempfile.gettempdir()) / "socialdb-dbt-target"
        fallback.mkdir(exist_ok=True)
        return fallback


def _project_mtime() -> float:
    folder = project_dir()
    files = [*folder.glob("*.yml"), *folder.glob("models/**/*"), *folder.glob("macros/**/*"),
             *folder.glob("tests/**/*")]
    return max(p.stat().st_mtime for p in files if p.is_file())


def ensure_manifest() -> Path:
    """The dbt manifest.json of the project, parsed (offline, no database) when missing
    or older than any project file; written atomically so parallel loaders are safe.

    dagster-dbt needs the manifest when the code location loads (``dagster dev``,
    ``dg dev``, tests). ``DbtProject.prepare_if_dev`` only acts under ``dagster dev``
    and re-parses on every load; this covers every entry point and parses only when
    the project changed.
    """
    from dbt.cli.main import dbtRunner

    target = manifest_dir()
    manifest = target / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _project_mtime():
        return manifest
    with tempfile.TemporaryDirectory(prefix=".parse-", dir=target) as scratch:
        outcome = dbtRunner().invoke(dbt_args("parse", Path(scratch)))
        if not outcome.success:
            raise SocialDBError(f"dbt could not parse {project_dir()}: {outcome.exception}")
        os.replace(Path(scratch) / "target" / "manifest.json", manifest)
    return manifest


def build(db: Database, select: str | None = None) -> BuildResult:
    """Run ``dbt build`` (every model, then its tests) on this database.

    Waits for the write lock like any writer (DatabaseLockedError after the lock
    timeout). Failing tests are results, not errors; a dbt that cannot run at all
    (bad project, broken database) raises SocialDBError with dbt's message.
    """
    from dbt.cli.main import dbtRunner  # heavy: imported only when building

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="socialdb-dbt-") as scratch, dbt_session(db):
        extra = ["--select", select] if select else []
        try:
            outcome = dbtRunner().invoke(dbt_args("build", Path(scratch), *extra))
        finally:
            _close_dbt_duckdb()
    result = BuildResult(str(db.path), time.monotonic() - started)
    if outcome.exception is not None:
        raise _as_domain_error(db, outcome.exception)
    for node_result in getattr(outcome.result, "results", None) or []:
        node = node_result.node
        result.nodes.append(NodeResult(
            name=node.name, kind=str(node.resource_type).split(".")[-1].lower(),
            status=str(node_result.status).split(".")[-1].lower(),
            seconds=float(node_result.execution_time or 0.0),
            message=(node_result.message or "").strip().splitlines()[0][:300]
            if node_result.message else "",
            failures=node_result.failures))
    locked = [n for n in result.nodes if any(t in n.message for t in _LOCK_TEXT)]
    if locked:
        raise DatabaseLockedError(f"database {db.path} is locked by another process; "
                                  "try `socialdb analytics build` again when it finishes")
    return result


def _close_dbt_duckdb() -> None:
    """Close the DuckDB instance dbt-duckdb keeps for the process after a run.

    dbt-duckdb caches its environment (and with it an open DuckDB database) in a
    class attribute; left open, this process could not open the same file again
    with socialdb's own settings, and would keep the write lock.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()


def _as_domain_error(db: Database, error: BaseException) -> SocialDBError:
    if is_lock_error(error) or any(t in str(error) for t in _LOCK_TEXT):
        return DatabaseLockedError(f"database {db.path} is locked by another process")
    first = (str(error).strip().splitlines() or [type(error).__name__])[0]
    return SocialDBError(f"dbt could not build the analytics models: {first}")
