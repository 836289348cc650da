"""Small dialogs the screens share: a yes/no confirmation and the new-profile form."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from socialdb.tui.cells import shown


class ConfirmScreen(ModalScreen[bool]):
    """`y` confirms, `n` or escape declines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "yes"),
        Binding("n", "answer(False)", "no"),
        Binding("escape", "answer(False)", "no", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(shown(self.question), markup=False)
            yield Static("y: yes · n / escape: no", classes="hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ProfileForm(ModalScreen[dict | None]):
    """Username and display name of a profile to watch; enter adds, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Watch a new profile")
            yield Input(placeholder="username (as in the profile URL)", id="username")
            yield Input(placeholder="name", id="name")
            yield Input(placeholder="notes (optional)", id="notes")
            yield Static("", id="problem", classes="problem", markup=False)
            yield Static("enter adds · escape cancels", classes="hint")

    @on(Input.Submitted)
    def _submit(self, _event: Input.Submitted) -> None:
        values = {key: self.query_one(f"#{key}", Input).value.strip()
                  for key in ("username", "name", "notes")}
        if not values["username"] or not values["name"]:
            self.query_one("#problem", Static).update("username and name are both needed")
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
