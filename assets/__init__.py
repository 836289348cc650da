"""Dagster asset and asset-check definitions for socialdb, each a thin call into ``socialdb``."""
