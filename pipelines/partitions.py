"""Scrape-day partitions: one partition per landing folder ``YYYYMMDD`` (UTC days).

The keys are formatted exactly like the landing folders (``%Y%m%d``), so a
partition is a day folder and a backfill of a date range reads exactly those
folders. Partitions start at ``SOCIALDB_PARTITIONS_START`` (``YYYY-MM-DD`` or
``YYYYMMDD``, default 2024-01-01; set it earlier for older archives) and end
today (``end_offset=1``: today's folder fills up during the day and the sensor
ingests it as files land). The start is read when the code location loads.
"""

import os
from datetime import datetime

from dagster import DailyPartitionsDefinition

SCRAPE_DAY_FORMAT = "%Y%m%d"
DEFAULT_PARTITIONS_START = "2024-01-01"


def partitions_start() -> datetime:
    """The first scrape day that can be materialized (from $SOCIALDB_PARTITIONS_START)."""
    raw = os.environ.get("SOCIALDB_PARTITIONS_START", "").strip() or DEFAULT_PARTITIONS_START
    for fmt in ("%Y-%m-%d", SCRAPE_DAY_FORMAT):
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    raise ValueError(f"SOCIALDB_PARTITIONS_START={raw!r} is not a date (YYYY-MM-DD or YYYYMMDD)")


scrape_days = DailyPartitionsDefinition(
    start_date=partitions_start(),
    fmt=SCRAPE_DAY_FORMAT,
    end_offset=1,
    timezone="UTC",
)
