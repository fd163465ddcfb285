"""Differential test: `footballkg validate --format json` gives pyshacl's report.

Hypothesis draws small shapes over the SHACL core components (node and property shapes,
paths of every kind, nested shapes through sh:node, sh:not, sh:and, sh:or, sh:xone and
sh:qualifiedValueShape, sh:closed) and small data graphs, writes them into a throwaway
project, runs the command in-process, and compares its results with pyshacl's
(`inference="none"`) as sets of (focus node, path, value, source shape, component,
severity). A disagreement is shrunk to a minimal case. The run is derandomized, so CI sees
the same examples every time.

Where pyshacl departs from the standard, the comparison adds the standard's results pyshacl
misses (`results_pyshacl_misses`) or, where it cannot, `known_disagreement` names the reason
and the property test skips such examples; tests at the end hold the command to the
standard's answer there, and keep the minimal cases of disagreements found and fixed in the
engine.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from footballkg.cli import cli
from footballkg.rdf.terms import short_iri

EX = "http://example.org/"
PREFIXES = f"""\
@prefix ex:   <{EX}> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

# Where the command answers differently from pyshacl (minimal cases as hypothesis shrank them,
# in the tests at the end; `known_disagreement` tells whether a drawn example is of the kind).
NESTED_INCOMPARABLE_PAIRS = (
    "sh:lessThan and sh:lessThanOrEquals between values SPARQL cannot order (an IRI and "
    "anything, a string and a language-tagged string, a date and a number): in SHACL (4.5.3, "
    "4.5.4) each such pair is a result, as the engine reports; pyshacl lets them pass. The "
    "comparison adds the standard's results for such pairs of a shape with targets "
    "(`results_pyshacl_misses`); a nested shape's results only decide whether its parent "
    "conforms, so examples with a nested one comparing a property the data has are left out "
    "(held to the standard's answer by tests below)"
)
PYSHACL_ALLOWS_WARNINGS_IN_QUALIFIED_SHAPES = (
    "pyshacl (allow_warnings) counts a value with only Warning or Info results of a "
    "sh:qualifiedValueShape as conforming to it; in SHACL a node conforms to a shape only "
    "when validating it gives no results at all (Conformance Checking; 4.7.3), as the engine "
    "counts, like sh:node (held to the standard's answer by a test below)"
)
PYSHACL_ORDERS_INCOMPARABLE_VALUES = (
    "pyshacl finds an xsd:date or xsd:boolean value within a numeric sh:maxInclusive or "
    "sh:maxExclusive bound; in SHACL the comparison is a SPARQL type error, not true, so the "
    "value fails, as the engine reports (held to the standard's answer by a test below)"
)

# ------------------------------------------------------------------------------- data

NODES = [f"ex:n{i}" for i in range(4)]
PREDICATES = ["ex:p", "ex:q", "ex:r"]
CLASSES = ["ex:A", "ex:B"]
# Literals in canonical form, so every parser keeps them as written.
LITERALS = [
    '"a"',
    '"bb"',
    '"ccc"@en',
    '"x"@fr',
    '"y"@en',
    "1",
    "2",
    "5",
    "2.5",
    '"2020-01-01"^^xsd:date',
    "true",
]

objects = st.sampled_from(NODES + LITERALS + CLASSES)


@st.composite
def data_graphs(draw: st.DrawFn) -> str:
    triples = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), objects),
                st.tuples(st.sampled_from(NODES), st.just("rdf:type"), st.sampled_from(CLASSES)),
            ),
            max_size=12,
            unique=True,
        )
    )
    lines = [f"{s} {p} {o} ." for s, p, o in triples]
    if draw(st.booleans()):
        lines.append("ex:B rdfs:subClassOf ex:A .")
    return PREFIXES + "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------- shapes

PATHS = [
    "ex:p",
    "ex:q",
    "[ sh:inversePath ex:p ]",
    "( ex:p ex:q )",
    "[ sh:alternativePath ( ex:p ex:q ) ]",
    "[ sh:zeroOrMorePath ex:p ]",
    "[ sh:oneOrMorePath ex:p ]",
    "[ sh:zeroOrOnePath ex:q ]",
]
TARGETS = [
    "sh:targetClass ex:A",
    "sh:targetClass ex:B",
    "sh:targetNode ex:n0",
    "sh:targetNode ex:n1 , 1",
    "sh:targetSubjectsOf ex:p",
    "sh:targetObjectsOf ex:q",
]
NODE_KINDS = [
    "sh:IRI",
    "sh:Literal",
    "sh:BlankNode",
    "sh:BlankNodeOrIRI",
    "sh:IRIOrLiteral",
    "sh:BlankNodeOrLiteral",
]
NUMBERS = ["0", "1", "2", "5", "2.5"]


@dataclass
class Shapes:
    """Turtle for a set of named shapes, built while drawing."""

    blocks: list[str] = field(default_factory=list)
    count: int = 0

    def name(self) -> str:
        self.count += 1
        return f"ex:s{self.count}"

    def text(self) -> str:
        return PREFIXES + "\n".join(self.blocks)


def simple_constraints(property_shape: bool) -> st.SearchStrategy[str]:
    """Constraints with parameters only (no nested shapes)."""
    options = [
        st.sampled_from(CLASSES).map(lambda c: f"sh:class {c}"),
        st.sampled_from(["xsd:string", "xsd:integer", "rdf:langString", "xsd:date"]).map(
            lambda d: f"sh:datatype {d}"
        ),
        st.sampled_from(NODE_KINDS).map(lambda k: f"sh:nodeKind {k}"),
        st.sampled_from(NUMBERS).map(lambda n: f"sh:minInclusive {n}"),
        st.sampled_from(NUMBERS).map(lambda n: f"sh:maxInclusive {n}"),
        st.sampled_from(NUMBERS).map(lambda n: f"sh:minExclusive {n}"),
        st.sampled_from(NUMBERS).map(lambda n: f"sh:maxExclusive {n}"),
        st.integers(0, 3).map(lambda n: f"sh:minLength {n}"),
        st.integers(0, 3).map(lambda n: f"sh:maxLength {n}"),
        st.sampled_from(['"^a"', '"b"', '"^[0-9]+$"', '"N1$"']).map(lambda p: f"sh:pattern {p}"),
        st.just('sh:pattern "^A" ; sh:flags "i"'),
        st.sampled_from(['( "en" )', '( "en" "de" )']).map(lambda ls: f"sh:languageIn {ls}"),
        st.lists(st.sampled_from(NODES + LITERALS), min_size=1, max_size=3, unique=True).map(
            lambda vs: f"sh:in ( {' '.join(vs)} )"
        ),
        st.sampled_from(NODES + LITERALS).map(lambda v: f"sh:hasValue {v}"),
        st.sampled_from(PREDICATES).map(lambda p: f"sh:equals {p}"),
        st.sampled_from(PREDICATES).map(lambda p: f"sh:disjoint {p}"),
    ]
    if property_shape:
        options += [
            st.integers(0, 2).map(lambda n: f"sh:minCount {n}"),
            st.integers(0, 2).map(lambda n: f"sh:maxCount {n}"),
            st.just("sh:uniqueLang true"),
            st.sampled_from(PREDICATES).map(lambda p: f"sh:lessThan {p}"),
            st.sampled_from(PREDICATES).map(lambda p: f"sh:lessThanOrEquals {p}"),
        ]
    return st.one_of(options)


@st.composite
def shape(
    draw: st.DrawFn, shapes: Shapes, depth: int, targets: bool, kind: str | None = None
) -> str:
    """Write one named shape into `shapes` and return its name."""
    name = shapes.name()
    kind = kind or draw(st.sampled_from(["node", "property"]))
    property_shape = kind == "property"
    lines = [f"{name} a sh:{'PropertyShape' if property_shape else 'NodeShape'}"]
    if property_shape:
        lines.append(f"sh:path {draw(st.sampled_from(PATHS))}")
    if targets:
        lines += draw(st.lists(st.sampled_from(TARGETS), min_size=1, max_size=2, unique=True))
    # One of each parameter: SHACL allows a single sh:datatype, sh:nodeKind, ... per shape.
    lines += draw(
        st.lists(simple_constraints(property_shape), max_size=2, unique_by=lambda c: c.split()[0])
    )
    if depth > 0:
        for _ in range(draw(st.integers(0, 1))):
            lines.append(draw(nested_constraint(shapes, depth - 1, property_shape)))
    if not property_shape and draw(st.integers(0, 3)) == 0:
        own = draw(shape(shapes, 0, False, "property"))
        lines.append(f"sh:property {own}")
        if draw(st.booleans()):
            lines.append("sh:closed true ; sh:ignoredProperties ( rdf:type )")
    if draw(st.booleans()):
        severity = draw(st.sampled_from(["sh:Violation", "sh:Warning", "sh:Info"]))
        lines.append(f"sh:severity {severity}")
    shapes.blocks.append(" ;\n    ".join(lines) + " .\n")
    return name


@st.composite
def nested_constraint(draw: st.DrawFn, shapes: Shapes, depth: int, property_shape: bool) -> str:
    kind = draw(
        st.sampled_from(
            ["node", "not", "and", "or", "xone", "qualified"][: 6 if property_shape else 5]
        )
    )
    if kind == "node":  # sh:node names a node shape
        return f"sh:node {draw(shape(shapes, depth, False, 'node'))}"
    if kind == "not":
        return f"sh:not {draw(shape(shapes, depth, False))}"
    if kind == "qualified":
        inner = draw(shape(shapes, depth, False))
        bounds = draw(
            st.sampled_from(
                ["sh:qualifiedMinCount 1", "sh:qualifiedMaxCount 1", "sh:qualifiedMinCount 2"]
            )
        )
        return f"sh:qualifiedValueShape {inner} ; {bounds}"
    members = [draw(shape(shapes, depth, False)) for _ in range(draw(st.integers(1, 2)))]
    return f"sh:{kind} ( {' '.join(members)} )"


@st.composite
def shapes_graphs(draw: st.DrawFn) -> str:
    shapes = Shapes()
    for _ in range(draw(st.integers(1, 2))):
        draw(shape(shapes, 1, True))
    return shapes.text()


# ------------------------------------------------------------------------------- reports

Key = tuple[str, str | None, str | None, str, str, str]


def path_text(path: Node | None, graph: Graph) -> str | None:
    """A SHACL path in SPARQL syntax, as the report writes it."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return short_iri(str(path))
    if (path, RDF.first, None) in graph:
        return "/".join(str(path_text(step, graph)) for step in Collection(graph, path))
    for predicate, written in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return written.format(path_text(inner, graph))
    alternatives = graph.value(path, SH.alternativePath)
    assert alternatives is not None, f"unknown path {path!r}"
    return "(" + "|".join(str(path_text(a, graph)) for a in Collection(graph, alternatives)) + ")"


def term_text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, Literal):
        datatype = term.datatype or (None if term.language else XSD.string)
        return f"{str(term)!r}@{term.language}^^{datatype}"
    assert not isinstance(term, BNode), "the data has no blank nodes"
    return f"<{term}>"


def json_text(term: dict[str, Any] | None) -> str | None:
    if term is None:
        return None
    if term["type"] == "literal":
        language = term.get("xml:lang")
        datatype = term.get("datatype", None if language else str(XSD.string))
        return f"{term['value']!r}@{language}^^{datatype}"
    return f"<{term['value']}>"


SEVERITY_WORDS = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


def pyshacl_results(data: str, shapes: str) -> set[Key]:
    data_graph = Graph().parse(data=data, format="turtle")
    shapes_graph = Graph().parse(data=shapes, format="turtle")
    _, report, _ = pyshacl.validate(
        data_graph, shacl_graph=shapes_graph, inference="none", allow_warnings=True
    )
    found: set[Key] = set()
    # The report's own results (sh:detail links nested ones, which are not compared).
    for result in report.objects(None, SH.result):
        found.add(
            (
                str(term_text(report.value(result, SH.focusNode))),
                path_text(report.value(result, SH.resultPath), report),
                term_text(report.value(result, SH.value)),
                str(report.value(result, SH.sourceShape)),
                str(report.value(result, SH.sourceConstraintComponent)),
                SEVERITY_WORDS[report.value(result, SH.resultSeverity)],  # type: ignore[index]
            )
        )
    return found


def command_results(data: str, shapes: str) -> set[Key]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, text in (
            ("data/data.ttl", data),
            ("shapes/shapes.ttl", shapes),
            ("ontology/ontology.ttl", PREFIXES),
        ):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, "utf-8")
        outcome = CliRunner().invoke(cli, ["validate", "--project", str(root), "--format", "json"])
    assert outcome.exit_code in (0, 1), outcome.output
    report = json.loads(outcome.stdout)
    return {
        (
            str(json_text(r["focusNode"])),
            r["path"],
            json_text(r["value"]),
            r["sourceShape"]["value"],
            r["constraintComponent"]["value"],
            r["severity"],
        )
        for r in report["results"]
    }


def known_disagreement(data: str, shapes: str) -> str | None:
    """The known disagreement (one of the reasons above) this example is of, if any."""
    data_graph = Graph().parse(data=data, format="turtle")
    shapes_graph = Graph().parse(data=shapes, format="turtle")
    unordered = any(
        isinstance(o, Literal) and o.datatype in (XSD.date, XSD.boolean)
        for o in data_graph.objects()
    )
    upper_bound = any(
        (None, predicate, None) in shapes_graph for predicate in (SH.maxInclusive, SH.maxExclusive)
    )
    if upper_bound and unordered:
        return PYSHACL_ORDERS_INCOMPARABLE_VALUES
    if (None, SH.qualifiedValueShape, None) in shapes_graph and any(
        (None, SH.severity, level) in shapes_graph for level in (SH.Warning, SH.Info)
    ):
        return PYSHACL_ALLOWS_WARNINGS_IN_QUALIFIED_SHAPES
    for predicate in (SH.lessThan, SH.lessThanOrEquals):
        for shape, other in shapes_graph.subject_objects(predicate):
            nested = not any((shape, t, None) in shapes_graph for t in TARGET_PREDICATES)
            if nested and (None, other, None) in data_graph:
                # Every data graph has IRIs, which no value can be compared with.
                return NESTED_INCOMPARABLE_PAIRS
    return None


TARGET_PREDICATES = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
NUMERIC = {XSD.integer, XSD.decimal, XSD.double}


def order_kind(term: Node) -> object:
    """Which values SPARQL's < orders `term` with (SHACL 4.5.3 compares by it): those of the
    same kind, by the operator table of SPARQL 1.1 (17.3), where numbers, strings, booleans
    and date-times are ordered among themselves; both engines also order xsd:date values and
    strings of one language. None: nothing (an IRI, a blank node)."""
    if not isinstance(term, Literal):
        return None
    if term.language:
        return ("string", term.language)
    if term.datatype is None or term.datatype == XSD.string:
        return "string"
    if term.datatype in NUMERIC:
        return "number"
    return term.datatype if term.datatype in (XSD.boolean, XSD.date) else None


def comparable(a: Node, b: Node) -> bool:
    kind = order_kind(a)
    return kind is not None and kind == order_kind(b)


def results_pyshacl_misses(data: str, shapes: str, actual: set[Key]) -> set[Key]:
    """The command's sh:lessThan / sh:lessThanOrEquals results for a value and a compared
    value SPARQL cannot order: results in SHACL (4.5.3, 4.5.4), which pyshacl lets pass."""
    data_graph = Graph().parse(data=data, format="turtle")
    shapes_graph = Graph().parse(data=shapes, format="turtle")
    found = set()
    parameters = {
        str(SH.LessThanConstraintComponent): SH.lessThan,
        str(SH.LessThanOrEqualsConstraintComponent): SH.lessThanOrEquals,
    }
    terms = {term_text(t): t for t in data_graph.all_nodes() if not isinstance(t, BNode)}
    for key in actual:
        focus, _, value, shape, component, _ = key
        if component not in parameters or value not in terms or not focus.startswith("<"):
            continue
        node = URIRef(focus[1:-1])
        for other in shapes_graph.objects(URIRef(shape), parameters[component]):
            if any(not comparable(terms[value], o) for o in data_graph.objects(node, other)):
                found.add(key)
    return found


def assert_same_report(data: str, shapes: str) -> None:
    expected = pyshacl_results(data, shapes)
    actual = command_results(data, shapes)
    expected |= results_pyshacl_misses(data, shapes, actual - expected)
    if currently_in_test_context():
        # Shown by --hypothesis-show-statistics: how many examples have something to report.
        event(f"pyshacl reports {min(len(expected), 3)}{'+' if len(expected) >= 3 else ''} results")
    assert actual == expected, (
        f"\nonly pyshacl: {sorted(expected - actual)}\nonly footballkg: "
        f"{sorted(actual - expected)}\n--- data\n{data}--- shapes\n{shapes}"
    )


# ------------------------------------------------------------------------------- tests


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,  # the same examples on every machine, nothing kept between runs
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=data_graphs(), shapes=shapes_graphs())
def test_the_command_gives_pyshacls_report(data: str, shapes: str) -> None:
    assume(known_disagreement(data, shapes) is None)
    assert_same_report(data, shapes)


def result(focus: str, path: str | None, value: str, shape: str, component: Node) -> Key:
    """A result of the command written by hand (`term_text` form for terms of ex:)."""
    return (f"<{EX}{focus}>", path, value, f"{EX}{shape}", str(component), "error")


def test_a_target_node_absent_from_the_data_is_its_own_value_along_an_empty_path() -> None:
    """SHACL 2.3.1.5: ex:n0 is a value of itself along ex:p*, and it is no ex:A."""
    shapes = PREFIXES + (
        "ex:s1 a sh:PropertyShape ; sh:path [ sh:zeroOrMorePath ex:p ] ;\n"
        "    sh:targetNode ex:n0 ; sh:class ex:A .\n"
    )
    assert command_results(PREFIXES, shapes) == {
        result("n0", "<http://example.org/p>*", f"<{EX}n0>", "s1", SH.ClassConstraintComponent)
    }


@pytest.mark.parametrize(
    ("path", "constraint", "component"),
    [
        ("[ sh:zeroOrOnePath ex:q ]", "sh:minCount 1", None),
        ("[ sh:zeroOrOnePath ex:q ]", "sh:minCount 2", SH.MinCountConstraintComponent),
        ("[ sh:zeroOrMorePath ex:p ]", "sh:maxCount 0", SH.MaxCountConstraintComponent),
        ("[ sh:zeroOrMorePath ex:p ]", "sh:maxCount 1", None),
        ("[ sh:zeroOrMorePath ex:p ]", "sh:hasValue ex:n0", None),
        ("[ sh:zeroOrMorePath ex:p ]", "sh:hasValue ex:n1", SH.HasValueConstraintComponent),
        ("[ sh:zeroOrMorePath ex:p ]", "sh:equals ex:r", SH.EqualsConstraintComponent),
    ],
)
def test_an_absent_target_node_has_one_value_along_an_empty_path(
    path: str, constraint: str, component: Node | None
) -> None:
    """The absent ex:n0 has one value, itself: at least 1, not 2, at most 1, not 0; it has
    the value ex:n0, not ex:n1; it has no ex:r to equal its value."""
    shapes = PREFIXES + f"ex:s1 a sh:PropertyShape ; sh:path {path} ; sh:targetNode ex:n0 ;"
    shapes += f" {constraint} .\n"
    found = {r[4] for r in command_results(PREFIXES + "ex:n1 ex:r 1 .\n", shapes)}
    assert found == ({str(component)} if component is not None else set())


def test_sh_equals_reports_a_value_of_the_property_missing_along_an_empty_path() -> None:
    """SHACL 4.5.1: along ex:q?, ex:n0's only value is itself, so both ex:n0 (not an ex:p
    value) and ex:n1 (an ex:p value that is not a value node) are results."""
    data = PREFIXES + "ex:n0 ex:p ex:n1 .\n"
    shapes = PREFIXES + "ex:s1 a sh:PropertyShape ; sh:path [ sh:zeroOrOnePath ex:q ] ;"
    shapes += " sh:targetNode ex:n0 ; sh:equals ex:p .\n"
    path, component = "<http://example.org/q>?", SH.EqualsConstraintComponent
    assert command_results(data, shapes) == {
        result("n0", path, f"<{EX}n0>", "s1", component),
        result("n0", path, f"<{EX}n1>", "s1", component),
    }


def test_an_absent_target_node_is_checked_by_a_nested_shape_through_an_empty_path() -> None:
    """Through sh:node, the absent ex:n0 is checked as its own value: it has no ex:q."""
    shapes = PREFIXES + (
        "ex:s2 a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .\n"
        "ex:s1 a sh:PropertyShape ; sh:path [ sh:zeroOrOnePath ex:p ] ;\n"
        "    sh:targetNode ex:n0 ; sh:node ex:s2 .\n"
    )
    assert command_results(PREFIXES, shapes) == {
        result("n0", "<http://example.org/p>?", f"<{EX}n0>", "s1", SH.NodeConstraintComponent)
    }


@pytest.mark.parametrize(
    ("reference", "component"),
    [
        ("sh:node ex:s2", SH.NodeConstraintComponent),
        ("sh:and ( ex:s2 )", SH.AndConstraintComponent),
        ("sh:or ( ex:s2 )", SH.OrConstraintComponent),
        ("sh:xone ( ex:s2 )", SH.XoneConstraintComponent),
    ],
)
def test_a_nested_closed_shape_fails_a_node_with_another_property(
    reference: str, component: Node
) -> None:
    """SHACL 4.8.1: ex:n0 has ex:p, which the closed ex:s2 does not allow."""
    data = PREFIXES + "ex:n0 ex:p ex:n0 .\n"
    shapes = PREFIXES + (
        "ex:s2 a sh:NodeShape ; sh:closed true .\n"
        f"ex:s1 a sh:NodeShape ; sh:targetNode ex:n0 ; {reference} .\n"
    )
    assert command_results(data, shapes) == {result("n0", None, f"<{EX}n0>", "s1", component)}


@pytest.mark.parametrize(
    ("values", "parameter", "component"),
    [
        ('ex:p ex:n1 ; ex:q "x"', "sh:lessThan", SH.LessThanConstraintComponent),
        ("ex:p ex:n1 ; ex:q ex:n1", "sh:lessThanOrEquals", SH.LessThanOrEqualsConstraintComponent),
        ('ex:p "a" ; ex:q "b"@en', "sh:lessThan", SH.LessThanConstraintComponent),
        ('ex:p "2020-01-01"^^xsd:date ; ex:q 5', "sh:lessThan", SH.LessThanConstraintComponent),
    ],
)
def test_values_sparql_cannot_order_fail_a_property_pair_comparison(
    values: str, parameter: str, component: Node
) -> None:
    """SHACL 4.5.3-4: a pair SPARQL's < or <= cannot compare (an IRI, a string with a
    language-tagged one, a date with a number) is a result (pyshacl lets it pass)."""
    data = PREFIXES + f"ex:n0 {values} .\n"
    shapes = PREFIXES + "ex:s1 a sh:PropertyShape ; sh:path ex:p ; sh:targetNode ex:n0 ; "
    shapes += f"{parameter} ex:q .\n"
    value = Graph().parse(data=data, format="turtle").value(URIRef(EX + "n0"), URIRef(EX + "p"))
    assert command_results(data, shapes) == {
        result("n0", "<http://example.org/p>", str(term_text(value)), "s1", component)
    }


@pytest.mark.parametrize(
    ("values", "parameter", "fails"),
    [
        ("ex:p true ; ex:q true", "sh:lessThanOrEquals", False),
        ("ex:p false ; ex:q true", "sh:lessThan", False),
        ("ex:p true ; ex:q false", "sh:lessThanOrEquals", True),
        ("ex:p true ; ex:q true", "sh:lessThan", True),
    ],
)
def test_booleans_are_ordered_false_before_true(values: str, parameter: str, fails: bool) -> None:
    """SPARQL 1.1 (17.3) orders xsd:boolean values: false < true."""
    data = PREFIXES + f"ex:n0 {values} .\n"
    shapes = PREFIXES + "ex:s1 a sh:PropertyShape ; sh:path ex:p ; sh:targetNode ex:n0 ; "
    shapes += f"{parameter} ex:q .\n"
    assert bool(command_results(data, shapes)) == fails


def test_a_known_disagreement_is_seen_by_the_comparison() -> None:
    """The comparison is not blind: a shape pyshacl fails on the data fails here too."""
    data = PREFIXES + "ex:n0 a ex:A ; ex:p 1 .\n"
    shapes = PREFIXES + "ex:s1 a sh:NodeShape ; sh:targetClass ex:A ; sh:class ex:B .\n"
    expected = pyshacl_results(data, shapes)
    assert expected == {
        (
            f"<{EX}n0>",
            None,
            f"<{EX}n0>",
            f"{EX}s1",
            str(SH.ClassConstraintComponent),
            "error",
        )
    }
    assert command_results(data, shapes) == expected


@pytest.mark.parametrize("value", ['"2020-01-01"^^xsd:date', "true"])
def test_a_value_a_number_cannot_be_compared_with_fails_a_numeric_upper_bound(
    value: str,
) -> None:
    """SHACL 4.3.3: a value node fails sh:maxInclusive unless `$value <= bound` is true; an
    xsd:date or xsd:boolean compared with a number is a type error (pyshacl lets it pass)."""
    data = PREFIXES + f"ex:n0 ex:p {value} .\n"
    shapes = PREFIXES + (
        "ex:s1 a sh:PropertyShape ; sh:path ex:p ; sh:targetSubjectsOf ex:p ; sh:maxInclusive 1 .\n"
    )
    literal = Graph().parse(data=data, format="turtle").value(URIRef(EX + "n0"), URIRef(EX + "p"))
    assert command_results(data, shapes) == {
        (
            f"<{EX}n0>",
            "<http://example.org/p>",
            term_text(literal),
            f"{EX}s1",
            str(SH.MaxInclusiveConstraintComponent),
            "error",
        )
    }


def test_only_pairs_sparql_cannot_order_are_added_to_pyshacls_results() -> None:
    """The correction of pyshacl's report accepts a result for 1 and "x", not for 2 and 5."""
    data = PREFIXES + 'ex:n0 ex:p 1 , 2 ; ex:q "x" , 5 .\n'
    shapes = PREFIXES + "ex:s1 a sh:PropertyShape ; sh:path ex:p ; sh:targetNode ex:n0 ; "
    shapes += "sh:lessThan ex:q .\n"
    path, component = "<http://example.org/p>", SH.LessThanConstraintComponent
    integer = f"@None^^{XSD.integer}"
    claimed = {result("n0", path, f"'{n}'{integer}", "s1", component) for n in (1, 2)}
    assert results_pyshacl_misses(data, shapes, claimed) == claimed  # each meets "x"
    numbers_only = data.replace('"x" , 5', "5")
    assert results_pyshacl_misses(numbers_only, shapes, claimed) == set()


def test_a_value_with_a_warning_does_not_conform_to_a_qualified_value_shape() -> None:
    """ex:n0 fails ex:s2's pattern (a Warning): it does not conform to ex:s2, so ex:n0 has
    no value conforming to it (pyshacl, allowing warnings, counts one)."""
    data = PREFIXES + "ex:n0 a ex:A ; ex:p ex:n0 .\n"
    shapes = PREFIXES + (
        'ex:s2 a sh:NodeShape ; sh:pattern "^A" ; sh:flags "i" ; sh:severity sh:Warning .\n'
        "ex:s1 a sh:PropertyShape ; sh:path ex:p ; sh:targetClass ex:A ;\n"
        "    sh:qualifiedValueShape ex:s2 ; sh:qualifiedMinCount 1 .\n"
    )
    assert known_disagreement(data, shapes) == PYSHACL_ALLOWS_WARNINGS_IN_QUALIFIED_SHAPES
    component = SH.QualifiedMinCountConstraintComponent
    assert command_results(data, shapes) == {
        (f"<{EX}n0>", "<http://example.org/p>", None, f"{EX}s1", str(component), "error")
    }
