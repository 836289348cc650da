"""``socialdb media ...``: images, videos and documents attached to posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo_json, json_option, print_table
from socialdb.managers.choices import ANALYSIS_STATUSES

if TYPE_CHECKING:
    from socialdb.db import Database


@click.group("media")
def media_group() -> None:
    """Media attached to posts and their AI-analysis status.

    \b
    Example:
      socialdb media list --status pending
    """


@media_group.command("list")
@click.option("--status", default=None,
              help="Only this AI-analysis status: " + "|".join(ANALYSIS_STATUSES) + ".")
@click.option("--type", "media_type", default=None, help="Only this media type (image, video...).")
@click.option("--post", default=None, help="Only media of this post.")
@click.option("--limit", default=100, show_default=True, type=int, help="At most this many.")
@json_option
@db_option
def list_command(db: Database, status: str | None, media_type: str | None, post: str | None,
                 limit: int, as_json: bool) -> None:
    """List media newest first.

    \b
    Example:
      socialdb media list --status pending --type image --json
    """
    rows = managers.MediaManager(db).list(status, media_type, post, limit)
    if as_json:
        echo_json(rows)
    else:
        print_table(rows, ("media_id", "post_id", "media_type", "width", "height",
                           "ai_analysis_status", "media_url"), title=f"{len(rows)} media")


def register(main: click.Group) -> None:
    """Add the ``media`` group."""
    main.add_command(media_group)
