"""What a person sees in the Dagster UI: the asset graph and a successful run page.

Drives Debian's /usr/bin/chromium through the playwright package (never
`playwright install`). Shares the `dagster dev` server and its finished backfill
with tests/test_e2e_dagster.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.dagster_ui import INGEST_TABLES, BackfilledUI
from tests.helpers import query

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.browser, pytest.mark.e2e]


@pytest.fixture
def ui(dagster_ui: BackfilledUI) -> BackfilledUI:
    return dagster_ui


@pytest.fixture(scope="module")
def page():
    assert Path(CHROMIUM).exists(), "Debian chromium is required: apt-get install -y chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1600, "height": 1000})
        context.set_default_timeout(60_000)
        yield context.new_page()
        browser.close()


def test_asset_graph_and_run_page_show_what_happened(ui: BackfilledUI, page, tmp_path):
    # the ingest group's lineage: raw files -> the four tables -> post_tags
    page.goto(f"{ui.server.url}/locations/socialdb/asset-groups/ingest")
    for name in ("raw_apify_files", *INGEST_TABLES, "post_tags"):
        expect(page.get_by_text(name, exact=True).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("3 / 3 Passed").first).to_be_visible()  # posts' checks
    graph_shot = tmp_path / "asset-graph.png"
    page.screenshot(path=str(graph_shot), full_page=True)
    assert graph_shot.stat().st_size > 10_000

    # the backfill's run: succeeded, and its events show the download_runs row id
    row_id = query(ui.db_path, "SELECT run_id FROM download_runs WHERE dagster_run_id = ?",
                   [ui.run_id])[0][0]
    page.goto(f"{ui.server.url}/runs/{ui.run_id}")
    expect(page.get_by_text("Success", exact=True).first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("ingest_raw_files").first).to_be_visible()
    expect(page.get_by_text(row_id).first).to_be_visible()
    run_shot = tmp_path / "run-page.png"
    page.screenshot(path=str(run_shot), full_page=True)
    assert run_shot.stat().st_size > 10_000
    print(f"screenshots: {graph_shot} {run_shot}")
