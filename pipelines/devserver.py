"""Start the Dagster UI for socialdb, and drive a running one over GraphQL.

``python -m pipelines.devserver`` (what ``scripts/start.sh`` runs) starts
``dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000`` from the repository with
``DAGSTER_HOME=<repo>/.dagster_home`` so run history survives restarts.

:class:`DagsterDevServer` starts the same command in its own process group for
tests and benchmarks (a temporary DAGSTER_HOME, a free loopback port) and has
small GraphQL helpers: launch a partition backfill, wait for it, read its runs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_HOME = REPO / ".dagster_home"
INSTANCE_CONFIG = DEFAULT_HOME / "dagster.yaml"
FINISHED_RUN_STATUSES = ("SUCCESS", "FAILURE", "CANCELED")
FINISHED_BACKFILL_STATUSES = ("COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED",
                              "CANCELED")


def dagster_executable() -> str:
    """The ``dagster`` command of this Python environment."""
    beside = Path(sys.executable).parent / "dagster"
    return str(beside) if beside.exists() else (shutil.which("dagster") or "dagster")


def dev_command(host: str, port: int) -> list[str]:
    return [dagster_executable(), "dev", "-w", str(REPO / "workspace.yaml"),
            "-h", host, "-p", str(port)]


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _default_signals() -> None:
    """In the child: Ctrl-C semantics even when started from a shell that ignores SIGINT."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class GraphQLError(RuntimeError):
    """The GraphQL endpoint answered with errors."""


class DagsterDevServer:
    """A ``dagster dev`` (webserver + daemon) in its own process group."""

    def __init__(
        self,
        dagster_home: Path,
        *,
        env: Mapping[str, str] | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.home = Path(dagster_home)
        self.host = host
        self.port = port or free_port(host)
        self.extra_env = dict(env or {})
        self.log_path = log_path or self.home / "dagster-dev.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 180.0) -> DagsterDevServer:
        """Start and wait until the code location is loaded (raises with the log if not)."""
        self.home.mkdir(parents=True, exist_ok=True)
        if not (self.home / "dagster.yaml").exists():
            shutil.copy(INSTANCE_CONFIG, self.home / "dagster.yaml")
        env = {**os.environ, "DAGSTER_HOME": str(self.home), **self.extra_env}
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            dev_command(self.host, self.port), cwd=REPO, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_default_signals,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dagster dev exited early:\n{self.log_tail()}")
            if self._location_loaded():
                return self
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"dagster dev not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def _location_loaded(self) -> bool:
        try:
            data = self.graphql(
                "{ workspaceOrError { __typename ... on Workspace { locationEntries {"
                " name loadStatus locationOrLoadError { __typename"
                " ... on PythonError { message } } } } } }",
                timeout=5,
            )
        except (OSError, GraphQLError, ValueError):
            return False
        entries = data["workspaceOrError"].get("locationEntries", [])
        for entry in entries:
            error = entry.get("locationOrLoadError") or {}
            if error.get("__typename") == "PythonError":
                raise RuntimeError(f"code location failed to load: {error['message']}")
        return bool(entries) and all(e["loadStatus"] == "LOADED" for e in entries)

    def stop(self, grace: float = 15.0) -> None:
        """Stop ``dagster dev`` and everything it started (its own process group).

        SIGINT goes to the parent only, which shuts its webserver, daemon and code
        servers down in order; whatever is left after ``grace`` seconds is killed.
        """
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGINT)
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)  # leftovers: run workers, servers
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)

    def __enter__(self) -> DagsterDevServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    # -- GraphQL -----------------------------------------------------------------
    def graphql(self, query: str, variables: Mapping[str, Any] | None = None,
                timeout: float = 30) -> dict:
        body = json.dumps({"query": query, "variables": dict(variables or {})}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                payload = json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise GraphQLError(f"HTTP {error.code}: {error.read()[:2000]!r}") from error
        if payload.get("errors"):
            raise GraphQLError(json.dumps(payload["errors"])[:2000])
        return payload["data"]

    def launch_backfill(self, asset_keys: Sequence[str], partitions: Sequence[str],
                        title: str | None = None) -> str:
        """Launch an asset backfill of ``partitions``; returns the backfill id."""
        data = self.graphql(
            "mutation($p: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $p) {"
            " __typename ... on LaunchBackfillSuccess { backfillId }"
            " ... on PythonError { message } ... on InvalidSubsetError { message }"
            " ... on UnauthorizedError { message } } }",
            {"p": {"assetSelection": [{"path": [k]} for k in asset_keys],
                   "partitionNames": list(partitions), "title": title}},
        )
        result = data["launchPartitionBackfill"]
        if result["__typename"] != "LaunchBackfillSuccess":
            raise GraphQLError(f"backfill not launched: {result}")
        return result["backfillId"]

    def partition_keys(self, asset_key: str) -> list[str]:
        """The partition keys the UI offers for ``asset_key`` (in the definition's order)."""
        data = self.graphql(
            "query($k: AssetKeyInput!) { assetNodeOrError(assetKey: $k) { __typename"
            " ... on AssetNode { partitionKeys } } }", {"k": {"path": [asset_key]}},
        )
        return list(data["assetNodeOrError"].get("partitionKeys") or [])

    def wait_partitions(self, asset_key: str, expected: Sequence[str],
                        timeout: float = 120.0) -> list[str]:
        """Wait until every key of ``expected`` is a partition (scrape_days_sensor's tick)."""
        deadline = time.monotonic() + timeout
        keys: list[str] = []
        while time.monotonic() < deadline:
            keys = self.partition_keys(asset_key)
            if set(expected) <= set(keys):
                return keys
            time.sleep(0.5)
        raise TimeoutError(f"partitions {sorted(set(expected) - set(keys))} of {asset_key} "
                           f"not registered after {timeout:.0f} s:\n{self.log_tail()}")

    def backfill(self, backfill_id: str) -> dict:
        data = self.graphql(
            "query($id: String!) { partitionBackfillOrError(backfillId: $id) {"
            " __typename ... on PartitionBackfill { id status numPartitions timestamp endTimestamp"
            " runs { runId status creationTime startTime endTime tags { key value } } }"
            " ... on PythonError { message } } }",
            {"id": backfill_id},
        )
        return data["partitionBackfillOrError"]

    def wait_backfill(self, backfill_id: str, timeout: float = 300.0,
                      until_complete: bool = False) -> dict:
        """Poll until the backfill's runs are finished; returns the backfill's state.

        ``until_complete`` also waits for the daemon to mark the backfill itself
        completed (up to one more daemon interval, 30 s, after the last run).
        """
        deadline = time.monotonic() + timeout
        state: dict = {}
        while time.monotonic() < deadline:
            state = self.backfill(backfill_id)
            runs = state.get("runs") or []
            runs_done = bool(runs) and all(r["status"] in FINISHED_RUN_STATUSES for r in runs)
            backfill_done = state.get("status") in FINISHED_BACKFILL_STATUSES
            if runs_done and (backfill_done or not until_complete):
                return state
            if backfill_done and not runs:
                return state
            time.sleep(1.0)
        raise TimeoutError(f"backfill {backfill_id} not finished: {state}\n{self.log_tail()}")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The options of ``scripts/start.sh`` (it passes its arguments through)."""
    parser = argparse.ArgumentParser(
        prog="scripts/start.sh", description="Start the socialdb Dagster UI (dagster dev).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=3000,
                        help="port of the UI (default 3000), e.g. --port 3001 if 3000 is taken")
    return parser.parse_args(argv)


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on ``host:port`` (dagster dev would fail late)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``dagster dev`` in the foreground with the project's persistent DAGSTER_HOME."""
    args = parse_args(argv)
    if port_in_use(args.host, args.port):
        print(f"socialdb: port {args.port} on {args.host} is in use (another Dagster UI?); "
              f"pick another with: scripts/start.sh --port {args.port + 1}", file=sys.stderr)
        raise SystemExit(2)
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(INSTANCE_CONFIG, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    os.chdir(REPO)
    print(f"socialdb: Dagster UI on http://{args.host}:{args.port} (DAGSTER_HOME={home})",
          flush=True)
    command = dev_command(args.host, args.port)
    _default_signals()
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
