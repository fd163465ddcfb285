"""Talk to any SPARQL 1.1 server: queries, the Graph Store Protocol and SPARQL Update.

Written for real servers (Fuseki, GraphDB, Virtuoso, QLever, Oxigraph) and their failures:

- one deadline (`timeout`) covers the whole exchange: connecting, retries and reading the
  body; a watchdog closes the socket when it passes, so a server that trickles bytes cannot
  hold the command past it;
- 429, 502 and 503 are retried a bounded number of times, waiting as long as `Retry-After`
  asks (or backing off exponentially) but never past the deadline;
- a login is sent only when the server asks for one (HTTP 401), as Digest or Basic
  according to its challenge; the password comes from an environment variable and never
  appears in a message;
- every failure becomes one `RemoteError` (exit codes 3, 4, 5, 6) with a one-line message,
  and a body that is cut off or is not what was asked for is rejected, never used in part.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import CONSTRUCT, JSON, POST, SELECT, TURTLE, SPARQLWrapper

from footballkg import __version__
from footballkg.errors import AuthFailed, ConnectionFailed, InputError, RemoteError, TimedOut
from footballkg.queries import SavedQuery, query_text_with_values
from footballkg.results import QueryResult

PASSWORD_ENV = "FOOTBALLKG_PASSWORD"
USER_AGENT = f"footballkg/{__version__}"
DEFAULT_TIMEOUT = 60.0
MAX_ATTEMPTS = 4  # one try and three retries on 429/502/503
FIRST_BACKOFF = 0.5  # seconds; doubles after each retry unless the server says otherwise
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RETRY_STATUSES = frozenset({429, 502, 503})
GET_URL_LIMIT = 2000  # longer queries go by POST: some servers and proxies cut long URLs

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")  # absolute, safe in <...>

RESULTS_JSON_TYPES = ("application/sparql-results+json", "application/json")
# Media type of an RDF answer -> its parser. N-Triples is asked for first: every server
# writes it, and it has no prefixes to resolve.
RDF_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # older servers label N-Triples this way
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


@dataclass(frozen=True)
class Credentials:
    user: str
    password: str = field(repr=False)

    @classmethod
    def for_user(cls, user: str | None) -> Credentials | None:
        """The login for `--user`, with the password taken from $FOOTBALLKG_PASSWORD."""
        if not user:
            return None
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            raise InputError(
                f"--user {user} needs a password: set the environment variable {PASSWORD_ENV}."
            )
        return cls(user, password)


@dataclass(frozen=True)
class Endpoint:
    """Where a server takes queries, updates and Graph Store requests, and which graph to use.

    `graph` None means the default graph. `store_guessed` marks a Graph Store URL derived from
    the query URL rather than given: if the server has nothing there, push falls back to
    SPARQL Update.
    """

    query_url: str
    update_url: str
    store_url: str | None = None
    graph: str | None = None
    store_guessed: bool = False

    @classmethod
    def from_url(
        cls,
        query_url: str,
        *,
        graph: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
    ) -> Endpoint:
        """Endpoint for a query URL; update and store URLs follow the `/query` convention.

        `…/query` (Oxigraph, Fuseki) implies `…/update` and (Oxigraph's) `…/store`; any other
        URL takes updates itself (Virtuoso, QLever) and has no known Graph Store URL.
        """
        for url in (query_url, update_url, store_url):
            if url is not None:
                check_url(url)
        if graph is not None and not _IRI.fullmatch(graph):
            raise InputError(
                f"--graph {graph!r} is not an absolute IRI, e.g. https://example.org/g."
            )
        guessed_store = None
        base = query_url.rstrip("/")
        if base.endswith("/query"):
            update_url = update_url or base[: -len("query")] + "update"
            guessed_store = base[: -len("query")] + "store"
        return cls(
            query_url=query_url,
            update_url=update_url or query_url,
            store_url=store_url or guessed_store,
            graph=graph,
            store_guessed=store_url is None and guessed_store is not None,
        )


def check_url(url: str) -> None:
    """Reject URLs the client cannot use, and credentials written into a URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"{url!r} is not an http(s) URL of a SPARQL endpoint.")
    if parts.username is not None or parts.password is not None:
        raise InputError(
            f"Do not put credentials in the endpoint URL: pass --user NAME and set {PASSWORD_ENV}."
        )


@dataclass(frozen=True)
class Response:
    status: int
    reason: str
    headers: Message
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get_content_type() if self.headers.get("Content-Type") else ""

    def text(self) -> str:
        charset = self.headers.get_content_charset() or "utf-8"
        return self.body.decode(charset, errors="replace")


class HttpClient:
    """HTTP with a whole-exchange deadline, bounded retries and login on demand."""

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        *,
        max_attempts: int = MAX_ATTEMPTS,
        first_backoff: float = FIRST_BACKOFF,
    ) -> None:
        if timeout <= 0:
            raise InputError("--timeout must be a positive number of seconds.")
        self.timeout = timeout
        self.credentials = credentials
        self.max_attempts = max_attempts
        self.first_backoff = first_backoff
        self._authorization: str | None = None  # learnt from the first 401 challenge
        self._digest: urllib.request.HTTPDigestAuthHandler | None = None
        self._digest_challenge: dict[str, str] | None = None

    def send(
        self,
        request: urllib.request.Request,
        what: str,
        *,
        ok: tuple[int, ...] = (),
    ) -> Response:
        """Send `request` and return a 2xx response (or one whose status is in `ok`).

        `what` names the request in error messages ("query", "push", ...).
        """
        url = _shown(request.full_url)
        deadline = time.monotonic() + self.timeout
        attempt = 0
        logged_in = False
        while True:
            attempt += 1
            self._add_login(request)
            response = self._send_once(request, deadline)
            if response.status == 401 and self.credentials and not logged_in:
                # First contact: answer the server's challenge once, then keep the login.
                logged_in = self._accept_challenge(request, response)
                if logged_in:
                    attempt -= 1
                    continue
            if response.status in RETRY_STATUSES and attempt < self.max_attempts:
                wait = _retry_after(response)
                if wait is None:
                    wait = self.first_backoff * 2 ** (attempt - 1)
                if time.monotonic() + wait < deadline:
                    time.sleep(wait)
                    continue
            break
        if 200 <= response.status < 300 or response.status in ok:
            return response
        raise self._status_error(response, url, what, attempt)

    # -- one exchange ------------------------------------------------------------------------

    def _send_once(self, request: urllib.request.Request, deadline: float) -> Response:
        url = _shown(request.full_url)
        parts = urlsplit(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out(url)
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname or "", parts.port, timeout=remaining)
        expired = threading.Event()

        def close_at_deadline() -> None:
            expired.set()
            sock = connection.sock
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv at once

        watchdog = threading.Timer(remaining, close_at_deadline)
        watchdog.daemon = True
        watchdog.start()
        try:
            headers = dict(request.header_items())
            connection.request(request.get_method(), request.selector, request.data, headers)
            answer = connection.getresponse()
            body = answer.read()
            if expired.is_set():
                # A body read until the socket closed may look complete; it is not.
                raise self._timed_out(url)
            return Response(answer.status, answer.reason, answer.headers, body)
        except http.client.IncompleteRead as error:
            if expired.is_set():
                raise self._timed_out(url) from None
            expected = f" of {error.expected + len(error.partial)}" if error.expected else ""
            raise RemoteError(
                f"The answer from {url} was cut off after {len(error.partial)}{expected} bytes; "
                "nothing of it was used. Try again, or check the server's logs."
            ) from None
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set() or isinstance(error, TimeoutError):
                raise self._timed_out(url) from None
            raise _connection_error(url, error) from None
        finally:
            watchdog.cancel()
            connection.close()

    def _timed_out(self, url: str) -> TimedOut:
        return TimedOut(
            f"No complete answer from {url} within {self.timeout:g} s. "
            "Raise --timeout, or check that the server is not overloaded."
        )

    # -- login -------------------------------------------------------------------------------

    def _add_login(self, request: urllib.request.Request) -> None:
        if self._digest is not None and self._digest_challenge is not None:
            # Digest answers depend on the request (method, path, nonce count).
            answer = self._digest.get_authorization(request, self._digest_challenge)
            self._authorization = f"Digest {answer}" if answer else None
        if self._authorization:
            request.add_unredirected_header("Authorization", self._authorization)

    def _accept_challenge(self, request: urllib.request.Request, response: Response) -> bool:
        """Prepare a login for the scheme the server asked for; False if it is unusable."""
        assert self.credentials is not None
        challenges = response.headers.get_all("WWW-Authenticate") or []
        digest = next((c for c in challenges if c.lower().startswith("digest ")), None)
        if digest is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(
                None, request.full_url, self.credentials.user, self.credentials.password
            )
            self._digest = urllib.request.HTTPDigestAuthHandler(manager)
            items = urllib.request.parse_http_list(digest.split(" ", 1)[1])
            self._digest_challenge = urllib.request.parse_keqv_list([i for i in items if i])
            return True
        if any(c.lower().startswith("basic") for c in challenges):
            pair = f"{self.credentials.user}:{self.credentials.password}".encode()
            self._authorization = "Basic " + base64.b64encode(pair).decode("ascii")
            return True
        return False

    # -- errors ------------------------------------------------------------------------------

    def _status_error(self, response: Response, url: str, what: str, attempts: int) -> RemoteError:
        status = f"HTTP {response.status}"
        detail = _server_message(response)
        said = f": {detail}" if detail else "."
        if response.status == 401:
            if self.credentials is None:
                return AuthFailed(
                    f"{url} needs a login ({status}). Pass --user NAME and set the password "
                    f"in the environment variable {PASSWORD_ENV}."
                )
            return AuthFailed(
                f"{url} did not accept the login of user {self.credentials.user!r} ({status}). "
                f"Check --user and {PASSWORD_ENV}."
            )
        if response.status == 403:
            return AuthFailed(f"{url} refused the {what} ({status}){said}")
        if response.status == 404:
            return RemoteError(
                f"{url} was not found ({status}). Check the endpoint path, e.g. Fuseki "
                "/DATASET/query, GraphDB /repositories/REPO, Virtuoso /sparql, Oxigraph /query."
            )
        if response.status in (301, 302, 303, 307, 308):
            location = response.headers.get("Location", "?")
            return RemoteError(f"{url} has moved ({status}) to {location}; use that URL.")
        if response.status == 400:
            return RemoteError(f"The server rejected the {what} ({status}){said}")
        if response.status in RETRY_STATUSES:
            tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
            wait = _retry_after(response)
            asked = f" (it asks to wait {wait:g} s)" if wait else ""
            return RemoteError(
                f"{url} is busy or unavailable ({status}, {response.reason}) after {tries} "
                f"within {self.timeout:g} s{asked}; try again later{said if detail else '.'}"
            )
        return RemoteError(f"{url} failed on the {what} ({status} {response.reason}){said}")


def _shown(url: str) -> str:
    """The URL as messages show it: without the query string (long, and may hold a graph)."""
    return url.split("?", 1)[0]


def _retry_after(response: Response) -> float | None:
    """Seconds the server asked to wait (delta-seconds or an HTTP date), if it said."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _server_message(response: Response, limit: int = 300) -> str:
    """The server's error text on one line: HTML tags dropped, whitespace collapsed."""
    text = response.text()
    if response.media_type in ("text/html", "application/xhtml+xml"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _connection_error(url: str, error: BaseException) -> ConnectionFailed:
    host = urlsplit(url).hostname
    if isinstance(error, ConnectionRefusedError):
        return ConnectionFailed(
            f"Cannot connect to {url}: connection refused. Is the server running on that port?"
        )
    if isinstance(error, socket.gaierror):
        return ConnectionFailed(f"Cannot find the host {host!r} of {url}. Check the URL.")
    if isinstance(error, ssl.SSLError):
        return ConnectionFailed(f"TLS with {url} failed: {error.reason or error}.")
    if isinstance(error, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
        return ConnectionFailed(
            f"{url} closed the connection before answering (was the server stopped?)."
        )
    if isinstance(error, http.client.HTTPException):
        return ConnectionFailed(f"{url} did not answer with valid HTTP ({type(error).__name__}).")
    reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return ConnectionFailed(f"Cannot reach {url}: {reason}.")


class SparqlClient:
    """Queries (SPARQLWrapper), Graph Store Protocol and SPARQL Update against one endpoint."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        http: HttpClient | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.http = http or HttpClient(timeout, credentials)

    # -- queries -----------------------------------------------------------------------------

    def select(self, query_text: str) -> QueryResult:
        """Run a SELECT query; rows hold rdflib terms, as a local run would."""
        request = self._query_request(query_text, JSON)
        response = self.http.send(request, "query")
        url = self.endpoint.query_url
        if response.media_type not in RESULTS_JSON_TYPES:
            raise _unexpected_body(url, "SPARQL JSON results", response)
        try:
            parsed = json.loads(response.body)
            variables = [str(name) for name in parsed["head"]["vars"]]
            rows = [
                {name: _json_term(binding.get(name)) for name in variables}
                for binding in parsed["results"]["bindings"]
            ]
        except Exception as error:  # any malformed body: truncated JSON, missing keys, ...
            raise RemoteError(
                f"The answer from {url} is not complete SPARQL JSON results "
                f"({type(error).__name__}: {str(error)[:120]}); nothing of it was used."
            ) from None
        return QueryResult(variables=variables, rows=rows)

    def count_triples(self) -> int:
        """Number of triples in the endpoint's graph (the default graph if none is named)."""
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        try:
            return int(result.rows[0]["n"])  # type: ignore[arg-type]
        except (IndexError, KeyError, TypeError, ValueError):
            raise RemoteError(f"{self.endpoint.query_url} did not return a triple count.") from None

    def fetch_graph(self) -> Graph:
        """Every triple of the endpoint's graph, checked against the server's own count."""
        request = self._query_request("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", TURTLE)
        request.add_header("Accept", RDF_ACCEPT)
        response = self.http.send(request, "query")
        graph = _parse_rdf(response, self.endpoint.query_url)
        expected = self.count_triples()
        if len(graph) != expected:
            raise RemoteError(
                f"{self.endpoint.query_url} sent {len(graph)} triples but counts {expected} in "
                "the graph (cut off, or changed while reading); nothing was used. Try again."
            )
        return graph

    def _query_request(self, query_text: str, return_format: str) -> urllib.request.Request:
        """The SPARQL 1.1 Protocol request for a query, built by SPARQLWrapper."""
        wrapper = SPARQLWrapper(self.endpoint.query_url, agent=USER_AGENT)
        wrapper.setQuery(query_text)
        # SPARQLWrapper guesses the form from the text, and comments can fool it (a `#+`
        # header mentioning "add" made a SELECT an update); the caller knows the form.
        wrapper.queryType = CONSTRUCT if return_format == TURTLE else SELECT
        wrapper.setReturnFormat(return_format)
        wrapper.setOnlyConneg(True)  # the Accept header only, no format=... parameters
        if self.endpoint.graph:
            wrapper.addDefaultGraph(self.endpoint.graph)
        if len(quote(query_text)) > GET_URL_LIMIT:
            wrapper.setMethod(POST)
        # SPARQLWrapper builds the request; sending it is ours, for the deadline and retries.
        request: urllib.request.Request = wrapper._createRequest()
        return request

    # -- updates and the Graph Store Protocol -------------------------------------------------

    def update(self, update_text: str, what: str = "update") -> None:
        # "update via URL-encoded POST": the form of the protocol every server takes.
        request = urllib.request.Request(
            self.endpoint.update_url,
            data=urlencode({"update": update_text}).encode("ascii"),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "User-Agent": USER_AGENT,
            },
        )
        self.http.send(request, what)

    def store_request(self, method: str, body: bytes | None = None) -> urllib.request.Request:
        """A Graph Store Protocol request on the endpoint's graph (`?default` or `?graph=`)."""
        assert self.endpoint.store_url is not None
        target = (
            "graph=" + quote(self.endpoint.graph, safe="") if self.endpoint.graph else "default"
        )
        separator = "&" if "?" in self.endpoint.store_url else "?"
        headers = {"User-Agent": USER_AGENT}
        if body is not None:
            headers["Content-Type"] = "application/n-triples"
        return urllib.request.Request(
            self.endpoint.store_url + separator + target, data=body, method=method, headers=headers
        )


def _json_term(value: Mapping[str, str] | None) -> Identifier | None:
    """An rdflib term for a SPARQL JSON results term, its lexical form kept as sent."""
    if value is None:
        return None
    kind, text = value["type"], value["value"]
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        datatype = value.get("datatype")
        # "x" and "x"^^xsd:string are one literal in RDF 1.1; servers differ in which they
        # send, and the local runners give the plain form.
        if datatype is None or datatype == XSD_STRING:
            return Literal(text)
        return Literal(text, datatype=URIRef(datatype), normalize=False)
    raise ValueError(f"unknown term type {kind!r}")


def _ox_term(term: Any) -> Identifier:
    """An rdflib term for an Oxigraph term, its lexical form kept as sent."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise ValueError(f"unsupported RDF term {term!r}")


def run_saved_query(
    client: SparqlClient, query: SavedQuery, bindings: Mapping[str, Identifier]
) -> QueryResult:
    """Run a saved query on the server, its parameters sent as a VALUES block."""
    return client.select(query_text_with_values(query, bindings))


def _parse_rdf(response: Response, url: str) -> Graph:
    rdf_format = RDF_TYPES.get(response.media_type)
    if rdf_format is None:
        raise _unexpected_body(url, "RDF (N-Triples or Turtle)", response)
    graph = Graph()
    try:
        # Oxigraph's parser, as for the project's files: lexical forms are kept exactly.
        for quad in ox.parse(response.body, rdf_format, rename_blank_nodes=True):
            graph.add((_ox_term(quad.subject), _ox_term(quad.predicate), _ox_term(quad.object)))
    except Exception as error:  # a syntax error or an odd term: an unusable body
        raise RemoteError(
            f"The RDF from {url} could not be read ({type(error).__name__}); "
            "it may be cut off. Nothing of it was used."
        ) from None
    return graph


def _unexpected_body(url: str, wanted: str, response: Response) -> RemoteError:
    got = response.media_type or "no Content-Type"
    hint = (
        " (a web page: is the URL the SPARQL endpoint, e.g. …/query or …/sparql?)"
        if got in ("text/html", "application/xhtml+xml")
        else ""
    )
    return RemoteError(f"{url} answered with {got}{hint}, not {wanted}.")


@dataclass(frozen=True)
class PushReport:
    method: str  # "Graph Store PUT", "Graph Store POST", "SPARQL Update"
    sent: int
    before: int
    after: int


def push_graph(client: SparqlClient, graph: Graph, *, replace: bool) -> PushReport:
    """Load `graph` into the endpoint's graph, replacing it atomically if `replace`.

    Graph Store Protocol first (PUT replaces, POST adds); SPARQL Update if the server has no
    Graph Store at a guessed URL. The server's triple count is checked afterwards.
    """
    endpoint = client.endpoint
    payload = graph.serialize(format="nt", encoding="utf-8")
    sent = len(graph)
    before = 0 if replace else client.count_triples()
    method = None
    if endpoint.store_url is not None:
        verb = "PUT" if replace else "POST"
        request = client.store_request(verb, payload)
        # A guessed Graph Store URL may not exist: 404/405/501 mean "use Update instead".
        fallback = (404, 405, 501) if endpoint.store_guessed else ()
        response = client.http.send(request, "push", ok=fallback)
        if 200 <= response.status < 300:
            method = f"Graph Store {verb}"
    if method is None:
        client.update(_update_text(payload.decode("utf-8"), endpoint.graph, replace), "push")
        method = "SPARQL Update"
    after = client.count_triples()
    target = f"graph <{endpoint.graph}>" if endpoint.graph else "the default graph"
    if replace and after != sent:
        raise RemoteError(
            f"Push not confirmed: sent {sent} triples but {endpoint.query_url} counts {after} in "
            f"{target}. If the server's default graph is the union of all graphs, push to a "
            "named graph with --graph."
        )
    if not replace and not (max(before, sent) <= after <= before + sent):
        raise RemoteError(
            f"Push not confirmed: {target} held {before} triples, {sent} were sent, and "
            f"{endpoint.query_url} now counts {after}."
        )
    return PushReport(method=method, sent=sent, before=before, after=after)


def _update_text(ntriples: str, graph: str | None, replace: bool) -> str:
    """SPARQL Update equivalent of a Graph Store PUT/POST, as one request (one transaction)."""
    clear = f"CLEAR SILENT GRAPH <{graph}> ;\n" if graph else "CLEAR SILENT DEFAULT ;\n"
    body = f"GRAPH <{graph}> {{\n{ntriples}}}" if graph else ntriples
    return (clear if replace else "") + f"INSERT DATA {{\n{body}\n}}"


def client_for(
    url: str,
    *,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
) -> SparqlClient:
    """A client for command-line options: checks the URLs and reads the password."""
    endpoint = Endpoint.from_url(url, graph=graph, update_url=update_url, store_url=store_url)
    return SparqlClient(endpoint, timeout=timeout, credentials=Credentials.for_user(user))


__all__ = [
    "DEFAULT_TIMEOUT",
    "PASSWORD_ENV",
    "USER_AGENT",
    "Credentials",
    "Endpoint",
    "HttpClient",
    "PushReport",
    "SparqlClient",
    "client_for",
    "push_graph",
    "run_saved_query",
]
