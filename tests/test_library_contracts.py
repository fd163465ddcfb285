"""The two library internals footballkg relies on, held to what it expects of them.

Neither library offers a public way to do these, and both are pinned below their next major
version in pyproject.toml; these tests fail first if an upgrade changes them.

- SPARQLWrapper builds the SPARQL 1.1 Protocol request (`_createRequest`); footballkg sends it
  with its own HTTP client (one deadline, bounded retries and answers, logins per origin).
- urllib's digest handler computes a Digest answer for a request (`get_authorization`), which
  the client adds itself so that a login goes only to the origin that asked for it.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import parse_qs, urlsplit

from footballkg.stores.remote import GET_URL_LIMIT, Endpoint, SparqlClient

ENDPOINT = "http://127.0.0.1:9/query"
GRAPH = "https://example.org/g"


def test_sparqlwrapper_builds_a_get_request_with_the_query_and_graph() -> None:
    client = SparqlClient(Endpoint.from_url(ENDPOINT, graph=GRAPH))
    request = client._query_request("SELECT * WHERE { ?s ?p ?o }", "json")
    assert isinstance(request, urllib.request.Request)
    assert request.get_method() == "GET"
    url = urlsplit(request.full_url)
    assert f"{url.scheme}://{url.netloc}{url.path}" == ENDPOINT
    assert parse_qs(url.query) == {
        "query": ["SELECT * WHERE { ?s ?p ?o }"],
        "default-graph-uri": [GRAPH],
    }
    assert "application/sparql-results+json" in request.get_header("Accept")


def test_sparqlwrapper_posts_a_long_query_as_a_form() -> None:
    client = SparqlClient(Endpoint.from_url(ENDPOINT))
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * GET_URL_LIMIT
    request = client._query_request(long_query, "json")
    assert request.get_method() == "POST"
    assert request.get_header("Content-type") == "application/x-www-form-urlencoded"
    assert isinstance(request.data, bytes)
    assert parse_qs(request.data.decode("ascii"))["query"] == [long_query]


def test_urllib_computes_a_digest_answer_for_a_request() -> None:
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, ENDPOINT, "dba", "secret")
    handler = urllib.request.HTTPDigestAuthHandler(passwords)
    request = urllib.request.Request(ENDPOINT + "?query=ASK%7B%7D")
    challenge = {"realm": "SPARQL", "nonce": "abc123", "qop": "auth", "algorithm": "MD5"}
    answer = handler.get_authorization(request, challenge)
    assert answer is not None
    assert answer.startswith('username="dba", realm="SPARQL", nonce="abc123", uri="/query?')
    assert "secret" not in answer and 'response="' in answer
