"""The saved-query catalogue: golden answers on rdflib and Oxigraph, headers, same rows everywhere.

Golden answers live in tests/queries/<query>/<case>.yaml, written by hand from the two source
documents (see tests/queries/README.md for the format). Each case runs on rdflib (parameters
bound with initBindings) and on Oxigraph (parameters sent as a VALUES block), and must give
exactly the expected rows, in order where the query has ORDER BY.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import yaml
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Identifier

from footballkg.queries.catalogue import (
    SavedQuery,
    bind_params,
    discover,
    get_query,
    run_oxigraph,
    run_rdflib,
)
from footballkg.queries.results import QueryResult
from footballkg.rdf.load import load_graph
from footballkg.rdf.namespaces import ALL_PREFIXES

REPO = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO / "queries"
GOLDEN_DIR = Path(__file__).resolve().parent / "queries"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*/*.yaml"))
CATALOGUE = discover(QUERIES_DIR)
# A fixed "today", so that ongoing tenures give the same days in every run.
TODAY = dt.date(2026, 1, 1)
# A plain Namespace, not rdflib's closed XSD: pytest probes module attributes such as
# `_mock_name` while collecting, and the closed namespace warns about every unknown name.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def expected_term(value: Any) -> Identifier | None:
    """A golden value: prefixed name, `text@lang`, `lexical^^xsd:type`, number, bool, date."""
    if value is None:
        return None
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    text = str(value)
    if match := re.fullmatch(r"(.*)\^\^([a-z]+):(\w+)", text, re.S):
        return Literal(match[1], datatype=URIRef(ALL_PREFIXES[match[2]] + match[3]))
    if match := re.fullmatch(r"(.*)@([a-z]{2,3}(?:-[A-Za-z0-9]+)*)", text, re.S):
        return Literal(match[1], lang=match[2])
    if (match := re.fullmatch(r"([a-z][a-z-]*):([^\s:]+)", text)) and match[1] in ALL_PREFIXES:
        return URIRef(ALL_PREFIXES[match[1]] + match[2])
    return Literal(text)


def load_golden(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    case.setdefault("params", {})
    case.setdefault("rows", [])
    case["query"] = path.parent.name
    return case


def show(term: Identifier | None) -> str:
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        for prefix, namespace in ALL_PREFIXES.items():
            if str(term).startswith(namespace) and "/" not in str(term)[len(namespace) :]:
                return f"{prefix}:{str(term)[len(namespace) :]}"
    return term.n3()


def compare(case: dict[str, Any], query: SavedQuery, result: QueryResult) -> None:
    columns = case.get("columns") or result.variables
    assert set(columns) <= set(result.variables), f"unknown columns {columns}"
    got = [tuple(row.get(c) for c in columns) for row in result.rows]
    want = [tuple(expected_term(row.get(c)) for c in columns) for row in case["rows"]]
    ordered = "ORDER BY" in query.text and case.get("ordered", True)
    if not ordered:
        got, want = sorted(got, key=repr), sorted(want, key=repr)
    if got != want:
        lines = [" | ".join(columns)]
        lines += ["got:  " + " | ".join(map(show, row)) for row in got]
        lines += ["want: " + " | ".join(map(show, row)) for row in want]
        pytest.fail(f"{query.name} {case['params']}: rows differ\n" + "\n".join(lines))


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden(path: Path, engine: str, graph: Graph, store: ox.Store) -> None:
    case = load_golden(path)
    query = get_query(QUERIES_DIR, case["query"])
    bindings = bind_params(query, {k: str(v) for k, v in case["params"].items()}, today=TODAY)
    result = (
        run_rdflib(graph, query, bindings)
        if engine == "rdflib"
        else run_oxigraph(store, query, bindings)
    )
    compare(case, query, result)


def test_catalogue_is_large_enough_and_every_query_has_goldens() -> None:
    assert len(CATALOGUE) >= 20
    cases: dict[str, list[dict[str, Any]]] = {}
    for path in GOLDEN_FILES:
        case = load_golden(path)
        cases.setdefault(case["query"], []).append(case["params"])
    missing = sorted(set(CATALOGUE) - set(cases))
    assert not missing, f"saved queries without a golden answer: {missing}"
    assert not set(cases) - set(CATALOGUE), "golden answers for unknown queries"
    for name, query in CATALOGUE.items():
        # Two different parameter values at least, where the query takes any.
        varied = {repr(sorted(p.items())) for p in cases[name]}
        if query.params:
            assert len(varied) >= 2, f"{name}: golden answers for one parameter value only"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_headers_are_complete(name: str) -> None:
    query = CATALOGUE[name]
    assert query.summary and query.description and query.tags, name
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name), "kebab-case names"
    for param in query.params.values():
        assert param.description, f"{name}: {param.name} needs a description"
        if param.required:
            assert param.example is not None, f"{name}: {param.name} needs an example"
        if param.type == "iri" and param.example and ":" not in param.example:
            assert param.prefix, f"{name}: {param.name} needs a default prefix"
    # Queries that count an ongoing tenure's days let the user say up to when.
    if "?as_of" in query.text:
        assert "as_of" in query.params
        assert query.params["as_of"].type == "date" and query.params["as_of"].default == "today"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_same_rows_on_rdflib_and_oxigraph(name: str, graph: Graph, store: ox.Store) -> None:
    """Every query, with its example parameters, gives the very same rows on both engines."""
    query = CATALOGUE[name]
    raw = {p.name: p.example for p in query.params.values() if p.example is not None}
    bindings = bind_params(query, raw, today=TODAY)
    on_rdflib = run_rdflib(graph, query, bindings)
    on_oxigraph = run_oxigraph(store, query, bindings)
    assert on_rdflib.variables == on_oxigraph.variables
    if "ORDER BY" in query.text:
        assert on_rdflib.rows == on_oxigraph.rows
    else:
        assert sorted(map(repr, on_rdflib.rows)) == sorted(map(repr, on_oxigraph.rows))
    assert on_rdflib.rows, f"{name}: the example parameters should give an answer"


def test_numbers_are_integers_on_both_engines(graph: Graph, store: ox.Store) -> None:
    query = get_query(QUERIES_DIR, "career")
    bindings = bind_params(query, {"person": "jess-thorup"}, today=TODAY)
    for result in (run_rdflib(graph, query, bindings), run_oxigraph(store, query, bindings)):
        days = [row["days"] for row in result.rows if row.get("days") is not None]
        assert days and all(isinstance(d, Literal) and d.datatype == XSD.integer for d in days)


CONFLICTS = """
@prefix fkg: <https://w3id.org/footballkg/ontology#> .
@prefix role: <https://w3id.org/footballkg/id/role/> .
@prefix team: <https://w3id.org/footballkg/id/team/> .
@prefix person: <https://w3id.org/footballkg/id/person/> .
@prefix tenure: <https://w3id.org/footballkg/id/tenure/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
role:head-coach fkg:countsAsHeadCoach true .
tenure:a a fkg:Tenure ; fkg:person person:a ; fkg:team team:x ; fkg:role role:head-coach ;
    fkg:startDate "2019-01-01"^^xsd:date ; fkg:endDate "2020-01-01"^^xsd:date .
tenure:b a fkg:Tenure ; fkg:person person:b ; fkg:team team:x ; fkg:role role:head-coach ;
    fkg:startDate "2020-01-01"^^xsd:date ; fkg:endDate "2020-06-01"^^xsd:date .
tenure:c a fkg:Tenure ; fkg:person person:c ; fkg:team team:x ; fkg:role role:head-coach ;
    fkg:predecessor tenure:b ; fkg:startDate "2020-05-01"^^xsd:date ; fkg:ongoing true .
tenure:d a fkg:Tenure ; fkg:person person:d ; fkg:team team:y ; fkg:role role:head-coach ;
    fkg:predecessor tenure:c ; fkg:startDate "2021"^^xsd:gYear ; fkg:ongoing true .
"""


def test_succession_check_finds_unstated_handovers_overlaps_and_other_teams() -> None:
    """Cases the real data does not have: each status on a small made-up graph."""
    graph = Graph().parse(data=CONFLICTS, format="turtle")
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    query = get_query(QUERIES_DIR, "succession-check")
    tenure = "https://w3id.org/footballkg/id/tenure/"
    expected = [
        (URIRef(tenure + "a"), URIRef(tenure + "b"), "not-stated"),
        (URIRef(tenure + "b"), URIRef(tenure + "c"), "overlap"),
        (URIRef(tenure + "c"), URIRef(tenure + "d"), "other-team"),
    ]
    for result in (run_rdflib(graph, query, {}), run_oxigraph(store, query, {})):
        got = [(r["predecessor"], r["successor"], str(r["status"])) for r in result.rows]
        assert sorted(got) == expected


CONTRACTS = """
@prefix fkg: <https://w3id.org/footballkg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix tenure: <https://w3id.org/footballkg/id/tenure/> .
@prefix contract: <https://w3id.org/footballkg/id/contract/> .
@prefix source: <https://w3id.org/footballkg/id/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
# differ: an agreed end against a duration
tenure:differ fkg:contract contract:differ-1 , contract:differ-2 .
contract:differ-1 fkg:agreedEnd "2024"^^xsd:gYear ; prov:wasDerivedFrom source:one .
contract:differ-2 fkg:agreedDuration "P2Y"^^xsd:duration ; prov:wasDerivedFrom source:two .
# alike: both give 2024, one also counts seasons; a shared term is no disagreement
tenure:alike fkg:contract contract:alike-1 , contract:alike-2 .
contract:alike-1 fkg:agreedEnd "2024"^^xsd:gYear ; prov:wasDerivedFrom source:one .
contract:alike-2 fkg:agreedEnd "2024"^^xsd:gYear ; fkg:agreedSeasons 3 ;
    prov:wasDerivedFrom source:two .
# other-fact: a signing day against an agreed end are different facts
tenure:other-fact fkg:contract contract:other-fact-1 , contract:other-fact-2 .
contract:other-fact-1 fkg:agreedEnd "2023"^^xsd:gYear ; prov:wasDerivedFrom source:one .
contract:other-fact-2 fkg:signedDate "2020-09-24"^^xsd:date ; prov:wasDerivedFrom source:two .
# same-source: one source's two contracts are not the sources disagreeing
tenure:same-source fkg:contract contract:same-source-1 , contract:same-source-2 .
contract:same-source-1 fkg:agreedEnd "2023"^^xsd:gYear ; prov:wasDerivedFrom source:one .
contract:same-source-2 fkg:agreedSeasons 2 ; prov:wasDerivedFrom source:one .
"""


def test_source_disagreements_lists_contract_terms_stated_differently_only() -> None:
    """Contract cases the real data does not have, on a small made-up graph."""
    graph = Graph().parse(data=CONTRACTS, format="turtle")
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    query = get_query(QUERIES_DIR, "source-disagreements")
    fkg = ALL_PREFIXES["fkg"]
    expected = [
        ("contract:differ-1", fkg + "agreedEnd", "2024", "source:one"),
        ("contract:differ-2", fkg + "agreedDuration", "P2Y", "source:two"),
    ]
    for result in (run_rdflib(graph, query, {}), run_oxigraph(store, query, {})):
        got = [
            (
                str(r["figure"]).replace(ALL_PREFIXES["contract"], "contract:"),
                str(r["measure"]),
                str(r["value"]),
                str(r["source"]).replace(ALL_PREFIXES["source"], "source:"),
            )
            for r in result.rows
        ]
        assert sorted(got) == expected


def test_both_engines_keep_lexical_forms_exactly(tmp_path: Path) -> None:
    """rdflib must not rewrite a literal's lexical form on the way out of either engine.

    The rdflib graph keeps "01" as written. Oxigraph itself stores numbers by value, so it
    answers "1"^^xsd:double for "1.0E0"; that answer must arrive as "1", not rdflib's "1.0".
    """
    data = tmp_path / "lexical.ttl"
    data.write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://e.org/s> <https://e.org/p> "01"^^xsd:integer , "1.0E0"^^xsd:double .\n',
        encoding="utf-8",
    )
    query = SavedQuery("lexical", tmp_path / "lexical.rq", "", text="SELECT ?o { ?s ?p ?o }")
    from_rdflib = run_rdflib(load_graph([data]).graph, query, {})
    assert sorted((str(r["o"]), str(r["o"].datatype)) for r in from_rdflib.rows) == [  # type: ignore[union-attr]
        ("01", str(XSD.integer)),
        ("1.0E0", str(XSD.double)),
    ]
    store = ox.Store()
    store.load(path=str(data), format=ox.RdfFormat.TURTLE)
    stored = sorted(q.object.value for q in store)
    from_oxigraph = run_oxigraph(store, query, {})
    assert sorted(str(r["o"]) for r in from_oxigraph.rows) == stored == ["1", "1"]


def test_row_converter_gives_what_from_oxigraph_gives_for_every_kind_of_term() -> None:
    from footballkg.rdf.terms import from_oxigraph, oxigraph_converter

    date = ox.Literal("2020-11-02", datatype=ox.NamedNode(str(XSD.date)))
    terms = [
        ox.NamedNode("https://e.org/a"),
        ox.BlankNode("b0"),
        date,
        ox.Literal("01", datatype=ox.NamedNode(str(XSD.integer))),
        ox.Literal("Genk", language="nl"),
        ox.Literal("plain"),
        ox.Literal("typed", datatype=ox.NamedNode(str(XSD.string))),
    ]
    convert = oxigraph_converter()
    first = [convert(t) for t in terms]
    again = [convert(t) for t in terms]  # answered from memory the second time
    expected = [from_oxigraph(t) for t in terms]
    assert first == again == expected
    assert [type(t) for t in again] == [type(t) for t in expected]
    assert str(again[3]) == "01"  # the lexical form as stored, not rdflib's canonical "1"
    assert convert(None) is None


_DATE_BLOCK = re.compile(
    r"  # (Start|End) of (\?\w+): .*?\n(.*?AS \?\w*(?:start|end)_latest\))", re.S
)
_DAYS_BLOCK = re.compile(r"  # Day numbers.*?\n(.*?)\n  BIND\(xsd:integer\(IF", re.S)


def test_date_bounds_and_day_numbers_are_computed_the_same_way_in_every_query() -> None:
    """SPARQL has no functions of its own, so queries repeat the blocks that turn a start or
    an end into its first and last possible day, and days into day numbers. The copies must
    not drift apart: only the tenure variable and a variable prefix (?p_, ?s_) may differ, and
    an end block comes in two forms, with or without as_of ending an ongoing tenure."""
    forms: dict[str, dict[str, list[str]]] = {"Start": {}, "End": {}, "days": {}}
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        for kind, tenure, body in _DATE_BLOCK.findall(text):
            first = re.search(r"fkg:(?:startDate|endDate) \?(\w*?)(?:start|end)\b", body)
            assert first is not None, path.name
            form = body.replace(tenure, "TENURE")
            if first.group(1):
                form = form.replace("?" + first.group(1), "?")
            forms[kind].setdefault(re.sub(r"\s+", " ", form), []).append(path.stem)
        for body in _DAYS_BLOCK.findall(text):
            forms["days"].setdefault(re.sub(r"\s+", " ", body), []).append(path.stem)
    assert len(forms["Start"]) == 1, forms["Start"].values()
    assert len(forms["End"]) == 2, forms["End"].values()
    assert any("?as_of" in form for form in forms["End"])
    # Day numbers come from each stated bound (small expressions that servers which copy
    # BIND expressions, Virtuoso, can compile), in one form.
    assert len(forms["days"]) == 1, forms["days"].values()
    assert "BIND(STR(?start_earliest)" not in next(iter(forms["days"]))
    users = {q for found in forms["Start"].values() for q in found}
    assert {"tenure-intervals", "succession-check", "head-coaches"} <= users


_STEP_BLOCKS = (
    # step 2: each bound as a year and month counted from March, and a day
    re.compile(r"\n( +BIND\(IF\(DATATYPE\(\?start_lo\) = xsd:gYear, 1,.*?AS \?d_el\))", re.S),
    # step 3: the day numbers and the lengths the stated dates allow
    re.compile(r"\n( +BIND\(365 \* \?y_se .*?AS \?stated_longest\))", re.S),
    # step 4: an ongoing tenure counted to as_of
    re.compile(r"\n(  BIND\(xsd:integer\(SUBSTR\(STR\(\?as_of\), 1, 4\)\).*?AS \?n_as_of\))", re.S),
)


def test_the_day_arithmetic_in_steps_is_the_same_in_every_query() -> None:
    """The queries whose lengths Virtuoso could not compile do their day arithmetic in
    sub-SELECT steps (career says why). Each step's block is the same in all of them."""
    users = sorted(
        path.stem
        for path in QUERIES_DIR.glob("*.rq")
        if "# Step 3:" in path.read_text(encoding="utf-8")
    )
    assert users == ["career", "contract-vs-served", "shortest-longest-tenures"]
    for block in _STEP_BLOCKS:
        forms = {
            name: block.findall((QUERIES_DIR / f"{name}.rq").read_text(encoding="utf-8"))
            for name in users
        }
        assert all(len(found) == 1 for found in forms.values()), (block.pattern, forms)
        assert len({re.sub(r"\s+", " ", found[0]) for found in forms.values()}) == 1, forms
