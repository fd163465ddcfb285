"""Typed parameters of saved queries: parsing, errors users can act on, and hostile values.

A hostile value is either refused with a clear error or bound as a harmless RDF term; either
way no query text is changed by it and the graph and the store hold exactly what they held.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from footballkg.errors import InputError
from footballkg.queries.catalogue import (
    SavedQuery,
    bind_params,
    discover,
    get_query,
    load_query_file,
    query_text_with_values,
    run_oxigraph,
    run_rdflib,
)
from footballkg.queries.params import sparql_term

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
TEAM = "https://w3id.org/footballkg/id/team/"
TODAY = dt.date(2026, 1, 1)
# A plain Namespace, not rdflib's closed XSD: pytest probes module attributes such as
# `_mock_name` while collecting, and the closed namespace warns about every unknown name.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")

HOSTILE = [
    '" } ; DROP ALL ; #',
    '"> } DROP ALL { <x',
    "x' ; DELETE WHERE { ?s ?p ?o } #",
    "}\nDROP ALL\n{",
    '"""',
    "'''",
    '"',
    "{",
    "}",
    ">",
    "<",
    "\n",
    "\r\n",
    "\t",
    "\\",
    '\\"',
    "a#b",
    "?s ?p ?o",
    "Ståle Solbakken",
]

TYPED_QUERY = """\
#+ summary: every parameter type
#+ description: a test query that returns its parameters
#+ params:
#+   team: {type: iri, prefix: team, required: true, example: krc-genk, description: a team}
#+   on: {type: date, default: today, description: a day}
#+   n: {type: integer, description: a number}
#+   text: {type: string, description: any text}
#+   lang: {type: language, default: en, description: a language}
#+   flag: {type: boolean, default: "false", description: yes or no}
#+ tags: [test]
SELECT ?team ?on ?n ?text ?lang ?flag WHERE { }
"""


@pytest.fixture
def typed(tmp_path: Path) -> SavedQuery:
    path = tmp_path / "typed.rq"
    path.write_text(TYPED_QUERY, encoding="utf-8")
    return load_query_file(path)


def write_query(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- typed values


@pytest.mark.parametrize(
    "value",
    [
        "krc-genk",
        "team:krc-genk",
        f"<{TEAM}krc-genk>",
        f"{TEAM}krc-genk",
        " krc-genk ",
    ],
)
def test_iri_parameters_take_a_slug_a_prefixed_name_or_a_full_iri(
    typed: SavedQuery, value: str
) -> None:
    assert bind_params(typed, {"team": value})["team"] == URIRef(TEAM + "krc-genk")


def test_other_prefixes_and_iris_are_kept(typed: SavedQuery) -> None:
    bindings = bind_params(typed, {"team": "person:jess-thorup"})
    assert bindings["team"] == URIRef("https://w3id.org/footballkg/id/person/jess-thorup")
    bindings = bind_params(typed, {"team": "http://www.wikidata.org/entity/Q1"})
    assert bindings["team"] == URIRef("http://www.wikidata.org/entity/Q1")


def test_every_type_becomes_a_typed_term(typed: SavedQuery) -> None:
    bindings = bind_params(
        typed,
        {"team": "krc-genk", "on": "2020-10-15", "n": "+42", "text": "Genk", "lang": "NL"},
    )
    assert bindings == {
        "team": URIRef(TEAM + "krc-genk"),
        "on": Literal("2020-10-15", datatype=XSD.date),
        "n": Literal("42", datatype=XSD.integer),
        "text": Literal("Genk"),
        "lang": Literal("nl", datatype=XSD.language),
        "flag": Literal("false", datatype=XSD.boolean),
    }


def test_defaults_fill_in_and_today_is_today(typed: SavedQuery) -> None:
    bindings = bind_params(typed, {"team": "krc-genk"}, today=TODAY)
    assert bindings["on"] == Literal("2026-01-01", datatype=XSD.date)
    assert bindings["lang"] == Literal("en", datatype=XSD.language)
    assert "n" not in bindings and "text" not in bindings  # optional, no default: unbound
    assert bind_params(typed, {"team": "x", "on": "today"}, today=TODAY)["on"] == bindings["on"]
    real_today = bind_params(typed, {"team": "krc-genk"})["on"]
    assert real_today == Literal(dt.date.today().isoformat(), datatype=XSD.date)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("on", "15/10/2020", "a date as YYYY-MM-DD (or today)"),
        ("on", "2020-10-15T12:00:00", "a date as YYYY-MM-DD (or today)"),
        ("n", "4.2", "a whole number such as 3"),
        ("n", "ten", "a whole number such as 3"),
        ("lang", "english!", "a language tag such as en or nl"),
        ("flag", "yes", "true or false"),
        ("team", "krc genk", "a slug such as krc-genk"),
    ],
)
def test_values_of_the_wrong_form_say_the_expected_form(
    typed: SavedQuery, name: str, value: str, expected: str
) -> None:
    raw = {"team": "krc-genk", name: value}
    with pytest.raises(InputError, match=f'parameter "{name}" must be ') as error:
        bind_params(typed, raw)
    assert expected in error.value.message
    assert repr(value) in error.value.message


def test_unknown_prefix_lists_the_known_ones(typed: SavedQuery) -> None:
    with pytest.raises(InputError) as error:
        bind_params(typed, {"team": "tem:krc-genk"})
    assert error.value.message.startswith('parameter "team": unknown prefix "tem:" in ')
    assert "team, tenure" in error.value.message


def test_control_characters_in_text_are_refused(typed: SavedQuery) -> None:
    with pytest.raises(InputError, match="control character U\\+0000"):
        bind_params(typed, {"team": "krc-genk", "text": "a\x00b"})


# ---------------------------------------------------------------- unknown and missing


def test_unknown_parameter_lists_the_query_parameters() -> None:
    career = get_query(QUERIES_DIR, "career")
    with pytest.raises(InputError) as error:
        bind_params(career, {"person": "jess-thorup", "persn": "x"})
    assert error.value.message == (
        'query "career" has no parameter "persn". Its parameters: person (required), as_of.'
    )
    sources = get_query(QUERIES_DIR, "sources")
    with pytest.raises(InputError) as error:
        bind_params(sources, {"x": "1"})
    assert error.value.message == 'query "sources" has no parameter "x". It takes no parameters.'


def test_missing_required_parameter_is_named_with_its_example() -> None:
    career = get_query(QUERIES_DIR, "career")
    with pytest.raises(InputError) as error:
        bind_params(career, {})
    assert error.value.message == (
        'query "career" needs parameter "person" (a slug such as jess-thorup, a prefixed name '
        "such as person:jess-thorup or a full IRI such as "
        "<https://w3id.org/footballkg/id/person/jess-thorup>): add --param person=jess-thorup"
    )


def test_unknown_query_suggests_the_closest_name() -> None:
    with pytest.raises(InputError) as error:
        get_query(QUERIES_DIR, "carrer")
    assert error.value.message == (
        'unknown query "carrer". Did you mean "career"? Run "footballkg queries" to list them.'
    )
    with pytest.raises(InputError) as error:
        get_query(QUERIES_DIR, "zzzz")
    assert error.value.message == 'unknown query "zzzz". Run "footballkg queries" to list them.'
    with pytest.raises(InputError, match="unknown query"):
        get_query(QUERIES_DIR, "../queries/career")


def test_usage_shows_a_runnable_example() -> None:
    assert get_query(QUERIES_DIR, "career").usage() == (
        "footballkg query career --param person=jess-thorup --param as_of=2025-12-31"
    )
    assert discover(QUERIES_DIR)["sources"].usage() == "footballkg query sources"


# ---------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("#+ summary: [unclosed\nSELECT * WHERE { }\n", ":1: the #+ header is not valid YAML"),
        ("#+ summery: typo\nSELECT * WHERE { }\n", "unknown header key(s) summery"),
        (
            "#+ params:\n#+   x: {type: float}\nSELECT ?x WHERE { }\n",
            "parameter x has type 'float'; use one of iri, date, integer",
        ),
        ("#+ params:\n#+   x: {type: string}\nSELECT ?y WHERE { }\n", "?x is not used"),
        (
            "#+ params:\n#+   x: {type: string, requird: true}\nSELECT ?x WHERE { }\n",
            "parameter x has unknown key(s) requird",
        ),
        ("#+ params:\n#+   not-a-name: {}\nSELECT * WHERE { }\n", "not a usable parameter name"),
        (
            "#+ params:\n#+   x: {type: iri, prefix: tem}\nSELECT ?x WHERE { }\n",
            "parameter x has prefix 'tem', which is not a known prefix",
        ),
        (
            "#+ result_types: {x: bool}\nSELECT ?x WHERE { }\n",
            "result column x has type 'bool'; use one of boolean.",
        ),
        (
            "#+ result_types: {y: boolean}\nSELECT ?x WHERE { }\n",
            "result_types names y, which the query does not use.",
        ),
        ("#+ result_types: [x]\nSELECT ?x WHERE { }\n", "result_types must be a mapping"),
    ],
)
def test_bad_headers_name_the_file_and_the_problem(tmp_path: Path, text: str, message: str) -> None:
    path = write_query(tmp_path, text)
    with pytest.raises(InputError) as error:
        load_query_file(path)
    assert str(path) in error.value.message or "not a usable" in error.value.message
    assert message in error.value.message


def test_result_types_are_read_from_the_header(tmp_path: Path) -> None:
    path = write_query(tmp_path, "#+ result_types: {won: boolean}\nSELECT ?won WHERE { }\n")
    assert load_query_file(path).result_types == {"won": "boolean"}
    path = write_query(tmp_path, "SELECT ?won WHERE { }\n")
    assert load_query_file(path).result_types == {}


def test_a_parameter_may_be_called_on(typed: SavedQuery) -> None:
    # YAML 1.1 would read the key `on` as the boolean true.
    assert list(typed.params) == ["team", "on", "n", "text", "lang", "flag"]


def test_invalid_sparql_names_file_line_and_column(tmp_path: Path, graph: Graph) -> None:
    query = load_query_file(write_query(tmp_path, "#+ summary: x\nSELECT ?x WHERE { ?x }\n"))
    with pytest.raises(InputError, match=r"bad\.rq:2:\d+: not valid SPARQL"):
        run_rdflib(graph, query, {})


# ---------------------------------------------------------------- hostile values


def snapshot(graph: Graph, store: ox.Store) -> tuple[int, int, int]:
    return len(graph), hash(frozenset(graph)), len(store)


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_refused_for_iri_parameters(value: str) -> None:
    head_coaches = get_query(QUERIES_DIR, "head-coaches")
    with pytest.raises(InputError, match='parameter "team" must be '):
        bind_params(head_coaches, {"team": value})
    with pytest.raises(InputError):
        bind_params(head_coaches, {"team": "team:" + value})


@pytest.mark.parametrize("value", [v for v in HOSTILE if v.strip() and v != "Ståle Solbakken"])
def test_hostile_values_are_refused_for_other_typed_parameters(
    typed: SavedQuery, value: str
) -> None:
    for name in ("on", "n", "lang", "flag"):
        with pytest.raises(InputError, match=f'parameter "{name}" must be '):
            bind_params(typed, {"team": "krc-genk", name: value})


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_is_bound_harmlessly_on_both_engines(
    value: str, graph: Graph, store: ox.Store
) -> None:
    search = get_query(QUERIES_DIR, "search")
    before = snapshot(graph, store)
    bindings = bind_params(search, {"text": value})
    assert bindings == {"text": Literal(value)}
    on_rdflib = run_rdflib(graph, search, bindings)
    on_oxigraph = run_oxigraph(store, search, bindings)
    assert on_rdflib == on_oxigraph
    # Nothing in the data contains these characters, except the one real name.
    expected = {URIRef("https://w3id.org/footballkg/id/person/stale-solbakken")}
    found = {row["resource"] for row in on_rdflib.rows}
    assert found >= expected if value == "Ståle Solbakken" else not found
    assert snapshot(graph, store) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_values_block_carries_text_unchanged_through_both_parsers(
    typed: SavedQuery, value: str, graph: Graph, store: ox.Store
) -> None:
    before = snapshot(graph, store)
    bindings = bind_params(typed, {"team": "krc-genk", "text": value}, today=TODAY)
    text = query_text_with_values(typed, bindings)
    assert text.count("VALUES") == 1
    for result in (
        run_oxigraph(store, typed, bindings),
        run_rdflib(graph, SavedQuery(typed.name, typed.path, "", text=text), {}),
    ):
        assert result.rows == [
            {
                "team": URIRef(TEAM + "krc-genk"),
                "on": Literal("2026-01-01", datatype=XSD.date),
                "n": None,
                "text": Literal(value),
                "lang": Literal("en", datatype=XSD.language),
                "flag": Literal("false", datatype=XSD.boolean),
            }
        ]
    assert snapshot(graph, store) == before


def test_a_backslash_u_escape_is_refused_before_it_reaches_a_server(typed: SavedQuery) -> None:
    # SPARQL parsers may expand \u0022 to a quote before reading strings: never send one.
    bindings = bind_params(typed, {"team": "krc-genk", "text": "a\\u0022b"})
    with pytest.raises(InputError, match="backslash followed by u"):
        query_text_with_values(typed, bindings)


@pytest.mark.parametrize(
    "iri",
    [
        "https://example.org/a>b",
        "https://example.org/a b",
        'https://example.org/a"b',
        "https://example.org/{x}",
        "https://example.org/a\nb",
        "https://example.org/a\\b",
        "https://example.org/a|b^c`d",
        "no-scheme",
    ],
)
def test_term_writer_refuses_iris_that_could_end_early(iri: str) -> None:
    with pytest.raises(InputError):
        sparql_term(URIRef(iri))


def test_term_writer_output() -> None:
    assert sparql_term(URIRef(TEAM + "krc-genk")) == f"<{TEAM}krc-genk>"
    assert sparql_term(Literal('say "hi"\n\\')) == '"say \\"hi\\"\\n\\\\"'
    assert sparql_term(Literal("Genk", lang="nl")) == '"Genk"@nl'
    assert sparql_term(Literal("2020-10-15", datatype=XSD.date)) == (
        '"2020-10-15"^^<http://www.w3.org/2001/XMLSchema#date>'
    )


def test_values_block_goes_into_the_outer_where_not_a_comment_or_string(tmp_path: Path) -> None:
    path = tmp_path / "tricky.rq"
    path.write_text(
        "#+ params:\n#+   x: {type: string, description: x}\n"
        "# a comment with a { brace\n"
        'SELECT ?x ("{" AS ?brace) WHERE { BIND(?x AS ?y) }\n',
        encoding="utf-8",
    )
    query = load_query_file(path)
    text = query_text_with_values(query, {"x": Literal("v")})
    assert 'WHERE {\n  VALUES (?x) { ("v") }\n BIND(?x AS ?y) }' in text
    assert "# a comment with a { brace\n" in text


def test_short_construct_says_how_to_take_parameters(tmp_path: Path) -> None:
    path = tmp_path / "short.rq"
    path.write_text(
        "#+ params:\n#+   t: {type: iri}\nCONSTRUCT WHERE { ?x a ?t }\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"write CONSTRUCT \{ template \} WHERE"):
        query_text_with_values(load_query_file(path), {"t": URIRef(TEAM + "x")})


def test_help_text_shows_parameters_and_a_runnable_example() -> None:
    text = get_query(QUERIES_DIR, "who-held-role").help_text()
    assert text.startswith("who-held-role: Who held a role at a team on a given day\n")
    assert "  on (date, required)\n      the day; a date as YYYY-MM-DD (or today)\n" in text
    assert "  role (iri, default head-coach)\n" in text
    assert text.endswith(
        "Example:\n  footballkg query who-held-role --param team=krc-genk"
        " --param on=2020-10-15 --param role=head-coach\n"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("CONSTRUCT { ?x a ?t } WHERE { ?x a ?t }", "WHERE {\n  VALUES"),
        ("SELECT ?where WHERE { ?where a ?t }", "WHERE {\n  VALUES"),
        ("ASK { ?x a ?t }", "ASK {\n  VALUES"),
        ('SELECT * # WHERE { in a comment\nwhere { ?x ?t "WHERE {" }', "where {\n  VALUES"),
        # no WHERE keyword, but a subquery with one
        ("SELECT ?x { ?x a ?t { SELECT ?x WHERE { ?x a ?y } } }", "SELECT ?x {\n  VALUES"),
        ("CONSTRUCT { ?x a ?t } { ?x a ?t }", "} {\n  VALUES"),
        (
            "PREFIX ex: <urn:ex:> SELECT ?x { ?x ex:where ?t OPTIONAL { ?x a ?t } }",
            "?x {\n  VALUES",
        ),
    ],
)
def test_values_block_opens_the_outer_where(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "q.rq"
    path.write_text("#+ params:\n#+   t: {type: iri}\n" + body + "\n", encoding="utf-8")
    text = query_text_with_values(load_query_file(path), {"t": URIRef(TEAM + "x")})
    assert expected in text and text.count("VALUES") == 1
    ox.Store().query(text)  # still valid SPARQL
