"""A parameter's VALUES block is repeated inside subqueries only where no answer changes.

Each case marks with {PUSH} the top of a subquery's WHERE. The block must go there exactly
when the case is safe. The data is chosen so that the block in an unsafe place does change
the answer (the control test), so the cases prove the rule and not just the text.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from footballkg.queries.catalogue import load_query_file, query_text_with_values

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
TEAM = "https://w3id.org/footballkg/id/team/"
HEADER = "#+ params:\n#+   team: {type: iri, prefix: team, description: a team}\n"
PREFIX = "PREFIX fkg: <https://w3id.org/footballkg/ontology#>\n"
BLOCK = f"\n  VALUES (?team) {{ (<{TEAM}t1>) }}\n"
DATA = f"""
@prefix fkg: <https://w3id.org/footballkg/ontology#> .
<urn:x1> fkg:team <{TEAM}t1> ; fkg:role <urn:coach> .
<urn:x2> fkg:team <{TEAM}t2> ; fkg:role <urn:coach> .
"""

SAFE = {
    "joined": (
        "SELECT * WHERE { ?s fkg:role ?r { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } }"
    ),
    "union branch": (
        "SELECT * WHERE { { ?s fkg:role ?r } UNION "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } }"
    ),
    "optional at the top": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "OPTIONAL { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } }"
    ),
    "distinct, ordered": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT DISTINCT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } ORDER BY ?s } }"
    ),
    "nested, each selecting it": (
        "SELECT * WHERE { { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } } } }"
    ),
    "nested, the outer one binding it only through the inner one": (
        "SELECT * WHERE { ?s fkg:role ?r { SELECT ?s ?team WHERE {{PUSH} "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } BIND(1 AS ?one) } } }"
    ),
    "grouped by it": (
        "SELECT * WHERE { { SELECT ?team (COUNT(?s) AS ?n) WHERE {{PUSH} ?s fkg:team ?team } "
        "GROUP BY ?team } }"
    ),
}
UNSAFE = {
    # The left side of this OPTIONAL lacks ?team: x2 would lose its team, then take t1's.
    "optional deeper down": (
        "SELECT * WHERE { { ?s fkg:role ?r "
        "OPTIONAL { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } } }"
    ),
    # Bound only by an OPTIONAL: x2's team t2 fails to match t1, and x2 keeps t1 instead.
    "bound only in an optional": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:role ?q OPTIONAL { ?s fkg:team ?team } } } }"
    ),
    "only in a filter": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?t FILTER(?t = ?team) } } }"
    ),
    # `<(` here compares; read as an IRI it would hide the FILTER's parenthesis
    "only in a filter, written without spaces": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?t FILTER(?t<(?t>?t)||?t=?team) } } }"
    ),
    "limit": (
        "SELECT * WHERE { { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } "
        "ORDER BY DESC(?s) LIMIT 1 } }"
    ),
    "offset": (
        "SELECT * WHERE { { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } "
        "ORDER BY DESC(?s) OFFSET 1 } }"
    ),
    "minus deeper down": (
        "SELECT * WHERE { { ?s fkg:role ?r "
        "MINUS { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } } }"
    ),
    "not exists deeper down": (
        "SELECT * WHERE { { ?s fkg:role ?r "
        "FILTER NOT EXISTS { { SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } "
        f"FILTER(?team = <{TEAM}t2>) }} }} }}"
    ),
    # The inner ?team is not the outer one: the subquery around it does not select it.
    "inside a subquery without it": (
        "SELECT * WHERE { { SELECT ?s WHERE { "
        "{ SELECT ?s ?team WHERE {{PUSH} ?s fkg:team ?team } } } } }"
    ),
    "renamed": (
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT ?s (STR(?team) AS ?name) WHERE {{PUSH} ?s fkg:team ?team } } }"
    ),
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return store


def _texts(body: str, tmp_path: Path) -> tuple[str, str, str]:
    """(what the program writes, the outer block only, the block in both places)."""
    path = tmp_path / "q.rq"
    path.write_text(HEADER + PREFIX + body.replace("{PUSH}", "") + "\n", encoding="utf-8")
    written = query_text_with_values(load_query_file(path), {"team": URIRef(TEAM + "t1")})
    outer_only = PREFIX + body.replace("WHERE {", "WHERE {" + BLOCK, 1).replace("{PUSH}", "")
    both = PREFIX + body.replace("WHERE {", "WHERE {" + BLOCK, 1).replace("{PUSH}", BLOCK)
    return written.removeprefix(HEADER).rstrip("\n"), outer_only, both


def _rows(store: ox.Store, text: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term) for term in solution) for solution in store.query(text))


@pytest.mark.parametrize("body", SAFE.values(), ids=SAFE.keys())
def test_block_goes_into_a_subquery_that_keeps_the_answer(
    store: ox.Store, body: str, tmp_path: Path
) -> None:
    written, outer_only, both = _texts(body, tmp_path)
    assert written == both
    assert _rows(store, both) == _rows(store, outer_only)


@pytest.mark.parametrize("body", UNSAFE.values(), ids=UNSAFE.keys())
def test_block_stays_out_of_a_subquery_where_it_would_change_the_answer(
    store: ox.Store, body: str, tmp_path: Path
) -> None:
    written, outer_only, both = _texts(body, tmp_path)
    assert written == outer_only
    # The control: in the subquery the block would have changed the answer.
    assert _rows(store, both) != _rows(store, outer_only)


def test_succession_check_narrows_all_of_its_subqueries() -> None:
    query = load_query_file(QUERIES_DIR / "succession-check.rq")
    text = query_text_with_values(query, {"team": URIRef(TEAM + "kaa-gent")})
    block = f"VALUES (?team) {{ (<{TEAM}kaa-gent>) }}"
    assert text.count(block) == 5  # the outer WHERE and its four subqueries


@pytest.mark.parametrize(
    "body",
    [
        # WHERE { SELECT ... }: the block has no place there
        "SELECT * WHERE { ?s fkg:role ?r "
        "{ SELECT ?s ?team WHERE { SELECT ?s ?team { ?s fkg:team ?team } } } }",
        # ?team·2 is another variable (SPARQL names go on with a middle dot)
        "SELECT * WHERE { ?s fkg:role ?r { SELECT ?s ?team·2 WHERE { ?s fkg:team ?team·2 } } }",
        # an escaped `#` in a name starts no comment, which would hide the OPTIONAL
        "PREFIX ex: <urn:ex:> SELECT * WHERE { ?s fkg:role ?r { SELECT ?s ?team WHERE { "
        "?s fkg:team ?team ; ex:a\\#b ?one OPTIONAL { ?s fkg:alt ?team }\n} } }",
    ],
    ids=["where is a subquery", "middle dot", "escaped hash"],
)
def test_block_stays_out_of_subqueries_the_scanner_could_misread(
    store: ox.Store, body: str, tmp_path: Path
) -> None:
    written, outer_only, _ = _texts(body, tmp_path)
    assert written == outer_only
    store.query(written)  # still valid SPARQL
