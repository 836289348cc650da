"""Bulk, idempotent ingest of Apify files into DuckDB (see :func:`ingest_paths`)."""

from socialdb.ingest.engine import IngestOptions, ingest_paths
from socialdb.ingest.report import IngestReport

__all__ = ["IngestOptions", "IngestReport", "ingest_paths"]
