"""`t`: tag a post or profile; completion over the existing tags, a new name creates one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from socialdb.tui.cells import shown


class TagPicker(ModalScreen[str | None]):
    """Returns the tag name typed (completed with → or tab), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, names: Sequence[str], target: str) -> None:
        super().__init__()
        self.names = sorted(names)
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown(f"Tag {self.target}"), markup=False)
            yield Input(placeholder="tag name", id="tag-name",
                        suggester=SuggestFromList(self.names, case_sensitive=False))
            yield Static(self._known(""), id="known", classes="hint", markup=False)
            yield Static("→ completes · enter applies (a new name creates the tag) · escape",
                         classes="hint")

    def _known(self, prefix: str) -> str:
        matches = [n for n in self.names if n.startswith(prefix.strip().lower())]
        if not self.names:
            return "no tags yet: type a name to create the first"
        return shown("tags: " + ", ".join(matches[:20]) + (" …" if len(matches) > 20 else ""))

    @on(Input.Changed, "#tag-name")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one("#known", Static).update(self._known(event.value))

    @on(Input.Submitted, "#tag-name")
    def _chosen(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
