"""Scrape-day partitions: one partition per landing day folder ``YYYYMMDD`` that holds files.

A ``DynamicPartitionsDefinition``: the partitions a person can pick in the UI
are exactly the days the landing folder has data files for, never the empty
days between them (a calendar definition starting at some fixed date offered
~1,060 days for a two-day demo, and "All" marked every empty day materialized).
Keys are registered, never removed, by

* ``scrape_days_sensor`` (on by default, cheap: lists day folders, launches no run),
* the landing sensor, for the days of the files it hands to a run,
* ``apify_scrape``, for the day it lands files in,

always in date order, so a range in the UI is a range of days and a backfill of
any contiguous selection (or "All") is one run under ``BackfillPolicy.single_run``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from dagster import DagsterInstance, DynamicPartitionsDefinition

from socialdb import landing
from socialdb.apify.files import is_candidate, scrape_day

SCRAPE_DAYS = "scrape_days"

scrape_days = DynamicPartitionsDefinition(name=SCRAPE_DAYS)


def _has_data_file(folder: Path) -> bool:
    """True as soon as one data file is found under ``folder`` (stops at the first)."""
    for current, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if any(is_candidate(Path(current) / name) for name in names):
            return True
    return False


def days_with_files(root: str | os.PathLike[str]) -> list[str]:
    """The day folders under the landing folder that hold at least one data file, sorted."""
    return [day for day, folder in landing.day_folders(root).items() if _has_data_file(folder)]


def days_of(paths: Iterable[Path]) -> list[str]:
    """The scrape days of landed files (their day folder), sorted."""
    return sorted({day for path in paths if (day := scrape_day(Path(path)))})


def unregistered(instance: DagsterInstance, days: Iterable[str]) -> list[str]:
    """``days`` that are not scrape-day partitions yet, sorted (the order they are added in)."""
    known = set(instance.get_dynamic_partitions(SCRAPE_DAYS))
    return sorted(set(days) - known)


def register_days(instance: DagsterInstance, days: Iterable[str]) -> list[str]:
    """Add the days that are not partitions yet (idempotent); returns the ones added."""
    missing = unregistered(instance, days)
    if missing:
        instance.add_dynamic_partitions(SCRAPE_DAYS, missing)
    return missing


def range_bounds(registered: Sequence[str], days: Iterable[str]) -> tuple[str, str]:
    """First and last of ``days`` in the partitions' own order (``registered``).

    Dagster reads a run's partition range in the definition's order (the order
    keys were added), which is date order unless an older day folder appears
    later; the bounds are taken in that order so the range always covers ``days``.
    """
    wanted = set(days)
    ordered = [key for key in registered if key in wanted]
    ordered += sorted(wanted - set(ordered))  # not registered yet: appended, in date order
    return ordered[0], ordered[-1]
