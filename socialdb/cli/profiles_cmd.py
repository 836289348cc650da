"""``socialdb profiles ...``: the watch list (the group is shared: legacy_cmd adds import-csv)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table

if TYPE_CHECKING:
    from socialdb.db import Database

_COLUMNS = ("username", "name", "platform", "is_active", "post_count", "last_synced_at", "tags")


def _row(profile: dict) -> dict:
    return {**profile, "tags": ", ".join(profile.get("tags") or [])}


def _show(profile: dict, as_json: bool) -> None:
    if as_json:
        echo_json(profile)
        return
    for key in ("profile_id", "username", "name", "platform", "is_active", "post_count",
                "last_synced_at", "notes", "created_at", "updated_at"):
        echo(f"{key:15} {'' if profile.get(key) is None else profile[key]}")
    echo(f"{'tags':15} {', '.join(profile.get('tags') or []) or '-'}")


@click.group("profiles")
def profiles_group() -> None:
    """Manage the watch list: the profiles whose posts are scraped.

    \b
    Example:
      socialdb profiles add jeff-quinn-1 --name "Jeff Quinn"
      socialdb profiles list --active --tag aws
    """


@profiles_group.command("add")
@click.argument("username")
@click.option("--name", required=True, help="Display name.")
@click.option("--notes", default=None, help="Free-text notes.")
@click.option("--platform", default="linkedin", show_default=True, help="Social platform.")
@json_option
@db_option
def add_command(db: Database, username: str, name: str, notes: str | None, platform: str,
                as_json: bool) -> None:
    """Start watching USERNAME; post_count counts the posts already stored.

    \b
    Example:
      socialdb profiles add jeff-quinn-1 --name "Jeff Quinn" --notes "AWS hero"
    """
    profile = managers.ProfileManager(db).add(username, name, notes, platform)
    if as_json:
        echo_json(profile)
    else:
        echo(f"added profile {profile['username']} ({profile['profile_id']}), "
                   f"{profile['post_count']} posts already stored")


@profiles_group.command("list")
@click.option("--active/--inactive", default=None, help="Only active (or inactive) profiles.")
@click.option("--tag", default=None, help="Only profiles with this tag.")
@json_option
@db_option
def list_command(db: Database, active: bool | None, tag: str | None, as_json: bool) -> None:
    """List watched profiles by username.

    \b
    Example:
      socialdb profiles list --inactive
      socialdb profiles list --tag aws --json
    """
    rows = managers.ProfileManager(db).list(active=active, tag=tag)
    if as_json:
        echo_json(rows)
    else:
        print_table([_row(r) for r in rows], _COLUMNS, title=f"{len(rows)} profiles")


@profiles_group.command("show")
@click.argument("username")
@json_option
@db_option
def show_command(db: Database, username: str, as_json: bool) -> None:
    """Show one profile with its tags.

    \b
    Example:
      socialdb profiles show jeff-quinn-1
    """
    _show(managers.ProfileManager(db).get(username), as_json)


@profiles_group.command("update")
@click.argument("username")
@click.option("--name", default=None, help="New display name.")
@click.option("--notes", default=None, help="New notes (\"\" clears them).")
@click.option("--platform", default=None, help="New platform.")
@json_option
@db_option
def update_command(db: Database, username: str, name: str | None, notes: str | None,
                   platform: str | None, as_json: bool) -> None:
    """Change a profile's name, notes or platform.

    \b
    Example:
      socialdb profiles update jeff-quinn-1 --notes "met at re:Invent"
    """
    _show(managers.ProfileManager(db).update(username, name, notes, platform), as_json)


def _set_active(active: bool) -> click.Command:
    verb = "activate" if active else "deactivate"

    @click.command(verb)
    @click.argument("username")
    @db_option
    def command(db: Database, username: str) -> None:
        profile = managers.ProfileManager(db).set_active(username, active)
        echo(f"{profile['username']} is now {'active' if active else 'inactive'}")

    command.help = (f"{'Resume' if active else 'Stop'} tracking USERNAME (its tags are kept).\n\n"
                    f"\b\nExample:\n  socialdb profiles {verb} jeff-quinn-1")
    return command


profiles_group.add_command(_set_active(True))
profiles_group.add_command(_set_active(False))


@profiles_group.command("remove")
@click.argument("username")
@db_option
def remove_command(db: Database, username: str) -> None:
    """Delete a profile and its tag links (its posts stay in the database).

    \b
    Example:
      socialdb profiles remove jeff-quinn-1
    """
    gone = managers.ProfileManager(db).remove(username)
    echo(f"removed profile {gone['username']} ({gone['profile_id']}) and "
               f"{gone['profile_tags_removed']} tag link(s)")


@profiles_group.command("tag")
@click.argument("username")
@click.argument("tags", nargs=-1, required=True)
@db_option
def tag_command(db: Database, username: str, tags: tuple[str, ...]) -> None:
    """Attach existing TAGS to USERNAME.

    \b
    Example:
      socialdb profiles tag jeff-quinn-1 aws speakers
    """
    profile = managers.ProfileManager(db).tag(username, tags)
    echo(f"{profile['username']}: {', '.join(profile['tags'])}")


@profiles_group.command("untag")
@click.argument("username")
@click.argument("tags", nargs=-1, required=True)
@db_option
def untag_command(db: Database, username: str, tags: tuple[str, ...]) -> None:
    """Detach TAGS from USERNAME.

    \b
    Example:
      socialdb profiles untag jeff-quinn-1 speakers
    """
    profile = managers.ProfileManager(db).untag(username, tags)
    echo(f"{profile['username']}: {', '.join(profile['tags']) or 'no tags'}")


def register(main: click.Group) -> None:
    """Add the ``profiles`` group (legacy_cmd later adds ``profiles import-csv`` to it)."""
    main.add_command(profiles_group)
