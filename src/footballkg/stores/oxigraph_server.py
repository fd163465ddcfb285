"""A stock `oxigraph serve` child process (from PyPI): a third-party server for the tests.

`footballkg serve` does not use it (see `sparql_server` for why): this one takes writes from
anyone and contacts other hosts for LOAD and SERVICE. It keeps its data in memory, listens on
loopback unless told otherwise, and is stopped with the `with` block that started it. The
address helpers here are shared with `footballkg serve`.
"""

from __future__ import annotations

import errno
import ipaddress
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from footballkg.errors import InputError, RemoteError
from footballkg.stores.http_client import USER_AGENT

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878  # Oxigraph's own default
STARTUP_TIMEOUT = 15.0


def oxigraph_executable() -> str:
    """The `oxigraph` program installed with this package (next to Python), else on PATH."""
    beside_python = Path(sys.executable).with_name("oxigraph")
    if beside_python.is_file():
        return str(beside_python)
    found = shutil.which("oxigraph")
    if found is None:
        raise InputError(
            "The oxigraph server is not installed. Install it with: pip install oxigraph"
        )
    return found


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class OxigraphServer:
    """A running `oxigraph serve`; URLs of its query page, endpoints and Graph Store."""

    process: subprocess.Popen[bytes]
    host: str
    port: int
    log: IO[bytes]  # the server's stderr: a file, so a chatty server can never block on it

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.url + "/query"

    @property
    def update_url(self) -> str:
        return self.url + "/update"

    @property
    def store_url(self) -> str:
        return self.url + "/store"

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, grace: float = 5.0) -> None:
        """Stop the server: terminate, then kill if it has not exited within `grace` s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(grace)
        self.log.close()

    def __enter__(self) -> OxigraphServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def start_oxigraph(
    host: str = DEFAULT_HOST,
    port: int | None = None,
    *,
    startup_timeout: float = STARTUP_TIMEOUT,
    union_default_graph: bool = False,
) -> OxigraphServer:
    """Start an in-memory `oxigraph serve` on host:port (a free port if None) and wait for it.

    `union_default_graph` makes queries see all graphs as the default one, as Virtuoso does.
    """
    port = free_port(host) if port is None else port
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    _check_port_free(host, port)
    options = ["--union-default-graph"] if union_default_graph else []
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by OxigraphServer.stop)
    process = subprocess.Popen(
        [oxigraph_executable(), "serve", "--bind", bind, *options],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    server = OxigraphServer(process, host, port, log)
    try:
        _wait_until_ready(server, startup_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _check_port_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            advice = (
                "Pick another --port, or stop what uses it."
                if error.errno == errno.EADDRINUSE
                else "Check --host and --port."
            )
            raise InputError(
                f"Cannot listen on {host}:{port}: {error.strerror or error}. {advice}"
            ) from None


def _wait_until_ready(server: OxigraphServer, timeout: float) -> None:
    """Poll the endpoint (bounded in time) until it answers a trivial query."""
    deadline = time.monotonic() + timeout
    probe = urllib.request.Request(
        server.query_url + "?query=ASK%7B%7D",
        headers={"Accept": "application/sparql-results+json", "User-Agent": USER_AGENT},
    )
    while time.monotonic() < deadline:
        if not server.running():
            server.log.seek(0)
            message = server.log.read().decode(errors="replace").strip()
            last_line = message.splitlines()[-1] if message else "no message"
            raise RemoteError(f"The oxigraph server stopped at startup: {last_line}")
        try:
            with urllib.request.urlopen(probe, timeout=1.0) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RemoteError(f"The oxigraph server did not answer on {server.url} within {timeout:g} s.")
