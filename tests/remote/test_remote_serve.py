"""`footballkg serve` as a user runs it: it answers, and stopping it stops its server too."""

from __future__ import annotations

import json
import selectors
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from footballkg.cli import cli
from footballkg.errors import EXIT_USAGE
from footballkg.server import free_port

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    """Child process ids (Linux /proc); the test is skipped elsewhere."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_serve_answers_and_stopping_it_stops_oxigraph(stop: signal.Signals) -> None:
    port = free_port()
    command = [sys.executable, "-m", "footballkg", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--project", str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            assert selector.select(30), "footballkg serve printed nothing within 30 s"
        line = process.stdout.readline().decode()
        assert line.startswith("Serving ") and f"http://127.0.0.1:{port}/" in line, line
        ask = f"http://127.0.0.1:{port}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
        request = urllib.request.Request(ask, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.load(answer) == {"head": {}, "boolean": True}
        (server_pid,) = children(process.pid)
        process.send_signal(stop)
        assert process.wait(10) == 0
        assert gone(server_pid, within=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(5)
        if process.stdout is not None:
            process.stdout.close()


def test_serve_on_a_busy_port_says_so() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--project", str(ROOT)])
    assert result.exit_code == EXIT_USAGE
    assert result.output.startswith(f"Error: Cannot listen on 127.0.0.1:{port}: ")
    assert result.output.endswith("Pick another --port, or stop what uses it.\n")
