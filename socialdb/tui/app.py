"""The triage app: screens over the managers, every database call off the UI thread.

Living beside the pipeline: the managers open one short connection per call and
close it, so the app never keeps a connection (or the write lock) between actions.
Every read and write runs in a worker thread, one at a time in the order the person asked
for them, so a write that waits for an ingest's lock never freezes
the screen: the Database's ``on_wait`` turns the wait into a status line.
"""

from __future__ import annotations

import asyncio
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import duckdb
from textual.app import App
from textual.binding import Binding, BindingType
from textual.widgets import Static

from socialdb.db import Database
from socialdb.errors import SocialDBError
from socialdb.tui.cells import shown

#: Seconds between automatic refreshes of the posts screen.
REFRESH_SECONDS = 60.0


class TriageApp(App):
    """`socialdb tui`: read, mark, tag and queue actions on posts."""

    TITLE = "socialdb"
    CSS_PATH = "triage.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "quit"),
        Binding("question_mark", "help", "keys"),
    ]

    def __init__(self, db_path: str | Path | None = None, *,
                 lock_timeout: float | None = None,
                 opener: Callable[[str], Any] = webbrowser.open,
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        super().__init__()
        self.db = Database(db_path, lock_timeout=lock_timeout, on_wait=self._lock_wait)
        self.opener = opener
        self.refresh_seconds = refresh_seconds
        self._turns = threading.Condition()  # database calls run one at a time, in order
        self._tickets = 0
        self._serving = 0
        self.sub_title = str(self.db.path)

    def on_mount(self) -> None:
        from socialdb.tui.posts_screen import PostsScreen

        self.push_screen(PostsScreen())

    # -- the database, off the UI thread --------------------------------------------
    def db_call(self, work: Callable[[], Any], done: Callable[[Any], None] | None = None,
                *, failed: Callable[[SocialDBError], None] | None = None,
                busy: str | None = None) -> None:
        """Run ``work`` (manager calls) in a worker thread, then ``done(result)`` here.

        A SocialDBError (locked, not found, conflict, invalid) becomes the status line
        and ``failed(error)``; the app never shows a traceback for one.
        """
        if busy:
            self.set_status(busy)

        ticket = self._tickets
        self._tickets += 1

        def run() -> None:
            with self._turns:
                self._turns.wait_for(lambda: self._serving == ticket)
            try:
                result = work()
            except SocialDBError as error:
                self.call_from_thread(self._failed, error, failed)
                return
            except duckdb.Error as error:  # e.g. a disk error: say so, keep the app open
                problem = SocialDBError(f"database error: {str(error).splitlines()[0]}")
                self.call_from_thread(self._failed, problem, failed)
                return
            finally:
                with self._turns:
                    self._serving += 1
                    self._turns.notify_all()
            self.call_from_thread(self._done, result, done, busy)

        self.run_worker(run, thread=True, group="db", exit_on_error=True)

    def _done(self, result: Any, done: Callable[[Any], None] | None, busy: str | None) -> None:
        if busy or self.status_text.startswith("database"):
            self.set_status("")
        if done is not None:
            done(result)

    def _failed(self, error: SocialDBError,
                failed: Callable[[SocialDBError], None] | None) -> None:
        self.set_status(f"error: {error}", error=True)
        if failed is not None:
            failed(error)

    def _lock_wait(self, message: str) -> None:
        """Database.on_wait: called in the worker while it waits for the lock."""
        if threading.current_thread() is threading.main_thread():
            self.set_status(message)
        else:
            self.call_from_thread(self.set_status, message)

    # -- the status line every screen shows ------------------------------------------
    status_text = ""

    def set_status(self, text: str, *, error: bool = False) -> None:
        """Show one line above the footer of the current screen."""
        text = shown(text)  # error messages may quote stored names
        self.status_text = text
        for widget in self.screen.query("#status").results(Static):
            widget.update(text, layout=False)  # one fixed line: no re-layout
            widget.set_class(error, "error")

    # -- app-wide keys ---------------------------------------------------------------
    async def action_quit(self) -> None:
        """Quit once every change asked for is stored (a mark pressed just before `q`)."""
        if self._serving < self._tickets:
            self.set_status("saving the last changes before quitting…")
        while self._serving < self._tickets:
            await asyncio.sleep(0.02)
        self.exit()

    def action_help(self) -> None:
        from socialdb.tui.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_url(self, url: str | None) -> None:
        """Open a post's link in the browser, else say there is none."""
        if not url:
            self.set_status("this post has no link")
            return
        try:
            opened = self.opener(url)
        except Exception as error:  # a browser launcher failing must not end the app
            opened = False
            self.set_status(f"could not open a browser ({error}); link copied: {url}")
        if opened is False:
            self.copy_to_clipboard(url)
            self.set_status(f"no browser here; link copied to the clipboard: {url}")
        else:
            self.set_status(f"opened {url}")


def run(db_path: str | Path | None = None) -> None:
    """Start the app in this terminal (used by `socialdb tui`)."""
    TriageApp(db_path).run()
