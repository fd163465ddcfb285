"""Every saved query gives the same rows from a real SPARQL server as from the local files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from footballkg.load import LoadedGraph
from footballkg.queries import SavedQuery, bind_params, discover, run_rdflib
from footballkg.remote import SparqlClient, run_saved_query
from footballkg.results import QueryResult
from footballkg.server import OxigraphServer

CATALOGUE = discover(Path(__file__).resolve().parents[2] / "queries")
TODAY = date(2026, 1, 1)  # for parameters that default to today: both runs see the same day


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
    loaded: LoadedGraph,
    oxigraph: OxigraphServer,
    client_of: Callable[..., SparqlClient],
) -> None:
    query = CATALOGUE[name]
    bindings = example_bindings(query)
    local = run_rdflib(loaded.graph, query, bindings)  # type: ignore[arg-type]
    remote = run_saved_query(client_of(oxigraph), query, bindings)  # type: ignore[arg-type]
    assert remote.variables == local.variables
    assert rows(remote) == rows(local)
    if "ORDER BY" in query.text.upper():
        assert [tuple(r.values()) for r in remote.rows] == [tuple(r.values()) for r in local.rows]
