"""``socialdb tag-posts``: apply the YAML tagging rules to changed posts."""

from __future__ import annotations

import click

from socialdb.cli.common import db_option, echo_json
from socialdb.db import Database
from socialdb.tagging import tag_posts


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
    report = tag_posts(db, rules_path)
    if as_json:
        echo_json(report.to_dict())
        return
    if report.skipped:
        click.echo(f"nothing tagged: {report.skipped}")
        return
    scope = "all posts" if report.full_scan else "posts changed since the last run"
    click.echo(f"{report.rules} rules from {report.rules_path} on {scope}: "
               f"{report.posts_examined} examined, {report.tags_added} tags added, "
               f"{report.tags_updated} updated, {report.tags_removed} removed "
               f"in {report.duration_seconds:.2f} s")
    if report.tags_created:
        click.echo(f"created tags: {', '.join(report.tags_created)}")


def register(main: click.Group) -> None:
    """Add ``tag-posts`` to the main group."""
    main.add_command(tag_posts_command)
