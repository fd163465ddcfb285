"""Real servers for the remote tests: `oxigraph serve` and tiny misbehaving HTTP servers.

Everything listens on 127.0.0.1 and a free port, and is stopped when the tests end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from footballkg.load import LoadedGraph, load_project
from footballkg.project import Project, find_project
from footballkg.remote import Endpoint, SparqlClient, push_graph
from footballkg.server import OxigraphServer, start_oxigraph

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def project() -> Project:
    return find_project(explicit=ROOT)


@pytest.fixture(scope="session")
def loaded(project: Project) -> LoadedGraph:
    return load_project(project)


@pytest.fixture(scope="session")
def oxigraph(loaded: LoadedGraph) -> Iterator[OxigraphServer]:
    """A real Oxigraph server holding the project graph (ontology and data) in its default graph."""
    with start_oxigraph() as server:
        push_graph(client_of(server), loaded.graph, replace=True)
        yield server


def client_of(
    server: OxigraphServer, graph: str | None = None, timeout: float = 30
) -> SparqlClient:
    endpoint = Endpoint(server.query_url, server.update_url, server.store_url, graph=graph)
    return SparqlClient(endpoint, timeout=timeout)


@pytest.fixture(name="client_of")
def client_of_fixture() -> Callable[..., SparqlClient]:
    """`client_of(server, graph=None, timeout=30)`: a client for a running Oxigraph server."""
    return client_of


# -- tiny HTTP servers that misbehave on purpose ---------------------------------------------

Respond = Callable[["Handler", int], None]


@dataclass
class SeenRequest:
    method: str
    path: str
    headers: Message  # case-insensitive, as HTTP header names are


@dataclass
class TinyServer:
    """An http.server in a thread; `respond(handler, n)` answers the n-th request (from 1)."""

    respond: Respond
    seen: list[SeenRequest] = field(default_factory=list)

    def __post_init__(self) -> None:
        tiny = self

        class BoundHandler(Handler):
            server_state = tiny

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), BoundHandler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Handler(BaseHTTPRequestHandler):
    server_state: TinyServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        state = self.server_state
        state.seen.append(SeenRequest(self.command, self.path, self.headers))
        state.respond(self, len(state.seen))

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tiny_server() -> Iterator[Callable[[Respond], TinyServer]]:
    started: list[TinyServer] = []

    def start(respond: Respond) -> TinyServer:
        server = TinyServer(respond)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()
