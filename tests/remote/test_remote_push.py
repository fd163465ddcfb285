"""`push` to a real Oxigraph server, then read the graph back: the same canonical graph."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from footballkg.cli import cli
from footballkg.errors import EXIT_SERVER, RemoteError
from footballkg.load import LoadedGraph
from footballkg.remote import Endpoint, SparqlClient, push_graph
from footballkg.server import OxigraphServer, start_oxigraph

PUSHED = "https://example.org/test/pushed"


def canonical(graph: Graph) -> list[str]:
    """The graph as sorted N-Quads after RDFC-1.0 (blank node labels no longer matter)."""
    dataset = ox.Dataset(
        ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(quad) for quad in dataset)


@pytest.fixture(scope="module")
def fresh_server() -> OxigraphServer:
    with start_oxigraph() as server:
        yield server  # type: ignore[misc]


def test_push_then_read_back_round_trips(
    fresh_server: OxigraphServer, loaded: LoadedGraph, client_of: Callable[..., SparqlClient]
) -> None:
    result = CliRunner().invoke(
        cli, ["push", "--endpoint", fresh_server.query_url, "--graph", PUSHED, "--replace"]
    )
    assert result.exit_code == 0, result.output
    sent = len(loaded.graph)
    assert result.output == (
        f"Replaced graph <{PUSHED}> at {fresh_server.query_url} by Graph Store PUT: "
        f"{sent} triples sent, the server now counts {sent}.\n"
    )
    back = client_of(fresh_server, graph=PUSHED).fetch_graph()
    assert canonical(back) == canonical(loaded.graph)


def test_oxigraph_keeps_numbers_by_value_not_by_datatype(
    fresh_server: OxigraphServer, client_of: Callable[..., SparqlClient]
) -> None:
    """Oxigraph stores numbers by value (oxigraph/oxigraph#526): what the README warns of."""
    graph = Graph().parse(
        data='<https://example.org/a> <https://example.org/b> "3"^^<http://www.w3.org/2001/'
        'XMLSchema#positiveInteger>, "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
        format="turtle",
    )
    remote = client_of(fresh_server, graph="https://example.org/test/numbers")
    push_graph(remote, graph, replace=True)
    assert sorted(o.n3() for o in remote.fetch_graph().objects()) == [
        '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>',
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>',
    ]


def test_replace_is_idempotent_and_add_keeps_what_is_there(
    fresh_server: OxigraphServer, client_of: Callable[..., SparqlClient]
) -> None:
    graph = Graph().parse(
        data="<https://example.org/a> <https://example.org/b> 1, 2 .", format="turtle"
    )
    remote = client_of(fresh_server, graph="https://example.org/test/small")
    assert push_graph(remote, graph, replace=True).after == 2
    assert push_graph(remote, graph, replace=True).after == 2
    more = Graph().parse(
        data="<https://example.org/a> <https://example.org/b> 2, 3 .", format="turtle"
    )
    report = push_graph(remote, more, replace=False)
    assert (report.method, report.before, report.sent, report.after) == (
        "Graph Store POST",
        2,
        2,
        3,
    )


def test_sparql_update_when_there_is_no_graph_store(fresh_server: OxigraphServer) -> None:
    """A server whose Graph Store URL is unknown gets the same data through SPARQL Update."""
    endpoint = Endpoint(
        fresh_server.query_url, fresh_server.update_url, graph="https://example.org/test/upd"
    )
    graph = Graph().parse(
        data='<https://example.org/a> <https://example.org/b> "x"@en, _:n . '
        "_:n <https://example.org/c> 1.5 .",
        format="turtle",
    )
    remote = SparqlClient(endpoint, timeout=10)
    assert push_graph(remote, graph, replace=True).method == "SPARQL Update"
    assert push_graph(remote, graph, replace=True).after == 3
    assert canonical(remote.fetch_graph()) == canonical(graph)


def test_guessed_graph_store_that_is_missing_falls_back_to_update(
    fresh_server: OxigraphServer,
) -> None:
    # `…/query` makes the client guess `…/store`; here it points nowhere (HTTP 404).
    endpoint = Endpoint(
        fresh_server.query_url,
        fresh_server.update_url,
        store_url=fresh_server.url + "/no-store-here",
        store_guessed=True,
    )
    graph = Graph().parse(
        data="<https://example.org/a> <https://example.org/b> 1 .", format="turtle"
    )
    assert push_graph(SparqlClient(endpoint), graph, replace=True).method == "SPARQL Update"


def test_a_graph_store_url_given_by_the_user_does_not_fall_back(
    fresh_server: OxigraphServer,
) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "push",
            "--endpoint",
            fresh_server.query_url,
            "--store-endpoint",
            fresh_server.url + "/no-store-here",
        ],
    )
    assert result.exit_code == EXIT_SERVER
    assert "no-store-here was not found (HTTP 404)" in result.output


def test_count_mismatch_after_push_is_an_error() -> None:
    """A server whose default graph is the union of all graphs counts more than was sent."""
    with start_oxigraph(union_default_graph=True) as server:
        other = SparqlClient(Endpoint.from_url(server.query_url, graph="https://example.org/o"))
        graph = Graph().parse(
            data="<https://example.org/a> <https://example.org/b> 1 .", format="turtle"
        )
        push_graph(other, graph, replace=True)
        default = SparqlClient(Endpoint.from_url(server.query_url))
        more = Graph().parse(
            data="<https://example.org/a> <https://example.org/b> 2 .", format="turtle"
        )
        with pytest.raises(RemoteError) as caught:
            push_graph(default, more, replace=True)
    assert caught.value.message == (
        f"Push not confirmed: sent 1 triples but {server.query_url} counts 2 in the default "
        "graph. If the server's default graph is the union of all graphs, push to a named "
        "graph with --graph."
    )
