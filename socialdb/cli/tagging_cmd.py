"""``socialdb tag-posts``: apply the YAML tagging rules to changed posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb.cli.common import db_option, echo, echo_json

if TYPE_CHECKING:
    from socialdb.db import Database


@click.command("tag-posts")
@click.option("--rules", "rules_path", type=click.Path(dir_okay=False), default=None,
              help="Rules file (default: $SOCIALDB_TAG_RULES, else config/tag_rules.yaml).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@db_option
def tag_posts_command(db: Database, rules_path: str | None, as_json: bool) -> None:
    """Tag posts changed since the last run by the rules file (applied_by=rule).

    Idempotent; tags a person applied are never changed or removed. A changed
    rules file makes the run look at every post. Format: docs/cli.md and
    config/tag_rules.example.yaml.

    \b
    Example:
      socialdb tag-posts --rules config/tag_rules.example.yaml
    """
    from socialdb.tagging import tag_posts  # pyarrow and yaml: only when tagging

    report = tag_posts(db, rules_path)
    if as_json:
        echo_json(report.to_dict())
        return
    if report.skipped:
        echo(f"nothing tagged: {report.skipped}")
        return
    scope = "all posts" if report.full_scan else "posts changed since the last run"
    echo(f"{report.rules} rules from {report.rules_path} on {scope}: "
               f"{report.posts_examined} examined, {report.tags_added} tags added, "
               f"{report.tags_updated} updated, {report.tags_removed} removed "
               f"in {report.duration_seconds:.2f} s")
    if report.tags_created:
        echo(f"created tags: {', '.join(report.tags_created)}")


def register(main: click.Group) -> None:
    """Add ``tag-posts`` to the main group."""
    main.add_command(tag_posts_command)
