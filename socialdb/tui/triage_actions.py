"""The posts screen's triage keys: read/marked flags, queued actions, tags, the link.

A mixin so the posts screen module stays about showing posts. It needs the screen's
``current_row()`` and ``_refresh_row(row)``; every change is one manager call run by
``app.db_call`` in a worker, shown on the screen as soon as it is asked for.
"""

from __future__ import annotations

from typing import Any

from socialdb.errors import ConflictError
from socialdb.managers import ActionQueueManager, PostManager, PostTagManager, TagManager
from socialdb.tui import data


class TriageActions:
    """`u`, `m`, `M`, `t`, `o` on the post under the cursor."""

    app: Any

    def current_row(self) -> dict | None:
        raise NotImplementedError

    def _refresh_row(self, row: dict) -> None:
        raise NotImplementedError

    def action_toggle_read(self) -> None:
        if row := self.current_row():
            self._write_flag(row, "is_read", not row["is_read"])

    def action_toggle_marked(self) -> None:
        if row := self.current_row():
            self._write_flag(row, "is_marked", not row["is_marked"])

    def _write_flag(self, row: dict, name: str, value: bool) -> None:
        """Show the change at once, store it in a worker, undo it on the screen if refused."""
        data.set_flag(row, name, value)
        self._refresh_row(row)
        posts = PostManager(self.app.db)
        setter = posts.set_read if name == "is_read" else posts.set_marked

        def undo(_error: Exception) -> None:
            data.set_flag(row, name, not value)
            self._refresh_row(row)

        self.app.db_call(lambda: setter([row["post_id"]], value), failed=undo)

    def action_actions(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from socialdb.tui.action_picker import ActionPicker

        self.app.push_screen(ActionPicker(row), lambda choice: self._queue(row, choice))

    def _queue(self, row: dict, choice: dict | None) -> None:
        if not choice:
            return
        actions = ActionQueueManager(self.app.db)

        def work() -> tuple[list[str], list[str]]:
            queued, already = [], []
            for action_type in choice["types"]:
                params = {"text": choice["text"]} if action_type == "comment" else None
                try:
                    actions.queue(row["post_id"], action_type, params=params,
                                  note=choice["note"] or None)
                except ConflictError:  # the same action is queued already: keep the others
                    already.append(action_type)
                    continue
                queued.append(action_type)
            return queued, already

        def done(result: tuple[list[str], list[str]]) -> None:
            queued, already = result
            row["queued"] = sorted({*row["queued"], *queued, *already})
            self._refresh_row(row)
            self.app.set_status(
                f"queued {', '.join(queued) or 'nothing'} on {row['post_id']}"
                + (f" ({', '.join(already)} already queued)" if already else ""))

        self.app.db_call(work, done, busy="queueing…")

    def action_tag(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from socialdb.tui.tag_picker import TagPicker

        def picked(name: str | None) -> None:
            if name:
                self._tag(row, name)

        def ask(names: list[str]) -> None:
            self.app.push_screen(TagPicker(names, f"post {row['post_id']}"), picked)

        self.app.db_call(lambda: [t["name"] for t in TagManager(self.app.db).list()], ask)

    def _tag(self, row: dict, name: str) -> None:
        db = self.app.db

        def work() -> list[str]:
            existing = {t["name"] for t in TagManager(db).list()}
            if name.strip().lower() not in existing:
                TagManager(db).add(name)
            return sorted(t["name"] for t in PostTagManager(db).tag(row["post_id"], [name]))

        def done(tags: list[str]) -> None:
            row["tags"] = tags
            self._refresh_row(row)
            self.app.set_status(f"tagged {row['post_id']}: {', '.join(tags)}")

        self.app.db_call(work, done)

    def action_open_link(self) -> None:
        if row := self.current_row():
            self.app.db_call(lambda: PostManager(self.app.db).get(row["post_id"])["url"],
                             self.app.open_url)
