"""What the profiles and runs screens share: a table to move in, refresh and leave."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable


class ListScreen(Screen):
    """A pushed screen around one DataTable: `j`/`k` move, `g` reloads, `escape` goes back.

    Subclasses add their own bindings (Textual merges BINDINGS along the class
    hierarchy) and implement ``action_reload``, which the screen calls once mounted.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "back"),
        Binding("j", "down", "down", show=False),
        Binding("k", "up", "up", show=False),
        Binding("g", "reload", "refresh"),
    ]

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.action_reload()

    def action_reload(self) -> None:
        raise NotImplementedError

    def action_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
