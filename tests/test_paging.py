"""Paging: `--limit N --offset M` gives rows [M, M+N) of the whole ordered answer, exactly.

By hand: Jess Thorup's tenures in the order they ended (tests/queries/tenure-endings). Then
differentially, for every saved query with its example parameters, on rdflib and Oxigraph:
the pages, one after another, are the whole answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from footballkg.cli import cli
from footballkg.queries.catalogue import (
    SavedQuery,
    bind_params,
    discover,
    run_oxigraph,
    run_rdflib,
)
from footballkg.queries.paging import Page, paged_text
from footballkg.queries.results import QueryResult
from test_queries import QUERIES_DIR

CATALOGUE = discover(QUERIES_DIR)
TODAY = dt.date(2026, 1, 1)
TENURE = "https://w3id.org/footballkg/id/tenure/"


def cli_csv(*args: str) -> tuple[list[str], str, int]:
    """The `tenure` column of `footballkg query ... --format csv`, stderr and the exit code."""
    result = CliRunner().invoke(cli, ["query", *args, "--format", "csv"])
    lines = result.stdout.splitlines()
    if not lines:
        return [], result.stderr, result.exit_code
    column = lines[0].split(",").index("tenure")
    return [line.split(",")[column] for line in lines[1:]], result.stderr, result.exit_code


def test_a_page_of_tenure_endings_is_the_rows_in_the_middle_and_says_more_follow() -> None:
    # The order they ended (the encyclopedia): Odense, Uerdingen, Tirol Innsbruck, Esbjerg
    # (player, to 2005), HamKam, Esbjerg (retired 2006), ...; rows 3 to 5:
    rows, stderr, code = cli_csv(
        "tenure-endings", "--param", "person=jess-thorup", "--limit", "3", "--offset", "2"
    )
    assert code == 0
    assert rows == [
        TENURE + "jess-thorup-fc-tirol-innsbruck-player-1997",
        TENURE + "jess-thorup-esbjerg-fb-player-1998",
        TENURE + "jess-thorup-hamkam-player-2005",
    ]
    assert stderr == "(rows 3 to 5 shown; more follow: add --offset 5)\n"


def test_the_last_page_holds_what_is_left_and_says_nothing_more() -> None:
    # 17 tenures: from the 16th on, FC Augsburg (sacked 2025) and Al Ahly (ongoing, last).
    rows, stderr, code = cli_csv(
        "tenure-endings", "--param", "person=jess-thorup", "--limit", "5", "--offset", "15"
    )
    assert (code, stderr) == (0, "")
    assert rows == [
        TENURE + "jess-thorup-fc-augsburg-head-coach-2023",
        TENURE + "jess-thorup-al-ahly-head-coach-2025",
    ]
    rows, stderr, code = cli_csv("tenure-endings", "--param", "person=jess-thorup", "--limit", "17")
    assert (len(rows), stderr, code) == (17, "", 0)


def test_an_offset_past_the_end_gives_no_rows() -> None:
    rows, _, code = cli_csv("tenure-endings", "--param", "person=jess-thorup", "--offset", "17")
    assert (rows, code) == ([], 0)


def test_paging_an_ask_query_is_refused(tmp_path_factory: pytest.TempPathFactory) -> None:
    ask = tmp_path_factory.mktemp("ask") / "ask.rq"
    ask.write_text("ASK { ?s ?p ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", "--file", str(ask), "--limit", "1"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {ask}: --limit and --offset page the rows of a SELECT query; "
        "a ASK query gives no rows, so leave them out.\n"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "SELECT * { ?s ?p ?o } ORDER BY ?s",
            "SELECT * { ?s ?p ?o } ORDER BY ?s\nLIMIT 3 OFFSET 4\n",
        ),
        # A LIMIT inside a subquery, a comment or a string is not the query's own.
        (
            "SELECT * { { SELECT ?s { ?s ?p 'LIMIT' } LIMIT 1 } } # OFFSET\n",
            "SELECT * { { SELECT ?s { ?s ?p 'LIMIT' } LIMIT 1 } } # OFFSET\nLIMIT 3 OFFSET 4\n",
        ),
        # The query's own LIMIT, OFFSET or trailing VALUES leaves no room: sliced instead.
        ("SELECT * { ?s ?p ?o } LIMIT 10", None),
        ("SELECT * { ?s ?p ?o } ORDER BY ?s OFFSET 1", None),
        ("SELECT * { ?s ?p ?o } VALUES ?s { <a:b> }", None),
    ],
)
def test_the_page_goes_after_the_query_s_own_modifiers(text: str, expected: str | None) -> None:
    assert paged_text(text, 3, 4) == expected


def test_a_query_with_its_own_limit_is_sliced_to_the_same_rows(graph: Graph) -> None:
    query = SavedQuery(
        name="limited",
        path=QUERIES_DIR / "limited.rq",
        summary="",
        text="PREFIX fkg: <https://w3id.org/footballkg/ontology#>\n"
        "SELECT ?t { ?t a fkg:Tenure } ORDER BY ?t LIMIT 7 OFFSET 1",
    )
    whole = run_rdflib(graph, query, {}).rows
    assert len(whole) == 7
    page = Page(limit=3, offset=5)
    asked, in_store = page.query(query)
    assert (asked, in_store) == (query, False)
    rows, more = page.rows(run_rdflib(graph, asked, {}), in_store)
    assert (rows.rows, more) == (whole[5:7], False)


Runner = Callable[[SavedQuery, dict[str, object]], QueryResult]


def pages_of(run: Runner, query: SavedQuery, bindings: dict[str, object], size: int) -> list[dict]:
    """Every page of `size` rows, one after another, until a page says no more follow."""
    rows: list[dict] = []
    offset = 0
    while True:
        page = Page(limit=size, offset=offset)
        asked, in_store = page.query(query)
        assert in_store, f"{query.name}: the page should be asked of the store"
        got, more = page.rows(run(asked, bindings), in_store)
        rows += got.rows
        if not more:
            return rows
        assert len(got.rows) == size
        offset += size


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_pages_one_after_another_are_the_whole_answer(
    name: str, graph: Graph, store: ox.Store
) -> None:
    query = CATALOGUE[name]
    raw = {n: str(p.example) for n, p in query.params.items() if p.example is not None}
    bindings = bind_params(query, raw, today=TODAY)
    runners: dict[str, Runner] = {
        "rdflib": lambda q, b: run_rdflib(graph, q, b),  # type: ignore[arg-type]
        "oxigraph": lambda q, b: run_oxigraph(store, q, b),  # type: ignore[arg-type]
    }
    # Page sizes of 1 and 4 on Oxigraph; 5 on rdflib, whose runs are slower.
    for engine, sizes in (("oxigraph", (1, 4)), ("rdflib", (5,))):
        run = runners[engine]
        whole = run(query, bindings).rows  # type: ignore[arg-type]
        assert whole, f"{name}: the example gives no rows, so paging proves nothing"
        for size in sizes:
            assert pages_of(run, query, bindings, size) == whole, (engine, size)


def test_the_largest_page_runs_and_a_larger_one_is_a_usage_error() -> None:
    rows, _, code = cli_csv(
        "tenure-endings", "-p", "person=jess-thorup", "--limit", "1000000000", "--offset", "1"
    )
    assert (len(rows), code) == (16, 0)  # rdflib takes it (its limit is sys.maxsize)
    result = CliRunner().invoke(cli, ["query", "tenure-endings", "--offset", "1000000001"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--offset': 1000000001 is not in the range 0<=x<=1000000000."
    )
