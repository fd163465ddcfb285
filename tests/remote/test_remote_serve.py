"""`footballkg serve` as a user runs it: it answers, and stopping it leaves nothing running."""

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
from footballkg.stores.oxigraph_server import free_port

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> list[int]:
    """Child process ids (Linux /proc); the test is skipped elsewhere."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def start_serve(*options: str) -> tuple[subprocess.Popen[bytes], int]:
    """`footballkg serve` on a free port, as a user runs it, once it has said it serves."""
    port = free_port()
    command = [sys.executable, "-m", "footballkg", "serve", "--port", str(port), *options]
    process = subprocess.Popen(
        [*command, "--project", str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        assert selector.select(30), "footballkg serve printed nothing within 30 s"
    line = process.stdout.readline().decode()
    assert line.startswith("Serving ") and f"http://127.0.0.1:{port}/" in line, line
    return process, port


def ask_everything(port: int) -> object:
    ask = f"http://127.0.0.1:{port}/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
    request = urllib.request.Request(ask, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def refuses_connections(port: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize(
    "stop",
    [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL],
    ids=["ctrl-c", "kill", "hangup", "kill-9"],
)
def test_serve_answers_and_stopping_it_leaves_nothing_behind(stop: signal.Signals) -> None:
    process, port = start_serve()
    try:
        assert ask_everything(port) == {"head": {}, "boolean": True}
        # The server is this process: no child could outlive it, even under SIGKILL.
        assert children(process.pid) == []
        process.send_signal(stop)
        assert process.wait(10) == (-signal.SIGKILL if stop == signal.SIGKILL else 0)
        assert refuses_connections(port, within=5)
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
