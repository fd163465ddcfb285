"""Real servers for the remote tests: `oxigraph serve`, Virtuoso, tiny misbehaving servers.

Everything listens on 127.0.0.1 and a free port, and is stopped when the tests end. Tests
that take the `served` fixture run once per real server (Oxigraph, Virtuoso); without
Virtuoso installed, its cases are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from virtuoso_server import VirtuosoServer, start_virtuoso, virtuoso_missing

from footballkg.errors import ServerChangedData
from footballkg.project import Project, find_project
from footballkg.rdf.load import LoadedGraph, load_project
from footballkg.server.app import ServerSettings, SparqlServer
from footballkg.stores.http_client import PASSWORD_ENV, Credentials
from footballkg.stores.oxigraph_server import OxigraphServer, start_oxigraph
from footballkg.stores.remote import Endpoint, SparqlClient, push_graph
from footballkg.validation.store import store_from_graph

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


# Virtuoso's default graph is the union of all its graphs: the data goes in a named graph.
PROJECT_GRAPH = "https://example.org/test/project"
# What Virtuoso 7.2 is known to change when it stores the project's data: it keeps an
# xsd:duration as a number of months (the tenure's 2.5-year contract length).
VIRTUOSO_CHANGES = (
    '"P2Y6M"^^<http://www.w3.org/2001/XMLSchema#duration>',
    '"30"',
)


@pytest.fixture(scope="session")
def virtuoso(loaded: LoadedGraph) -> Iterator[VirtuosoServer]:
    """A real Virtuoso holding the project graph in PROJECT_GRAPH; skipped if not installed."""
    missing = virtuoso_missing()
    if missing:
        pytest.skip(f"Virtuoso cases skipped: {missing}")
    with start_virtuoso() as server:
        client = Served.of_virtuoso(server).client()
        try:
            push_graph(client, loaded.graph, replace=True)
        except ServerChangedData as error:
            # Only the known change is tolerated here; test_remote_push checks the message.
            assert all(change in error.message for change in VIRTUOSO_CHANGES), error.message
        yield server


@dataclass(frozen=True)
class Served:
    """A running server holding the project graph, and how the client and CLI reach it."""

    name: str
    query_url: str
    update_url: str
    store_url: str
    graph: str | None  # where the project graph is (None: the default graph)
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def of_oxigraph(cls, server: OxigraphServer) -> Served:
        return cls("oxigraph", server.query_url, server.update_url, server.store_url, None)

    @classmethod
    def of_virtuoso(cls, server: VirtuosoServer) -> Served:
        url = server.auth_url  # queries and updates with a login, as the README shows
        return cls(
            "virtuoso", url, url, server.store_url, PROJECT_GRAPH, server.user, server.password
        )

    def client(
        self, graph: str | None = PROJECT_GRAPH, *, store: bool = True, timeout: float = 60
    ) -> SparqlClient:
        """A client for `graph` (default: the graph that holds the project); without `store`,
        it knows no Graph Store URL and pushes by SPARQL Update."""
        chosen = self.graph if graph == PROJECT_GRAPH else graph
        store_url = self.store_url if store else None
        endpoint = Endpoint(self.query_url, self.update_url, store_url, graph=chosen)
        login = Credentials(self.user, self.password) if self.user and self.password else None
        return SparqlClient(endpoint, timeout=timeout, credentials=login)

    def args(self, graph: str | None = PROJECT_GRAPH, *, store: bool = False) -> list[str]:
        """Command-line options that point a command at `graph` on this server."""
        chosen = self.graph if graph == PROJECT_GRAPH else graph
        options = ["--endpoint", self.query_url]
        options += ["--graph", chosen] if chosen else []
        options += ["--user", self.user] if self.user else []
        options += ["--store-endpoint", self.store_url] if store else []
        return options

    @property
    def env(self) -> dict[str, str]:
        """The environment for the CLI: the password, when the server wants a login."""
        return {PASSWORD_ENV: self.password} if self.password else {}


@pytest.fixture
def dropped_after(served: Served) -> Iterator[list[str]]:
    """Graphs (IRIs appended by the test) to drop from the server when the test ends: copies
    of the project in many graphs make Virtuoso's optimizer refuse later queries as costly."""
    graphs: list[str] = []
    yield graphs
    for graph in graphs:
        served.client(None).update(f"DROP SILENT GRAPH <{graph}>")


@pytest.fixture(params=["oxigraph", "virtuoso"])
def served(request: pytest.FixtureRequest) -> Served:
    """Each real server in turn, holding the project graph."""
    if request.param == "oxigraph":
        return Served.of_oxigraph(request.getfixturevalue("oxigraph"))
    return Served.of_virtuoso(request.getfixturevalue("virtuoso"))


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


@contextlib.contextmanager
def in_process_servers(
    graph: Graph, queries_dir: Path | None = None, **defaults: Any
) -> Iterator[Callable[..., SparqlServer]]:
    """`footballkg serve`'s server on `graph`, started on a free loopback port by each call
    (settings: `defaults`, then the call's own), all closed at the end."""
    started: list[SparqlServer] = []

    def start(**settings: Any) -> SparqlServer:
        chosen = ServerSettings("127.0.0.1", 0, **{**defaults, **settings})
        server = SparqlServer(store_from_graph(graph), chosen, queries_dir)
        server.start_in_thread()
        started.append(server)
        return server

    try:
        yield start
    finally:
        for server in started:
            server.close()
