"""Export is lossless (RDFC-1.0 canonical N-Quads round trip) and byte-for-byte deterministic."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import Graph
from rdflib.compare import isomorphic

from footballkg.project import Project
from footballkg.rdf.export import EXPORT_FORMATS, serialize
from footballkg.rdf.load import LoadedGraph, load_graph

OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# Literals that serialisers tend to lose or rewrite, blank nodes, a list, escapes.
TRICKY = """\
@prefix ex:  <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:b "1"^^xsd:boolean, "true"^^xsd:boolean, "01"^^xsd:integer, "1.50"^^xsd:decimal,
    "1e3"^^xsd:double, "2020-11-02T10:00:00+01:00"^^xsd:dateTime, "2020-11-02Z"^^xsd:date,
    "2008-11"^^xsd:gYearMonth, "0064"^^xsd:gYear, "P3Y"^^xsd:duration,
    "tab\\there \\"q\\" \\\\ \\n new line"@en, "x"^^xsd:string, "weird"^^ex:datatype ;
  ex:c [ ex:d [ ex:e "nested" ] ], [ ex:d "other" ] ;
  ex:list ( 1 2 ex:z ) .
<http://example.org/caf\\u00e9%20x> ex:b "é" .
"""


def canonical(quads: Iterable[ox.Quad]) -> list[str]:
    """RDFC-1.0 canonical N-Quads, computed by Oxigraph, independent of the exporter."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(quad) for quad in dataset)


@pytest.fixture(scope="module")
def source_files(repo_project: Project, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    tricky = tmp_path_factory.mktemp("export") / "tricky.ttl"
    tricky.write_text(TRICKY, encoding="utf-8")
    return [*repo_project.ontology_files(), *repo_project.data_files(), tricky]


@pytest.fixture(scope="module")
def loaded(source_files: list[Path]) -> LoadedGraph:
    return load_graph(source_files)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_reads_back_as_the_same_graph(
    fmt: str, source_files: list[Path], loaded: LoadedGraph
) -> None:
    expected = canonical(
        q for path in source_files for q in ox.parse(path=path, rename_blank_nodes=True)
    )
    exported = serialize(loaded.graph, fmt)
    assert canonical(ox.parse(exported.encode(), OX_FORMATS[fmt])) == expected


def test_literals_keep_their_exact_form_in_turtle(loaded: LoadedGraph) -> None:
    turtle = serialize(loaded.graph, "turtle")
    for written in (
        '"1"^^xsd:boolean',
        "true",
        "01",
        "1.50",
        '"1e3"^^xsd:double',
        '"2020-11-02T10:00:00+01:00"^^xsd:dateTime',
        '"2020-11-02Z"^^xsd:date',
        '"0064"^^xsd:gYear',
        '"tab\\there \\"q\\" \\\\ \\n new line"@en',
        '"weird"^^<http://example.org/datatype>',
    ):
        assert written in turtle


def test_turtle_keeps_the_project_prefixes(loaded: LoadedGraph) -> None:
    turtle = serialize(loaded.graph, "turtle")
    assert "@prefix person:      <https://w3id.org/footballkg/id/person/> .\n" in turtle
    assert "\nperson:jess-thorup\n    a fkg:Person ;\n" in turtle


def test_insertion_order_does_not_change_the_bytes(loaded: LoadedGraph) -> None:
    triples = list(loaded.graph)
    random.Random(7).shuffle(triples)
    shuffled = Graph()
    for triple in triples:
        shuffled.add(triple)
    for fmt in ("turtle", "nquads"):
        assert serialize(shuffled, fmt) == serialize(loaded.graph, fmt)


def test_same_bytes_across_processes_hash_seeds_and_file_orders(
    repo_project: Project, source_files: list[Path], tmp_path: Path
) -> None:
    data = [str(p) for p in source_files if p not in repo_project.ontology_files()]
    outputs = []
    for seed, order in (("1", data), ("4242", list(reversed(data)))):
        out = tmp_path / f"export-{seed}.ttl"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "footballkg",
                "export",
                "--project",
                str(repo_project.root),
                "--output",
                str(out),
                *order,
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"@prefix ")


ALL_FORMATS_DIGESTS = """
import hashlib, sys
from pathlib import Path
from footballkg.rdf.export import EXPORT_FORMATS, serialize
from footballkg.rdf.load import load_graph
graph = load_graph([Path(p) for p in sys.argv[1:]]).graph
for fmt in EXPORT_FORMATS:
    print(fmt, hashlib.sha256(serialize(graph, fmt).encode()).hexdigest())
"""


def test_every_format_is_the_same_across_hash_seeds_and_file_orders(
    source_files: list[Path],
) -> None:
    shuffled = [str(p) for p in source_files]
    random.Random(3).shuffle(shuffled)
    digests = [
        subprocess.run(
            [sys.executable, "-c", ALL_FORMATS_DIGESTS, *order],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        ).stdout
        for seed, order in (("0", [str(p) for p in source_files]), ("987", shuffled))
    ]
    assert digests[0] == digests[1]
    assert len(digests[0].splitlines()) == len(EXPORT_FORMATS)


RDFLIB_FORMATS = {
    "turtle": "turtle",
    "ntriples": "nt",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "json-ld",
}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers
@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_rdflib_reads_the_export_back_too(
    fmt: str, repo_graph: LoadedGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rdflib rewrites some lexical forms while parsing unless told not to.
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)
    parsed = rdflib.Dataset()
    parsed.parse(data=serialize(repo_graph.graph, fmt), format=RDFLIB_FORMATS[fmt])
    merged = Graph()
    for s, p, o, _ in parsed.quads():
        merged.add((s, p, o))
    assert isomorphic(merged, repo_graph.graph)
