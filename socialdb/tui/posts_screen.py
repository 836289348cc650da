"""The start screen: every post in a table, narrowed, sorted and triaged with single keys."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from socialdb.tui import data
from socialdb.tui.cells import plain
from socialdb.tui.data import Filters
from socialdb.tui.triage_actions import TriageActions

#: Rows added to the table at a time: the first page on every re-render, the next ones
#: as the cursor nears the end. Textual's DataTable measures every cell it is given, so
#: this bounds a keystroke's re-render whatever the size of the database.
PAGE_ROWS = 50
COLUMNS: tuple[tuple[str, str, int | None], ...] = (
    ("age", "age", 4), ("author", "author", 18), ("platform", "platform", 8),
    ("reactions", "react", 6), ("velocity", "vel/h", 6), ("lift", "lift", 5),
    ("flags", "N*", 2), ("actions", "act", 4), ("tags", "tags", 14), ("text", "text", None),
)


class PostsScreen(TriageActions, Screen):
    """Posts newest first (or by engagement), with read/marked flags, actions and tags."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "down", "down", show=False),
        Binding("k", "up", "up", show=False),
        Binding("u", "toggle_read", "read"),
        Binding("m", "toggle_marked", "mark"),
        Binding("M", "actions", "actions"),
        Binding("t", "tag", "tag"),
        Binding("s", "cycle_sort", "sort"),
        Binding("slash", "search", "search"),
        Binding("f", "filters", "filter"),
        Binding("o", "open_link", "open"),
        Binding("g", "reload", "refresh"),
        Binding("p", "profiles", "profiles"),
        Binding("h", "runs", "runs"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.by_id: dict[str, dict] = {}
        self.matching: list[dict] = []
        self.sort = "newest"
        self.filters = Filters()
        self.search_text = ""
        self.loaded = False
        self.measures: dict[str, dict] = {}
        self.shown_count = 0
        self._sorted: list[dict] = []
        self._sorted_key: tuple[int, str] | None = None
        self._narrowed: tuple[Filters, str, list[dict]] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("loading posts…", id="summary", markup=False)
        yield Input(placeholder="filter: author or text (enter keeps it, escape clears)",
                    id="search")
        table: DataTable = DataTable(id="posts", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#search", Input).display = False
        self.table.focus()
        self.action_reload()
        self.set_interval(self.app.refresh_seconds, self.action_reload)

    def on_resize(self) -> None:
        if self.loaded:
            self.render_table()

    @property
    def table(self) -> DataTable:
        return self.query_one("#posts", DataTable)

    # -- loading and rendering ---------------------------------------------------------
    def action_reload(self) -> None:
        """Read every post again (g, the timer); the cursor stays on the same post.

        Two reads: the posts from the base tables (painted at once), then the analytics
        measures (velocity, lift, rising score), merged in when they arrive.
        """
        self.app.db_call(lambda: data.load_posts(self.app.db), self._loaded)

    def _loaded(self, snapshot: data.PostsSnapshot) -> None:
        if self.measures:  # until the new measures arrive, show the previous ones
            data.merge_measures(snapshot.rows, self.measures)
        self.rows = snapshot.rows
        self.by_id = {row["post_id"]: row for row in self.rows}
        self.loaded = True
        self.render_table()
        self.app.db_call(lambda: data.load_measures(self.app.db), self._measured)

    def _measured(self, measures: dict[str, dict]) -> None:
        self.measures = measures
        data.merge_measures(self.rows, measures)
        self.render_table()

    def current_post_id(self) -> str | None:
        """The post under the cursor, or None when the table is empty."""
        if not self.matching or not self.table.row_count:
            return None
        index = min(self.table.cursor_row, len(self.matching) - 1)
        return self.matching[max(index, 0)]["post_id"]

    def current_row(self) -> dict | None:
        post_id = self.current_post_id()
        return self.by_id.get(post_id) if post_id else None

    def render_table(self) -> None:
        """Apply filters, text and sort, refill the table and keep the cursor's post."""
        keep = self.current_post_id()
        old_index = self.table.cursor_row
        self.matching = self._select()
        table = self.table
        table.clear()
        self.shown_count = 0
        index = next((i for i, row in enumerate(self.matching) if row["post_id"] == keep), None)
        if index is None:
            index = min(max(old_index, 0), max(len(self.matching) - 1, 0))
        self._add_pages(until=index)
        if self.matching:
            table.move_cursor(row=index, animate=False)
        self._summarize()

    def _select(self) -> list[dict]:
        """The matching rows; typing more of the same text narrows the previous result."""
        if self._sorted_key != (id(self.rows), self.sort):
            self._sorted = data.sort_rows(self.rows, self.sort)
            self._sorted_key = (id(self.rows), self.sort)
            self._narrowed = None
        previous = self._narrowed
        text = self.search_text.strip().lower()
        if previous and previous[0] == self.filters and text.startswith(previous[1]):
            source = previous[2]
        else:
            source = self._sorted
        matching = data.select_rows(source, self.filters, text, None)
        self._narrowed = (self.filters, text, matching)
        return matching

    def _add_pages(self, until: int = 0) -> None:
        """Add rows page by page until row ``until`` (and one page at least) is in the table."""
        while self.shown_count < len(self.matching) and (
                self.shown_count <= until or self.shown_count == 0):
            page = self.matching[self.shown_count:self.shown_count + PAGE_ROWS]
            self.table.add_rows([self._cells(row) for row in page])
            self.shown_count += len(page)

    @on(DataTable.RowHighlighted, "#posts")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.shown_count - 10:
            self._add_pages(until=self.shown_count)

    def _summarize(self) -> None:
        parts = [f"sort {self.sort}", f"{len(self.matching):,} of {len(self.rows):,} posts"]
        if self.search_text:
            parts.append(f"text {self.search_text!r}")
        parts.extend(self.filters.active())
        self.query_one("#summary", Static).update(" · ".join(parts), layout=False)

    def _cells(self, row: dict) -> list:
        tags = ",".join(row["tags"])
        return [
            data.age(row["posted_at"]), *plain(row["author_username"] or "",
                                               row.get("platform") or ""),
            Text(data.number(row["latest_reactions"]), justify="right"),
            Text(data.number(row.get("velocity_24h"), 1), justify="right"),
            Text(data.number(row.get("lift_24h"), 1, "×"), justify="right"),
            Text(data.flags(row), style="bold yellow"),
            Text(data.action_letters(row["queued"]), style="magenta"),
            *plain(tags, style="cyan"), *plain((row["preview"] or "")[:self._text_width()]),
        ]

    def _text_width(self) -> int:
        """Room left for the text preview (so the table never scrolls sideways)."""
        fixed = sum((width or 0) + 2 for _key, _label, width in COLUMNS)
        return max(self.size.width - fixed - 2, 10)

    def _refresh_row(self, row: dict) -> None:
        """Redraw one row in place after a change (no full re-render)."""
        try:
            index = next(i for i, r in enumerate(self.matching[:self.shown_count])
                         if r["post_id"] == row["post_id"])
        except StopIteration:
            return
        for column, value in zip(COLUMNS, self._cells(row), strict=True):
            self.table.update_cell_at((index, [c[0] for c in COLUMNS].index(column[0])), value)

    # -- moving ------------------------------------------------------------------------
    def action_down(self) -> None:
        self.table.action_cursor_down()

    def action_up(self) -> None:
        self.table.action_cursor_up()

    @on(DataTable.RowSelected, "#posts")
    def open_post(self, event: DataTable.RowSelected) -> None:
        """Enter: the post screen; the post becomes read."""
        row = self.current_row()
        if row is None:
            return
        from socialdb.tui.post_screen import PostScreen

        if not row["is_read"]:
            self._write_flag(row, "is_read", True)
        self.app.push_screen(PostScreen(row["post_id"]), lambda _id: self.action_reload())

    # -- narrowing and order ---------------------------------------------------------
    def action_cycle_sort(self) -> None:
        self.sort = data.next_sort(self.sort)
        self.render_table()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def narrow(self, event: Input.Changed) -> None:
        self.search_text = event.value
        self.render_table()

    @on(Input.Submitted, "#search")
    def keep_search(self, event: Input.Submitted) -> None:
        self.table.focus()
        event.input.display = bool(event.value)

    def key_escape(self) -> None:
        """Escape in the filter line clears it."""
        search = self.query_one("#search", Input)
        if search.has_focus or self.search_text:
            search.value = ""
            search.display = False
            self.table.focus()

    def action_filters(self) -> None:
        from socialdb.tui.filter_panel import FilterPanel

        def chosen(filters: Filters | None) -> None:
            if filters is not None:
                self.filters = filters
                self.render_table()

        self.app.push_screen(FilterPanel(self.filters), chosen)

    def action_profiles(self) -> None:
        from socialdb.tui.profiles_screen import ProfilesScreen

        self.app.push_screen(ProfilesScreen())

    def action_runs(self) -> None:
        from socialdb.tui.runs_screen import RunsScreen

        self.app.push_screen(RunsScreen())
