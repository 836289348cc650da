"""socialdb.apify is pure parsing: no database, no ingest, no scrape, no network, no Dagster.

That is what lets a platform's record rules be tested alone and lets the legacy
migration, the ingest and the scrape share them. A second platform is one module
beside ``linkedin.py`` (its :class:`Platform`) plus its line in the registry.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import socialdb.apify
import socialdb.scrape
from socialdb.apify.platforms import PLATFORMS
from socialdb.apify.records import Platform

APIFY = Path(socialdb.apify.__file__).parent
FORBIDDEN = ("socialdb.db", "socialdb.ingest", "socialdb.scrape", "socialdb.managers",
             "socialdb.legacy", "socialdb.cli", "duckdb", "pyarrow", "pandas", "apify_client",
             "dagster")
MAX_MODULE_LINES = 300


def _modules(package: object) -> list[str]:
    return [m.name for m in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")]


def test_importing_the_parsing_package_loads_no_database_ingest_or_network() -> None:
    modules = _modules(socialdb.apify)
    assert "socialdb.apify.linkedin" in modules and "socialdb.apify.platforms" in modules
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            f"print(sorted(n for n in sys.modules if n.startswith({FORBIDDEN!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_parsing_modules_import_only_the_standard_library_and_each_other() -> None:
    for path in sorted(APIFY.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("socialdb.apify") \
                    or name == "__future__", f"{path.name} imports {name}"


def test_modules_stay_small() -> None:
    for package in (socialdb.apify, socialdb.scrape):
        for path in Path(package.__file__).parent.glob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines"


def test_every_platform_is_complete() -> None:
    for name, platform in PLATFORMS.items():
        assert isinstance(platform, Platform) and platform.name == name
        assert platform.folder and "/" in platform.actor_id and platform.known_keys
        assert isinstance(platform.actor_input("someone", 3), dict)
        assert platform.normalize(None).reason.endswith("record rejected")  # type: ignore[union-attr]
