"""`h`: the download_runs history, and for a run its files with every rejection's reason."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from socialdb.managers import DownloadManager
from socialdb.tui.cells import plain, shown
from socialdb.tui.list_screen import ListScreen

RUNS_SHOWN = 500
_STATUS_STYLE = {"completed": "green", "failed": "red", "running": "yellow"}


class RunsScreen(ListScreen):
    """Runs newest first; enter shows the selected run's files and problems."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("runs", id="summary")
        table: DataTable = DataTable(id="runs", cursor_type="row", zebra_stripes=True)
        table.add_columns("started", "status", "run", "script", "partition", "records", "new",
                          "updated", "snapshots", "files", "seconds", "dagster run", "problems")
        yield table
        with VerticalScroll(id="run-detail"):
            yield Static("enter: the run's files and rejected input", id="run-files",
                         markup=False)
        yield Static("", id="status", markup=False)
        yield Footer()

    def action_reload(self) -> None:
        self.app.db_call(lambda: DownloadManager(self.app.db).list_runs(limit=RUNS_SHOWN),
                         self._show)

    def _show(self, runs: list[dict]) -> None:
        self.runs = runs
        table = self.query_one(DataTable)
        table.clear()
        for r in runs:
            table.add_row(*plain(
                f"{r['started_at']:%Y-%m-%d %H:%M:%S}" if r["started_at"] else "–",
                Text(r["status"], style=_STATUS_STYLE.get(r["status"], "")), r["run_id"],
                r["script_name"] or "", r["partition_key"] or "", str(r["posts_fetched"] or 0),
                str(r["posts_new"] or 0), str(r["posts_updated"] or 0), str(r["snapshots"]),
                str(r["files"]),
                f"{r['duration_seconds']:.1f}" if r["duration_seconds"] is not None else "–",
                r["dagster_run_id"] or "",
                Text("yes", style="red") if r["has_errors"] else ""))
        self.query_one("#summary", Static).update(
            f"{len(runs)} runs (newest first) · enter shows files and rejections")

    @on(DataTable.RowSelected, "#runs")
    def detail(self, _event: DataTable.RowSelected) -> None:
        table = self.query_one(DataTable)
        if not self.runs:
            return
        run_id = self.runs[min(table.cursor_row, len(self.runs) - 1)]["run_id"]
        self.app.db_call(lambda: DownloadManager(self.app.db).get_run(run_id), self._detail)

    def _detail(self, run: dict) -> None:
        lines = [f"run {run['run_id']} · {run['status']} · dagster run "
                 f"{run.get('dagster_run_id') or '–'} · {len(run['files'])} files"]
        if run.get("error_message"):
            lines += ["problems:", *("  " + ln for ln in str(run["error_message"]).splitlines())]
        rejected = [f for f in run["files"] if f["status"] != "ingested" or f["error"]]
        lines.append(f"rejected or partial files: {len(rejected)}")
        lines += [f"  {f['file_name']} [{f['status']}] {f['error'] or ''}" for f in rejected]
        lines.append("files read:")
        lines += [f"  {f['file_name']} [{f['status']}] {f['records_read'] or 0} records, "
                  f"{f['records_rejected'] or 0} rejected" for f in run["files"]]
        self.query_one("#run-files", Static).update(shown("\n".join(lines)))
