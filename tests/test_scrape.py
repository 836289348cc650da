"""The scrape domain (socialdb.scrape) driven through the real apify-client and a fake API."""

from __future__ import annotations

import json
import os
import pickle
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apify_client import ApifyClient
from fake_apify import Behavior, FakeApify, iter_text, make_posts

from socialdb.apify.files import discover, scrape_time_from_name, username_from_name
from socialdb.db import Database
from socialdb.scrape import (
    ProfileScrape,
    ScrapeReport,
    ScrapeSettings,
    active_usernames,
    ingest_scrape,
    mark_synced,
    scrape_active_profiles,
    scrape_and_ingest,
    scrape_ingest_options,
    scrape_profiles,
    write_dataset_file,
)
from socialdb.scrape import writer as writer_mod

FINISHED = datetime(2025, 10, 2, 12, 11, 46, 417000, tzinfo=UTC)
FAST = ScrapeSettings(limit=7, run_timeout_secs=30, wait_secs=5)


@pytest.fixture
def fake() -> Iterator[FakeApify]:
    """A running fake Apify API on 127.0.0.1."""
    with FakeApify() as server:
        yield server


def make_client(fake: FakeApify, token: str | None = None, timeout: float = 3.0) -> ApifyClient:
    """The real client pointed at the fake, with small retries and timeouts."""
    limit = timedelta(seconds=timeout)
    return ApifyClient(
        token or fake.token, api_url=fake.url, api_public_url=fake.url, max_retries=1,
        min_delay_between_retries=timedelta(milliseconds=10), timeout_short=limit,
        timeout_medium=limit, timeout_long=limit, timeout_max=limit,
    )


def add_profiles(db: Database, *rows: tuple[str, bool]) -> None:
    """Watch-list rows (username, is_active)."""
    with db.transaction() as con:
        for number, (username, active) in enumerate(rows, start=1):
            con.execute(
                "INSERT INTO profiles (profile_id, username, name, is_active) VALUES (?, ?, ?, ?)",
                [f"prof-{number:08x}", username, username.title(), active],
            )


def test_each_profile_lands_as_one_json_array_in_the_legacy_layout(
    fake: FakeApify, tmp_path: Path
) -> None:
    fake.behaviors["alice"] = Behavior(items=make_posts("alice", 4), finished_at=FINISHED)
    report = scrape_profiles(make_client(fake), ["alice", "bob-2"], tmp_path, FAST)

    assert [r.ok for r in report.results] == [True, True]
    alice = report.results[0]
    expected = tmp_path / "20251002" / "linkedin" / "dataset_alice_2025-10-02_12-11-46-417.json"
    assert alice.path == expected
    assert json.loads(expected.read_text(encoding="utf-8")) == make_posts("alice", 4)
    assert "données, ünïcode ✓ 💡" in expected.read_text(encoding="utf-8")  # UTF-8, not \\u escapes
    assert alice.items == 4 and alice.finished_at == FINISHED.replace(tzinfo=None)
    assert scrape_time_from_name(expected.name) == alice.finished_at
    assert username_from_name(expected.name) == "alice"
    bob = report.results[1]
    assert bob.path is not None and bob.path.parent.name == "linkedin"
    assert json.loads(bob.path.read_text(encoding="utf-8")) == make_posts("bob-2", 3)
    # discover() (the ingest and the sensor) sees exactly the two files, nothing temporary
    assert discover([tmp_path])[0] == sorted(report.files)


def test_every_profile_is_its_own_actor_call_with_the_documented_input(
    fake: FakeApify, tmp_path: Path
) -> None:
    scrape_profiles(make_client(fake), ["alice", "bob", "alice"], tmp_path, FAST)

    assert fake.run_inputs() == [
        {"username": "alice", "page_number": 1, "limit": 7},
        {"username": "bob", "page_number": 1, "limit": 7},
    ]
    starts = [r for r in fake.requests if r.method == "POST"]
    assert {r.path for r in starts} == {"/v2/actors/apimaestro~linkedin-profile-posts/runs"}
    assert starts[0].query["timeout"] == ["30"] and starts[0].query["maxItems"] == ["7"]


def test_dataset_is_read_page_by_page(fake: FakeApify, tmp_path: Path) -> None:
    items = make_posts("many", 11)
    fake.behaviors["many"] = Behavior(items=items)
    settings = ScrapeSettings(limit=11, wait_secs=5, page_size=4)
    report = scrape_profiles(make_client(fake), ["many"], tmp_path, settings)

    pages = fake.requests_to("/items")
    assert [(p.query["offset"], p.query["limit"]) for p in pages][:3] == [
        (["0"], ["4"]), (["4"], ["4"]), (["8"], ["4"])]
    assert report.results[0].items == 11
    assert json.loads(report.files[0].read_text(encoding="utf-8")) == items


def test_a_failing_profile_is_recorded_and_the_others_go_on(
    fake: FakeApify, tmp_path: Path
) -> None:
    fake.behaviors.update({
        "failed": Behavior(status="FAILED", status_message="LinkedIn profile not found"),
        "timedout": Behavior(status="TIMED-OUT"),
        "aborted": Behavior(status="ABORTED"),
        "broken": Behavior(start_error=500),
        "rejected": Behavior(start_error=400),
    })
    names = ["alice", "failed", "timedout", "aborted", "broken", "rejected", "zoe"]
    report = scrape_profiles(make_client(fake), names, tmp_path, FAST)

    outcome = {r.username: (r.ok, r.reason) for r in report.results}
    assert [r.username for r in report.results] == names
    assert outcome["alice"] == (True, None) and outcome["zoe"] == (True, None)
    assert outcome["failed"][1].endswith("ended FAILED: LinkedIn profile not found")
    assert "ended TIMED-OUT" in outcome["timedout"][1]
    assert "ended ABORTED" in outcome["aborted"][1]
    assert outcome["broken"][1].startswith("HTTP 500 run-failed-to-start")
    assert outcome["rejected"][1].startswith("HTTP 400 run-failed-to-start")
    assert len(report.failed) == 5
    assert sorted(p.name.split("_")[1] for p in report.files) == ["alice", "zoe"]
    assert sorted(discover([tmp_path])[0]) == sorted(report.files)
    assert report.problems()[0].startswith("scrape failed: Apify run ")


def test_no_posts_is_an_empty_array_and_an_error_only_dataset_is_a_failure(
    fake: FakeApify, tmp_path: Path
) -> None:
    fake.behaviors["quiet"] = Behavior(items=[])
    fake.behaviors["gone"] = Behavior(items=[{"error": "Profile not found", "username": "gone"}])
    report = scrape_profiles(make_client(fake), ["quiet", "gone"], tmp_path, FAST)

    quiet, gone = report.results
    assert quiet.ok and quiet.items == 0 and quiet.path is not None
    assert json.loads(quiet.path.read_text(encoding="utf-8")) == []
    assert not gone.ok and gone.path is None
    assert gone.reason == "Apify run run0000000000002 returned only an error: Profile not found"
    assert report.files == [quiet.path]


def test_a_run_that_never_finishes_times_out_is_aborted_and_the_others_go_on(
    fake: FakeApify, tmp_path: Path
) -> None:
    fake.behaviors["stuck"] = Behavior(status=None)
    settings = ScrapeSettings(limit=5, wait_secs=1)
    started = time.monotonic()
    report = scrape_profiles(make_client(fake), ["stuck", "alice"], tmp_path, settings)

    assert time.monotonic() - started < 8
    stuck, alice = report.results
    assert not stuck.ok and stuck.reason is not None
    assert stuck.reason.startswith("timed out: Apify run") and "still RUNNING" in stuck.reason
    assert stuck.reason.endswith("the run was aborted")
    assert fake.aborted_runs() == ["stuck"]
    assert alice.ok and alice.items == 3


def test_an_http_timeout_fails_only_that_profile(fake: FakeApify, tmp_path: Path) -> None:
    fake.behaviors["slow"] = Behavior(items_delay=2.0)
    report = scrape_profiles(make_client(fake, timeout=0.4), ["slow", "alice"], tmp_path, FAST)

    slow, alice = report.results
    assert not slow.ok and slow.reason is not None and slow.reason.startswith("timed out")
    assert slow.path is None and alice.ok
    assert [p.name for p in report.files] == [alice.path.name]


def test_writes_are_atomic_no_partial_json_is_ever_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen_during_write: list[tuple[list[Path], list[str]]] = []
    real_fsync = os.fsync

    def watching_fsync(fd: int) -> None:
        names = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
        seen_during_write.append((discover([tmp_path])[0], names))
        real_fsync(fd)

    monkeypatch.setattr(writer_mod.os, "fsync", watching_fsync)
    path = write_dataset_file(tmp_path, "alice", FINISHED.replace(tzinfo=None), make_posts("a", 2))

    candidates, names = seen_during_write[0]
    assert candidates == []  # nothing under a .json data-file name before the rename
    assert len(names) == 1 and names[0].startswith(".dataset_alice_") and names[0].endswith(".tmp")
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [path.name]

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer_mod.os, "replace", failing_replace)
    with pytest.raises(OSError):
        write_dataset_file(tmp_path, "bob", FINISHED.replace(tzinfo=None), make_posts("b", 2))
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [path.name]  # temp removed


def test_a_failed_write_is_recorded_for_that_profile(
    fake: FakeApify, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer_mod.os, "replace", failing_replace)
    report = scrape_profiles(make_client(fake), ["alice"], tmp_path, FAST)
    assert report.results[0].reason == "cannot write the file: [Errno 28] No space left on device"
    assert discover([tmp_path])[0] == []


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    when = FINISHED.replace(tzinfo=None)
    first = write_dataset_file(tmp_path, "alice", when, [{"n": 1}])
    second = write_dataset_file(tmp_path, "alice", when, [{"n": 2}])
    assert first != second and second.name == "dataset_alice_2025-10-02_12-11-46-418.json"
    assert json.loads(first.read_text()) == [{"n": 1}]


def test_the_token_travels_only_in_the_authorization_header_and_is_redacted(
    fake: FakeApify, tmp_path: Path
) -> None:
    fake.behaviors["leaky"] = Behavior(start_error=400, echo_auth_in_error=True)
    report = scrape_profiles(make_client(fake), ["leaky", "alice"], tmp_path, FAST)

    assert all(r.headers["authorization"] == f"Bearer {fake.token}" for r in fake.requests)
    assert not any(fake.token in text for text in iter_text(fake))
    leaky = report.results[0]
    assert leaky.reason is not None and "Bearer ***" in leaky.reason
    assert fake.token not in json.dumps(report.summary())


def test_a_rejected_token_stops_further_calls(fake: FakeApify, tmp_path: Path) -> None:
    report = scrape_profiles(make_client(fake, token="wrong"), ["a", "b", "c"], tmp_path, FAST)

    assert [r.ok for r in report.results] == [False, False, False]
    assert report.results[0].reason is not None
    assert report.results[0].reason.startswith("HTTP 401 token-not-valid")
    assert report.results[2].reason == f"not attempted: {report.results[0].reason}"
    assert len(fake.requests) == 1


def test_a_username_that_would_escape_the_landing_folder_is_refused(
    fake: FakeApify, tmp_path: Path
) -> None:
    report = scrape_profiles(make_client(fake), ["../evil", ".hidden", "a b"], tmp_path, FAST)
    assert not any(r.ok for r in report.results)
    assert fake.requests == []
    assert list(tmp_path.iterdir()) == []


def test_profiles_can_be_scraped_concurrently_keeping_their_order(
    fake: FakeApify, tmp_path: Path
) -> None:
    for name in ("p1", "p2", "p3", "p4", "p5"):
        fake.behaviors[name] = Behavior(duration=0.3)
    settings = ScrapeSettings(limit=3, wait_secs=5, concurrency=5)
    started = time.monotonic()
    report = scrape_profiles(make_client(fake), ["p1", "p2", "p3", "p4", "p5"], tmp_path, settings)
    assert [r.username for r in report.results] == ["p1", "p2", "p3", "p4", "p5"]
    assert all(r.ok for r in report.results)
    assert time.monotonic() - started < 1.2  # five 0.3 s runs overlapped


# -- database side -----------------------------------------------------------------------
def test_only_active_profiles_are_scraped(db: Database) -> None:
    add_profiles(db, ("zed", True), ("alice", True), ("paused", False))
    assert active_usernames(db) == ["alice", "zed"]


def test_last_synced_at_moves_forward_only_even_for_tagged_profiles(db: Database) -> None:
    add_profiles(db, ("alice", True), ("bob", True))
    with db.transaction() as con:  # profile_tags references alice (DuckDB #20246 territory)
        con.execute("INSERT INTO tags (tag_id, name) VALUES ('tag-00000001', 'ai')")
        con.execute("INSERT INTO profile_tags (profile_tag_id, profile_id, tag_id) "
                    "VALUES ('ptag-00000001', 'prof-00000001', 'tag-00000001')")
    new = datetime(2025, 10, 2, 12, 0, 0)
    old = datetime(2025, 9, 1, 0, 0, 0)
    ok = ProfileScrape(username="alice", ok=True, finished_at=new)
    failed = ProfileScrape(username="bob", ok=False, reason="x")
    with db.transaction() as con:
        assert mark_synced(con, [ok, failed]) == 1
    with db.transaction() as con:
        mark_synced(con, [ProfileScrape(username="alice", ok=True, finished_at=old)])
    rows = db.fetch_dicts("SELECT username, last_synced_at FROM profiles ORDER BY username")
    assert rows == [{"username": "alice", "last_synced_at": new},
                    {"username": "bob", "last_synced_at": None}]


def test_scrape_and_ingest_when_every_profile_fails_fails_the_run_row(
    fake: FakeApify, db: Database, tmp_path: Path
) -> None:
    add_profiles(db, ("a", True), ("b", True))
    fake.behaviors.update({"a": Behavior(status="FAILED"), "b": Behavior(status="FAILED")})
    outcome = scrape_and_ingest(db, make_client(fake), tmp_path / "raw", FAST)

    assert outcome.all_failed and outcome.profiles_synced == 0
    row = db.fetch_dicts("SELECT status, error_message FROM download_runs")[0]
    assert row["status"] == "failed"
    assert row["error_message"].splitlines() == [
        "scrape a: Apify run run0000000000001 ended FAILED: failed",
        "scrape b: Apify run run0000000000002 ended FAILED: failed",
    ]


def test_the_scrape_step_only_reads_the_database(
    fake: FakeApify, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_profiles(db, ("alice", True), ("bob", True), ("paused", False))
    modes: list[bool] = []
    real_connect = Database.connect

    def spying_connect(self: Database, *, read_only: bool = False):  # type: ignore[no-untyped-def]
        modes.append(read_only)
        return real_connect(self, read_only=read_only)

    monkeypatch.setattr(Database, "connect", spying_connect)
    report = scrape_active_profiles(db, make_client(fake), tmp_path / "raw", FAST)

    assert [r.username for r in report.results] == ["alice", "bob"]
    assert modes and all(modes)  # every connection was read-only: no write lock needed
    assert db.fetch_dicts("SELECT * FROM download_runs") == []


def test_the_report_crosses_a_process_boundary_without_the_token_and_only_its_files_are_ingested(
    fake: FakeApify, db: Database, tmp_path: Path
) -> None:
    add_profiles(db, ("alice", True), ("bob", True))
    fake.behaviors["alice"] = Behavior(items=make_posts("alice", 4), finished_at=FINISHED)
    fake.behaviors["bob"] = Behavior(start_error=400, echo_auth_in_error=True)
    landing = tmp_path / "raw"
    report = scrape_active_profiles(db, make_client(fake), landing, FAST)
    stray = write_dataset_file(landing, "stranger", FINISHED.replace(tzinfo=None),
                               make_posts("stranger", 2))  # landed by someone else

    data = pickle.dumps(report)
    assert fake.token.encode() not in data
    copy = pickle.loads(data)
    assert copy.files == report.files and copy.summary() == report.summary()
    outcome = ingest_scrape(db, copy, dagster_run_id="dagster-run-1")

    row = db.fetch_dicts("SELECT * FROM download_runs")[0]
    assert (row["status"], row["dagster_run_id"], row["posts_new"]) == (
        "completed", "dagster-run-1", 4)
    assert row["error_message"].startswith("scrape bob: HTTP 400")
    ingested = [r["file_name"] for r in db.fetch_dicts("SELECT file_name FROM ingested_files")]
    assert ingested == [report.files[0].name] and stray.name not in ingested
    assert outcome.profiles_synced == 1 and not outcome.all_failed


def test_ingest_options_carry_the_apify_finish_times_and_the_summary() -> None:
    ok = ProfileScrape(username="alice", ok=True, path=Path("/l/x/dataset_a.json"),
                                  finished_at=FINISHED.replace(tzinfo=None), items=2)
    failed = ProfileScrape(username="bob", ok=False, reason="gone")
    report = ScrapeReport(actor_id="o/a", results=[ok, failed])
    options = scrape_ingest_options(report, script_name="s", dagster_run_id="r")
    assert (options.script_name, options.dagster_run_id) == ("s", "r")
    assert options.fetched_at == {"dataset_a.json": FINISHED.replace(tzinfo=None)}
    assert options.extra_info == {"apify": report.summary()}
    assert options.extra_info["apify"]["failed"] == {"bob": "gone"}


def test_an_unreachable_api_is_recorded_per_profile(tmp_path: Path) -> None:
    with FakeApify() as gone:
        url = gone.url  # a loopback port that is closed once the fake stops
    client = ApifyClient("t", api_url=url, max_retries=0, timeout_max=timedelta(seconds=2))
    report = scrape_profiles(client, ["alice", "bob"], tmp_path, FAST)
    reasons = [r.reason or "" for r in report.results]
    assert len(report.failed) == 2 and all(reasons)
    assert not any(r.startswith(("cannot write", "HTTP ")) for r in reasons), reasons
    assert all("\n" not in r and "refused" in r for r in reasons), reasons
    assert list(tmp_path.iterdir()) == []


def test_scraped_names_are_unpadded_like_the_real_scraper_and_read_back_exactly(
    fake: FakeApify, db: Database, tmp_path: Path
) -> None:
    """Issue 8: a finish 7 ms after the second lands as `-7`, and is stored as .007 s."""
    add_profiles(db, ("carol", True))
    finished = datetime(2025, 10, 2, 6, 27, 0, 7000, tzinfo=UTC)
    items = make_posts("carol", 2)
    items[1]["author"] = "carol"  # a wrong type: dropped and named, the post still stored
    fake.behaviors["carol"] = Behavior(items=items, finished_at=finished)
    landing = tmp_path / "raw"
    outcome = scrape_and_ingest(db, make_client(fake), landing, FAST)

    path = outcome.scrape.files[0]
    assert path == landing / "20251002" / "linkedin" / "dataset_carol_2025-10-02_06-27-00-7.json"
    times = {r["downloaded_at"] for r in db.fetch_dicts("SELECT downloaded_at FROM data_downloads")}
    assert times == {finished.replace(tzinfo=None)}
    assert outcome.ingest.dropped_fields == [
        (str(path), 1, "field author is string, expected object; field dropped")]
    row = db.fetch_dicts("SELECT status, error_message FROM download_runs")[0]
    assert row == {"status": "completed", "error_message":
                   f"{path}: record 1: field author is string, expected object; field dropped"}
    authors = db.fetch_dicts("SELECT author_username FROM posts ORDER BY urn")
    assert sorted(str(r["author_username"]) for r in authors) == ["None", "carol"]


def test_settings_take_the_actor_and_input_from_the_platform() -> None:
    settings = ScrapeSettings(limit=9)
    assert settings.actor == "apimaestro/linkedin-profile-posts"
    assert settings.run_input("x") == {"username": "x", "page_number": 1, "limit": 9}
    assert ScrapeSettings(actor_id="me/fork").actor == "me/fork"
    with pytest.raises(ValueError, match="unknown platform 'myspace'"):
        ScrapeSettings(platform="myspace").run_input("x")
