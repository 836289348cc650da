"""``socialdb posts ...``: browse posts with their engagement, triage them, tag them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table
from socialdb.managers.choices import POST_SORTS

if TYPE_CHECKING:
    from socialdb.db import Database

_REF = "POST_ID_OR_URN is a post id (p-1a2b3c4d), the urn digits or urn:li:activity:<digits>."


@click.group("posts")
def posts_group() -> None:
    """Browse, triage (read / mark), tag and remove posts.

    \b
    Example:
      socialdb posts list --unread --limit 20
      socialdb posts show p-1a2b3c4d
    """


@posts_group.command("list")
@click.option("--unread", is_flag=True, help="Only posts not read yet.")
@click.option("--marked", is_flag=True, help="Only marked posts.")
@click.option("--author", default=None, help="Only posts by this author username.")
@click.option("--tag", default=None, help="Only posts with this tag.")
@click.option("--since", default=None, help="Only posts published at/after this ISO time (UTC).")
@click.option("--limit", default=50, show_default=True, type=int, help="At most this many.")
@click.option("--sort", type=click.Choice(POST_SORTS), default="newest", show_default=True,
              help="newest: publication time; rising: rising_score; velocity: reactions per "
              "hour over the last day; reactions: latest reactions.")
@json_option
@db_option
def list_command(db: Database, unread: bool, marked: bool, author: str | None, tag: str | None,
                 since: str | None, limit: int, sort: str, as_json: bool) -> None:
    """List posts with reactions, 24 h velocity and lift over the author's median.

    \b
    Example:
      socialdb posts list --author jeff-quinn-1 --since 2025-10-01 --json
      socialdb posts list --sort rising --limit 20
    """
    rows = managers.PostManager(db).list(unread=unread, marked=marked, author=author, tag=tag,
                                         since=since, limit=limit, sort=sort)
    if as_json:
        echo_json(rows)
        return
    table = [{**r, "posted_at": f"{r['posted_at']:%Y-%m-%d %H:%M}",
              "flags": ("" if r["is_read"] else "new ") + ("*" if r["is_marked"] else ""),
              "reactions": r["latest_reactions"],
              "per_hour_24h": _number(r["velocity_24h"], "{:.1f}"),
              "lift": _number(r["lift_24h"], "{:.2f}x"),
              "tags": ", ".join(r["tags"]), "preview": r["preview"][:40]} for r in rows]
    # growth since the previous snapshot stays in --json and `posts show`; the table
    # shows the 24 h velocity instead (one column fewer keeps it within 200 characters)
    print_table(table, ("post_id", "posted_at", "author_username", "flags", "reactions",
                        "per_hour_24h", "lift", "tags", "preview"),
                title=f"{len(rows)} posts ({sort})")


def _number(value: float | None, form: str) -> str:
    """A measure for a table cell; blank when the post has none (too few snapshots)."""
    return "" if value is None else form.format(value)


def _print_post(post: dict) -> None:
    echo(f"{post['post_id']}  {post['full_urn'] or post['urn']}")
    echo(f"by {post['author_username']} at {post['posted_at']:%Y-%m-%d %H:%M} UTC, "
               f"{post['post_type']}, {'read' if post['is_read'] else 'unread'}"
               f"{', marked' if post['is_marked'] else ''}")
    if post["url"]:
        echo(post["url"])
    echo(f"reactions {post['latest_reactions']} (growth {post['growth_since_previous']} "
               f"since previous, {post['growth_since_first']} since first; "
               f"{post['snapshots']} snapshots)")
    echo("")
    echo(post["text_content"] or "(no text)")
    echo("")
    if post["media"]:
        print_table(post["media"], ("media_id", "media_type", "width", "height",
                                    "ai_analysis_status", "media_url"), title="media")
    if post["tags"]:
        print_table(post["tags"], ("name", "applied_by", "confidence", "system_notes"),
                    title="tags")
    if post["actions"]:
        print_table(post["actions"], ("action_id", "action_type", "status", "priority",
                                      "scheduled_for", "action_params"), title="actions")
    print_table(post["history"], ("downloaded_at", "total_reactions", "growth", "run_id"),
                title="engagement history")


@posts_group.command("show")
@click.argument("post_ref", metavar="POST_ID_OR_URN")
@json_option
@db_option
def show_command(db: Database, post_ref: str, as_json: bool) -> None:
    """Show a post: text, media, tags, actions and the engagement history.

    \b
    Example:
      socialdb posts show urn:li:activity:7381805640921041168
    """
    post = managers.PostManager(db).get(post_ref)
    if as_json:
        echo_json(post)
    else:
        _print_post(post)


def _flag_command(name: str, method: str, value: bool, done: str) -> click.Command:
    @click.command(name)
    @click.argument("post_refs", metavar="POST_ID_OR_URN...", nargs=-1, required=True)
    @db_option
    def command(db: Database, post_refs: tuple[str, ...]) -> None:
        post_ids = getattr(managers.PostManager(db), method)(post_refs, value)
        echo(f"{done}: {', '.join(post_ids)}")

    command.help = (f"Mark posts as {done}. {_REF}\n\n"
                    f"\b\nExample:\n  socialdb posts {name} p-1a2b3c4d 7381805640921041168")
    return command


for _args in (("read", "set_read", True, "read"), ("unread", "set_read", False, "unread"),
              ("mark", "set_marked", True, "marked"), ("unmark", "set_marked", False, "unmarked")):
    posts_group.add_command(_flag_command(*_args))


@posts_group.command("remove")
@click.argument("post_ref", metavar="POST_ID_OR_URN")
@db_option
def remove_command(db: Database, post_ref: str) -> None:
    """Delete a post with its snapshots, media, tags and actions.

    A later ingest of a file that contains the post stores it again.

    \b
    Example:
      socialdb posts remove p-1a2b3c4d
    """
    gone = managers.PostManager(db).remove(post_ref)
    echo(f"removed post {gone['post_id']} with {gone['snapshots_removed']} snapshot(s), "
               f"{gone['media_removed']} media, {gone['tags_removed']} tag(s), "
               f"{gone['actions_removed']} action(s)")


@posts_group.command("tag")
@click.argument("post_ref", metavar="POST_ID_OR_URN")
@click.argument("tags", nargs=-1, required=True)
@click.option("--note", default=None, help="Why (stored in post_tags.system_notes).")
@db_option
def tag_command(db: Database, post_ref: str, tags: tuple[str, ...], note: str | None) -> None:
    """Tag a post by hand (applied_by=user; rule tagging never changes these).

    \b
    Example:
      socialdb posts tag p-1a2b3c4d aws --note "great graviton benchmark"
    """
    rows = managers.PostTagManager(db).tag(post_ref, tags, note)
    echo(", ".join(f"{r['name']} ({r['applied_by']})" for r in rows))


@posts_group.command("untag")
@click.argument("post_ref", metavar="POST_ID_OR_URN")
@click.argument("tags", nargs=-1, required=True)
@db_option
def untag_command(db: Database, post_ref: str, tags: tuple[str, ...]) -> None:
    """Remove tags from a post, whoever applied them.

    \b
    Example:
      socialdb posts untag p-1a2b3c4d aws
    """
    rows = managers.PostTagManager(db).untag(post_ref, tags)
    echo(", ".join(f"{r['name']} ({r['applied_by']})" for r in rows) or "no tags")


def register(main: click.Group) -> None:
    """Add the ``posts`` group."""
    main.add_command(posts_group)
