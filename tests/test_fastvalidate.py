"""The engine (footballkg.validation) gives pyshacl's report.

Every case of the shape suite (tests/shapes/) and a small generated league graph are
validated by both engines; the results must be identical in focus node, shape, component,
severity, message, value, path and constraint, and so must the coverage counts. The
generated graph must also give exactly the violations its generator injected.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SH
from rdflib.term import Node

from benchmark_scripts import load_script
from footballkg.cli import cli
from footballkg.project import Project
from footballkg.rdf.load import load_graph
from footballkg.rdf.namespaces import FKGSH
from footballkg.validation import store_from_graph, validate_store
from footballkg.validation.fallback import pyshacl_validate as validate
from footballkg.validation.overlap import hull, sweep
from footballkg.validation.results import ValidationReport, ValidationResult

REPO_ROOT = Path(__file__).resolve().parent.parent
# A plain namespace: rdflib's closed XSD namespace warns when pytest probes module attributes.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
FKG_NS = "https://w3id.org/footballkg/ontology#"
TENURE_NS = "https://w3id.org/footballkg/id/tenure/"
CASES = sorted(p for p in (Path(__file__).parent / "shapes").iterdir() if p.is_dir())


def key(result: ValidationResult) -> tuple[str, ...]:
    return tuple(str(x) for x in (
        result.focus_node, result.source_shape, result.component, result.severity,
        result.value, result.path, result.constraint,
    ))  # fmt: skip


def assert_same(
    reference: ValidationReport, fast: ValidationReport, shapes: Graph | None = None
) -> None:
    """Same results (focus node, shape, component, severity, value, path, constraint) and
    coverage; the same message where the shape (or SPARQL constraint) gives sh:message.
    Without sh:message each engine words its own."""
    assert sorted(map(key, fast.results)) == sorted(map(key, reference.results))
    assert fast.coverage == reference.coverage

    def written(result: ValidationResult) -> bool:
        return shapes is not None and any(
            (node, SH.message, None) in shapes
            for node in (result.source_shape, result.constraint)
            if node is not None
        )

    def messages(report: ValidationReport) -> list[tuple[str, ...]]:
        return sorted((*key(r), r.message) for r in report.results if written(r))

    assert messages(fast) == messages(reference)


def fast_report_same_as_pyshacl(graph: Graph, shapes: Graph) -> ValidationReport:
    """The fast engine's report on `graph`, after checking that it is pyshacl's."""
    fast = validate_store(store_from_graph(graph), shapes, data_graph=graph)
    assert_same(validate(graph, shapes), fast, shapes)
    return fast


def case_graph(case: Path, ontology: Graph) -> Graph:
    """The ontology and a shape case's data, strings written plain (see `plain_strings`)."""
    parsed = Graph()
    parsed += ontology
    parsed.parse(case / "data.ttl", format="turtle")
    return plain_strings(parsed)


def plain_strings(graph: Graph) -> Graph:
    """`graph` with "x"^^xsd:string written "x": the same RDF term, as the project's loader
    and Oxigraph give it (rdflib's parser keeps the datatype, which would show in messages)."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


@pytest.mark.parametrize("small_focus", [1000, 0], ids=["focus-first", "value-first"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_shape_case_gives_the_same_report(
    case: Path, small_focus: int, ontology: Graph, shapes: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cases are small, so value checks on property shapes look at the focus nodes
    # first; with the threshold at 0 they take the path large graphs take, values first.
    monkeypatch.setattr("footballkg.validation.evaluator.SMALL_FOCUS", small_focus)
    fast_report_same_as_pyshacl(case_graph(case, ontology), shapes)


@pytest.fixture(scope="module")
def league(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("league")
    load_script("generate").generate(80, out, seed=7)
    return out


def test_generated_league_gives_the_same_report(
    league: Path, repo_project: Project, shapes: Graph
) -> None:
    files = [*repo_project.ontology_files(), *sorted(league.rglob("*.ttl"))]
    graph = load_graph(files).graph
    fast = fast_report_same_as_pyshacl(graph, shapes)
    assert fast.results, "the generated graph has injected violations"


def test_generated_league_gives_exactly_the_injected_violations(
    league: Path, repo_project: Project, shapes: Graph
) -> None:
    from footballkg.validation import load_store

    truth = json.loads((league / "truth.json").read_text())
    base = truth["prefix"]["tenure"]
    expected = {
        (base + focus.removeprefix("tenure:"), v["severity"])
        for v in truth["violations"]
        for focus in v["focus"]
    }
    store = load_store([*repo_project.ontology_files(), *sorted(league.rglob("*.ttl"))])
    report = validate_store(store, shapes)
    found = {(str(r.focus_node), str(r.severity).removeprefix(str(SH))) for r in report.results}
    assert found == expected


def test_required_properties_checked_together_are_told_apart(graph: Graph, shapes: Graph) -> None:
    # The sh:minCount 1 properties of one focus are checked by one query: each tenure must
    # be reported for the property it lacks, and for no other.
    fkg, prov = Namespace(FKG_NS), Namespace("http://www.w3.org/ns/prov#")
    tenure = Namespace(TENURE_NS)
    lacking = {
        tenure["jess-thorup-krc-genk-head-coach-2020"]: fkg.person,
        tenure["jess-thorup-fc-copenhagen-head-coach-2020"]: fkg.team,
        tenure["jess-thorup-fc-midtjylland-head-coach-2015"]: prov.wasDerivedFrom,
    }
    broken = Graph()
    broken += graph
    for node, predicate in lacking.items():
        assert (node, predicate, None) in broken
        broken.remove((node, predicate, None))
    fast = fast_report_same_as_pyshacl(broken, shapes)
    min_count = SH.MinCountConstraintComponent
    found = {
        (r.focus_node, str(r.source_shape).rsplit("-", 1)[-1])
        for r in fast.results
        if r.component == min_count and r.focus_node in lacking
    }
    assert found == {
        (tenure["jess-thorup-krc-genk-head-coach-2020"], "person"),
        (tenure["jess-thorup-fc-copenhagen-head-coach-2020"], "team"),
        (tenure["jess-thorup-fc-midtjylland-head-coach-2015"], "source"),
    }


def test_hull_of_imprecise_and_open_dates() -> None:
    assert hull({"startDate": ["2008-11"], "endDate": ["2009"]}) == ("2008-11-01", "2009-12-31")
    assert hull({"startDate": ["2020-09-24"], "endDate": ["2020-11-02"]}) == (
        "2020-09-24",
        "2020-11-02",
    )
    lo, hi = hull({"startNotBefore": ["1997-11"]})  # no latest start, no end: open
    assert lo == "1997-11-01" and hi > "9999"


def test_sweep_pairs_only_intervals_that_meet() -> None:
    items = [
        ("2018-10-10", "2020-08-20", "gent-thorup"),
        ("2020-08-20", "2020-09-14", "gent-boloni"),  # starts the day the first ends
        ("2020-09-01", "2020-12-01", "gent-overlapping"),
    ]
    pairs = set(sweep(items))
    assert ("gent-thorup", "gent-boloni") not in pairs  # half-open: touching is not overlapping
    assert ("gent-boloni", "gent-overlapping") in pairs
    assert ("gent-overlapping", "gent-boloni") in pairs
    assert ("gent-thorup", "gent-overlapping") not in pairs


def test_validate_command_reports_what_pyshacl_reports(
    league: Path, repo_project: Project, shapes: Graph
) -> None:
    # One engine behind the command at every size: its report is pyshacl's on the same data.
    result = CliRunner().invoke(
        cli, ["validate", str(league), "--project", str(REPO_ROOT), "--format", "json"]
    )
    assert result.exit_code == 1, result.output  # the league has injected violations

    def message(component: str, text: str) -> str:
        # pySHACL fills only $this, $path, $value and parameters in the messages of a
        # SPARQL-based component (the project's overlap rules), not the query's variables.
        return text if component.startswith(str(SH)) else ""

    shown = sorted(
        (
            r["focusNode"]["value"],
            r["constraintComponent"]["value"],
            r["severity"],
            message(r["constraintComponent"]["value"], r["message"]),
        )
        for r in json.loads(result.stdout)["results"]
    )
    graph = load_graph([*repo_project.ontology_files(), *sorted(league.rglob("*.ttl"))]).graph
    words = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
    reference = sorted(
        (
            str(r.focus_node),
            str(r.component),
            words[r.severity],
            message(str(r.component), r.message),
        )
        for r in validate(graph, shapes).results
    )
    assert shown == reference


FALLBACK_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:LabelNamesShape a sh:NodeShape ;
    sh:targetNode ex:genk ;
    # $currentShape is not evaluated by the engine: the shape goes to pyshacl
    sh:sparql [ sh:message "Names its shape" ; sh:select '''
        SELECT $this WHERE { $this <http://www.w3.org/2000/01/rdf-schema#label> ?label .
                             FILTER(isIRI($currentShape) && LANG(?label) = "de") }''' ] ;
    # evaluable, but its shape goes to pyshacl whole: reported once, not twice
    sh:property [ sh:path <http://www.w3.org/2004/02/skos/core#altLabel> ; sh:minCount 1 ] .
ex:LabelRequired a sh:NodeShape ;
    sh:targetNode ex:genk ;
    sh:property [ sh:path <http://www.w3.org/2004/02/skos/core#prefLabel> ; sh:minCount 1 ] .
"""

FALLBACK_DATA = """
<https://example.org/genk> <http://www.w3.org/2000/01/rdf-schema#label>
    "KRC Genk"@en , "Racing Genk"@nl , "KRC Genk"@de .
"""


def test_unsupported_constraints_fall_back_to_pyshacl_visibly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shapes = Graph().parse(data=FALLBACK_SHAPES, format="turtle")
    data = Graph().parse(data=FALLBACK_DATA, format="turtle")
    fast = fast_report_same_as_pyshacl(data, shapes)
    assert sorted(str(r.component).removeprefix(str(SH)) for r in fast.results) == [
        "MinCountConstraintComponent",  # checked by the engine
        "MinCountConstraintComponent",  # checked by pyshacl
        "SPARQLConstraintComponent",  # checked by pyshacl
    ]
    note = capsys.readouterr().err
    assert note.count("\n") == 1, note  # once, naming the shape and why
    assert "does not evaluate a SPARQL query using $currentShape" in note
    assert "https://example.org/LabelNamesShape is checked by pyshacl" in note


def test_blank_node_tenures_are_reported_as_pyshacl_reports_them(
    ontology: Graph, shapes: Graph
) -> None:
    # A query cannot name a blank node, so the engine must neither drop blank focus nodes
    # from a rule's solutions nor hand them to the overlap shortcut.
    case = case_graph(Path(__file__).parent / "shapes" / "second-head-coach-at-genk", ontology)
    blank: dict[URIRef, BNode] = {}

    def unnamed(node: Node) -> Node:
        if isinstance(node, URIRef) and str(node).startswith(TENURE_NS):
            return blank.setdefault(node, BNode())
        return node

    graph = Graph()
    for s, p, o in case:
        graph.add((unnamed(s), p, unnamed(o)))
    fast = fast_report_same_as_pyshacl(graph, shapes)
    overlaps = [r for r in fast.results if r.source_shape == FKGSH.TeamHeadCoachOverlapShape]
    assert len(overlaps) == 2 and all(isinstance(r.focus_node, BNode) for r in overlaps)


def test_blank_node_values_that_fail_are_reported(
    graph: Graph, shapes: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values are tested before focus nodes on large graphs, and their focus nodes then
    # looked up by naming the failing values, which a blank node cannot be.
    monkeypatch.setattr("footballkg.validation.evaluator.SMALL_FOCUS", 0)
    fkg, tenure = Namespace(FKG_NS), Namespace(TENURE_NS)
    genk = tenure["jess-thorup-krc-genk-head-coach-2020"]
    untyped = BNode()
    broken = Graph()
    broken += graph
    broken.remove((genk, fkg.person, None))
    broken.add((genk, fkg.person, untyped))  # a person without a type
    broken.add((untyped, RDFS.label, Literal("Jess Thorup", lang="en")))
    fast = fast_report_same_as_pyshacl(broken, shapes)
    assert any(
        r.focus_node == genk and r.value == untyped and r.component == SH.ClassConstraintComponent
        for r in fast.results
    )


def test_overlap_components_give_the_same_results_with_and_without_the_sweep(
    league: Path, repo_project: Project, shapes: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The engine runs the overlap validators on the pairs the sort-and-sweep keeps; the
    # validators as written (every pair) must give the same results.
    from footballkg.validation import load_store
    from footballkg.validation.constraints.sparql import OVERLAP_COMPONENTS

    files = [*repo_project.ontology_files(), *sorted(league.rglob("*.ttl"))]
    swept = validate_store(load_store(files), shapes).results
    overlaps = [r for r in swept if r.component in OVERLAP_COMPONENTS]
    assert overlaps, "the generated league has injected overlaps"
    monkeypatch.setattr("footballkg.validation.overlap.candidate_pairs", lambda *_: None)
    assert validate_store(load_store(files), shapes).results == swept


GENERIC_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:BornShape a sh:NodeShape ;
    sh:targetNode ex:ann ;
    sh:property [ sh:path ex:born ; sh:datatype <http://www.w3.org/2001/XMLSchema#date> ] ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""


def test_components_without_sh_message_get_plain_words() -> None:
    shapes = Graph().parse(data=GENERIC_SHAPES, format="turtle")
    data = Graph().parse(data='<https://example.org/ann> <https://example.org/born> "1970" .')
    report = validate_store(store_from_graph(data), shapes, data_graph=data)
    assert sorted(r.message for r in report.results) == [
        "Has fewer than 1 value",
        "Value does not have datatype xsd:date",
    ]
