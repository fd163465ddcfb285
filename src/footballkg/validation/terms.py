"""The store the engine queries (a small protocol), and terms written as SPARQL text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import BNode
from rdflib.term import Identifier, Node

from footballkg.rdf.terms import from_oxigraph, nt

Row = dict[str, Identifier]


@dataclass(frozen=True)
class Solutions:
    """The solutions of a SELECT query, read to the end: variables and rows of rdflib terms
    (an unbound variable is absent from its row)."""

    variables: list[str]
    rows: list[Row]


class Store(Protocol):
    """What the engine needs from a store: the answer to a SELECT query."""

    def select(self, query: str) -> Solutions: ...


class OxigraphStore:
    """An Oxigraph store as the engine's `Store`. With `union`, queries read the union of
    its named graphs as their default graph (the cache keeps each file in a graph of its own)."""

    def __init__(self, store: ox.Store, union: bool = False) -> None:
        self.store = store
        self.union = union
        # The number of distinct triples when known without counting them (an incremental
        # run keeps it up to date: `graph_stats`).
        self.size: int | None = None

    def __len__(self) -> int:
        if self.size is not None:
            return self.size
        if not self.union:
            return len(self.store)
        # The triples, not the quads: a triple two files both hold counts once, as in memory.
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        return int(rows[0]["n"])

    def select(self, query: str) -> Solutions:
        # pyoxigraph's QuerySolutions may only be dropped by the thread that made it, and the
        # engine queries from several threads: the iterator never leaves this function (nor
        # the frame of an error raised while reading it, which a traceback could keep alive).
        answer = self.store.query(query, use_default_graph_as_union=self.union)
        try:
            assert isinstance(answer, ox.QuerySolutions)  # Store.query is typed for every form
            names = [v.value for v in answer.variables]
            solutions = list(answer)
        finally:
            del answer
        rows = [  # cells read by position: by name, each costs a microsecond
            {n: from_oxigraph(t) for n, t in zip(names, solution, strict=True) if t is not None}
            for solution in solutions
        ]
        return Solutions(names, rows)


def sparql(term: Node) -> str:
    """`term` written in a query: N-Triples syntax is valid SPARQL for IRIs and literals.

    Blank nodes of the shapes graph never occur in the data, so they never match; a query
    names them as an IRI no data uses.
    """
    if isinstance(term, BNode):
        return f"<urn:footballkg:shapes-blank-node:{term}>"
    return nt(term)
