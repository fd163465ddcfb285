"""Shared fixtures: the repository's own project, its loaded graph, and small made-up projects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from footballkg.project import Project, find_project
from footballkg.rdf.load import LoadedGraph, load_project
from sample_project import COACHES_QUERY, SMALL_DATA, SMALL_ONTOLOGY, SMALL_SHAPES

REPO_ROOT = Path(__file__).resolve().parent.parent

MakeProject = Callable[..., Path]


@pytest.fixture(scope="session")
def repo_project() -> Project:
    """This repository's own project (ontology, data, shapes, queries)."""
    return find_project(explicit=REPO_ROOT)


@pytest.fixture(scope="session")
def repo_graph(repo_project: Project) -> LoadedGraph:
    """The repository's ontology and data, loaded once per test session."""
    return load_project(repo_project)


@pytest.fixture(scope="module")
def graph(repo_graph: LoadedGraph) -> Graph:
    """The repository's graph for the queries' tests (rdflib store)."""
    return repo_graph.graph


@pytest.fixture(scope="module")
def store(graph: Graph) -> ox.Store:
    """The same graph in an Oxigraph store, so every query can be held to the same rows."""
    store = ox.Store()
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    return store


def parsed(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path)
    return graph


@pytest.fixture(scope="session")
def ontology(repo_project: Project) -> Graph:
    """The repository's ontology files, parsed once (the shapes' tests load them with cases)."""
    return parsed(repo_project.ontology_files())


@pytest.fixture(scope="session")
def shapes(repo_project: Project) -> Graph:
    """The repository's SHACL shapes, parsed once."""
    return parsed(repo_project.shape_files())


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write a small project under tmp_path: `make_project({"data/x.ttl": text, ...})`.

    The small ontology, shapes and one saved query (`coaches`) are included unless
    overridden; the project root is returned.
    """

    def make(files: dict[str, str] | None = None, *, data: str | None = SMALL_DATA) -> Path:
        root = tmp_path / "project"
        contents = {
            "ontology/ontology.ttl": SMALL_ONTOLOGY,
            "shapes/shapes.ttl": SMALL_SHAPES,
            "queries/coaches.rq": COACHES_QUERY,
        }
        if data is not None:
            contents["data/people.ttl"] = data
        contents.update(files or {})
        for folder in ("data", "shapes", "ontology", "queries"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        for name, text in contents.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def project(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small project (`make_project()`), as the current directory."""
    root = make_project()
    monkeypatch.chdir(root)
    return root
