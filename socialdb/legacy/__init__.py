"""Bring an older installation over: its SQLite ``posts.db`` and its watch-list CSV.

``migrate_legacy`` is what ``socialdb migrate-legacy`` and the Dagster
``migrate_legacy`` job call; ``import_watchlist_csv`` is ``socialdb profiles import-csv``.
"""

from socialdb.legacy.migrate import migrate_legacy
from socialdb.legacy.report import LegacyReport
from socialdb.legacy.source import LegacyDatabaseError, LegacyDatabaseLockedError
from socialdb.legacy.watchlist import WatchlistReport, import_watchlist_csv

__all__ = [
    "LegacyDatabaseError",
    "LegacyDatabaseLockedError",
    "LegacyReport",
    "WatchlistReport",
    "import_watchlist_csv",
    "migrate_legacy",
]
