"""One post: text, author, times, link, media, tags, actions, engagement chart and snapshots."""

from __future__ import annotations

import json
from typing import ClassVar

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from socialdb.managers import PostManager
from socialdb.tui import data
from socialdb.tui.cells import json_text, plain, shown
from socialdb.tui.chart import engagement_chart


def _when(value: object) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value is not None else "–"


class PostScreen(Screen):
    """Details of one post; escape goes back, r toggles the raw JSON."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "back"),
        Binding("r", "raw", "raw JSON"),
        Binding("o", "open_link", "open"),
        Binding("m", "toggle_marked", "mark"),
        Binding("u", "toggle_read", "read"),
    ]

    def __init__(self, post_id: str) -> None:
        super().__init__()
        self.post_id = post_id
        self.post: dict | None = None
        self.raw_shown = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="details"):
            yield Static(f"loading {self.post_id}…", id="meta")
            yield Static("", id="body")
            yield Static("", id="media")
            yield Static("", id="labels")
            yield Static("", id="chart")
            yield DataTable(id="snapshots", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="raw"):
            yield Static("", id="raw-json", markup=False)
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#raw").display = False
        self.load()

    def load(self) -> None:
        self.app.db_call(lambda: data.load_post(self.app.db, self.post_id), self.show)

    def show(self, post: dict) -> None:
        """Fill every section from the post the managers returned."""
        self.post = post
        flags = ", ".join(
            [("read" if post["is_read"] else "unread")] + (["marked"] if post["is_marked"] else []))
        self.query_one("#meta", Static).update(
            f"[b]{escape(shown(post['author_username'] or '?'))}[/b] on "
            f"{escape(shown(post['platform']))} · {escape(shown(post['post_type'] or ''))}"
            f" · {post['post_id']} (urn {escape(shown(post['urn']))})\n"
            f"posted {_when(post['posted_at'])} ({data.age(post['posted_at'])} ago) · first seen "
            f"{_when(post['first_seen_at'])} · {flags}\n"
            f"link: {escape(shown(post['url'] or 'none'))}\n"
            f"reactions {data.number(post['latest_reactions'])} · "
            f"{post['snapshots'] or 0} snapshots · growth since first "
            f"{data.number(post['growth_since_first'])}")
        self.query_one("#body", Static).update(
            Text(shown(post["text_content"] or "(no text)"), style="white"))
        self.query_one("#media", Static).update(self._media(post["media"]))
        self.query_one("#labels", Static).update(self._labels(post))
        self.query_one("#chart", Static).update(Text.assemble(
            ("engagement: reactions by the post's age\n", "bold"),
            engagement_chart(data.history_points(post), post.get("median_curve"),
                             width=max(self.size.width - 14, 20), height=8)))
        table = self.query_one("#snapshots", DataTable)
        table.clear(columns=True)
        table.add_columns("snapshot", "reactions", "growth", "age", "file")
        for snap in post["history"]:
            age_h = (snap["downloaded_at"] - post["posted_at"]).total_seconds() / 3600
            table.add_row(*plain(_when(snap["downloaded_at"]),
                                 data.number(snap["total_reactions"]),
                                 data.number(snap["growth"]), f"{age_h:,.1f}h",
                                 snap["source_file_name"] or ""))

    @staticmethod
    def _media(media: list[dict]) -> Text:
        if not media:
            return Text("media: none", style="dim")
        out = Text("media:\n", style="bold")
        for item in media:
            parts = [item["media_type"],
                     f"{item['width']}×{item['height']}" if item["width"] else "",
                     item["mime_type"] or "", item["media_url"],
                     f"local file {item['local_file_path']}" if item["local_file_path"] else ""]
            out.append("  " + shown(" · ".join(p for p in parts if p)) + "\n")
        return out

    @staticmethod
    def _labels(post: dict) -> Text:
        out = Text("tags: ", style="bold")
        if not post["tags"]:
            out.append("none", style="dim")
        for tag in post["tags"]:
            out.append(shown(tag["name"]), style=tag["color"] or "cyan")
            out.append(f" (by {tag['applied_by']}, {tag['confidence']:.2f})  ")
        out.append("\nqueued actions: ", style="bold")
        if not post["actions"]:
            out.append("none", style="dim")
        for action in post["actions"]:
            note = f" “{action['user_notes']}”" if action["user_notes"] else ""
            params = f" {action['action_params']}" if action["action_params"] else ""
            out.append(shown(f"\n  {action['action_type']} [{action['status']}]{params}{note}"))
        return out

    def action_back(self) -> None:
        if self.raw_shown:
            self.action_raw()
            return
        self.dismiss(self.post_id)

    def action_raw(self) -> None:
        """Show the record exactly as scraped (pretty-printed), or the details again."""
        self.raw_shown = not self.raw_shown
        self.query_one("#details").display = not self.raw_shown
        self.query_one("#raw").display = self.raw_shown
        if self.raw_shown:
            self.app.db_call(lambda: PostManager(self.app.db).raw_json(self.post_id),
                             self._raw_loaded)

    def _raw_loaded(self, raw: str | None) -> None:
        try:
            text = json_text(json.loads(raw or "null"))
        except json.JSONDecodeError:
            text = shown(raw or "")
        self.query_one("#raw-json", Static).update(text or "(no raw JSON stored)")

    def action_open_link(self) -> None:
        if self.post:
            self.app.open_url(self.post["url"])

    def action_toggle_marked(self) -> None:
        if self.post:
            value = not self.post["is_marked"]
            self.app.db_call(lambda: PostManager(self.app.db).set_marked([self.post_id], value),
                             lambda _ids: self.load())

    def action_toggle_read(self) -> None:
        if self.post:
            value = not self.post["is_read"]
            self.app.db_call(lambda: PostManager(self.app.db).set_read([self.post_id], value),
                             lambda _ids: self.load())
