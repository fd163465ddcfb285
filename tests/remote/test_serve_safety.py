"""`footballkg serve`'s server refuses what a hostile page, query or upload could do to it.

Expected statuses are those of RFC 9110 (403, 413, 421) and RFC 6750 (401 with a Bearer
challenge); expected messages are the server's documented one-line texts.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from conftest import in_process_servers
from footballkg.cli import cli
from footballkg.errors import EXIT_AUTH
from footballkg.rdf.load import LoadedGraph
from footballkg.server.app import ServerSettings, SparqlServer
from footballkg.stores.http_client import TOKEN_ENV

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789"
INSERT = "INSERT DATA { <http://example.org/a> <http://example.org/p> <http://example.org/b> }"
NT = b"<http://example.org/a> <http://example.org/p> <http://example.org/b> .\n"


@pytest.fixture
def start_server(loaded: LoadedGraph) -> Iterator[Callable[..., SparqlServer]]:
    with in_process_servers(loaded.graph, writable=True, token=TOKEN) as start:
        yield start


@pytest.fixture
def server(start_server: Callable[..., SparqlServer]) -> SparqlServer:
    return start_server()


def call(
    server: SparqlServer,
    method: str,
    path: str,
    body: bytes | None = None,
    **headers: str,
) -> tuple[int, str]:
    """Status and body text of one request; `Host` is the server's unless given."""
    sent = {"Host": f"127.0.0.1:{server.settings.port}"}
    sent.update({name.replace("_", "-"): value for name, value in headers.items()})
    connection = http.client.HTTPConnection("127.0.0.1", server.settings.port, timeout=10)
    try:
        connection.request(method, path, body, sent)
        answer = connection.getresponse()
        return answer.status, answer.read().decode()
    finally:
        connection.close()


def form(**fields: str) -> bytes:
    return urlencode(fields).encode()


FORM = {"Content_Type": "application/x-www-form-urlencoded"}
AUTHORIZED = {**FORM, "Authorization": f"Bearer {TOKEN}"}


def triples(server: SparqlServer) -> int:
    status, text = call(
        server,
        "POST",
        "/query",
        form(query="SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        Accept="application/sparql-results+json",
        **FORM,
    )
    assert status == 200, text
    return int(json.loads(text)["results"]["bindings"][0]["n"]["value"])


# -- who may talk to it ----------------------------------------------------------------------


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}", "127.0.0.1:1"])
def test_a_foreign_host_header_is_misdirected(server: SparqlServer, host: str) -> None:
    status, text = call(server, "GET", "/query?query=ASK%7B%7D", Host=host.format(port=1))
    assert status == 421
    port = server.settings.port
    assert text == f"This server answers only requests addressed to 127.0.0.1:{port}.\n"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_the_servers_own_host_names_are_answered(server: SparqlServer, host: str) -> None:
    port = server.settings.port
    status, text = call(server, "GET", "/query?query=ASK%7B%7D", Host=host.format(port=port))
    assert (status, json.loads(text)) == (200, {"head": {}, "boolean": True})


@pytest.mark.parametrize(
    "origin", ["http://127.0.0.2:8000", "null", "http://attacker.example", "https://127.0.0.1"]
)
def test_another_origin_cannot_write_even_with_the_token(server: SparqlServer, origin: str) -> None:
    before = triples(server)
    status, text = call(server, "POST", "/update", form(update=INSERT), Origin=origin, **AUTHORIZED)
    assert (status, text) == (403, "Requests from other web pages are refused.\n")
    assert triples(server) == before


def test_the_servers_own_origin_with_the_token_may_write(server: SparqlServer) -> None:
    before = triples(server)
    origin = f"http://127.0.0.1:{server.settings.port}"
    status, _ = call(server, "POST", "/update", form(update=INSERT), Origin=origin, **AUTHORIZED)
    assert status == 204
    assert triples(server) == before + 1


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type"),
    [
        ("POST", "/update", form(update=INSERT), "application/x-www-form-urlencoded"),
        ("POST", "/store?default", NT, "application/n-triples"),
        ("PUT", "/store?default", NT, "application/n-triples"),
        ("DELETE", "/store?default", None, ""),
    ],
    ids=["update", "store-post", "store-put", "store-delete"],
)
def test_writes_need_the_token_and_a_writable_server(
    start_server: Callable[..., SparqlServer],
    method: str,
    path: str,
    body: bytes | None,
    content_type: str,
) -> None:
    read_only = start_server(writable=False)
    writable = start_server()
    before = triples(writable)
    headers = {"Content_Type": content_type} if content_type else {}
    status, text = call(read_only, method, path, body, Authorization=f"Bearer {TOKEN}", **headers)
    assert (status, text) == (
        403,
        "This server is read-only; start it with --writable to accept changes.\n",
    )
    for authorization in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        status, text = call(writable, method, path, body, **headers, **authorization)
        assert status == 401
        assert text == (
            "Changes need the token printed when the server started "
            "(Authorization: Bearer TOKEN).\n"
        )
    assert triples(read_only) == before
    assert triples(writable) == before


# -- it never contacts another host ----------------------------------------------------------


@pytest.fixture
def listener(tiny_server: Callable[..., Any]) -> Any:
    """A server (conftest's TinyServer) that records every request made to it."""
    return tiny_server(lambda handler, n: handler.send(200, NT, "application/n-triples"))


OUTBOUND_QUERIES = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "select * where { service silent <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c .SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000073ervice <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?a<http://example.org/'> ?o . SERVICE <{url}> { ?x ?y ?z } } #'",
]


@pytest.mark.parametrize("text", OUTBOUND_QUERIES)
def test_service_is_refused_and_nothing_is_contacted(
    server: SparqlServer, listener: Any, text: str
) -> None:
    query = text.replace("{url}", listener.url)
    status, answer = call(server, "POST", "/query", form(query=query), **FORM)
    assert status == 400
    assert answer in (
        "SERVICE is not allowed: this server never contacts other hosts.\n",
        "The text mentions SERVICE or LOAD in a way this server cannot check; "
        "this server never contacts other hosts. Rephrase the text.\n",
    )
    assert listener.seen == []


@pytest.mark.parametrize(
    "text",
    [
        "LOAD <{url}>",
        "load silent <{url}> into graph <http://example.org/g>",
        "\\u004cOAD <{url}>",
        "INSERT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    ],
)
def test_load_and_service_in_updates_are_refused(
    server: SparqlServer, listener: Any, text: str
) -> None:
    before = triples(server)
    update = text.replace("{url}", listener.url)
    status, answer = call(server, "POST", "/update", form(update=update), **AUTHORIZED)
    assert status == 400
    assert answer.endswith(" is not allowed: this server never contacts other hosts.\n")
    assert listener.seen == []
    assert triples(server) == before


def test_the_words_in_strings_and_names_are_not_keywords(server: SparqlServer) -> None:
    query = (
        'SELECT ?load ?service WHERE { BIND("Load the SERVICE" AS ?load) '
        "BIND(<http://example.org/service> AS ?service) } # service"
    )
    status, text = call(server, "POST", "/query", form(query=query), **FORM)
    assert status == 200, text


# -- uploads and answers are bounded, and nothing crashes it ----------------------------------


ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE r [\n<!ENTITY a "aaaaaaaaaa">\n'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{f"&{chr(97 + i)};" * 10}">\n'.encode() for i in range(8))
    + b']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
    b"<ex:p>&i;</ex:p></rdf:Description></rdf:RDF>\n"
)


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        (
            ENTITY_BOMB,
            "application/rdf+xml",
            "the body:3: XML entity declarations (<!ENTITY ...>) are not accepted. "
            "Write the values out instead.\n",
        ),
        (
            b'{"@id": "http://example.org/a", "http://example.org/p": '
            + b"[" * 5000
            + b"]" * 5000
            + b"}",
            "application/ld+json",
            "the body:1: brackets nested more than 64 deep; such nesting is not accepted.\n",
        ),
        (b"<http://example.org/a> <http://example.org/p> .\n", "application/n-triples", None),
        (b"\xff\xfe not utf-8", "text/turtle", None),
    ],
    ids=["entities", "deep-jsonld", "malformed", "not-utf8"],
)
def test_a_hostile_upload_is_a_400_and_the_server_lives_on(
    server: SparqlServer, body: bytes, content_type: str, expected: str | None
) -> None:
    before = triples(server)
    status, text = call(
        server,
        "PUT",
        "/store?default",
        body,
        Content_Type=content_type,
        Authorization=f"Bearer {TOKEN}",
    )
    assert status == 400
    if expected is not None:
        assert text == expected
    else:
        assert text.startswith("The body is not valid RDF: ")
    assert triples(server) == before  # old graph kept whole


def test_a_body_past_the_limit_is_413(start_server: Callable[..., SparqlServer]) -> None:
    server = start_server(max_body_bytes=1000)
    status, text = call(
        server,
        "POST",
        "/store?default",
        NT * 100,
        Content_Type="application/n-triples",
        Authorization=f"Bearer {TOKEN}",
    )
    assert (status, text) == (413, "The body is larger than 1000 bytes.\n")


def test_an_answer_past_the_limit_is_refused(start_server: Callable[..., SparqlServer]) -> None:
    server = start_server(max_answer_bytes=10_000)
    status, text = call(server, "POST", "/query", form(query="SELECT * { ?s ?p ?o }"), **FORM)
    assert (status, text) == (
        500,
        "The answer is larger than 10000 bytes; ask for less (LIMIT, fewer variables).\n",
    )


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ],
)
def test_select_results_in_each_format(server: SparqlServer, accept: str, media: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.settings.port, timeout=10)
    query = "SELECT ?n WHERE { VALUES ?n { 7 } }"
    connection.request("GET", "/query?" + urlencode({"query": query}), headers={"Accept": accept})
    answer = connection.getresponse()
    body = answer.read().decode()
    connection.close()
    assert answer.status == 200
    assert answer.getheader("Content-Type", "").split(";")[0] == media
    assert "7" in body


# -- the project's own clients still work against it ---------------------------------------


def test_push_validate_and_query_work_against_serve(
    start_server: Callable[..., SparqlServer], loaded: LoadedGraph
) -> None:
    server = start_server()
    endpoint = server.url + "/query"
    project = ["--project", str(ROOT)]
    runner = CliRunner()
    refused = runner.invoke(cli, ["push", "--endpoint", endpoint, "--replace", *project])
    assert refused.exit_code == EXIT_AUTH
    assert refused.output == (
        f"Error: {server.url}/store needs a write token (HTTP 401). Set {TOKEN_ENV} to the "
        "token that `footballkg serve --writable` printed.\n"
    )
    pushed = runner.invoke(
        cli, ["push", "--endpoint", endpoint, "--replace", *project], env={TOKEN_ENV: TOKEN}
    )
    sent = len(loaded.graph)
    assert (pushed.exit_code, pushed.output) == (
        0,
        f"Replaced the default graph at {endpoint} by Graph Store PUT: {sent} triples sent, "
        f"the server now counts {sent}; read back, it holds exactly what was sent.\n",
    )
    validated = runner.invoke(cli, ["validate", "--endpoint", endpoint, *project])
    assert validated.exit_code == 0, validated.output
    exported = runner.invoke(cli, ["export", "--endpoint", endpoint, *project])
    local = runner.invoke(cli, ["export", *project])
    assert exported.exit_code == 0 and exported.output == local.output


@pytest.mark.parametrize(
    ("bound", "host", "accepted"),
    [
        ("127.0.0.1", "127.0.0.1:7878", True),
        ("127.0.0.1", "localhost:7878", True),
        ("127.0.0.1", "[::1]:7878", True),
        ("127.0.0.1", "127.0.0.1:7879", False),
        ("127.0.0.1", "rebound.example:7878", False),
        ("::1", "[::1]:7878", True),
        ("0.0.0.0", "192.0.2.7:7878", True),  # every address: any IP literal with the port
        ("0.0.0.0", "[2001:db8::1]:7878", True),
        ("0.0.0.0", "localhost:7878", True),
        ("0.0.0.0", "rebound.example:7878", False),  # never a DNS name: rebinding needs one
        ("0.0.0.0", "192.0.2.7:80", False),
        ("192.0.2.7", "192.0.2.7:7878", True),
        ("192.0.2.7", "localhost:7878", False),
    ],
)
def test_which_host_headers_name_the_server(bound: str, host: str, accepted: bool) -> None:
    settings = ServerSettings(bound, 7878)
    assert settings.accepts_host(host) is accepted
    assert settings.accepts_origin(f"http://{host}") is accepted
    assert settings.accepts_origin(f"https://{host}") is False
