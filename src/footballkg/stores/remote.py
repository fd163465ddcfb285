"""Talk to any SPARQL 1.1 server: queries, the Graph Store Protocol and SPARQL Update.

Queries are built by SPARQLWrapper and sent by `http_client.HttpClient` (deadline, retries,
login, one-line errors). Answers are read in full and checked before use: results must be
SPARQL JSON, graphs must parse and match the server's own triple count, so nothing cut off
or unexpected is ever used in part.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier
from SPARQLWrapper import CONSTRUCT, JSON, POST, SELECT, TURTLE, SPARQLWrapper

from footballkg.errors import InputError, RemoteError, ServerChangedData
from footballkg.queries.catalogue import SavedQuery, is_select_distinct, query_text_with_values
from footballkg.queries.results import QueryResult
from footballkg.rdf.graph_compare import batches, difference, missing_ground_triples
from footballkg.rdf.input_bounds import check_rdf_bytes
from footballkg.rdf.terms import XSD_STRING, from_oxigraph
from footballkg.stores.http_client import (
    TOKEN_ENV,
    USER_AGENT,
    Credentials,
    HttpClient,
    Response,
    check_url,
    token_from_environment,
)
from footballkg.stores.http_defaults import DEFAULT_MAX_ANSWER_BYTES, DEFAULT_TIMEOUT, PASSWORD_ENV

XSD_BOOLEAN = URIRef("http://www.w3.org/2001/XMLSchema#boolean")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

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


class SparqlClient:
    """Queries (SPARQLWrapper), Graph Store Protocol and SPARQL Update against one endpoint."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        credentials: Credentials | None = None,
        http: HttpClient | None = None,
        token: str | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.http = http or HttpClient(timeout, credentials, token=token)

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


def run_saved_query(
    client: SparqlClient,
    query: SavedQuery,
    bindings: Mapping[str, Identifier],
    warn: Callable[[str], None] | None = None,
) -> QueryResult:
    """Run a saved query on the server, its parameters sent as a VALUES block.

    What a server is known to get wrong is put right only where the query says what is
    right: a column the header declares boolean (`#+ result_types`) comes back as a boolean
    when a server sends 1/0 (Virtuoso); duplicate rows of a SELECT DISTINCT are removed and
    reported through `warn` (default: stderr). Anything else is returned as the server sent it.
    """
    result = client.select(query_text_with_values(query, bindings))
    result = _with_declared_types(result, query.result_types)
    if is_select_distinct(query.text):
        kept = _without_duplicates(result)
        removed = len(result.rows) - len(kept.rows)
        if removed:
            (warn or _to_stderr)(
                f"Warning: {client.endpoint.query_url} returned {removed} duplicate "
                f"row{'' if removed == 1 else 's'} for SELECT DISTINCT (a server bug); removed."
            )
        result = kept
    return result


_BOOLEAN_FORMS = {"true": True, "1": True, "false": False, "0": False}


def _with_declared_types(result: QueryResult, types: Mapping[str, str]) -> QueryResult:
    """Booleans sent as 1/0 (typed integer or boolean) in a column declared boolean, as
    booleans. Other values are left as sent, so a real difference still shows."""
    columns = [name for name, kind in types.items() if kind == "boolean"]
    if not columns:
        return result
    rows = []
    for row in result.rows:
        fixed = dict(row)
        for name in columns:
            value = row.get(name)
            if (
                isinstance(value, Literal)
                and value.datatype in (XSD_BOOLEAN, XSD_INTEGER)
                and str(value) in _BOOLEAN_FORMS
            ):
                fixed[name] = Literal(_BOOLEAN_FORMS[str(value)])
        rows.append(fixed)
    return QueryResult(result.variables, rows)


def _without_duplicates(result: QueryResult) -> QueryResult:
    seen: set[tuple[Identifier | None, ...]] = set()
    rows = []
    for row in result.rows:
        key = tuple(row.get(name) for name in result.variables)
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return QueryResult(result.variables, rows)


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _parse_rdf(response: Response, url: str) -> Graph:
    rdf_format = RDF_TYPES.get(response.media_type)
    if rdf_format is None:
        raise _unexpected_body(url, "RDF (N-Triples or Turtle)", response)
    try:
        check_rdf_bytes(response.body, rdf_format, f"the answer from {url}")
    except InputError as error:
        raise RemoteError(error.message + " Nothing of it was used.") from None
    graph = Graph()
    try:
        # Oxigraph's parser, as for the project's files: lexical forms are kept exactly.
        for quad in ox.parse(response.body, rdf_format, rename_blank_nodes=True):
            triple = (quad.subject, quad.predicate, quad.object)
            graph.add(tuple(from_oxigraph(term) for term in triple))  # type: ignore[arg-type]
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


MAX_UPDATE_TRIPLES = 500  # per SPARQL Update request: servers cap a request's size


@dataclass(frozen=True)
class PushReport:
    method: str  # "Graph Store PUT", "Graph Store POST", "SPARQL Update"
    sent: int
    before: int
    after: int
    requests: int = 1  # write requests sent
    atomic: bool = True  # whether the server applied the whole write in one request


def push_graph(
    client: SparqlClient,
    graph: Graph,
    *,
    replace: bool,
    max_update_triples: int = MAX_UPDATE_TRIPLES,
) -> PushReport:
    """Load `graph` into the endpoint's graph (replacing its content if `replace`), then
    read it back and check that the server holds exactly what was sent.

    Graph Store Protocol first (PUT replaces, POST adds, one request); SPARQL Update if there
    is no Graph Store, in requests of at most `max_update_triples` triples (one request, and
    so one transaction, only when the graph fits). A server whose default graph is the union
    of its named graphs is refused when no --graph is given. After writing, the graph read
    back is compared with the graph sent by RDFC-1.0 canonical form (every triple, exactly);
    a difference raises ServerChangedData naming the triples.
    """
    endpoint = client.endpoint
    if endpoint.graph is None:
        check_default_graph_is_not_union(client)
    sent = len(graph)
    before = 0 if replace else client.count_triples()
    method = None
    requests, atomic = 1, True
    if endpoint.store_url is not None:
        verb = "PUT" if replace else "POST"
        request = client.store_request(verb, graph.serialize(format="nt", encoding="utf-8"))
        # A guessed Graph Store URL may not exist: 404/405/501 mean "use Update instead".
        fallback = (404, 405, 501) if endpoint.store_guessed else ()
        response = client.http.send(request, "push", ok=fallback)
        if 200 <= response.status < 300:
            method = f"Graph Store {verb}"
    if method is None:
        pieces = batches(graph, max_update_triples) or [Graph()]
        for number, piece in enumerate(pieces):
            ntriples = piece.serialize(format="nt", encoding="utf-8").decode("utf-8")
            blank = any(isinstance(term, BNode) for triple in piece for term in triple)
            text = _update_text(ntriples, endpoint.graph, replace and number == 0, blank)
            client.update(text, "push")
        method, requests, atomic = "SPARQL Update", len(pieces), len(pieces) == 1
    held = client.fetch_graph()
    after = len(held)
    target = f"graph <{endpoint.graph}>" if endpoint.graph else "the default graph"
    changed = difference(graph, held) if replace else missing_ground_triples(graph, held)
    if changed:
        raise ServerChangedData(
            f"Push not confirmed: {target} at {endpoint.query_url}, read back, is not what was "
            f"sent: {changed.describe()}. The server changed or dropped these triples."
        )
    if not replace and not (max(before, sent) <= after <= before + sent):
        raise RemoteError(
            f"Push not confirmed: {target} held {before} triples, {sent} were sent, and "
            f"{endpoint.query_url} now counts {after}."
        )
    return PushReport(method, sent, before, after, requests, atomic)


def check_default_graph_is_not_union(client: SparqlClient) -> None:
    """Refuse a default graph that shows the triples of the server's named graphs.

    On such a server (Virtuoso; Oxigraph with --union-default-graph) the default graph is
    every graph at once: data pushed there cannot be told apart, and it cannot be read back
    as it was sent. The sign: some named graph holds triples, and every one of them is also
    in the default graph.
    """
    named = client.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1")
    if not named.rows:
        return
    hidden = client.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } } LIMIT 1"
    )
    if not hidden.rows:
        raise InputError(
            f"The default graph at {client.endpoint.query_url} is the union of all its graphs "
            "(it shows the triples of every named graph). Name the graph that holds the data "
            "with --graph IRI."
        )


def _update_text(ntriples: str, graph: str | None, replace: bool, blank: bool = False) -> str:
    """SPARQL Update equivalent of a Graph Store PUT/POST (one request, one transaction).

    With blank nodes, `INSERT { ... } WHERE {}` (standard too): Virtuoso refuses blank nodes
    in INSERT DATA, and a template's blank nodes are as fresh as INSERT DATA's.
    """
    clear = f"CLEAR SILENT GRAPH <{graph}> ;\n" if graph else "CLEAR SILENT DEFAULT ;\n"
    body = f"GRAPH <{graph}> {{\n{ntriples}}}" if graph else ntriples
    insert = f"INSERT {{\n{body}\n}} WHERE {{}}" if blank else f"INSERT DATA {{\n{body}\n}}"
    return (clear if replace else "") + insert


def client_for(
    url: str,
    *,
    graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
    update_url: str | None = None,
    store_url: str | None = None,
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES,
) -> SparqlClient:
    """A client for command-line options: checks the URLs and reads the password."""
    endpoint = Endpoint.from_url(url, graph=graph, update_url=update_url, store_url=store_url)
    http = HttpClient(
        timeout,
        Credentials.for_user(user),
        token=token_from_environment(),
        max_answer_bytes=max_answer_bytes,
    )
    return SparqlClient(endpoint, http=http)


__all__ = [
    "DEFAULT_MAX_ANSWER_BYTES",
    "DEFAULT_TIMEOUT",
    "PASSWORD_ENV",
    "TOKEN_ENV",
    "USER_AGENT",
    "Credentials",
    "Endpoint",
    "HttpClient",
    "PushReport",
    "SparqlClient",
    "check_default_graph_is_not_union",
    "client_for",
    "push_graph",
    "run_saved_query",
]
