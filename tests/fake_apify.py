"""A local fake of the Apify API: the endpoints the real ``apify-client`` calls to run an actor.

Tests point the *real* client at it (``ApifyClient(api_url=fake.url)``) so the
scrape is exercised through the genuine HTTP layer: URL building (actor ids with a
slash travel as ``username~actorname``), the ``Authorization`` header, the
``waitForFinish`` long poll, and the ``x-apify-pagination-*`` headers that drive
dataset paging. Endpoints:

* ``POST /v2/actors/{actorId}/runs``        start a run (body = the run input; the older
  ``/v2/acts/...`` spelling is accepted too)
* ``GET  /v2/actor-runs/{runId}``           run status, long-polls with ``waitForFinish``
* ``POST /v2/actor-runs/{runId}/abort``     abort a run
* ``GET  /v2/datasets/{id}/items``          items with ``offset``/``limit``/``clean``/``desc``

What a run does is decided per ``username`` in the run input (:class:`Behavior`):
succeed with items, end ``FAILED``/``TIMED-OUT``/``ABORTED``, hang forever (the
client's wait runs out), answer the start with an HTTP error, or serve its items
slowly. Every request is recorded (method, path, query, headers, body) so tests can
assert the input sent and where the token travelled.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

_Answer = tuple[int, Any, dict[str, str]]  # HTTP status, JSON payload, extra headers
TERMINAL = {"SUCCEEDED", "FAILED", "TIMED-OUT", "ABORTED"}
LONG_POLL_CAP_SECONDS = 5.0  # the real API caps waitForFinish at 60 s; tests need less


@dataclass
class Behavior:
    """What the actor run for one username does.

    ``status``: the terminal status the run reaches (``SUCCEEDED``, ``FAILED``,
    ``TIMED-OUT``, ``ABORTED``) or ``None`` for a run that never finishes.
    ``start_error``: answer the run start itself with this HTTP status.
    ``items_delay``: seconds the dataset items endpoint sleeps before answering.
    ``echo_auth_in_error``: a hostile server that puts the received Authorization
    header into its error message (to prove the scrape redacts the token).
    """

    items: list[Any] | None = None
    status: str | None = "SUCCEEDED"
    status_message: str | None = None
    duration: float = 0.05
    finished_at: datetime | None = None
    start_error: int | None = None
    items_delay: float = 0.0
    echo_auth_in_error: bool = False


@dataclass
class RecordedRequest:
    """One HTTP request as the fake server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The request body parsed as JSON."""
        return json.loads(self.body.decode("utf-8"))


@dataclass
class _Run:
    run_id: str
    actor_id: str
    dataset_id: str
    username: str
    behavior: Behavior
    started: datetime
    started_mono: float
    timeout_secs: int
    aborted_at: datetime | None = None

    def status(self) -> str:
        if self.aborted_at is not None:
            return "ABORTED"
        if self.behavior.status is None:
            return "RUNNING"
        if time.monotonic() - self.started_mono < self.behavior.duration:
            return "RUNNING"
        return self.behavior.status

    def finished_at(self) -> datetime | None:
        if self.aborted_at is not None:
            return self.aborted_at
        if self.status() not in TERMINAL:
            return None
        return self.behavior.finished_at or self.started + timedelta(seconds=self.behavior.duration)

    def as_json(self) -> dict[str, Any]:
        status = self.status()
        finished = self.finished_at()
        message = self.behavior.status_message if status == self.behavior.status else None
        return {
            "id": self.run_id,
            "actId": self.actor_id,
            "userId": "fakeUser0000000",
            "startedAt": _iso(self.started),
            "finishedAt": _iso(finished) if finished else None,
            "status": status,
            "statusMessage": message or (
                "Actor is running" if status == "RUNNING" else status.lower()),
            "meta": {"origin": "API", "userAgent": "fake"},
            "stats": {"inputBodyLen": 60, "restartCount": 0},
            "options": {"build": "latest", "timeoutSecs": self.timeout_secs,
                        "memoryMbytes": 1024, "diskMbytes": 2048},
            "buildId": "fakeBuild000000",
            "exitCode": 0 if status == "SUCCEEDED" else (1 if status in TERMINAL else None),
            "defaultKeyValueStoreId": f"kvs{self.run_id}",
            "defaultDatasetId": self.dataset_id,
            "defaultRequestQueueId": f"rq{self.run_id}",
        }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def make_posts(username: str, count: int, *, start: int = 0) -> list[dict[str, Any]]:
    """``count`` records shaped like the actor's real output, authored by ``username``."""
    base = 7_300_000_000_000_000_000 + (zlib.crc32(username.encode()) % 10_000_000) * 1_000
    posts = []
    for index in range(start, start + count):
        activity = str(base + index)
        posted = datetime(2025, 10, 1, tzinfo=UTC) - timedelta(hours=index)
        posts.append({
            "urn": {"activity_urn": activity, "share_urn": str(base + index + 500),
                    "ugcPost_urn": None},
            "full_urn": f"urn:li:activity:{activity}",
            "posted_at": {"date": posted.strftime("%Y-%m-%d %H:%M:%S"),
                          "relative": f"{index + 1} hours ago • Visible to anyone",
                          "timestamp": int(posted.timestamp() * 1000)},
            "text": f"Post {index} by {username} — données, ünïcode ✓ 💡",
            "url": f"https://www.linkedin.com/posts/{username}_activity-{activity}-abcd",
            "post_type": "regular",
            "author": {"first_name": username.split("-")[0].title(), "last_name": "Example",
                       "headline": "Fake headline", "username": username,
                       "profile_url": f"https://www.linkedin.com/in/{username}",
                       "profile_picture": "https://media.licdn.com/dms/image/fake.jpg"},
            "stats": {"total_reactions": 10 + index, "like": 8 + index, "support": 0, "love": 1,
                      "insight": 1, "celebrate": 0, "funny": 0, "comments": index, "reposts": 1},
            "media": {"type": "image", "url": f"https://media.licdn.com/img/{activity}.jpg",
                      "images": [{"url": f"https://media.licdn.com/img/{activity}.jpg",
                                  "width": 800, "height": 600}]},
            "pagination_token": None,
        })
    return posts


@dataclass
class FakeApify:
    """The fake server: configure behaviors, ``start()``, use ``url``, inspect ``requests``."""

    token: str = "fake-apify-token-0123456789"
    actors: set[str] = field(default_factory=lambda: {"apimaestro~linkedin-profile-posts"})
    behaviors: dict[str, Behavior] = field(default_factory=dict)
    default_items: int = 3
    requests: list[RecordedRequest] = field(default_factory=list)
    _runs: dict[str, _Run] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------
    def start(self) -> FakeApify:
        """Serve on 127.0.0.1 on a free port, in a daemon thread."""
        fake = self

        class Handler(_Handler):
            server_fake = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeApify:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to give the client (``api_url``); the client appends ``/v2``."""
        assert self._server, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- inspection ---------------------------------------------------------------
    def run_inputs(self) -> list[dict[str, Any]]:
        """The JSON inputs of every run start, in order."""
        return [r.json() for r in self.requests if r.method == "POST" and r.path.endswith("/runs")]

    def requests_to(self, fragment: str) -> list[RecordedRequest]:
        """The recorded requests whose path contains ``fragment``."""
        return [r for r in self.requests if fragment in r.path]

    def aborted_runs(self) -> list[str]:
        """Usernames whose run was aborted through the API."""
        return [run.username for run in self._runs.values() if run.aborted_at is not None]

    def behavior_for(self, username: str) -> Behavior:
        """The configured behavior, else a run that succeeds with ``default_items`` posts."""
        found = self.behaviors.get(username)
        if found is None:
            found = Behavior()
        if found.items is None and found.status == "SUCCEEDED":
            found.items = make_posts(username, self.default_items)
        return found

    # -- request handling (called from the server threads) ------------------------
    def handle(self, request: RecordedRequest) -> _Answer:
        with self._lock:
            self.requests.append(request)
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, "token-not-valid", "Authentication token is not valid.")
        parts = [unquote(p) for p in request.path.strip("/").split("/")]
        if len(parts) >= 2 and parts[0] == "v2":
            route = parts[1:]
            shape = (request.method, route[0], len(route), route[-1])
            if shape in {("POST", "acts", 3, "runs"), ("POST", "actors", 3, "runs")}:
                return self._start_run(route[1], request)
            if shape[:3] == ("GET", "actor-runs", 2):
                return self._get_run(route[1], request)
            if shape == ("POST", "actor-runs", 3, "abort"):
                return self._abort_run(route[1])
            if shape == ("GET", "datasets", 3, "items"):
                return self._items(route[1], request)
        return _error(404, "page-not-found", f"Unknown endpoint {request.method} {request.path}")

    def _start_run(self, actor_id: str, request: RecordedRequest) -> _Answer:
        if actor_id not in self.actors:
            return _error(404, "record-not-found", f"Actor {actor_id} was not found")
        try:
            run_input = request.json()
        except (ValueError, UnicodeDecodeError):
            return _error(400, "invalid-input", "Input is not valid JSON")
        username = str(run_input.get("username", ""))
        behavior = self.behavior_for(username)
        if behavior.start_error:
            message = f"Cannot start the run for {username}"
            if behavior.echo_auth_in_error:
                message += f" (sent {request.headers.get('authorization')})"
            return _error(behavior.start_error, "run-failed-to-start", message)
        with self._lock:
            number = len(self._runs) + 1
            run = _Run(
                run_id=f"run{number:013d}", actor_id=actor_id, dataset_id=f"ds{number:014d}",
                username=username, behavior=behavior, started=datetime.now(UTC),
                started_mono=time.monotonic(),
                timeout_secs=int(_first(request.query, "timeout") or 3600),
            )
            self._runs[run.run_id] = run
        return 201, {"data": run.as_json()}, {}

    def _get_run(self, run_id: str, request: RecordedRequest) -> _Answer:
        run = self._runs.get(run_id)
        if run is None:
            return _error(404, "record-not-found", f"Actor run {run_id} was not found")
        wait = min(float(_first(request.query, "waitForFinish") or 0), LONG_POLL_CAP_SECONDS)
        deadline = time.monotonic() + wait
        while run.status() not in TERMINAL and time.monotonic() < deadline:
            time.sleep(0.02)
        return 200, {"data": run.as_json()}, {}

    def _abort_run(self, run_id: str) -> _Answer:
        run = self._runs.get(run_id)
        if run is None:
            return _error(404, "record-not-found", f"Actor run {run_id} was not found")
        if run.status() not in TERMINAL:
            run.aborted_at = datetime.now(UTC)
        return 200, {"data": run.as_json()}, {}

    def _items(self, dataset_id: str, request: RecordedRequest) -> _Answer:
        run = next((r for r in self._runs.values() if r.dataset_id == dataset_id), None)
        if run is None:
            return _error(404, "record-not-found", f"Dataset {dataset_id} was not found")
        if run.behavior.items_delay:
            time.sleep(run.behavior.items_delay)
        items = list(run.behavior.items or [])
        descending = _first(request.query, "desc") in ("1", "true")
        if descending:
            items.reverse()
        offset = int(_first(request.query, "offset") or 0)
        limit_text = _first(request.query, "limit")
        limit = int(limit_text) if limit_text else 999_999_999_999
        page = items[offset:offset + limit]
        scanned = len(page)
        if _first(request.query, "clean") in ("1", "true"):
            page = [{k: v for k, v in item.items() if not str(k).startswith("#")}
                    for item in page if item]
        headers = {
            "x-apify-pagination-total": str(len(items)),
            "x-apify-pagination-offset": str(offset),
            "x-apify-pagination-count": str(scanned),
            "x-apify-pagination-limit": str(limit),
            "x-apify-pagination-desc": "true" if descending else "false",
        }
        return 200, page, headers


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _error(status: int, kind: str, message: str) -> _Answer:
    return status, {"error": {"type": kind, "message": message}}, {}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_fake: FakeApify

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def _serve(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        encoding = (self.headers.get("content-encoding") or "").lower()
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        request = RecordedRequest(
            method=self.command, path=split.path, query=parse_qs(split.query),
            headers={k.lower(): v for k, v in self.headers.items()}, body=body,
        )
        status, payload, headers = self.server_fake.handle(request)
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up waiting (a timeout test)

    do_GET = _serve
    do_POST = _serve
    do_PUT = _serve
    do_DELETE = _serve


def iter_text(fake: FakeApify) -> Iterator[str]:
    """Every recorded request as text, minus its Authorization header (for leak checks)."""
    for request in fake.requests:
        headers = {k: v for k, v in request.headers.items() if k != "authorization"}
        yield f"{request.method} {request.path} {request.query} {headers} {request.body!r}"
