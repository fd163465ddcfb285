"""Every saved query gives the same rows from a real SPARQL server as from a local run.

The catalogue is compared with the local Oxigraph runner (fast, in-process): test_queries.py
holds rdflib and that runner to the same hand-written answers, so the server matches both.
What this adds is the whole HTTP path (SPARQLWrapper request, VALUES block, JSON results
back to rdflib terms). The `query` command's output is also compared with the rdflib run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from footballkg.cli import cli
from footballkg.errors import EXIT_CONNECTION
from footballkg.load import LoadedGraph
from footballkg.queries import SavedQuery, bind_params, discover, run_oxigraph
from footballkg.remote import SparqlClient, run_saved_query
from footballkg.results import QueryResult
from footballkg.server import OxigraphServer, start_oxigraph

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = discover(ROOT / "queries")
TODAY = date(2026, 1, 1)  # for parameters that default to today: both runs see the same day


@pytest.fixture(scope="module")
def local_store(loaded: LoadedGraph) -> ox.Store:
    store = ox.Store()
    store.bulk_load(loaded.graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def example_bindings(query: SavedQuery) -> dict[str, object]:
    raw = {name: str(p.example) for name, p in query.params.items() if p.example is not None}
    return bind_params(query, raw, today=TODAY)  # type: ignore[return-value]


def rows(result: QueryResult) -> list[tuple[tuple[str, str], ...]]:
    """Rows as a sorted list (a multiset): order is compared only where the query sets one."""
    return sorted(
        tuple((name, _n3(row.get(name))) for name in result.variables) for row in result.rows
    )


def _n3(term: object) -> str:
    return "" if term is None else term.n3()  # type: ignore[attr-defined]


def test_the_catalogue_is_not_empty() -> None:
    assert CATALOGUE, "queries/ holds no saved queries"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_same_rows_on_the_server_as_locally(
    name: str,
    local_store: ox.Store,
    oxigraph: OxigraphServer,
    client_of: Callable[..., SparqlClient],
) -> None:
    query = CATALOGUE[name]
    bindings = example_bindings(query)
    local = run_oxigraph(local_store, query, bindings)  # type: ignore[arg-type]
    remote = run_saved_query(client_of(oxigraph), query, bindings)  # type: ignore[arg-type]
    assert remote.variables == local.variables
    assert rows(remote) == rows(local)
    if "ORDER BY" in query.text.upper():
        assert [tuple(r.values()) for r in remote.rows] == [tuple(r.values()) for r in local.rows]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_query_command_prints_the_same_with_endpoint(oxigraph: OxigraphServer, fmt: str) -> None:
    args = ["query", "career", "-p", "person=jess-thorup", "-p", "as_of=2026-01-01"]
    args += ["--format", fmt, "--project", str(ROOT)]
    local = CliRunner().invoke(cli, args)
    remote = CliRunner().invoke(cli, [*args, "--endpoint", oxigraph.query_url])
    assert (local.exit_code, remote.exit_code) == (0, 0), remote.output
    assert remote.output == local.output


def test_query_command_against_a_stopped_server() -> None:
    with start_oxigraph() as server:
        url = server.query_url
    result = CliRunner().invoke(
        cli,
        ["query", "career", "-p", "person=jess-thorup", "--endpoint", url, "--project", str(ROOT)],
    )
    assert result.exit_code == EXIT_CONNECTION
    assert result.output == (
        f"Error: Cannot connect to {url}: connection refused. Is the server running on that port?\n"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["query", "career", "-p", "person=jess-thorpu"],
        ["timeline", "jess-thorpu", "--as-of", "2026-01-01", "--output", "x.svg"],
    ],
)
def test_a_misspelt_name_on_the_server_is_an_error_with_the_closest(
    oxigraph: OxigraphServer, args: list[str]
) -> None:
    result = CliRunner().invoke(
        cli, [*args, "--endpoint", oxigraph.query_url, "--project", str(ROOT)]
    )
    assert result.exit_code == 2
    assert result.output == "Error: no person jess-thorpu in the data; did you mean jess-thorup?\n"
