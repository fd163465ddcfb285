"""Every saved query gives the same rows from real SPARQL servers as from a local run.

Each query runs twice on each server (Oxigraph, Virtuoso): with its example parameters, and
with only its required ones (when it has optional ones), and rows are compared as RDF terms.

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
from rdflib import URIRef

from conftest import Served, TinyServer
from footballkg.cli import cli
from footballkg.errors import EXIT_CONNECTION
from footballkg.queries.catalogue import (
    SavedQuery,
    bind_params,
    discover,
    load_query_file,
    run_oxigraph,
)
from footballkg.queries.results import QueryResult
from footballkg.rdf.load import LoadedGraph
from footballkg.stores.oxigraph_server import start_oxigraph
from footballkg.stores.remote import Endpoint, SparqlClient, run_saved_query

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


# What Virtuoso 7.2.5 gets wrong on the saved queries, by query and form: each case is an
# expected failure (strict: it must still fail, so a fix is noticed), never a pass.
DURATION = (
    "Virtuoso stores the agreed duration P2Y6M as 30 (months), so the rows differ in that "
    "column only (push reports the change); the query itself runs"
)
VIRTUOSO_FAILS = {
    ("contract-vs-served", "examples"): DURATION,
    ("contract-vs-served", "required"): DURATION,
}
# Queries that stop the Virtuoso server itself: not run there, or every later case would fail.
# (None now: career-gaps did, until its day arithmetic stopped reusing the day strings.)
VIRTUOSO_CRASHES: dict[str, str] = {}


def expect_server_faults(
    request: pytest.FixtureRequest, served: Served, name: str, form: str
) -> None:
    """Mark a known Virtuoso fault as an expected failure; skip a query that crashes it."""
    if served.name != "virtuoso":
        return
    if name in VIRTUOSO_CRASHES:
        pytest.skip(f"{name} is not run on Virtuoso: {VIRTUOSO_CRASHES[name]}")
    reason = VIRTUOSO_FAILS.get((name, form))
    if reason:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))


def required_bindings(query: SavedQuery) -> dict[str, object]:
    raw = {name: str(p.example) for name, p in query.params.items() if p.required}
    return bind_params(query, raw, today=TODAY)  # type: ignore[return-value]


# Each query with its examples, and with its required parameters only where that differs.
FORMS = [(name, "examples") for name in sorted(CATALOGUE)] + [
    (name, "required")
    for name in sorted(CATALOGUE)
    if any(not p.required for p in CATALOGUE[name].params.values())
]


def rows(result: QueryResult) -> list[tuple[tuple[str, str], ...]]:
    """Rows as a sorted list (a multiset): order is compared only where the query sets one."""
    return sorted(
        tuple((name, _n3(row.get(name))) for name in result.variables) for row in result.rows
    )


def _n3(term: object) -> str:
    return "" if term is None else term.n3()  # type: ignore[attr-defined]


def test_the_catalogue_is_not_empty() -> None:
    assert CATALOGUE, "queries/ holds no saved queries"


@pytest.mark.parametrize(("name", "form"), FORMS)
def test_same_rows_on_the_server_as_locally(
    name: str, form: str, local_store: ox.Store, served: Served, request: pytest.FixtureRequest
) -> None:
    expect_server_faults(request, served, name, form)
    query = CATALOGUE[name]
    bindings = example_bindings(query) if form == "examples" else required_bindings(query)
    local = run_oxigraph(local_store, query, bindings)  # type: ignore[arg-type]
    remote = run_saved_query(served.client(), query, bindings)  # type: ignore[arg-type]
    assert remote.variables == local.variables
    assert rows(remote) == rows(local)
    if "ORDER BY" in query.text.upper():
        assert [tuple(r.values()) for r in remote.rows] == [tuple(r.values()) for r in local.rows]


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_query_command_prints_the_same_with_endpoint(
    served: Served, fmt: str, request: pytest.FixtureRequest
) -> None:
    expect_server_faults(request, served, "career", "examples")
    args = ["query", "career", "-p", "person=jess-thorup", "-p", "as_of=2026-01-01"]
    args += ["--format", fmt, "--project", str(ROOT)]
    local = CliRunner().invoke(cli, args)
    remote = CliRunner().invoke(cli, [*args, *served.args()], env=served.env)
    assert (local.exit_code, remote.exit_code) == (0, 0), remote.output
    assert remote.output == local.output


@pytest.mark.parametrize("page", [["--limit", "3", "--offset", "2"], ["--offset", "15"]])
def test_a_page_from_the_server_is_the_same_page_as_locally(
    served: Served, page: list[str], request: pytest.FixtureRequest
) -> None:
    expect_server_faults(request, served, "tenure-endings", "examples")
    args = ["query", "tenure-endings", "-p", "person=jess-thorup", *page]
    args += ["--format", "csv", "--project", str(ROOT)]
    local = CliRunner().invoke(cli, args)
    remote = CliRunner().invoke(cli, [*args, *served.args()], env=served.env)
    assert (local.exit_code, remote.exit_code) == (0, 0), remote.output
    assert remote.output == local.output
    assert len(local.stdout.splitlines()) == 1 + (3 if "--limit" in page else 2)


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
    served: Served, args: list[str]
) -> None:
    result = CliRunner().invoke(
        cli, [*args, *served.args(), "--project", str(ROOT)], env=served.env
    )
    assert result.exit_code == 2
    assert result.output == "Error: no person jess-thorpu in the data; did you mean jess-thorup?\n"


TWICE = (
    b'{"head": {"vars": ["x"]}, "results": {"bindings": ['
    b'{"x": {"type": "uri", "value": "https://example.org/a"}},'
    b'{"x": {"type": "uri", "value": "https://example.org/a"}},'
    b'{"x": {"type": "uri", "value": "https://example.org/b"}}]}}'
)


@pytest.mark.parametrize("distinct", [True, False])
def test_duplicate_rows_are_removed_only_for_select_distinct_and_reported(
    tiny_server: Callable[..., TinyServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    distinct: bool,
) -> None:
    """A server that repeats a row: removed (and said on stderr) only if DISTINCT was asked."""
    server = tiny_server(
        lambda handler, n: handler.send(200, TWICE, "application/sparql-results+json")
    )
    path = tmp_path / "pairs.rq"
    path.write_text(f"SELECT {'DISTINCT ' if distinct else ''}?x WHERE {{ ?x ?p ?o }}\n")
    client = SparqlClient(Endpoint.from_url(server.url))
    result = run_saved_query(client, load_query_file(path), {})
    a, b = URIRef("https://example.org/a"), URIRef("https://example.org/b")
    if distinct:
        assert [row["x"] for row in result.rows] == [a, b]
        assert capsys.readouterr().err == (
            f"Warning: {server.url} returned 1 duplicate row for SELECT DISTINCT (a server "
            "bug); removed.\n"
        )
    else:
        assert [row["x"] for row in result.rows] == [a, a, b]
        assert capsys.readouterr().err == ""
