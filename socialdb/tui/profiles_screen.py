"""`p`: the watch list with post counts, last sync, baseline and tags; add, toggle, tag, remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from socialdb.managers import ProfileManager, TagManager
from socialdb.tui import data
from socialdb.tui.cells import plain
from socialdb.tui.list_screen import ListScreen


class ProfilesScreen(ListScreen):
    """Profiles by username; every change is one manager call in a worker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "add"),
        Binding("space", "toggle_active", "activate/deactivate"),
        Binding("t", "tag", "tag"),
        Binding("d", "remove", "remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profiles: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("profiles", id="summary")
        table: DataTable = DataTable(id="profiles", cursor_type="row", zebra_stripes=True)
        table.add_columns("username", "name", "platform", "active", "posts", "last sync",
                          "median@24h", "tags", "notes")
        yield table
        yield Static("", id="status", markup=False)
        yield Footer()

    def action_reload(self) -> None:
        self.app.db_call(lambda: data.load_profiles(self.app.db), self._show)

    def _show(self, profiles: list[dict]) -> None:
        table = self.query_one(DataTable)
        keep = self.current()
        keep_name = keep["username"] if keep else None
        self.profiles = profiles
        table.clear()
        for p in profiles:
            synced = f"{p['last_synced_at']:%Y-%m-%d %H:%M}" if p["last_synced_at"] else "never"
            table.add_row(*plain(p["username"], p["name"], p["platform"],
                          Text("yes" if p["is_active"] else "no",
                               style="green" if p["is_active"] else "red"),
                          str(p["post_count"]), synced, data.number(p.get("baseline")),
                          ", ".join(p["tags"]), p["notes"] or ""))
        index = next((i for i, p in enumerate(profiles) if p["username"] == keep_name), 0)
        if profiles:
            table.move_cursor(row=index, animate=False)
        active = sum(1 for p in profiles if p["is_active"])
        self.query_one("#summary", Static).update(
            f"{len(profiles)} profiles, {active} active · a add · space (de)activate · "
            "t tag · d remove")

    def current(self) -> dict | None:
        table = self.query_one(DataTable)
        if not self.profiles or not table.row_count:
            return None
        return self.profiles[min(table.cursor_row, len(self.profiles) - 1)]

    def _change(self, work: Callable[[], object], message: str) -> None:
        def done(_result: object) -> None:
            self.app.set_status(message)
            self.action_reload()

        self.app.db_call(work, done)

    def action_add(self) -> None:
        from socialdb.tui.dialogs import ProfileForm

        def added(values: dict | None) -> None:
            if values:
                self._change(lambda: ProfileManager(self.app.db).add(
                    values["username"], values["name"], notes=values["notes"] or None),
                    f"now watching {values['username']}")

        self.app.push_screen(ProfileForm(), added)

    def action_toggle_active(self) -> None:
        if p := self.current():
            active = not p["is_active"]
            self._change(lambda: ProfileManager(self.app.db).set_active(p["username"], active),
                         f"{p['username']} {'activated' if active else 'deactivated'}")

    def action_tag(self) -> None:
        p = self.current()
        if p is None:
            return
        from socialdb.tui.tag_picker import TagPicker

        db = self.app.db

        def tag(name: str) -> None:
            if name.strip().lower() not in {t["name"] for t in TagManager(db).list()}:
                TagManager(db).add(name)
            ProfileManager(db).tag(p["username"], [name])

        def picked(name: str | None) -> None:
            if name:
                self._change(lambda: tag(name), f"tagged {p['username']}: {name}")

        def ask(names: list[str]) -> None:
            self.app.push_screen(TagPicker(names, f"profile {p['username']}"), picked)

        self.app.db_call(lambda: [t["name"] for t in TagManager(db).list()], ask)

    def action_remove(self) -> None:
        p = self.current()
        if p is None:
            return
        from socialdb.tui.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._change(lambda: ProfileManager(self.app.db).remove(p["username"]),
                             f"removed {p['username']} (its posts stay)")

        self.app.push_screen(ConfirmScreen(
            f"Stop watching and remove {p['username']} ({p['post_count']} posts stay)?"),
            answered)
