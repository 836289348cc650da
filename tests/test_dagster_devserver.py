"""scripts/start.sh: its options, and a clear line (not a late traceback) for a busy port."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_start_sh_documents_port_and_host():
    result = subprocess.run([str(REPO / "scripts" / "start.sh"), "--help"], capture_output=True,
                            text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "--port" in result.stdout and "--host" in result.stdout
    assert "usage: scripts/start.sh" in result.stdout


def test_a_busy_port_gives_one_line_naming_the_option(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "pipelines.devserver", "--port", str(port)],
            capture_output=True, text=True, timeout=60, cwd=REPO,
            env={"PATH": "/usr/bin:/bin", "DAGSTER_HOME": str(tmp_path / "home")},
        )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"socialdb: port {port} on 127.0.0.1 is in use (another Dagster UI?); "
        f"pick another with: scripts/start.sh --port {port + 1}"]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "home").exists()  # nothing started, nothing created
