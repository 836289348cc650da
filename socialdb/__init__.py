"""socialdb: scraped LinkedIn posts (Apify) kept in a proper DuckDB database.

This package is the domain layer: Apify parsing, IDs, the database layer, the
managers and the CLI. It never imports Dagster, so it can be used and tested
without it; the Dagster code in ``assets/`` and ``pipelines/`` calls into it.
"""

__version__ = "0.1.0"
