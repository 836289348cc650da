"""The domain package never imports Dagster, so it works (and is tested) without it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import socialdb


def test_importing_every_socialdb_module_loads_no_dagster() -> None:
    modules = [m.name for m in pkgutil.walk_packages(socialdb.__path__, "socialdb.")
               if m.name != "socialdb.__main__"]
    assert "socialdb.ingest.engine" in modules and "socialdb.managers.journal" in modules
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            "print(sorted(n for n in sys.modules if n.split('.')[0].startswith('dagster')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
