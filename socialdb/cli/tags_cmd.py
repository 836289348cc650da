"""``socialdb tags ...``: lower-case unique labels with a colour from the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table
from socialdb.managers.choices import PALETTE

if TYPE_CHECKING:
    from socialdb.db import Database

_PALETTE_HELP = "Colour, one of: " + ", ".join(PALETTE) + "."


@click.group("tags")
def tags_group() -> None:
    """Manage tags for profiles and posts.

    \b
    Example:
      socialdb tags add aws --color yellow --description "Amazon Web Services"
      socialdb tags list
    """


@tags_group.command("add")
@click.argument("name")
@click.option("--description", default=None, help="What the tag is for.")
@click.option("--color", default=None, help=_PALETTE_HELP + " Default: cyan.")
@db_option
def add_command(db: Database, name: str, description: str | None, color: str | None) -> None:
    """Create tag NAME (stored lower-case; names are unique).

    \b
    Example:
      socialdb tags add aws --color yellow
    """
    tag = managers.TagManager(db).add(name, description, color)
    echo(f"added tag {tag['name']} ({tag['tag_id']}, {tag['color']})")


@tags_group.command("list")
@json_option
@db_option
def list_command(db: Database, as_json: bool) -> None:
    """List tags with how many profiles and posts carry each.

    \b
    Example:
      socialdb tags list --json
    """
    rows = managers.TagManager(db).list()
    if as_json:
        echo_json(rows)
    else:
        print_table(rows, ("name", "color", "profiles", "posts", "description", "tag_id"),
                    title=f"{len(rows)} tags")


@tags_group.command("update")
@click.argument("name")
@click.option("--description", default=None, help="New description.")
@click.option("--color", default=None, help=_PALETTE_HELP)
@db_option
def update_command(db: Database, name: str, description: str | None, color: str | None) -> None:
    """Change a tag's description or colour.

    \b
    Example:
      socialdb tags update aws --color bright_yellow
    """
    tag = managers.TagManager(db).update(name, description, color)
    echo(f"tag {tag['name']}: {tag['color']}, {tag['description'] or 'no description'}")


@tags_group.command("rename")
@click.argument("old")
@click.argument("new")
@db_option
def rename_command(db: Database, old: str, new: str) -> None:
    """Rename tag OLD to NEW, keeping every profile and post that carries it.

    \b
    Example:
      socialdb tags rename aws cloud
    """
    tag = managers.TagManager(db).rename(old, new)
    echo(f"renamed tag {old.strip().lower()} to {tag['name']}")


@tags_group.command("remove")
@click.argument("name")
@db_option
def remove_command(db: Database, name: str) -> None:
    """Delete tag NAME and remove it from every profile and post.

    \b
    Example:
      socialdb tags remove old-stuff
    """
    gone = managers.TagManager(db).remove(name)
    echo(f"removed tag {gone['name']} from {gone['profile_tags_removed']} profile(s) "
               f"and {gone['post_tags_removed']} post(s)")


def register(main: click.Group) -> None:
    """Add the ``tags`` group."""
    main.add_command(tags_group)
