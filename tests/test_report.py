"""`socialdb report` and the engagement_report asset: one self-contained HTML file,
opened in Debian's chromium with every network request refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dagster import materialize

from assets.analytics import engagement_report
from assets.sources import SOURCE_SPECS
from pipelines.resources import SocialDBResource
from tests.analytics_corpus import URNS, write_corpus
from tests.helpers import scalar

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-dev-shm-usage"]


@pytest.fixture
def report(cli, tmp_path: Path) -> Path:
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    out = tmp_path / "out" / "engagement.html"
    result = cli("report", "--out", str(out), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["path"] == str(out) and summary["rising_posts"] > 0
    assert summary["profiles_charted"] == 2 and summary["curves"] == summary["rising_posts"]
    return out


def test_report_is_self_contained_and_shows_the_rising_posts(report: Path, db_path: Path):
    html = report.read_text(encoding="utf-8")
    # nothing to fetch: no scripts, stylesheets, images or fonts from anywhere
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img|url\(|@import", html)
    spike = scalar(db_path, f"SELECT post_id FROM posts WHERE urn = '{URNS['a3_spike']}'")
    first_row = html.index('<td class="num">1</td>')
    assert spike in html[first_row:first_row + 400]  # the spike is rising post #1
    assert html.count("<svg") == 1 + 6  # the daily chart + one panel per top post (6)
    assert "ana-spike median" in html and "bo-steady" in html


@pytest.mark.browser
def test_report_renders_its_charts_in_chromium_offline(report: Path, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian chromium is required: apt-get install -y chromium"
    requested: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, offline=True)

        def refuse(route) -> None:
            requested.append(route.request.url)
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", refuse)
        page = context.new_page()
        page.goto(report.as_uri())
        charts = page.locator("svg.chart")
        assert charts.count() == 1 + 6
        for index in range(charts.count()):
            box = charts.nth(index).bounding_box()
            assert box and box["width"] > 200 and box["height"] > 150  # laid out, visible
        assert page.locator("svg.chart path.line").count() >= 2 + 6 * 2  # lines were drawn
        assert page.locator("svg.chart circle.dot").count() > 20
        assert page.locator("#rising table tr").count() > 2
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert [u for u in requested if not u.startswith("file://")] == []
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


def test_engagement_report_asset_writes_the_file_with_its_path(cli, tmp_path, db_path, instance):
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    out = tmp_path / "dagster" / "report.html"
    resources = {"socialdb": SocialDBResource(database_path=str(db_path),
                                              landing_dir=str(tmp_path / "raw"))}
    result = materialize([*SOURCE_SPECS, engagement_report], resources=resources,
                         instance=instance, selection=[engagement_report],
                         run_config={"ops": {"engagement_report": {
                             "config": {"out_path": str(out)}}}})
    assert result.success and out.is_file()
    metadata = result.get_asset_materialization_events()[0].materialization.metadata
    assert metadata["path"].value == str(out)
    assert metadata["rising_posts"].value == scalar(db_path, "SELECT count(*) FROM rising_posts")


def test_report_errors_are_one_line(cli, tmp_path: Path):
    assert cli("ingest", str(write_corpus(tmp_path / "raw"))).exit_code == 0
    folder = cli("report", "--out", str(tmp_path))
    assert folder.exit_code == 2 and "is a directory" in folder.output  # click's usage error
    top = cli("report", "--top", "0")
    assert top.exit_code == 6 and top.output.count("\n") == 1 and "--top" in top.output
