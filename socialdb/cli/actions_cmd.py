"""``socialdb actions ...``: the queue of things to do on posts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from socialdb import managers
from socialdb.cli.common import db_option, echo, echo_json, json_option, print_table
from socialdb.managers.choices import ACTION_STATUSES as STATUSES
from socialdb.managers.choices import ACTION_TYPES

if TYPE_CHECKING:
    from socialdb.db import Database

_TYPES = "TYPE is one of: " + ", ".join(ACTION_TYPES) + " (see docs/cli.md)."


def _say(action: dict | None, as_json: bool) -> None:
    if as_json:
        echo_json(action)
    elif action is None:
        echo("no action is due")
    else:
        echo(f"{action['action_id']} {action['action_type']} on {action['post_id']}: "
                   f"{action['status']}" + (f" {action['action_params']}"
                                            if action["action_params"] else ""))


@click.group("actions")
def actions_group() -> None:
    """Queue actions on posts and work through them.

    \b
    Example:
      socialdb actions queue p-1a2b3c4d comment --params '{"text": "Congrats!"}'
      socialdb actions next --json
    """


@actions_group.command("queue")
@click.argument("post_ref", metavar="POST_ID")
@click.argument("action_type", metavar="TYPE")
@click.option("--params", default=None, help='JSON object, e.g. \'{"reaction": "celebrate"}\'.')
@click.option("--priority", default=0, show_default=True, type=int,
              help="Higher runs first.")
@click.option("--at", "at", default=None,
              help="Not before this ISO time (UTC unless an offset is given); not in the past.")
@click.option("--note", default=None, help="Why the action was queued (user_notes).")
@json_option
@db_option
def queue_command(db: Database, post_ref: str, action_type: str, params: str | None,
                  priority: int, at: str | None, note: str | None, as_json: bool) -> None:
    """Queue an action of TYPE on a post (id, urn digits or urn:li:activity:...).

    \b
    Example:
      socialdb actions queue p-1a2b3c4d autoreact --params '{"reaction": "celebrate"}'
      socialdb actions queue p-1a2b3c4d save --priority 5 --at 2030-01-01T09:00:00Z
    """
    _say(managers.ActionQueueManager(db).queue(post_ref, action_type, params, priority, at, note),
         as_json)


queue_command.help = (queue_command.help or "") + "\n\n" + _TYPES


@actions_group.command("list")
@click.option("--status", default=None, help="Only this status: " + ", ".join(STATUSES) + ".")
@click.option("--type", "action_type", default=None, help="Only this action type.")
@click.option("--post", default=None, help="Only actions on this post.")
@click.option("--limit", default=100, show_default=True, type=int, help="At most this many.")
@json_option
@db_option
def list_command(db: Database, status: str | None, action_type: str | None, post: str | None,
                 limit: int, as_json: bool) -> None:
    """List actions: running first, then queued by priority, then finished.

    \b
    Example:
      socialdb actions list --status queued --json
    """
    rows = managers.ActionQueueManager(db).list(status, action_type, post, limit)
    if as_json:
        echo_json(rows)
    else:
        print_table(rows, ("action_id", "status", "action_type", "priority", "scheduled_for",
                           "post_id"), title=f"{len(rows)} actions (--json for params and notes)")


@actions_group.command("next")
@click.option("--type", "action_type", default=None, help="Only claim this action type.")
@json_option
@db_option
def next_command(db: Database, action_type: str | None, as_json: bool) -> None:
    """Claim the highest-priority due action (queued -> in_progress) and print it.

    Actions scheduled in the future are not due. Two workers never get the same
    action. Prints "no action is due" (JSON: null) and exits 0 when none is.

    \b
    Example:
      socialdb actions next --json
    """
    _say(managers.ActionQueueManager(db).next(action_type), as_json)


def _finish_command(name: str, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("action_id")
    @json_option
    @db_option
    def command(db: Database, action_id: str, as_json: bool, **kwargs: str) -> None:
        _say(getattr(managers.ActionQueueManager(db), name)(action_id, **kwargs), as_json)

    return command


actions_group.add_command(click.option("--note", default=None, help="Appended to system_notes.")(
    _finish_command("complete", "Mark an action done now (sets executed_at).\n\n"
                    "\b\nExample:\n  socialdb actions complete act-1a2b3c4d")))
actions_group.add_command(click.option("--reason", required=True, help="Why it failed.")(
    _finish_command("fail", "Mark an action failed; the reason is appended to system_notes."
                    "\n\n\b\nExample:\n  socialdb actions fail act-1a2b3c4d --reason 'post gone'")))
actions_group.add_command(_finish_command(
    "cancel", "Cancel a queued or running action.\n\n\b\nExample:\n"
    "  socialdb actions cancel act-1a2b3c4d"))
actions_group.add_command(_finish_command(
    "retry", "Queue a failed or cancelled action again.\n\n\b\nExample:\n"
    "  socialdb actions retry act-1a2b3c4d"))


def register(main: click.Group) -> None:
    """Add the ``actions`` group."""
    main.add_command(actions_group)
