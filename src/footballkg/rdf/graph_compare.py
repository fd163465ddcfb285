"""Compare two RDF graphs exactly, and cut a graph into update-sized pieces.

`push` uses both: it sends a graph in bounded SPARQL Update requests when the server has no
Graph Store, then reads the graph back and compares it with what was sent by RDF Dataset
Canonicalization (RDFC-1.0), so that a server that changes a literal (Virtuoso turns
`"P2Y6M"^^xsd:duration` into `"30"`) or drops a triple is caught by name, not by count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.term import Node

SHOWN = 3  # triples named in a message before "and N more"


@dataclass(frozen=True)
class GraphDifference:
    """Triples, in canonical N-Triples, that only one side holds."""

    only_sent: list[str]
    only_held: list[str]

    def __bool__(self) -> bool:
        return bool(self.only_sent or self.only_held)

    def describe(self) -> str:
        """One line naming a few triples of each side, then how many more there are."""
        parts = []
        if self.only_sent:
            parts.append(
                f"{_count(self.only_sent)} sent but not held by the server: "
                + _listing(self.only_sent)
            )
        if self.only_held:
            parts.append(
                f"{_count(self.only_held)} held by the server but not sent: "
                + _listing(self.only_held)
            )
        return "; ".join(parts)


def canonical_triples(graph: Graph) -> set[str]:
    """The graph's triples as N-Triples lines after RDFC-1.0: equal graphs, equal sets."""
    dataset = ox.Dataset(
        ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    # Quads of the default graph print as "s p o"; " ." makes them N-Triples lines.
    return {f"{quad.subject} {quad.predicate} {quad.object} ." for quad in dataset}


def difference(sent: Graph, held: Graph) -> GraphDifference:
    """What differs between the graph sent and the graph read back (blank node labels aside)."""
    sent_lines, held_lines = canonical_triples(sent), canonical_triples(held)
    return GraphDifference(sorted(sent_lines - held_lines), sorted(held_lines - sent_lines))


def missing_ground_triples(sent: Graph, held: Graph) -> GraphDifference:
    """Triples without blank nodes that were sent but are not held (for a push that adds)."""
    missing = [
        triple
        for triple in sent
        if not any(isinstance(term, BNode) for term in triple) and triple not in held
    ]
    lines = sorted(" ".join(term.n3() for term in triple) + " ." for triple in missing)
    return GraphDifference(lines, [])


def batches(graph: Graph, max_triples: int) -> list[Graph]:
    """The graph cut into pieces of at most `max_triples`, never splitting blank nodes.

    Triples that share a blank node go in the same piece (a blank node is local to one
    SPARQL Update request); such a group larger than `max_triples` is a piece of its own.
    """
    groups = _blank_node_groups(graph)
    pieces: list[Graph] = []
    current: list[tuple[Node, Node, Node]] = []
    for group in groups:
        if current and len(current) + len(group) > max_triples:
            pieces.append(_graph_of(current))
            current = []
        current.extend(group)
    if current:
        pieces.append(_graph_of(current))
    return pieces


def _blank_node_groups(graph: Graph) -> list[list[tuple[Node, Node, Node]]]:
    """Triples grouped so that triples linked through blank nodes are together (union-find)."""
    parent: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    triples = sorted(graph, key=lambda t: tuple(term.n3() for term in t))
    for triple in triples:
        blanks = [term for term in triple if isinstance(term, BNode)]
        for other in blanks[1:]:
            parent[root(other)] = root(blanks[0])
    grouped: dict[Node, list[tuple[Node, Node, Node]]] = {}
    alone: list[list[tuple[Node, Node, Node]]] = []
    for triple in triples:
        blank = next((term for term in triple if isinstance(term, BNode)), None)
        if blank is None:
            alone.append([triple])
        else:
            grouped.setdefault(root(blank), []).append(triple)
    return alone + list(grouped.values())


def _graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _count(lines: list[str]) -> str:
    return f"{len(lines)} triple" + ("" if len(lines) == 1 else "s")


def _listing(lines: list[str]) -> str:
    shown = ", ".join(line.removesuffix(" .") for line in lines[:SHOWN])
    more = len(lines) - SHOWN
    return shown + (f" and {more} more" if more > 0 else "")
