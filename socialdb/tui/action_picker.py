"""`M`: pick actions by letter (they toggle and light up), then queue them with enter."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from socialdb.managers import ACTION_TYPES
from socialdb.tui.cells import shown
from socialdb.tui.data import ACTION_LETTERS

_BY_LETTER = {letter: name for name, letter in ACTION_LETTERS.items()}


class ActionPicker(ModalScreen[dict | None]):
    """Returns ``{"types": [...], "note": str, "text": str}`` or None when cancelled."""

    AUTO_FOCUS = ""  # letters go to the picker until tab moves to a text field
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("enter", "submit", "queue"),
    ]

    def __init__(self, row: dict) -> None:
        super().__init__()
        self.row = row
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Queue actions on {self.row['post_id']} "
                         f"by {shown(self.row['author_username'])}", markup=False)
            for name, letter in ACTION_LETTERS.items():
                already = " (queued)" if name in self.row.get("queued", ()) else ""
                hint = ACTION_TYPES[name].split(";")[0]
                yield Static(f" [{letter}] {name:<9} {hint}{already}", classes="choice",
                             id=f"choice-{name}", markup=False)
            yield Input(placeholder="note (optional)", id="note")
            yield Input(placeholder="comment text (needed for a comment)", id="comment")
            yield Static("", id="problem", classes="problem", markup=False)
            yield Static("letters toggle · tab: note/comment · enter queues · escape cancels",
                         classes="hint")

    def on_key(self, event: events.Key) -> None:
        """A letter toggles its action unless a text field has the focus."""
        if isinstance(self.focused, Input) or event.character not in _BY_LETTER:
            return
        event.stop()
        name = _BY_LETTER[event.character]
        if name in self.selected:
            self.selected.remove(name)
        else:
            self.selected.append(name)
        self.query_one(f"#choice-{name}", Static).set_class(name in self.selected, "on")

    @on(Input.Submitted)
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        text = self.query_one("#comment", Input).value.strip()
        problem = self.query_one("#problem", Static)
        if not self.selected:
            problem.update("pick at least one action (its letter), or escape")
            return
        if "comment" in self.selected and not text:
            problem.update("a comment needs its text: tab to the comment field")
            return
        order = [name for name in ACTION_LETTERS if name in self.selected]
        self.dismiss({"types": order, "note": self.query_one("#note", Input).value.strip(),
                      "text": text})

    def action_cancel(self) -> None:
        self.dismiss(None)
