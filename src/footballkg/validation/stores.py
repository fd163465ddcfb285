"""Which store `query` uses (rdflib in memory for small data, Oxigraph above a size), and
the view of a store the validation report renderer reads.

`--store auto` (the default) picks Oxigraph when the RDF files add up to more than
AUTO_THRESHOLD_BYTES. Both stores give the same rows (tests hold them to it). `validate`
checks an in-memory Oxigraph store, or the cached one (`footballkg.stores`) when there is a cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rdflib import Graph, URIRef
from rdflib.term import Node

from footballkg.rdf.load import LoadedGraph, new_graph
from footballkg.rdf.locate import Location, locate
from footballkg.validation.results import ValidationReport
from footballkg.validation.terms import Store, sparql

STORE_CHOICES = ("auto", "rdflib", "oxigraph")
AUTO_THRESHOLD_BYTES = 2_000_000  # about 5,000 tenures of Turtle

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    return click.option(
        "--store",
        "store_kind",
        type=click.Choice(STORE_CHOICES),
        default="auto",
        show_default=True,
        help="Graph store the query runs on: rdflib in memory, or Oxigraph (fast on large "
        f"data). auto picks Oxigraph above {AUTO_THRESHOLD_BYTES // 1_000_000} MB of RDF files.",
    )(function)


def choose_store(kind: str, files: Sequence[Path]) -> str:
    if kind != "auto":
        return kind
    size = sum(f.stat().st_size for f in files)
    return "oxigraph" if size > AUTO_THRESHOLD_BYTES else "rdflib"


class _CountedGraph(Graph):
    """A graph that holds a few triples (labels) but reports the store's size."""

    def __init__(self, size: int) -> None:
        super().__init__(bind_namespaces="none")
        self._size = size

    def __len__(self) -> int:
        return self._size


_LABELS_PER_QUERY = 500

Locator = Callable[
    [list[Path], set[Any], set[tuple[Node, Node]]],
    tuple[dict[Node, Location], dict[tuple[Node, Node], Location]],
]


def report_view(
    store: Store, files: list[Path], report: ValidationReport, locator: Locator = locate
) -> LoadedGraph:
    """What the report renderer needs from loaded data, taken from the store: the labels of
    the nodes the report names, the size, and where each focus node (and the property a
    result concerns) is written."""
    graph = _CountedGraph(len(store))  # type: ignore[arg-type]
    for prefix, namespace in new_graph().namespaces():
        graph.bind(prefix, namespace)
    nodes = {r.focus_node for r in report.results}
    named = sorted(node for node in nodes if isinstance(node, URIRef))
    for start in range(0, len(named), _LABELS_PER_QUERY):  # one query per few hundred nodes
        batch = " ".join(sparql(node) for node in named[start : start + _LABELS_PER_QUERY])
        # ?p filtered, not given by VALUES: Oxigraph then looks each node up by its index
        # instead of joining two value lists with every statement (1.4 s at 200 nodes).
        query = (
            f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {batch} }} ?s ?p ?o FILTER(?p IN ("
            "<http://www.w3.org/2000/01/rdf-schema#label>, "
            "<http://www.w3.org/2004/02/skos/core#prefLabel>)) }"
        )
        for row in store.select(query).rows:
            graph.add((row["s"], row["p"], row["o"]))
    wanted: set[tuple[Node, Node]] = {
        (r.focus_node, r.path) for r in report.results if isinstance(r.path, URIRef)
    }
    subjects, statements = locator(files, nodes, wanted)
    return LoadedGraph(graph=graph, files=files, locations=subjects, statement_locations=statements)
