"""The view of a store the validation report renderer reads.

`validate` checks an in-memory Oxigraph store, or the cached one (`footballkg.stores`) when
there is a cache.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from footballkg.rdf.load import LoadedGraph, new_graph
from footballkg.rdf.locate import Location, locate
from footballkg.validation.results import ValidationReport
from footballkg.validation.terms import Store, sparql


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
