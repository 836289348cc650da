"""`?`: every key of every screen on one page."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

#: (screen, key, what it does): the single source of the help page and docs/tui.md.
KEYS: tuple[tuple[str, str, str], ...] = (
    ("posts", "↑ ↓ / j k", "move"),
    ("posts", "enter", "open the post (marks it read)"),
    ("posts", "u", "toggle read / unread"),
    ("posts", "m", "toggle marked"),
    ("posts", "M", "action picker: queue autoreact, comment, save, bookmark, share, repost"),
    ("posts", "t", "tag the post (completion over existing tags; a new name creates the tag)"),
    ("posts", "s", "cycle the sort: newest, rising, velocity, reactions"),
    ("posts", "/", "filter line: narrows by author or text as you type (escape clears)"),
    ("posts", "f", "filter panel: author, tag, platform, dates, minimum reactions, unread, marked"),
    ("posts", "o", "open the post's link in the browser (or copy it)"),
    ("posts", "g", "refresh now (also every 60 s; the cursor stays on its post)"),
    ("posts", "p", "profiles screen"),
    ("posts", "h", "runs screen (ingest history and rejected files)"),
    ("post", "escape", "back to the posts"),
    ("post", "r", "raw JSON of the post / back to the details"),
    ("post", "o / m / u", "open the link, toggle marked, toggle read"),
    ("action picker", "a c s b h r", "toggle autoreact, comment, save, bookmark, share, repost"),
    ("action picker", "tab", "to the note and comment text fields"),
    ("action picker", "enter / escape", "queue the selected actions / cancel"),
    ("profiles", "a", "add a profile"),
    ("profiles", "space", "activate / deactivate"),
    ("profiles", "t", "tag the profile"),
    ("profiles", "d", "remove (asks first)"),
    ("runs", "enter", "show the run's files and every rejected file's reason"),
    ("all", "?", "this page"),
    ("all", "escape", "back"),
    ("all", "q", "quit"),
)


class HelpScreen(ModalScreen):
    """The key reference; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "back"),
        Binding("question_mark", "dismiss", "back", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table(title="socialdb tui: keys", expand=True)
        for column in ("screen", "key", "what it does"):
            table.add_column(column)
        for screen, key, what in KEYS:
            table.add_row(screen, key, what)
        with VerticalScroll(id="help"):
            yield Static(table)
