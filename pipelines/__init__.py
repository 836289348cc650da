"""Dagster wiring for socialdb: Definitions, resources, jobs, schedules, sensors.

Thin by design: everything that shapes data lives in the ``socialdb`` package.
"""
