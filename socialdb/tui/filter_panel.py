"""`f`: the filter panel (author, tag, platform, date range, minimum reactions, flags)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from socialdb.tui.data import Filters

_TEXT_FIELDS = ("author", "tag", "platform", "since", "until", "min_reactions")


class FilterPanel(ModalScreen[Filters | None]):
    """Returns the new :class:`Filters` (enter) or None (escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+r", "clear", "clear all"),
    ]

    def __init__(self, filters: Filters) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        f = self.filters
        values = {name: "" if getattr(f, name) is None else str(getattr(f, name))
                  for name in _TEXT_FIELDS}
        with Vertical(classes="dialog"):
            yield Static("Filter posts (empty fields filter nothing)")
            yield Input(values["author"], placeholder="author (part of the username)",
                        id="author")
            yield Input(values["tag"], placeholder="tag", id="tag")
            yield Input(values["platform"], placeholder="platform (linkedin)", id="platform")
            yield Input(values["since"], placeholder="posted from (YYYY-MM-DD)", id="since")
            yield Input(values["until"], placeholder="posted until (YYYY-MM-DD)", id="until")
            yield Input(values["min_reactions"], placeholder="minimum reactions",
                        id="min_reactions")
            yield Checkbox("unread only", f.unread_only, id="unread_only")
            yield Checkbox("marked only", f.marked_only, id="marked_only")
            yield Static("", id="problem", classes="problem", markup=False)
            yield Static("enter applies · ctrl+r clears all · escape cancels", classes="hint")

    def _value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value.strip()

    def read_filters(self) -> Filters:
        """The panel's fields as Filters; ValueError names the field that is wrong."""
        days: dict[str, date | None] = {}
        for name in ("since", "until"):
            text = self._value(name)
            try:
                days[name] = date.fromisoformat(text) if text else None
            except ValueError:
                raise ValueError(f"{name}: {text!r} is not a date like 2025-10-01") from None
        minimum = self._value("min_reactions")
        if minimum and not minimum.isdigit():
            raise ValueError(f"minimum reactions: {minimum!r} is not a whole number")
        return Filters(
            author=self._value("author"), tag=self._value("tag").lower(),
            platform=self._value("platform"), since=days["since"], until=days["until"],
            min_reactions=int(minimum) if minimum else None,
            unread_only=self.query_one("#unread_only", Checkbox).value,
            marked_only=self.query_one("#marked_only", Checkbox).value)

    @on(Input.Submitted)
    def apply(self, _event: Input.Submitted | None = None) -> None:
        try:
            self.dismiss(self.read_filters())
        except ValueError as error:
            self.query_one("#problem", Static).update(str(error))

    def key_enter(self) -> None:
        """Enter on a checkbox applies too (inputs handle their own enter)."""
        if not isinstance(self.focused, Input):
            self.apply()

    def action_clear(self) -> None:
        self.dismiss(Filters())

    def action_cancel(self) -> None:
        self.dismiss(None)
