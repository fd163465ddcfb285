"""Every shape is proven to fail: the cases in tests/shapes/ run against the project's shapes.

Each case folder holds `data.ttl` (a small graph, validated together with the ontology) and
`expected.json` (the results it must give: focus node, source shape, constraint component,
severity; compared as sets, without the message wording). See tests/shapes/README.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from footballkg.cli import cli
from footballkg.errors import InputError
from footballkg.rdf.load import LoadedGraph
from footballkg.rdf.namespaces import ALL_PREFIXES
from footballkg.rdf.terms import short_iri
from footballkg.validation.fallback import parsed_query
from footballkg.validation.fallback import pyshacl_validate as validate
from footballkg.validation.results import ValidationReport, coverage_text

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).parent / "shapes"
CASES = sorted(path for path in CASES_DIR.iterdir() if path.is_dir())

Key = tuple[str, str, str, str]  # focus node, source shape, component, severity (prefixed)

_POSSIBLE_OVERLAP = "fkgsh:HeadCoachPossibleOverlapConstraintComponent"
# SPARQL-based components whose messages use {?var} of the query: pySHACL fills only
# {$this}, {$path}, {$value} and the parameters in a component's messages, not the other
# variables SHACL 5.3.2 names (footballkg's engine fills them all).
_UNFILLED_BY_PYSHACL = {"fkgsh:HeadCoachOverlapConstraintComponent", _POSSIBLE_OVERLAP}

# Warnings the real data deserves (each is explained in the README, "Validation rules").
REAL_DATA_WARNINGS: set[Key] = set()

# Shape predicates that select or describe, as opposed to constraining.
_NOT_CONSTRAINTS = {
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.severity,
    SH.message,
    SH.deactivated,
}


@pytest.fixture(scope="session")
def case_reports(ontology: Graph, shapes: Graph) -> dict[str, tuple[Graph, ValidationReport]]:
    """Each case's graph (ontology included) and report, computed once per session."""
    return {}


def case_graph(ontology: Graph, case: Path) -> Graph:
    graph = Graph()
    graph += ontology
    # rdflib's parser keeps malformed literals, as `footballkg validate` does.
    graph.parse(case / "data.ttl", format="turtle")
    return graph


def run_case(
    case: Path, ontology: Graph, shapes: Graph, cache: dict[str, tuple[Graph, ValidationReport]]
) -> tuple[Graph, ValidationReport]:
    if case.name not in cache:
        graph = case_graph(ontology, case)
        cache[case.name] = (graph, validate(graph, shapes))
    return cache[case.name]


def expected_of(case: Path) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = json.loads((case / "expected.json").read_text("utf-8"))[
        "results"
    ]
    return results


def key_of(entry: dict[str, Any]) -> Key:
    return (entry["focus"], entry["shape"], entry["component"], entry["severity"])


def short(node: Node | None) -> str:
    return short_iri(str(node)) if isinstance(node, URIRef) else str(node)


def actual_keys(report: ValidationReport) -> dict[Key, list[str]]:
    keys: dict[Key, list[str]] = {}
    for result in report.results:
        key = (
            short(result.focus_node),
            short(result.source_shape),
            short(result.component),
            short(result.severity),
        )
        keys.setdefault(key, []).append(result.message)
    return keys


def must_fail(shapes: Graph) -> set[str]:
    """Shapes that can give results: property shapes of targeted shapes, and targeted node
    shapes with constraints of their own (sh:sparql, sh:xone, sh:or, ...)."""
    found: set[str] = set()
    targeted = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
        for s in shapes.subjects(p, None)
    }
    for shape in targeted:
        own = {p for p in shapes.predicates(shape, None) if str(p).startswith(str(SH))}
        if own - _NOT_CONSTRAINTS or _validators(shapes, shape):
            found.add(short(shape))
        found.update(short(p) for p in shapes.objects(shape, SH.property))
    return found


def _validators(shapes: Graph, shape: Node) -> list[Node]:
    """The validators of the SPARQL-based constraint components `shape` uses (by having one
    of their parameters)."""
    found = []
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        paths = {shapes.value(p, SH.path) for p in shapes.objects(component, SH.parameter)}
        if any((shape, path, None) in shapes for path in paths):
            found += list(shapes.objects(component, SH.nodeValidator))
    return found


def test_cases_exist() -> None:
    assert CASES, f"no case folders under {CASES_DIR}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(
    case: Path,
    ontology: Graph,
    shapes: Graph,
    case_reports: dict[str, tuple[Graph, ValidationReport]],
) -> None:
    assert (case / "data.ttl").is_file() and (case / "expected.json").is_file(), (
        f"{case.name}: a case folder holds data.ttl and expected.json"
    )
    expected = expected_of(case)
    _, report = run_case(case, ontology, shapes, case_reports)
    actual = actual_keys(report)
    missing = [key_of(e) for e in expected if key_of(e) not in actual]
    unexpected = {k: v for k, v in actual.items() if k not in {key_of(e) for e in expected}}
    assert not missing and not unexpected, (
        f"{case.name}:\n  missing: {missing}\n  unexpected: "
        + "\n    ".join(f"{k}: {v}" for k, v in unexpected.items())
    )
    for entry in expected:
        if entry["component"] in _UNFILLED_BY_PYSHACL:
            continue  # pySHACL leaves their {?var}; the command's test checks the words
        for message in actual[key_of(entry)]:
            for words in entry.get("mentions", []):
                assert words in message, (
                    f"{case.name}: {key_of(entry)}: {message!r} lacks {words!r}"
                )
            assert "{" not in message, f"{case.name}: unfilled placeholder in {message!r}"


def test_valid_case_passes_every_shape(
    ontology: Graph,
    shapes: Graph,
    case_reports: dict[str, tuple[Graph, ValidationReport]],
) -> None:
    """`valid-career` gives every shape something to check, and passes them all."""
    _, report = run_case(CASES_DIR / "valid-career", ontology, shapes, case_reports)
    assert report.results == []
    assert report.untargeted == []


def test_every_shape_has_a_failing_case(shapes: Graph) -> None:
    failing = {key_of(e)[1] for case in CASES for e in expected_of(case)}
    never = sorted(must_fail(shapes) - failing)
    assert not never, f"shapes no case makes fail: {never}"
    for constraint in shapes.objects(None, SH.sparql):
        owners = {short(s) for s in shapes.subjects(SH.sparql, constraint)}
        assert owners & failing, f"no case makes {short(constraint)} fail"


def test_every_shape_has_a_severity_and_messages(shapes: Graph) -> None:
    for name in must_fail(shapes):
        shape = URIRef(name.replace("fkgsh:", ALL_PREFIXES["fkgsh"]))
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), name
        executables = [*shapes.objects(shape, SH.sparql), *_validators(shapes, shape)]
        messages = list(shapes.objects(shape, SH.message)) + [
            m for c in executables for m in shapes.objects(c, SH.message)
        ]
        assert messages and all(isinstance(m, Literal) and m.language for m in messages), name


def test_day_bounds_are_computed_the_same_way_in_every_query(shapes: Graph) -> None:
    """SPARQL has no functions of its own, so each query repeats the day-bounds block; the
    copies must not drift apart (only the tenure variable and the suffix may differ)."""
    blocks = []
    constraints = {*shapes.objects(None, SH.sparql), *shapes.objects(None, SH.nodeValidator)}
    for constraint in constraints:
        text = str(shapes.value(constraint, SH.select))
        for block in re.findall(
            r"# The dates of (\S+) as the data gives them\n(.*?) AS \?when", text, re.S
        ):
            tenure, body = block
            suffix = re.search(r"\?startDate(\w*) ", body)
            assert suffix is not None
            body = body.replace(tenure, "TENURE")
            if suffix.group(1):
                body = body.replace(suffix.group(1), "")
            blocks.append(re.sub(r"\s+", " ", body))
    assert len(blocks) >= len(constraints) and len(set(blocks)) == 1


def test_real_data_conforms(repo_graph: LoadedGraph, shapes: Graph) -> None:
    report = validate(repo_graph.graph, shapes)
    violations = [r.message for r in report.results if r.severity == SH.Violation]
    assert violations == []
    warnings = {k for k in actual_keys(report) if k[3] == "sh:Warning"}
    assert warnings == REAL_DATA_WARNINGS
    assert report.untargeted == [], "every shape checks something in the real data"


def test_real_data_imprecise_spots_are_settled_by_predecessors(
    repo_graph: LoadedGraph, shapes: Graph
) -> None:
    """Without the stated predecessors, exactly the real data's imprecise handovers warn:
    Bech (dismissed in November 2008) and Thorup's caretaker spell from 17 November 2008;
    Bölöni and De Decker at Gent, both with starts between 20 August and 24 September 2020."""
    graph = Graph()
    graph += repo_graph.graph
    graph.remove((None, URIRef(ALL_PREFIXES["fkg"] + "predecessor"), None))
    report = validate(graph, shapes)
    assert set(actual_keys(report)) == {
        (
            f"tenure:{tenure}",
            "fkgsh:TeamHeadCoachPossibleOverlapShape",
            _POSSIBLE_OVERLAP,
            "sh:Warning",
        )
        for tenure in (
            "troels-bech-esbjerg-fb-head-coach",
            "jess-thorup-esbjerg-fb-caretaker-2008",
            "laszlo-boloni-kaa-gent-head-coach-2020",
            "wim-de-decker-kaa-gent-head-coach-2020",
        )
    }


def test_unknown_shacl_term_is_an_error(ontology: Graph) -> None:
    shapes = Graph().parse(
        format="turtle",
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix fkgsh: <https://w3id.org/footballkg/shapes#> .
        @prefix fkg: <https://w3id.org/footballkg/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        fkgsh:TypoShape a sh:NodeShape ; sh:targetClass fkg:Tenure ;
            sh:property [ sh:path fkg:startDate ; sh:datatyp xsd:date ] .
        """,
    )
    with pytest.raises(InputError) as raised:
        validate(ontology, shapes)
    assert raised.value.message == (
        "Unknown SHACL term sh:datatyp in fkgsh:TypoShape: no SHACL engine checks it, so the "
        "constraint would silently pass. Did you mean sh:datatype?"
    )


def test_shape_that_targets_nothing_is_reported(ontology: Graph, shapes: Graph) -> None:
    report = validate(ontology, shapes)
    assert URIRef(ALL_PREFIXES["fkgsh"] + "TenureShape") in report.untargeted
    assert report.coverage[URIRef(ALL_PREFIXES["fkgsh"] + "TenureShape")] == 0
    (line,) = [
        line for line in coverage_text(report).splitlines() if line.startswith("fkgsh:TenureShape ")
    ]
    assert line.split()[1:3] == ["0", "<-"] and "targets nothing in the data" in line


def _prefix_lines(shapes: Graph) -> str:
    """The PREFIX lines pyshacl puts before a constraint: rdf, rdfs, owl and the declared ones."""
    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    for declaration in shapes.objects(None, SH.declare):
        prefixes[str(shapes.value(declaration, SH.prefix))] = str(
            shapes.value(declaration, SH.namespace)
        )
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(prefixes.items()))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_sparql_constraints_run_unbound_on_any_engine(
    case: Path,
    ontology: Graph,
    shapes: Graph,
    case_reports: dict[str, tuple[Graph, ValidationReport]],
) -> None:
    """With $this unbound, one run of each SELECT (rdflib, Oxigraph) gives pyshacl's results."""
    graph, report = run_case(case, ontology, shapes, case_reports)
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    prefixes = _prefix_lines(shapes)
    for constraint in sorted(shapes.objects(None, SH.sparql), key=str):
        text = prefixes + str(shapes.value(constraint, SH.select))
        by_pyshacl = {
            (short(r.focus_node), short(r.value))
            for r in report.results
            if r.constraint == constraint
        }
        by_rdflib = {
            (short(row["this"]), short(row.get("value", row["this"])))  # type: ignore[union-attr]
            for row in graph.query(parsed_query(text)).bindings
        }
        by_oxigraph = {
            (short(_from_ox(s["this"])), short(_from_ox(s["value"] or s["this"])))
            for s in store.query(text)  # type: ignore[union-attr]
        }
        assert by_rdflib == by_pyshacl, f"{short(constraint)}: rdflib {by_rdflib}"
        assert by_oxigraph == by_pyshacl, f"{short(constraint)}: Oxigraph {by_oxigraph}"


def _from_ox(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(str(term))


# The command line: `footballkg validate <case>/data.ttl` checks the case with the project's
# ontology and shapes, and reports what the library reports.

_SEVERITY_WORDS = {"sh:Violation": "error", "sh:Warning": "warning", "sh:Info": "info"}


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", "--project", str(REPO_ROOT), *args])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_command_on_case(case: Path) -> None:
    data = case / "data.ttl"
    # Ill-typed literals (malformed-dates) do not stop the command: they are results.
    result = run_cli(str(data), "--format", "json")
    expected = expected_of(case)
    conforms = not any(e["severity"] == "sh:Violation" for e in expected)
    assert result.exit_code == (0 if conforms else 1), result.output
    report = json.loads(result.output)
    shown = {
        (
            short(URIRef(r["focusNode"]["value"])),
            short(URIRef(r["sourceShape"]["value"])),
            short(URIRef(r["constraintComponent"]["value"])),
            r["severity"],
        ): r["message"]
        for r in report["results"]
    }
    wanted = {
        (e["focus"], e["shape"], e["component"], _SEVERITY_WORDS[e["severity"]]): e
        for e in expected
    }
    assert set(shown) == set(wanted)
    for key, entry in wanted.items():
        for words in entry.get("mentions", []):
            assert words in shown[key], f"{key}: {shown[key]!r} lacks {words!r}"


def test_validate_command_on_real_data() -> None:
    result = run_cli()
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings: the data conforms" in result.output


def test_validate_command_names_the_file_and_line_of_an_unknown_shacl_term(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix fkgsh: <https://w3id.org/footballkg/shapes#> .
@prefix fkg: <https://w3id.org/footballkg/ontology#> .

fkgsh:TenureShape a sh:NodeShape ;
    sh:targetClass fkg:Tenure ;
    sh:property fkgsh:TenureShape-person .

fkgsh:TenureShape-person sh:path fkg:person ; sh:minCont 1 .
"""
    monkeypatch.chdir(make_project({"shapes/shapes.ttl": typo}))
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert result.output == (
        "Error: Unknown SHACL term sh:minCont in fkgsh:TenureShape-person (shapes/shapes.ttl:9):"
        " no SHACL engine checks it, so the constraint would silently pass."
        " Did you mean sh:minCount?\n"
    )
