"""The `serve` SPARQL server: in this process, read-only unless asked, for this machine only.

Why not the `oxigraph serve` program: it takes updates and Graph Store writes from anyone,
any web page included (a form POST or a no-cors fetch from another local origin is enough,
and DNS rebinding works because it does not check `Host`); it fetches documents for LOAD and
posts to other servers for SERVICE; and as a child process it outlived a killed `serve`.
Here `http.server` runs over a pyoxigraph Store (which evaluates queries without holding
Python's lock, so threads answer in parallel), and the process that starts it is all there is.

Its pages (`serve_pages`) are the saved queries' catalogue at `/`, a page per query at
`/queries/NAME`, per person and team at `/person/SLUG` and `/team/SLUG`, any other node's
triples at `/node?iri=IRI`, and the raw SPARQL editor at `/editor`: all read-only, server-rendered,
tables capped at `max_rows_shown` rows, and nothing fetched from another host.

Every request passes, in order:
- `Host` must name the bound address and port (or a localhost form of it): 421 otherwise,
  so a page on a rebound DNS name cannot reach it;
- `Origin`, when sent, must be the server's own: 403 otherwise, so no other web page can;
- writes (`/update`, PUT/POST/DELETE on `/store`) exist only with `writable`, and then need
  the token printed at start as `Authorization: Bearer TOKEN`: 403 / 401 otherwise;
- bodies are bounded (413), queries and updates may not use SERVICE or LOAD (400), uploads
  are checked by `input_bounds` before parsing, answers are bounded (500 past the limit).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from footballkg import __version__
from footballkg.errors import InputError
from footballkg.queries.catalogue import discover
from footballkg.rdf.input_bounds import check_rdf_bytes
from footballkg.server import pages as serve_pages
from footballkg.server.query_guard import OutboundRequest, check_no_outbound
from footballkg.stores.oxigraph_server import is_loopback

MAX_BODY_BYTES = 256 * 1024 * 1024
MAX_ANSWER_BYTES = 256 * 1024 * 1024
MAX_CONCURRENT = 32  # requests served at once; more get 503 rather than a thread each
MAX_ROWS_SHOWN = 1000  # rows in one table of a page; the page says when an answer has more

RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
UPLOAD_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


class Refused(Exception):
    """An HTTP error answer: status and a one-line plain-text message."""

    def __init__(self, status: HTTPStatus, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


class _AnswerTooLarge(Exception):
    pass


class _BoundedBuffer:
    """A bytes sink for pyoxigraph's serialisers that refuses to grow past `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _AnswerTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def value(self) -> bytes:
        return b"".join(self.parts)


@dataclass
class ServerSettings:
    host: str
    port: int
    writable: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    max_body_bytes: int = MAX_BODY_BYTES
    max_answer_bytes: int = MAX_ANSWER_BYTES
    max_concurrent: int = MAX_CONCURRENT
    max_rows_shown: int = MAX_ROWS_SHOWN

    def allowed_hosts(self) -> set[str]:
        """`Host` header values that name this server (lower case)."""
        names = {self.host.lower()}
        if is_loopback(self.host):
            names |= {"localhost", "127.0.0.1", "[::1]"}
        names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
        allowed = {f"{name}:{self.port}" for name in names}
        if self.port == 80:
            allowed |= names
        return allowed

    def accepts_host(self, host: str) -> bool:
        """Whether a `Host` header value names this server.

        Bound to every address (0.0.0.0, ::), its names are unknown: any IP address with its
        port is taken, never a DNS name other than localhost, which DNS rebinding would need.
        """
        host = host.strip().lower()
        if host in self.allowed_hosts():
            return True
        if not _is_wildcard(self.host):
            return False
        name, _, port = host.rpartition(":")
        if not name or port != str(self.port):
            return False
        return name == "localhost" or _is_ip_address(name.strip("[]"))

    def accepts_origin(self, origin: str) -> bool:
        scheme, _, host = origin.strip().lower().partition("://")
        return scheme == "http" and self.accepts_host(host)


def _is_wildcard(host: str) -> bool:
    return host.strip("[]") in ("0.0.0.0", "::")


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


Route = Callable[["SparqlHandler"], None]


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: checks first, then the route's own work."""

    server_version = f"footballkg/{__version__}"
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds a client may stall while sending; a stalled one is dropped
    store: ClassVar[ox.Store]
    settings: ClassVar[ServerSettings]
    write_lock: ClassVar[threading.Lock]
    slots: ClassVar[threading.BoundedSemaphore]
    site: ClassVar[serve_pages.Site]
    path_argument: str = ""  # the last segment of a path such as /queries/NAME, decoded

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the terminal shows the command's own lines only

    # -- checks and routing ------------------------------------------------------------------

    def _dispatch(self) -> None:
        self.close_connection = True  # one request per connection: simple and bounded
        if not self.slots.acquire(blocking=False):
            self._send_text(HTTPStatus.SERVICE_UNAVAILABLE, "Busy; try again.", Retry_After="1")
            return
        try:
            self._route()
        finally:
            self.slots.release()

    def _route(self) -> None:
        try:
            self._check_host_and_origin()
            path = urlsplit(self.path).path
            methods = self._find_route(path)
            method = "GET" if self.command == "HEAD" else self.command
            route = methods.get(method)
            if route is None:
                allow = ", ".join(sorted(methods))
                raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, f"{path} takes {allow}.", Allow=allow)
            handler, writes = route
            if writes:
                self._check_write_allowed()
            handler(self)
        except Refused as refusal:
            self._send_text(refusal.status, refusal.message, **refusal.headers)
        except Exception as error:  # never a dead server: any surprise is a 500
            self._send_text(
                HTTPStatus.INTERNAL_SERVER_ERROR, f"Internal error ({type(error).__name__})."
            )

    def _find_route(self, path: str) -> dict[str, tuple[Route, bool]]:
        """The routes of `path`: its own, or those of `/FIRST/{}` for a path `/FIRST/LAST`."""
        methods = ROUTES.get(path)
        if methods is not None:
            return methods
        first, slash, last = path[1:].partition("/")
        methods = ROUTES.get(f"/{first}/{{}}") if slash and last and "/" not in last else None
        if methods is None:
            raise Refused(HTTPStatus.NOT_FOUND, f"Nothing at {path}.")
        try:
            self.path_argument = unquote(last, errors="strict")
        except UnicodeDecodeError:
            raise Refused(HTTPStatus.BAD_REQUEST, "The path is not valid UTF-8.") from None
        return methods

    def _check_host_and_origin(self) -> None:
        if not self.settings.accepts_host(self.headers.get("Host") or ""):
            raise Refused(
                HTTPStatus.MISDIRECTED_REQUEST,
                "This server answers only requests addressed to "
                f"{self.settings.host}:{self.settings.port}.",
            )
        origin = self.headers.get("Origin")
        if origin is not None and not self.settings.accepts_origin(origin):
            raise Refused(HTTPStatus.FORBIDDEN, "Requests from other web pages are refused.")

    def _check_write_allowed(self) -> None:
        if not self.settings.writable:
            raise Refused(
                HTTPStatus.FORBIDDEN,
                "This server is read-only; start it with --writable to accept changes.",
            )
        sent = self.headers.get("Authorization") or ""
        scheme, _, token = sent.partition(" ")
        expected = self.settings.token.encode()
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected):
            raise Refused(
                HTTPStatus.UNAUTHORIZED,
                "Changes need the token printed when the server started "
                "(Authorization: Bearer TOKEN).",
                WWW_Authenticate='Bearer realm="footballkg"',
            )

    # -- reading the request -----------------------------------------------------------------

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise Refused(HTTPStatus.LENGTH_REQUIRED, "Send the body with a Content-Length.")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length is not a number.") from None
        if length < 0:
            raise Refused(HTTPStatus.BAD_REQUEST, "Content-Length is negative.")
        if length > self.settings.max_body_bytes:
            raise Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"The body is larger than {self.settings.max_body_bytes} bytes.",
            )
        return self.rfile.read(length)

    def _parameters(self) -> dict[str, list[str]]:
        """Parameters from the URL, and from a form body if one was sent."""
        parameters = _parse_form(urlsplit(self.path).query)
        if self.command == "POST" and self._media_type() == "application/x-www-form-urlencoded":
            for name, values in _parse_form(_text(self._body())).items():
                parameters.setdefault(name, []).extend(values)
        return parameters

    def _media_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

    def _accepts(self) -> list[str]:
        """Media types from `Accept`, best first (q=0 left out)."""
        ranked = []
        for position, item in enumerate((self.headers.get("Accept") or "*/*").split(",")):
            media, *options = (part.strip() for part in item.split(";"))
            quality = 1.0
            for option in options:
                if option.startswith("q="):
                    try:
                        quality = float(option[2:])
                    except ValueError:
                        quality = 0.0
            if quality > 0 and media:
                ranked.append((-quality, position, media.lower()))
        return [media for _, _, media in sorted(ranked)]

    def _negotiate(self, offered: Mapping[str, object], default: str) -> str:
        for media in self._accepts():
            if media in offered:
                return media
            if media in ("*/*", "application/*", "text/*") and (
                media == "*/*" or default.startswith(media[:-1])
            ):
                return default
            if media == "text/html":
                return default  # a browser following a link: show the data, not an error
        raise Refused(HTTPStatus.NOT_ACCEPTABLE, f"Ask for one of: {', '.join(offered)}.")

    # -- answers -----------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        # No other site may frame the pages (clickjacking), and the pages may reach no other
        # host nor run any script but the editor's.
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", serve_pages.CONTENT_SECURITY_POLICY)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_page(self, page: serve_pages.Page) -> None:
        body = page.html.encode("utf-8")
        if len(body) > self.settings.max_answer_bytes:
            raise Refused(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"The page is larger than {self.settings.max_answer_bytes} bytes; "
                "ask for less (fewer rows or parameters that narrow the query).",
            )
        self._send(page.status, body, "text/html; charset=utf-8")

    def _send_text(self, status: HTTPStatus, message: str, **headers: str) -> None:
        self._send(status, (message + "\n").encode(), "text/plain; charset=utf-8", **headers)

    def _sink(self) -> _BoundedBuffer:
        return _BoundedBuffer(self.settings.max_answer_bytes)

    def _fill(self, sink: _BoundedBuffer, write: Callable[..., object], *arguments: object) -> None:
        """Call a pyoxigraph serialiser writing into `sink`; a 500 past the answer limit."""
        try:
            write(*arguments)
        except _AnswerTooLarge:
            raise Refused(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                f"The answer is larger than {self.settings.max_answer_bytes} bytes; "
                "ask for less (LIMIT, fewer variables).",
            ) from None


def _parse_form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise Refused(HTTPStatus.BAD_REQUEST, "The parameters are not valid UTF-8.") from None


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(HTTPStatus.BAD_REQUEST, "The body is not valid UTF-8.") from None


def _one(parameters: dict[str, list[str]], name: str) -> str | None:
    values = parameters.get(name, [])
    if len(values) > 1:
        raise Refused(HTTPStatus.BAD_REQUEST, f"Give {name} once.")
    return values[0] if values else None


def _named_nodes(values: list[str]) -> list[ox.NamedNode]:
    try:
        return [ox.NamedNode(value) for value in values]
    except ValueError:
        raise Refused(HTTPStatus.BAD_REQUEST, "A graph parameter is not an IRI.") from None


# -- routes ----------------------------------------------------------------------------------


def home_page(handler: SparqlHandler) -> None:
    handler._send_page(serve_pages.home(handler.site))


def saved_query_page(handler: SparqlHandler) -> None:
    parameters = _parse_form(urlsplit(handler.path).query)
    handler._send_page(serve_pages.query_page(handler.site, handler.path_argument, parameters))


def person_page(handler: SparqlHandler) -> None:
    handler._send_page(serve_pages.resource_page(handler.site, "person", handler.path_argument))


def team_page(handler: SparqlHandler) -> None:
    handler._send_page(serve_pages.resource_page(handler.site, "team", handler.path_argument))


def node_page(handler: SparqlHandler) -> None:
    iri = _one(_parse_form(urlsplit(handler.path).query), "iri")
    if iri is None:
        raise Refused(HTTPStatus.BAD_REQUEST, "Name the node: /node?iri=IRI.")
    handler._send_page(serve_pages.node_page(handler.site, iri))


def editor_page(handler: SparqlHandler) -> None:
    handler._send_page(serve_pages.editor_page())


def query(handler: SparqlHandler) -> None:
    """SPARQL 1.1 Protocol query: GET or POST (form or application/sparql-query)."""
    parameters = handler._parameters()
    text = _one(parameters, "query")
    if handler.command == "POST" and handler._media_type() == "application/sparql-query":
        text = _text(handler._body())
    if text is None:
        raise Refused(HTTPStatus.BAD_REQUEST, "Give the query in the query parameter.")
    try:
        check_no_outbound(text)
    except OutboundRequest as refusal:
        raise Refused(HTTPStatus.BAD_REQUEST, str(refusal)) from None
    default_graphs = _named_nodes(parameters.get("default-graph-uri", []))
    named_graphs = _named_nodes(parameters.get("named-graph-uri", []))
    try:
        result = handler.store.query(
            text,
            default_graph=list(default_graphs) or None,
            named_graphs=list(named_graphs) or None,
        )
        try:
            media, body = _serialized_result(handler, result)
        finally:
            # pyoxigraph results belong to the thread that made them: drop them here, never
            # in a garbage collection on another thread.
            del result
    except SyntaxError as error:
        raise Refused(HTTPStatus.BAD_REQUEST, f"Query syntax error: {error.msg}") from None
    except OSError as error:
        raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR, f"Query failed: {error}") from None
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
    handler._send(HTTPStatus.OK, body, media + charset)


def _serialized_result(
    handler: SparqlHandler, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
) -> tuple[str, bytes]:
    sink = handler._sink()
    if isinstance(result, ox.QueryTriples):
        media = handler._negotiate(GRAPH_TYPES, "text/turtle")
        handler._fill(sink, ox.serialize, result, sink, GRAPH_TYPES[media])
    else:
        media = handler._negotiate(RESULTS_TYPES, "application/sparql-results+json")
        handler._fill(sink, result.serialize, sink, RESULTS_TYPES[media])
    return media, sink.value()


def update(handler: SparqlHandler) -> None:
    """SPARQL 1.1 Update by POST (form `update=` or application/sparql-update)."""
    if handler._media_type() == "application/sparql-update":
        text: str | None = _text(handler._body())
    else:
        text = _one(handler._parameters(), "update")
    if text is None:
        raise Refused(HTTPStatus.BAD_REQUEST, "Give the update in the update parameter.")
    try:
        check_no_outbound(text, update=True)
    except OutboundRequest as refusal:
        raise Refused(HTTPStatus.BAD_REQUEST, str(refusal)) from None
    try:
        with handler.write_lock:
            handler.store.update(text)
    except SyntaxError as error:
        raise Refused(HTTPStatus.BAD_REQUEST, f"Update syntax error: {error.msg}") from None
    except (OSError, ValueError) as error:
        raise Refused(HTTPStatus.BAD_REQUEST, f"Update failed: {error}") from None
    handler._send(HTTPStatus.NO_CONTENT, b"", "text/plain")


def _target_graph(handler: SparqlHandler) -> ox.NamedNode | ox.DefaultGraph:
    parameters = _parse_form(urlsplit(handler.path).query)
    graph = _one(parameters, "graph")
    if "default" in parameters and graph is None:
        return ox.DefaultGraph()
    if graph is not None and "default" not in parameters:
        (node,) = _named_nodes([graph])
        return node
    raise Refused(HTTPStatus.BAD_REQUEST, "Name the graph: ?default or ?graph=IRI.")


def _graph_exists(handler: SparqlHandler, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or handler.store.contains_named_graph(graph)


def store_get(handler: SparqlHandler) -> None:
    graph = _target_graph(handler)
    if not _graph_exists(handler, graph):
        raise Refused(HTTPStatus.NOT_FOUND, "No such graph.")
    media = handler._negotiate(GRAPH_TYPES, "application/n-triples")
    rdf_format = GRAPH_TYPES[media]
    sink = handler._sink()
    quads = handler.store.quads_for_pattern(None, None, None, graph)
    handler._fill(sink, ox.serialize, (quad.triple for quad in quads), sink, rdf_format)
    del quads  # on this thread (see query)
    body = sink.value()
    handler._send(HTTPStatus.OK, body, media + ("; charset=utf-8" if "text" in media else ""))


def _uploaded_quads(handler: SparqlHandler, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    """The body parsed completely (checked first), as quads of `graph`; 400 if malformed."""
    rdf_format = UPLOAD_TYPES.get(handler._media_type())
    if rdf_format is None:
        raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"Send one of: {', '.join(UPLOAD_TYPES)}.")
    body = handler._body()
    try:
        check_rdf_bytes(body, rdf_format, "the body")
        return [
            ox.Quad(quad.subject, quad.predicate, quad.object, graph)
            for quad in ox.parse(body, rdf_format, rename_blank_nodes=True)
        ]
    except InputError as error:
        raise Refused(HTTPStatus.BAD_REQUEST, error.message) from None
    except (SyntaxError, ValueError) as error:
        raise Refused(HTTPStatus.BAD_REQUEST, f"The body is not valid RDF: {error}") from None


def store_put(handler: SparqlHandler) -> None:
    graph = _target_graph(handler)
    quads = _uploaded_quads(handler, graph)  # parsed in full before anything changes
    with handler.write_lock:
        existed = _graph_exists(handler, graph)
        if existed:
            handler.store.clear_graph(graph)
        handler.store.extend(quads)
    handler._send(HTTPStatus.NO_CONTENT if existed else HTTPStatus.CREATED, b"", "text/plain")


def store_post(handler: SparqlHandler) -> None:
    graph = _target_graph(handler)
    quads = _uploaded_quads(handler, graph)
    with handler.write_lock:
        handler.store.extend(quads)
    handler._send(HTTPStatus.NO_CONTENT, b"", "text/plain")


def store_delete(handler: SparqlHandler) -> None:
    graph = _target_graph(handler)
    with handler.write_lock:
        if not _graph_exists(handler, graph):
            raise Refused(HTTPStatus.NOT_FOUND, "No such graph.")
        if isinstance(graph, ox.DefaultGraph):
            handler.store.clear_graph(graph)
        else:
            handler.store.remove_graph(graph)
    handler._send(HTTPStatus.NO_CONTENT, b"", "text/plain")


# path -> method -> (route, whether it changes the data). Pages are added here; `/FIRST/{}`
# takes any path /FIRST/LAST, with LAST decoded in `handler.path_argument`.
ROUTES: dict[str, dict[str, tuple[Route, bool]]] = {
    "/": {"GET": (home_page, False)},
    "/queries/{}": {"GET": (saved_query_page, False)},
    "/person/{}": {"GET": (person_page, False)},
    "/team/{}": {"GET": (team_page, False)},
    "/node": {"GET": (node_page, False)},
    "/editor": {"GET": (editor_page, False)},
    "/query": {"GET": (query, False), "POST": (query, False)},
    "/update": {"POST": (update, True)},
    "/store": {
        "GET": (store_get, False),
        "PUT": (store_put, True),
        "POST": (store_post, True),
        "DELETE": (store_delete, True),
    },
}


class SparqlServer:
    """The server over `store`, listening on settings.host:port (0: a free port); its pages
    offer the saved queries in `queries_dir` (read once, here)."""

    def __init__(
        self, store: ox.Store, settings: ServerSettings, queries_dir: Path | None = None
    ) -> None:
        catalogue = discover(queries_dir) if queries_dir is not None else {}
        site = serve_pages.Site(store, queries_dir, catalogue, settings.max_rows_shown)
        handler = type(
            "BoundSparqlHandler",
            (SparqlHandler,),
            {
                "store": store,
                "settings": settings,
                "write_lock": threading.Lock(),
                "slots": threading.BoundedSemaphore(settings.max_concurrent),
                "site": site,
            },
        )
        family_host = settings.host.strip("[]")
        try:
            self.httpd = _Server((family_host, settings.port), handler)
        except OSError as error:
            raise InputError(
                f"Cannot listen on {settings.host}:{settings.port}: {error.strerror or error}. "
                "Pick another --port, or stop what uses it."
            ) from None
        settings.port = self.httpd.server_address[1]
        self.settings = settings

    @property
    def url(self) -> str:
        host = self.settings.host
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        return f"http://{host}:{self.settings.port}"

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, daemon=True)
        thread.start()
        return thread

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-answer is not the server's error


__all__ = ["ROUTES", "ServerSettings", "SparqlServer"]
