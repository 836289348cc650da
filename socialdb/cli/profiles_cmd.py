"""CLI commands: not written yet (placeholder so the command list stays fixed)."""

import click


def register(main: click.Group) -> None:
    """Add this module's commands to the main group (none yet)."""
