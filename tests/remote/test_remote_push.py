"""`push` to real servers (Oxigraph, Virtuoso), then read the graph back and compare.

Oxigraph gives back the canonical graph that was sent. Virtuoso changes one literal of the
project's data, and push must say which one (exit code 8).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from virtuoso_server import VirtuosoServer

from conftest import Served
from footballkg.cli import cli
from footballkg.errors import (
    EXIT_CHANGED,
    EXIT_SERVER,
    EXIT_USAGE,
    InputError,
    RemoteError,
    ServerChangedData,
)
from footballkg.rdf.load import LoadedGraph
from footballkg.stores.oxigraph_server import OxigraphServer, start_oxigraph
from footballkg.stores.remote import Endpoint, SparqlClient, push_graph

PUSHED = "https://example.org/test/pushed"
ROOT = Path(__file__).resolve().parents[2]


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
        f"{sent} triples sent, the server now counts {sent}; read back, it holds exactly what "
        "was sent.\n"
    )
    back = client_of(fresh_server, graph=PUSHED).fetch_graph()
    assert canonical(back) == canonical(loaded.graph)


CONTRACT = "<https://w3id.org/footballkg/id/contract/jess-thorup-al-ahly-2025-encyclopedia>"
FKG = "https://w3id.org/footballkg/ontology#"
AGREED = f"<{FKG}agreedDuration>"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("store", [True, False], ids=["graph-store", "sparql-update"])
def test_push_of_the_project_is_read_back_or_the_change_is_named(
    served: Served, loaded: LoadedGraph, store: bool, dropped_after: list[str]
) -> None:
    """Both ways of writing, on both servers: what Virtuoso changes is named, exit code 8.

    Without --store-endpoint, a Virtuoso URL (…/sparql-auth) has no known Graph Store: the
    graph goes by SPARQL Update, 500 triples a request, 2237 triples in 5 requests.
    """
    graph = f"https://example.org/test/pushed-{store}"
    dropped_after.append(graph)
    args = ["push", *served.args(graph), "--replace"]
    if store:
        args += ["--store-endpoint", served.store_url]
    elif served.name == "oxigraph":
        # Oxigraph's …/query URL implies its Graph Store; its Update path is tested below.
        return
    result = CliRunner().invoke(cli, args, env=served.env)
    sent = len(loaded.graph)
    how = (
        "Graph Store PUT"
        if store
        else "SPARQL Update in 5 requests (not atomic: each was applied on its own)"
    )
    if served.name == "oxigraph":
        assert result.exit_code == 0, result.output
        assert result.output == (
            f"Replaced graph <{graph}> at {served.query_url} by {how}: {sent} triples sent, "
            "the server now counts 2237; read back, it holds exactly what was sent.\n"
        )
        assert canonical(served.client(graph).fetch_graph()) == canonical(loaded.graph)
        return
    # Virtuoso 7.2 keeps "P2Y6M"^^xsd:duration (two and a half years) as "30" (months); by
    # SPARQL Update it also makes the decimals 500000 and 600000 (the buy-out fee) integers.
    duration = f'{CONTRACT} {AGREED} "P2Y6M"^^<{XSD}duration>'
    months = f'{CONTRACT} {AGREED} "30"^^<{XSD}duration>'
    fee = "<https://w3id.org/footballkg/id/fee/jess-thorup-krc-genk-buy-out-2020>"
    amounts = [f'{fee} <{FKG}maxAmount> "600000"', f'{fee} <{FKG}minAmount> "500000"']
    if store:
        sent_only, held_only = duration, months
    else:
        sent_only = ", ".join([duration] + [f"{a}^^<{XSD}decimal>" for a in amounts])
        held_only = ", ".join([months] + [f"{a}^^<{XSD}integer>" for a in amounts])
    count = "1 triple" if store else "3 triples"
    assert result.exit_code == EXIT_CHANGED, result.output
    assert result.output == (
        f"Error: Push not confirmed: graph <{graph}> at {served.query_url}, read back, is not "
        f"what was sent: {count} sent but not held by the server: {sent_only}; {count} held "
        f"by the server but not sent: {held_only}. The server changed or dropped these "
        "triples.\n"
    )


def test_sparql_update_in_bounded_batches(
    served: Served, loaded: LoadedGraph, dropped_after: list[str]
) -> None:
    """With no Graph Store, the project goes in requests of at most 500 triples (5 for the
    project, without the decimals and the duration Virtuoso changes)."""
    kept = Graph()
    for triple in loaded.graph:
        datatype = getattr(triple[2], "datatype", None)
        if str(datatype) not in (XSD + "duration", XSD + "decimal"):
            kept.add(triple)
    assert 2000 < len(kept) <= 2500
    remote = served.client("https://example.org/test/batches", store=False)
    dropped_after.append("https://example.org/test/batches")
    report = push_graph(remote, kept, replace=True)
    assert (report.method, report.requests, report.atomic) == ("SPARQL Update", 5, False)
    assert report.after == len(kept)
    assert canonical(remote.fetch_graph()) == canonical(kept)
    if served.name == "virtuoso":  # why the batches: one request is too large for it
        with pytest.raises(RemoteError, match="exceeded 10000 lines"):
            push_graph(remote, kept, replace=True, max_update_triples=3000)
        return
    whole = push_graph(remote, kept, replace=True, max_update_triples=3000)
    assert (whole.requests, whole.atomic, whole.after) == (1, True, len(kept))


def test_the_message_names_a_few_triples_then_how_many_more(served: Served) -> None:
    """Five triples the server cannot hold as sent (a gYear it rewrites, or keeps): named."""
    data = "".join(
        f'<https://example.org/a> <https://example.org/b{n}> "P{n}D"^^<{XSD}duration> .\n'
        for n in range(1, 6)
    )
    remote = served.client("https://example.org/test/many")
    graph = Graph().parse(data=data, format="nt")
    if served.name == "oxigraph":
        assert push_graph(remote, graph, replace=True).after == 5
        return
    with pytest.raises(ServerChangedData) as caught:
        push_graph(remote, graph, replace=True)
    assert "5 triples sent but not held by the server: " in caught.value.message
    assert '<https://example.org/b3> "P3D"' in caught.value.message
    assert " and 2 more; 5 triples held by the server but not sent: " in caught.value.message


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
    with pytest.raises(ServerChangedData) as caught:
        push_graph(remote, graph, replace=True)
    ab = "<https://example.org/a> <https://example.org/b>"
    assert caught.value.message == (
        f"Push not confirmed: graph <https://example.org/test/numbers> at "
        f"{fresh_server.query_url}, read back, is not what was sent: 2 triples sent but not "
        f'held by the server: {ab} "1.50"^^<{XSD}decimal>, {ab} "3"^^<{XSD}positiveInteger>; '
        f'2 triples held by the server but not sent: {ab} "1.5"^^<{XSD}decimal>, '
        f'{ab} "3"^^<{XSD}integer>. The server changed or dropped these triples.'
    )
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


UNION_ADVICE = (
    "is the union of all its graphs (it shows the triples of every named graph). Name the "
    "graph that holds the data with --graph IRI."
)


def test_a_union_default_graph_is_refused_before_writing() -> None:
    """Oxigraph started with a union default graph: push without --graph writes nothing."""
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
        with pytest.raises(InputError) as caught:
            push_graph(default, more, replace=True)
        assert default.count_triples() == 1  # only the named graph's triple, seen through
    assert caught.value.message == f"The default graph at {server.query_url} {UNION_ADVICE}"


@pytest.mark.parametrize("command", ["push", "validate", "export"])
def test_virtuoso_without_graph_says_to_give_one(virtuoso: VirtuosoServer, command: str) -> None:
    """Virtuoso's default graph is the union of all graphs; the same advice on every command."""
    served = Served.of_virtuoso(virtuoso)
    args = [command, *served.args(None), "--project", str(ROOT)]
    result = CliRunner().invoke(cli, args, env=served.env)
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.output == f"Error: The default graph at {served.query_url} {UNION_ADVICE}\n"


def test_blank_nodes_stay_together_across_update_batches(served: Served) -> None:
    """A blank node is local to one request: triples linked through one go in the same batch."""
    graph = Graph().parse(
        data="@prefix e: <https://example.org/> . "
        "e:a e:p [ e:q [ e:r 1 ] ] . e:a e:s 2, 3, 4 . e:a e:t [ e:u 5 ], [ e:u 6 ] .",
        format="turtle",
    )
    remote = served.client("https://example.org/test/blank-batches", store=False)
    report = push_graph(remote, graph, replace=True, max_update_triples=2)
    # 3 ground triples, one group of 3 linked triples, two groups of 2: 5 requests.
    assert (report.requests, report.after) == (5, 10)
    assert canonical(remote.fetch_graph()) == canonical(graph)
