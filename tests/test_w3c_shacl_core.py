"""W3C SHACL core conformance: every case of the data-shapes core test suite, run as
`footballkg validate` runs (click's CliRunner on a project of its own).

Each case file is both the data graph and the shapes graph; it goes into data/ and shapes/
of a temporary project (ontology/ empty), with an @base line that makes its relative IRIs
absolute. The Turtle report the command prints is compared with the case's expected report
on focus node, path, value, source shape, component and severity; a blank node in the
expected report matches any term of the same place (as pySHACL's runner does), since blank
node labels differ from graph to graph.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from footballkg.cli import cli

# ../shared/w3c-shacl-core from the repository root; SHACL_CORE_SUITE names another copy.
SUITE = Path(
    os.environ.get("SHACL_CORE_SUITE")
    or Path(__file__).resolve().parent.parent.parent / "shared" / "w3c-shacl-core"
)
BASE = "http://datashapes.org/sh/tests/core/"

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SH = "http://www.w3.org/ns/shacl#"
SHT = "http://www.w3.org/ns/shacl-test#"
# The project's own check that every literal fits its datatype (not a SHACL result): the
# case files hold their expected reports, whose ill-typed literals no shape checks.
LITERAL_CHECK = ox.NamedNode("https://w3id.org/footballkg/shapes#LiteralFitsItsDatatype")
RDF_FIRST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
RDF_NIL = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")

# Cases the engine does not pass, each with the reason (at most three).
EXCEPTIONS: dict[str, str] = {}

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Result = tuple[Term | None, ...]  # focus node, path, value, source shape, component, severity
_FIELDS = ("focusNode", "resultPath", "value", "sourceShape", "sourceConstraintComponent")


def _store(quads: Iterable[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def _items(graph: ox.Store, head: Term) -> list[Term]:
    items: list[Term] = []
    while head != RDF_NIL:
        items.extend(q.object for q in graph.quads_for_pattern(head, RDF_FIRST, None))
        head = next(iter(graph.quads_for_pattern(head, RDF_REST, None))).object
    return items


def _entries(manifest: Path) -> list[tuple[str, Path]]:
    """(case name, file) for every entry of `manifest` and the manifests it includes."""
    base = BASE + manifest.relative_to(SUITE).as_posix()
    graph = _store(ox.parse(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=base))
    found: list[tuple[str, Path]] = []
    for quad in graph.quads_for_pattern(None, ox.NamedNode(MF + "include"), None):
        assert isinstance(quad.object, ox.NamedNode)
        included = SUITE / quad.object.value.removeprefix(BASE)
        found += _entries(included)
    for quad in graph.quads_for_pattern(None, ox.NamedNode(MF + "entries"), None):
        for entry in _items(graph, quad.object):
            assert isinstance(entry, ox.NamedNode)
            name = entry.value.removeprefix(BASE)
            found.append((name, manifest.parent / (Path(name).name + ".ttl")))
    return sorted(found)


CASES = _entries(SUITE / "manifest.ttl") if SUITE.is_dir() else []


def test_the_suite_is_there() -> None:
    if not SUITE.is_dir():
        pytest.skip(
            f"W3C SHACL core suite not found at {SUITE} (../shared/w3c-shacl-core from the "
            "repository root): the conformance cases were NOT run"
        )
    assert len(CASES) == 98, f"expected the 98 core cases, found {len(CASES)}"
    assert len(EXCEPTIONS) <= 3 and set(EXCEPTIONS) <= {name for name, _ in CASES}


def _results(graph: ox.Store, report: Term) -> Counter[Result]:
    def value(subject: Term, name: str) -> Term | None:
        found = [q.object for q in graph.quads_for_pattern(subject, ox.NamedNode(SH + name), None)]
        return found[0] if found else None

    results: Counter[Result] = Counter()
    for quad in graph.quads_for_pattern(report, ox.NamedNode(SH + "result"), None):
        node = quad.object
        if value(node, "sourceShape") == LITERAL_CHECK:
            continue
        results[(*(value(node, name) for name in _FIELDS), value(node, "resultSeverity"))] += 1
    return results


def _matches(expected: Result, actual: Result) -> bool:
    return all(isinstance(e, ox.BlankNode) or e == a for e, a in zip(expected, actual, strict=True))


def _unmatched(expected: Counter[Result], actual: Counter[Result]) -> tuple[list[Result], ...]:
    """The expected results nothing matches and the actual results matching nothing."""
    left = list(actual.elements())
    missing = []
    for wanted in sorted(
        expected.elements(), key=lambda r: sum(isinstance(t, ox.BlankNode) for t in r)
    ):
        hit = next((n for n, got in enumerate(left) if _matches(wanted, got)), None)
        if hit is None:
            missing.append(wanted)
        else:
            left.pop(hit)
    return missing, left


def _with_base(path: Path) -> str:
    """The file's text with an @base line: its relative IRIs become absolute."""
    return f"@base <{BASE + path.relative_to(SUITE).as_posix()}> .\n" + path.read_text("utf-8")


def _graph_file(source: ox.Store, action: Term, name: str) -> Path:
    (iri,) = [q.object for q in source.quads_for_pattern(action, ox.NamedNode(SHT + name), None)]
    assert isinstance(iri, ox.NamedNode)
    return SUITE / iri.value.removeprefix(BASE)


@pytest.mark.parametrize(("name", "case"), CASES, ids=[name for name, _ in CASES])
def test_core_case(name: str, case: Path, tmp_path: Path) -> None:
    if name in EXCEPTIONS:
        pytest.xfail(EXCEPTIONS[name])
    source = _store(ox.parse(_with_base(case), ox.RdfFormat.TURTLE))
    entry = ox.NamedNode(BASE + name)
    (action,) = [
        q.object for q in source.quads_for_pattern(entry, ox.NamedNode(MF + "action"), None)
    ]
    for folder in ("data", "shapes", "ontology"):
        (tmp_path / folder).mkdir()
    for folder, graph in (("data", "dataGraph"), ("shapes", "shapesGraph")):
        path = _graph_file(source, action, graph)
        (tmp_path / folder / path.name).write_text(_with_base(path), encoding="utf-8")

    run = CliRunner().invoke(cli, ["validate", "--project", str(tmp_path), "--format", "turtle"])
    assert run.exit_code in (0, 1) and not isinstance(run.exception, Exception), run.output
    report = _store(ox.parse(run.stdout, ox.RdfFormat.TURTLE))
    conforms = ox.NamedNode(SH + "conforms")
    (root,) = [q.subject for q in report.quads_for_pattern(None, conforms, None)]
    (expected_report,) = [
        q.object for q in source.quads_for_pattern(entry, ox.NamedNode(MF + "result"), None)
    ]
    expected = _results(source, expected_report)
    actual = _results(report, root)
    missing, unexpected = _unmatched(expected, actual)
    assert not missing and not unexpected, (
        f"{name}:\n  missing: {missing}\n  unexpected: {unexpected}"
    )
    wanted = [q.object for q in source.quads_for_pattern(expected_report, conforms, None)]
    assert [q.object for q in report.quads_for_pattern(root, conforms, None)] == wanted
