"""The socialdb resource: where the DuckDB file and the landing folder are.

Settings are resolved when a run starts (from the resource config, else the same
environment variables the CLI reads), never at import time. Every asset or check
that writes DuckDB also declares ``pool=DUCKDB_WRITE_POOL`` so the instance runs
one writer at a time (``dagster.yaml`` sets the pool's limit to 1).
"""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from socialdb import config
from socialdb.db import Database

DUCKDB_WRITE_POOL = "duckdb_write"


class SocialDBResource(ConfigurableResource):
    """The socialdb database and landing folder used by assets, checks and sensors.

    Empty strings mean "use $SOCIALDB_DATABASE / $SOCIALDB_LANDING_DIR or the defaults"
    so one Definitions object serves the CLI's conventions and tests alike.
    """

    database_path: str = ""
    landing_dir: str = ""

    def database(self) -> Database:
        """A :class:`socialdb.db.Database` for this run (lock waits are retried)."""
        return Database(self.database_path or None)

    def landing(self) -> Path:
        """The raw-file landing folder (``YYYYMMDD/linkedin/*.json`` below it)."""
        return config.landing_dir(self.landing_dir or None)
